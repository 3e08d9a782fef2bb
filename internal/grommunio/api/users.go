package api

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/eduprov/terraform-provider-eduprov/internal/transport"
)

// Status codes of a user.
const (
	StatusNormal    = 0
	StatusSuspended = 1
	StatusDeleted   = 3
	StatusShared    = 4
	StatusContact   = 5
)

// Privileges are the user's privilege flags, by their API names.
var Privileges = []string{
	"pop3_imap", "smtp", "changePassword", "publicAddress", "privChat", "privVideo",
	"privFiles", "privArchive", "privWeb", "privEas", "privDav",
}

// User is a user at detail level 2. Flags holds the privilege flags by API
// name; Properties the MAPI properties (values as the API sent them).
type User struct {
	ID         int64
	Username   string
	DomainID   int64
	Status     int
	Lang       string
	Aliases    []string
	Properties map[string]any
	Flags      map[string]bool
}

// UnmarshalJSON reads a user, with the flags spread over top-level keys.
func (u *User) UnmarshalJSON(b []byte) error {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	var base struct {
		ID         int64          `json:"ID"`
		Username   string         `json:"username"`
		DomainID   int64          `json:"domainID"`
		Status     int            `json:"status"`
		Lang       string         `json:"lang"`
		Aliases    []string       `json:"aliases"`
		Properties map[string]any `json:"properties"`
	}
	if err := json.Unmarshal(b, &base); err != nil {
		return err
	}
	*u = User{ID: base.ID, Username: base.Username, DomainID: base.DomainID, Status: base.Status, Lang: base.Lang,
		Aliases: base.Aliases, Properties: base.Properties, Flags: map[string]bool{}}
	for _, f := range Privileges {
		var v bool
		if r, ok := raw[f]; ok && json.Unmarshal(r, &v) == nil {
			u.Flags[f] = v
		}
	}
	return nil
}

// UserChange is the body of a create or a PATCH: only the keys set are sent.
// A nil value in Properties deletes that property.
type UserChange map[string]any

// ListUsers returns a domain's users (level 1), following every page;
// username, when not empty, filters by exact username.
func (c *Client) ListUsers(ctx context.Context, domainID int64, username string) ([]User, error) {
	q := url.Values{"level": {"1"}}
	if username != "" {
		q.Set("username", username)
	}
	return list[User](ctx, c, userPath(domainID, 0), q)
}

// GetUser returns one user in detail.
func (c *Client) GetUser(ctx context.Context, domainID, userID int64) (*User, error) {
	var u User
	err := c.call(ctx, transport.Request{Method: http.MethodGet, Path: userPath(domainID, userID), Idempotent: true}, &u)
	if err != nil {
		return nil, err
	}
	return &u, nil
}

// FindUser returns the user with this exact username.
func (c *Client) FindUser(ctx context.Context, domainID int64, username string) (*User, error) {
	users, err := c.ListUsers(ctx, domainID, username)
	if err != nil {
		return nil, err
	}
	for _, u := range users {
		if strings.EqualFold(u.Username, username) {
			return c.GetUser(ctx, domainID, u.ID)
		}
	}
	return nil, fmt.Errorf("user %q in domain %d: %w", username, domainID, ErrNotFound)
}

// CreateUser creates a user; ch must hold "username" and may hold "password".
func (c *Client) CreateUser(ctx context.Context, domainID int64, ch UserChange) (*User, error) {
	req, err := jsonRequest(http.MethodPost, userPath(domainID, 0), ch, false)
	if err != nil {
		return nil, err
	}
	req.SensitiveBody = ch["password"] != nil
	var u User
	if err := c.call(ctx, req, &u); err != nil {
		return nil, err
	}
	return &u, nil
}

// UpdateUser applies a partial change and returns the user.
func (c *Client) UpdateUser(ctx context.Context, domainID, userID int64, ch UserChange) (*User, error) {
	req, err := jsonRequest(http.MethodPatch, userPath(domainID, userID), ch, true)
	if err != nil {
		return nil, err
	}
	var u User
	if err := c.call(ctx, req, &u); err != nil {
		return nil, err
	}
	return &u, nil
}

// SetPassword sets a user's password.
func (c *Client) SetPassword(ctx context.Context, domainID, userID int64, password string) error {
	req, err := jsonRequest(http.MethodPut, userPath(domainID, userID, "password"), map[string]string{"new": password}, true)
	if err != nil {
		return err
	}
	req.SensitiveBody = true
	return c.call(ctx, req, nil)
}

// DeleteUser deletes a user, keeping its files unless deleteFiles. A user
// that does not exist is not an error.
func (c *Client) DeleteUser(ctx context.Context, domainID, userID int64, deleteFiles bool) error {
	err := c.call(ctx, transport.Request{
		Method: http.MethodDelete, Path: userPath(domainID, userID), Idempotent: true,
		Query: url.Values{"deleteFiles": {strconv.FormatBool(deleteFiles)}, "deleteChatUser": {strconv.FormatBool(deleteFiles)}},
	}, nil)
	if err != nil && isNotFound(err) {
		return nil
	}
	return err
}

// AddressList is "delegates" or "sendas".
type AddressList string

// The address lists a user has.
const (
	Delegates AddressList = "delegates"
	SendAs    AddressList = "sendas"
)

// GetAddresses returns a user's delegates or send-as list, sorted.
func (c *Client) GetAddresses(ctx context.Context, domainID, userID int64, which AddressList) ([]string, error) {
	var out struct {
		Data []string `json:"data"`
	}
	err := c.call(ctx, transport.Request{Method: http.MethodGet, Path: userPath(domainID, userID, string(which)), Idempotent: true}, &out)
	sort.Strings(out.Data)
	return out.Data, err
}

// SetAddresses replaces the list. The API answers 200 even when it refused
// an address and wrote nothing, so the list is read back and compared.
func (c *Client) SetAddresses(ctx context.Context, domainID, userID int64, which AddressList, addresses []string) error {
	if addresses == nil {
		addresses = []string{}
	}
	req, err := jsonRequest(http.MethodPut, userPath(domainID, userID, string(which)), addresses, true)
	if err != nil {
		return err
	}
	var answer struct {
		Message string `json:"message"`
	}
	if err := c.call(ctx, req, &answer); err != nil {
		return err
	}
	got, err := c.GetAddresses(ctx, domainID, userID, which)
	if err != nil {
		return err
	}
	want := append([]string{}, addresses...)
	sort.Strings(want)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		msg := answer.Message
		if msg == "" {
			msg = "no reason given"
		}
		return fmt.Errorf("grommunio did not store the %s list (it said: %s); it holds %v", which, msg, got)
	}
	return nil
}

// StoreMember is one user with access to a store.
type StoreMember struct {
	ID          int64  `json:"ID"`
	MemberID    int64  `json:"memberID"`
	DisplayName string `json:"displayName"`
	Username    string `json:"username"`
}

// GetStoreAccess returns the usernames with access to a user's store, sorted.
func (c *Client) GetStoreAccess(ctx context.Context, domainID, userID int64) ([]string, error) {
	var out struct {
		Data []StoreMember `json:"data"`
	}
	if err := c.call(ctx, transport.Request{Method: http.MethodGet, Path: userPath(domainID, userID, "storeAccess"), Idempotent: true}, &out); err != nil {
		return nil, err
	}
	names := make([]string, 0, len(out.Data))
	for _, m := range out.Data {
		names = append(names, m.Username)
	}
	sort.Strings(names)
	return names, nil
}

// SetStoreAccess replaces the list. Unknown usernames are dropped silently
// by the API, so the list is read back and the missing ones named.
func (c *Client) SetStoreAccess(ctx context.Context, domainID, userID int64, usernames []string) error {
	if usernames == nil {
		usernames = []string{}
	}
	req, err := jsonRequest(http.MethodPut, userPath(domainID, userID, "storeAccess"), map[string][]string{"usernames": usernames}, true)
	if err != nil {
		return err
	}
	if err := c.call(ctx, req, nil); err != nil {
		return err
	}
	got, err := c.GetStoreAccess(ctx, domainID, userID)
	if err != nil {
		return err
	}
	have := map[string]bool{}
	for _, g := range got {
		have[strings.ToLower(g)] = true
	}
	var missing []string
	for _, u := range usernames {
		if !have[strings.ToLower(u)] {
			missing = append(missing, u)
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("grommunio did not grant store access to %s (no such user?)", strings.Join(missing, ", "))
	}
	return nil
}

// OutOfOffice is a user's out-of-office state. Times are "YYYY-MM-DD HH:MM:SS".
type OutOfOffice struct {
	State            int     `json:"state"`
	ExternalAudience int     `json:"externalAudience"`
	StartTime        *string `json:"startTime"`
	EndTime          *string `json:"endTime"`
	InternalSubject  *string `json:"internalSubject"`
	InternalReply    *string `json:"internalReply"`
	ExternalSubject  *string `json:"externalSubject"`
	ExternalReply    *string `json:"externalReply"`
}

// GetOutOfOffice returns the user's out-of-office state.
func (c *Client) GetOutOfOffice(ctx context.Context, domainID, userID int64) (*OutOfOffice, error) {
	var o OutOfOffice
	if err := c.call(ctx, transport.Request{Method: http.MethodGet, Path: userPath(domainID, userID, "oof"), Idempotent: true}, &o); err != nil {
		return nil, err
	}
	return &o, nil
}

// SetOutOfOffice sets the user's out-of-office state.
func (c *Client) SetOutOfOffice(ctx context.Context, domainID, userID int64, o OutOfOffice) error {
	req, err := jsonRequest(http.MethodPut, userPath(domainID, userID, "oof"), o, true)
	if err != nil {
		return err
	}
	return c.call(ctx, req, nil)
}

// Device is one synced (ActiveSync) device, as the API reports it.
type Device map[string]any

// ListDevices returns a user's synced devices.
func (c *Client) ListDevices(ctx context.Context, domainID, userID int64) ([]Device, error) {
	var out struct {
		Data []Device `json:"data"`
	}
	err := c.call(ctx, transport.Request{Method: http.MethodGet, Path: userPath(domainID, userID, "sync"), Idempotent: true}, &out)
	return out.Data, err
}

func isNotFound(err error) bool { return transport.StatusCode(err) == http.StatusNotFound }
