// Package api is the typed client of the MyTimetable provisioning API
// (`{url}/api/v0`, header `apiToken`, form-encoded input, JSON output).
//
// It supports both documented generations of the API: the newer one answers
// PUT /synchronizations with the synchronization and 404 for a missing one;
// the older one answers 204 with no body, 422 for a missing synchronization
// and 204 for deleting a missing user.
package api

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/eduprov/terraform-provider-eduprov/internal/transport"
)

// TokenHeader carries the API token on every request.
const TokenHeader = "apiToken"

// UnlinkModes are the values the API accepts for unlinkMode, in the order the
// documentation lists them.
var UnlinkModes = []string{"UNLINK_ONLY", "DELETE_FUTURE_EVENTS", "DELETE_ALL_EVENTS", "CLEANUP"}

// DefaultUnlinkMode leaves every event in the calendar.
const DefaultUnlinkMode = "UNLINK_ONLY"

// ErrNotFound is returned (wrapped) when the object does not exist.
var ErrNotFound = errors.New("not found")

// Config configures a Client.
type Config struct {
	// URL is the instance's base URL; the API lives at {URL}/api/v0.
	URL       string
	Token     string
	UserAgent string
	transport.Config
}

// Client talks to one MyTimetable instance. Reads are cached for the
// client's lifetime (one Terraform run) and invalidated by writes.
type Client struct {
	t     *transport.Client
	cache *transport.Cache

	mu sync.Mutex
	// claimed holds the synchronizations this client created, so that two
	// creates recovering from lost answers never adopt the same one.
	claimed map[int64]bool
}

// maxAmbiguousRounds bounds how often a create whose answer was lost is
// looked for and sent again.
const maxAmbiguousRounds = 4

// Cache keys.
const (
	keyUsers    = "users"
	keySyncs    = "synchronizations"
	keyBaseline = "baseline"
	keyUserPfx  = "user-synchronizations/"
)

// New validates cfg and builds a Client.
func New(cfg Config) (*Client, error) {
	base, err := transport.ParseBaseURL(cfg.URL, "https://mytimetable.example.edu")
	if err != nil {
		return nil, err
	}
	base = base.JoinPath("api", "v0")
	tc := cfg.Config
	tc.BaseURL = base
	tc.Subsystem = "mytimetable_api"
	tc.UserAgent = cfg.UserAgent
	tc.Header = http.Header{TokenHeader: {cfg.Token}, "Accept": {"application/json"}}
	tc.SensitiveHeaders = []string{TokenHeader}
	tc.Secrets = append(tc.Secrets, cfg.Token)
	t, err := transport.New(tc)
	if err != nil {
		return nil, err
	}
	return &Client{t: t, cache: transport.NewCache(), claimed: map[int64]bool{}}, nil
}

// Synchronization is one calendar synchronization. Fields other than ID,
// Username and Type are absent from the older API's GET /synchronizations.
type Synchronization struct {
	ID          int64   `json:"id"`
	Type        string  `json:"type"`
	Username    string  `json:"username"`
	Description *string `json:"description,omitempty"`
	Enabled     *bool   `json:"enabled,omitempty"`
	Status      *string `json:"status,omitempty"`
	// LastResync is in milliseconds since the Unix epoch.
	LastResync *int64 `json:"lastResync,omitempty"`
}

// LastResyncTime returns LastResync as a time, if present.
func (s Synchronization) LastResyncTime() (time.Time, bool) {
	if s.LastResync == nil {
		return time.Time{}, false
	}
	return time.UnixMilli(*s.LastResync).UTC(), true
}

// NewSynchronization is the input of CreateSynchronization.
type NewSynchronization struct {
	Username string
	Type     string
	// SMTPAddress is sent as provisioning_smtpAddress when not empty.
	SMTPAddress string
}

// ListUsers returns every username, sorted. The slice is shared: do not
// modify it.
func (c *Client) ListUsers(ctx context.Context) ([]string, error) {
	return transport.Get(ctx, c.cache, keyUsers, func(ctx context.Context) ([]string, error) {
		var out struct {
			Users []string `json:"users"`
		}
		if err := c.getJSON(ctx, "/users", &out); err != nil {
			return nil, err
		}
		sort.Strings(out.Users)
		return out.Users, nil
	})
}

// HasUser reports whether the user exists, from the cached list.
func (c *Client) HasUser(ctx context.Context, username string) (bool, error) {
	users, err := c.ListUsers(ctx)
	if err != nil {
		return false, err
	}
	_, found := sort.Find(len(users), func(i int) int { return strings.Compare(username, users[i]) })
	return found, nil
}

// EnsureUser creates the user if it does not exist yet (PUT, idempotent).
func (c *Client) EnsureUser(ctx context.Context, username string) error {
	req := transport.Request{Method: http.MethodPut, Path: transport.JoinPath("users", username), Idempotent: true}
	defer c.cache.Invalidate(keyUsers)
	resp, err := c.t.Do(ctx, req)
	if err != nil {
		return err
	}
	switch resp.StatusCode {
	case http.StatusNoContent, http.StatusOK, http.StatusCreated:
		return nil
	}
	return c.apiError(req, resp)
}

// DeleteUser deletes the user. A user that does not exist is not an error
// (the newer API answers 404, the older 204).
func (c *Client) DeleteUser(ctx context.Context, username string) error {
	req := transport.Request{Method: http.MethodDelete, Path: transport.JoinPath("users", username), Idempotent: true}
	// Deleting a user deletes its synchronizations too.
	defer c.cache.Invalidate(keyUsers, keySyncs, keyUserPfx+username)
	resp, err := c.t.Do(ctx, req)
	if err != nil {
		return err
	}
	switch resp.StatusCode {
	case http.StatusNoContent, http.StatusOK, http.StatusNotFound:
		return nil
	}
	return c.apiError(req, resp)
}

// ListSynchronizations returns every synchronization of the instance. The
// older API returns only id, username and type here. The slice is shared:
// do not modify it.
func (c *Client) ListSynchronizations(ctx context.Context) ([]Synchronization, error) {
	return transport.Get(ctx, c.cache, keySyncs, c.fetchSynchronizations)
}

func (c *Client) fetchSynchronizations(ctx context.Context) ([]Synchronization, error) {
	var out struct {
		Synchronizations []Synchronization `json:"synchronizations"`
	}
	if err := c.getJSON(ctx, "/synchronizations", &out); err != nil {
		return nil, err
	}
	return out.Synchronizations, nil
}

// ListUserSynchronizations returns the user's synchronizations with every
// field. A user that does not exist yields ErrNotFound. The slice is shared:
// do not modify it.
func (c *Client) ListUserSynchronizations(ctx context.Context, username string) ([]Synchronization, error) {
	return transport.Get(ctx, c.cache, keyUserPfx+username, func(ctx context.Context) ([]Synchronization, error) {
		var out struct {
			Synchronizations []Synchronization `json:"synchronizations"`
		}
		if err := c.getJSON(ctx, transport.JoinPath("users", username, "synchronizations"), &out); err != nil {
			return nil, err
		}
		return out.Synchronizations, nil
	})
}

// GetSynchronization finds a synchronization by id in the instance's list
// (one request however many are read). Where the older API leaves fields
// out of that list, it reads the owner's list, which has them all.
func (c *Client) GetSynchronization(ctx context.Context, id int64) (*Synchronization, error) {
	all, err := c.ListSynchronizations(ctx)
	if err != nil {
		return nil, err
	}
	for i := range all {
		if all[i].ID != id {
			continue
		}
		s := all[i]
		if s.Enabled != nil {
			return &s, nil
		}
		own, err := c.ListUserSynchronizations(ctx, s.Username)
		if err != nil {
			return nil, err
		}
		for j := range own {
			if own[j].ID == id {
				s := own[j]
				return &s, nil
			}
		}
	}
	return nil, fmt.Errorf("synchronization %d: %w", id, ErrNotFound)
}

// FindSynchronization returns the user's synchronizations of one type.
func (c *Client) FindSynchronization(ctx context.Context, username, syncType string) ([]Synchronization, error) {
	syncs, err := c.ListUserSynchronizations(ctx, username)
	if err != nil {
		return nil, err
	}
	var out []Synchronization
	for _, s := range syncs {
		if s.Type == syncType {
			out = append(out, s)
		}
	}
	return out, nil
}

// CreateSynchronization sets up a synchronization and returns it.
//
// PUT /synchronizations is not idempotent: it is retried only when the server
// certainly did not act on it. When the answer is lost (timeout, connection
// dropped) or the older API answers 204 with no body, the client looks at the
// user's synchronizations and takes the newest one of that type that did not
// exist before, rather than creating a second one.
func (c *Client) CreateSynchronization(ctx context.Context, in NewSynchronization) (*Synchronization, error) {
	form := url.Values{"username": {in.Username}, "type": {in.Type}}
	if in.SMTPAddress != "" {
		form.Set("provisioning_smtpAddress", in.SMTPAddress)
	}
	req := transport.Request{
		Method:      http.MethodPut,
		Path:        "/synchronizations",
		Body:        []byte(form.Encode()),
		ContentType: "application/x-www-form-urlencoded",
	}

	// What existed before this run's creates, so that a synchronization
	// found after a lost answer can be told apart from an older one of the
	// same type: one list per run, shared by every create.
	baseline, err := transport.Get(ctx, c.cache, keyBaseline, func(ctx context.Context) (map[int64]bool, error) {
		all, err := c.fetchSynchronizations(ctx)
		before := make(map[int64]bool, len(all))
		for _, s := range all {
			before[s.ID] = true
		}
		return before, err
	})
	if err != nil {
		return nil, err
	}
	defer c.cache.Invalidate(keySyncs, keyUserPfx+in.Username)

	var resp *transport.Response
	for round := 1; ; round++ {
		resp, err = c.t.Do(ctx, req)
		if err == nil {
			break
		}
		if !transport.Ambiguous(err) || ctx.Err() != nil || round == maxAmbiguousRounds {
			return nil, err
		}
		// The API may have acted on the request, or may still act on it:
		// give a slow server one more timeout, then look before sending again.
		grace := 200 * time.Millisecond
		if transport.TimedOut(err) {
			grace = c.t.Timeout()
		}
		select {
		case <-time.After(grace):
		case <-ctx.Done():
			return nil, err
		}
		found, lookErr := c.newSynchronization(ctx, in, baseline)
		if lookErr == nil {
			return found, nil
		}
		if !errors.Is(lookErr, ErrNotFound) {
			return nil, fmt.Errorf("%w (and looking for the synchronization afterwards failed: %v)", err, lookErr)
		}
	}
	switch resp.StatusCode {
	case http.StatusOK, http.StatusCreated:
		var out struct {
			Synchronization *Synchronization `json:"synchronization"`
		}
		if err := json.Unmarshal(resp.Body, &out); err == nil && out.Synchronization != nil && out.Synchronization.ID != 0 {
			c.claim(out.Synchronization.ID)
			return out.Synchronization, nil
		}
		// An answer without the object: find it as for the older API.
		return c.newSynchronization(ctx, in, baseline)
	case http.StatusNoContent:
		return c.newSynchronization(ctx, in, baseline)
	}
	return nil, c.apiError(req, resp)
}

func (c *Client) claim(id int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.claimed[id] = true
}

// newSynchronization finds, in a fresh read of the user's list, the newest
// synchronization of the type that existed neither before this run nor as
// another create's result, and claims it.
func (c *Client) newSynchronization(ctx context.Context, in NewSynchronization, before map[int64]bool) (*Synchronization, error) {
	c.cache.Invalidate(keyUserPfx + in.Username)
	syncs, err := c.FindSynchronization(ctx, in.Username, in.Type)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	var newest *Synchronization
	for i := range syncs {
		if before[syncs[i].ID] || c.claimed[syncs[i].ID] {
			continue
		}
		if newest == nil || syncs[i].ID > newest.ID {
			newest = &syncs[i]
		}
	}
	if newest == nil {
		return nil, fmt.Errorf("synchronization of type %q for user %q: %w after creating it", in.Type, in.Username, ErrNotFound)
	}
	c.claimed[newest.ID] = true
	s := *newest
	return &s, nil
}

// DeleteSynchronization deletes one synchronization with the given unlink
// mode. A synchronization that does not exist is not an error (404 in the
// newer API, 422 in the older).
func (c *Client) DeleteSynchronization(ctx context.Context, id int64, unlinkMode string) error {
	req := transport.Request{
		Method:     http.MethodDelete,
		Path:       transport.JoinPath("synchronizations", strconv.FormatInt(id, 10)),
		Query:      url.Values{"unlinkMode": {unlinkMode}},
		Idempotent: true,
	}
	defer c.cache.Invalidate(keySyncs, keyUserPfx+"*")
	resp, err := c.t.Do(ctx, req)
	if err != nil {
		return err
	}
	switch resp.StatusCode {
	case http.StatusNoContent, http.StatusOK, http.StatusNotFound, http.StatusUnprocessableEntity:
		return nil
	}
	return c.apiError(req, resp)
}

func (c *Client) getJSON(ctx context.Context, path string, out any) error {
	req := transport.Request{Method: http.MethodGet, Path: path, Idempotent: true}
	resp, err := c.t.Do(ctx, req)
	if err != nil {
		return err
	}
	switch resp.StatusCode {
	case http.StatusOK:
	case http.StatusNotFound:
		return fmt.Errorf("%w: %w", ErrNotFound, c.apiError(req, resp))
	default:
		return c.apiError(req, resp)
	}
	if err := json.Unmarshal(resp.Body, out); err != nil {
		return fmt.Errorf("GET %s: the answer is not the documented JSON: %w", path, err)
	}
	return nil
}

func (c *Client) apiError(req transport.Request, resp *transport.Response) error {
	err := c.t.NewAPIError(req, resp, messageOf)
	switch resp.StatusCode {
	case http.StatusUnauthorized, http.StatusForbidden:
		return &AuthError{Err: err}
	}
	return err
}

// AuthError means the API refused the token.
type AuthError struct{ Err error }

func (e *AuthError) Error() string {
	return fmt.Sprintf("the API token was refused (%v); check api_token or MYTIMETABLE_API_TOKEN", e.Err)
}

func (e *AuthError) Unwrap() error { return e.Err }

// messageOf reads a JSON error body's message, in the shapes seen in the wild.
func messageOf(body []byte) string {
	var m map[string]any
	if json.Unmarshal(body, &m) != nil {
		return ""
	}
	for _, k := range []string{"message", "error", "errorMessage", "detail"} {
		if v, ok := m[k].(string); ok && v != "" {
			return v
		}
	}
	return ""
}
