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

// Client talks to one MyTimetable instance.
type Client struct {
	t *transport.Client
}

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
	return &Client{t: t}, nil
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

// ListUsers returns every username, sorted.
func (c *Client) ListUsers(ctx context.Context) ([]string, error) {
	var out struct {
		Users []string `json:"users"`
	}
	if err := c.getJSON(ctx, "/users", &out); err != nil {
		return nil, err
	}
	sort.Strings(out.Users)
	return out.Users, nil
}

// EnsureUser creates the user if it does not exist yet (PUT, idempotent).
func (c *Client) EnsureUser(ctx context.Context, username string) error {
	req := transport.Request{Method: http.MethodPut, Path: transport.JoinPath("users", username), Idempotent: true}
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
// older API returns only id, username and type here.
func (c *Client) ListSynchronizations(ctx context.Context) ([]Synchronization, error) {
	var out struct {
		Synchronizations []Synchronization `json:"synchronizations"`
	}
	if err := c.getJSON(ctx, "/synchronizations", &out); err != nil {
		return nil, err
	}
	return out.Synchronizations, nil
}

// ListUserSynchronizations returns the user's synchronizations with every
// field. A user that does not exist yields ErrNotFound.
func (c *Client) ListUserSynchronizations(ctx context.Context, username string) ([]Synchronization, error) {
	var out struct {
		Synchronizations []Synchronization `json:"synchronizations"`
	}
	if err := c.getJSON(ctx, transport.JoinPath("users", username, "synchronizations"), &out); err != nil {
		return nil, err
	}
	return out.Synchronizations, nil
}

// GetSynchronization finds a synchronization by id among its user's.
func (c *Client) GetSynchronization(ctx context.Context, username string, id int64) (*Synchronization, error) {
	syncs, err := c.ListUserSynchronizations(ctx, username)
	if err != nil {
		return nil, err
	}
	for i := range syncs {
		if syncs[i].ID == id {
			return &syncs[i], nil
		}
	}
	return nil, fmt.Errorf("synchronization %d of user %q: %w", id, username, ErrNotFound)
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

	// What exists already, so a lost answer can be told apart from an older
	// synchronization of the same type. A missing user has none.
	before := map[int64]bool{}
	existing, err := c.FindSynchronization(ctx, in.Username, in.Type)
	if err != nil && !errors.Is(err, ErrNotFound) {
		return nil, err
	}
	for _, s := range existing {
		before[s.ID] = true
	}

	resp, err := c.t.Do(ctx, req)
	if err != nil {
		if !transport.Ambiguous(err) || ctx.Err() != nil {
			return nil, err
		}
		// The request may have been acted on: look before creating again.
		found, lookErr := c.newSynchronization(ctx, in, before)
		if lookErr == nil {
			return found, nil
		}
		if !errors.Is(lookErr, ErrNotFound) {
			return nil, fmt.Errorf("%w (and looking for the synchronization afterwards failed: %v)", err, lookErr)
		}
		resp, err = c.t.Do(ctx, req)
		if err != nil {
			return nil, err
		}
	}
	switch resp.StatusCode {
	case http.StatusOK, http.StatusCreated:
		var out struct {
			Synchronization *Synchronization `json:"synchronization"`
		}
		if err := json.Unmarshal(resp.Body, &out); err == nil && out.Synchronization != nil && out.Synchronization.ID != 0 {
			return out.Synchronization, nil
		}
		// An answer without the object: find it as for the older API.
		return c.newSynchronization(ctx, in, before)
	case http.StatusNoContent:
		return c.newSynchronization(ctx, in, before)
	}
	return nil, c.apiError(req, resp)
}

func (c *Client) newSynchronization(ctx context.Context, in NewSynchronization, before map[int64]bool) (*Synchronization, error) {
	syncs, err := c.FindSynchronization(ctx, in.Username, in.Type)
	if err != nil {
		return nil, err
	}
	var newest *Synchronization
	for i := range syncs {
		if before[syncs[i].ID] {
			continue
		}
		if newest == nil || syncs[i].ID > newest.ID {
			newest = &syncs[i]
		}
	}
	if newest == nil {
		return nil, fmt.Errorf("synchronization of type %q for user %q: %w after creating it", in.Type, in.Username, ErrNotFound)
	}
	return newest, nil
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
