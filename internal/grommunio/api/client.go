// Package api is the typed client of the grommunio admin API (`/api/v1`):
// one login per client, shared by concurrent callers; the JWT cookie on
// every call and the CSRF header on writes; an expired session is renewed
// once and the call replayed.
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

	"github.com/eduprov/terraform-provider-eduprov/internal/transport"
)

// ErrNotFound is returned (wrapped) when the object does not exist.
var ErrNotFound = errors.New("not found")

// pageSize is how many entries a list request asks for.
const pageSize = 50

// Config configures a Client.
type Config struct {
	// URL is the admin API's address; "/api/v1" is appended when it has no path.
	URL       string
	Username  string
	Password  string
	UserAgent string
	transport.Config
}

// Client talks to one grommunio admin API.
type Client struct {
	t                  *transport.Client
	username, password string
	// cache holds domain look-ups for the client's lifetime (one run):
	// this provider never writes domains.
	cache *transport.Cache

	mu      sync.Mutex // guards jwt, csrf and serializes logins
	jwt     string
	csrf    string
	session int // incremented by every login
}

// New validates cfg and builds a Client. It does not log in: the first call
// does.
func New(cfg Config) (*Client, error) {
	base, err := transport.ParseBaseURL(cfg.URL, "https://mail.example.org:8443")
	if err != nil {
		return nil, err
	}
	if strings.Trim(base.Path, "/") == "" {
		base.Path = "/api/v1"
	}
	tc := cfg.Config
	tc.BaseURL = base
	tc.Subsystem = "grommunio_api"
	tc.UserAgent = cfg.UserAgent
	tc.Header = http.Header{"Accept": {"application/json"}}
	tc.SensitiveHeaders = []string{"Cookie", "X-Csrf-Token"}
	tc.Secrets = append(tc.Secrets, cfg.Password)
	t, err := transport.New(tc)
	if err != nil {
		return nil, err
	}
	return &Client{t: t, username: cfg.Username, password: cfg.Password, cache: transport.NewCache()}, nil
}

// AuthError means the credentials were refused.
type AuthError struct{ Err error }

func (e *AuthError) Error() string {
	return fmt.Sprintf("grommunio refused the login (%v): check username and password, or GROMMUNIO_USERNAME and GROMMUNIO_PASSWORD", e.Err)
}

func (e *AuthError) Unwrap() error { return e.Err }

// PermissionError is a 403: the admin lacks a permission.
type PermissionError struct{ Err error }

func (e *PermissionError) Error() string {
	return fmt.Sprintf("the grommunio admin %v; give the account the needed admin role (domain or system admin)", e.Err)
}

func (e *PermissionError) Unwrap() error { return e.Err }

// login obtains a new session unless another caller already renewed the one
// that failed (seen is the session number the caller used).
func (c *Client) login(ctx context.Context, seen int) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.session != seen && c.jwt != "" {
		return nil // someone else logged in meanwhile
	}
	form := url.Values{"user": {c.username}, "pass": {c.password}}
	req := transport.Request{
		Method: http.MethodPost, Path: "/login", Body: []byte(form.Encode()),
		ContentType: "application/x-www-form-urlencoded", SensitiveBody: true, SensitiveResponse: true, Idempotent: true,
	}
	resp, err := c.t.Do(ctx, req)
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		apiErr := c.t.NewAPIError(transport.Request{Method: req.Method, Path: req.Path}, resp, messageOf)
		if resp.StatusCode == http.StatusUnauthorized || resp.StatusCode == http.StatusBadRequest {
			return &AuthError{Err: apiErr}
		}
		return apiErr
	}
	var out struct {
		JWT  string `json:"grommunioAuthJwt"`
		CSRF string `json:"csrf"`
	}
	if err := json.Unmarshal(resp.Body, &out); err != nil || out.JWT == "" {
		return fmt.Errorf("POST /login: the answer holds no grommunioAuthJwt")
	}
	c.jwt, c.csrf = out.JWT, out.CSRF
	c.session++
	return nil
}

func (c *Client) credentials() (jwt, csrf string, session int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.jwt, c.csrf, c.session
}

// do sends an authenticated request: it logs in first if needed and, on a
// 401, logs in once more and replays; a second 401 is an error.
func (c *Client) do(ctx context.Context, req transport.Request) (*transport.Response, error) {
	for attempt := 0; ; attempt++ {
		jwt, csrf, session := c.credentials()
		if jwt == "" {
			if err := c.login(ctx, session); err != nil {
				return nil, err
			}
			jwt, csrf, session = c.credentials()
		}
		r := req
		r.Header = http.Header{"Cookie": {"grommunioAuthJwt=" + jwt}}
		if req.Method != http.MethodGet {
			r.Header.Set("X-Csrf-Token", csrf)
		}
		resp, err := c.t.Do(ctx, r)
		if err != nil {
			return nil, err
		}
		if resp.StatusCode != http.StatusUnauthorized {
			return resp, nil
		}
		if attempt > 0 {
			return nil, &AuthError{Err: fmt.Errorf("%w, even right after a fresh login", c.t.NewAPIError(req, resp, messageOf))}
		}
		// The session expired: renew it once and replay.
		if err := c.login(ctx, session); err != nil {
			return nil, err
		}
	}
}

// call sends req and decodes a 2xx JSON answer into out (when not nil).
func (c *Client) call(ctx context.Context, req transport.Request, out any) error {
	resp, err := c.do(ctx, req)
	if err != nil {
		return err
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		apiErr := c.t.NewAPIError(req, resp, messageOf)
		switch resp.StatusCode {
		case http.StatusNotFound:
			return fmt.Errorf("%w: %w", ErrNotFound, apiErr)
		case http.StatusForbidden:
			return &PermissionError{Err: apiErr}
		}
		return apiErr
	}
	if out == nil || len(resp.Body) == 0 {
		return nil
	}
	if err := json.Unmarshal(resp.Body, out); err != nil {
		return fmt.Errorf("%s %s: the answer is not the documented JSON: %w", req.Method, req.Path, err)
	}
	return nil
}

func jsonRequest(method, path string, body any, idempotent bool) (transport.Request, error) {
	b, err := json.Marshal(body)
	if err != nil {
		return transport.Request{}, err
	}
	return transport.Request{Method: method, Path: path, Body: b, ContentType: "application/json", Idempotent: idempotent}, nil
}

// list follows every page of a list endpoint, decoding entries into T.
func list[T any](ctx context.Context, c *Client, path string, query url.Values) ([]T, error) {
	var all []T
	for offset := 0; ; {
		q := url.Values{}
		for k, v := range query {
			q[k] = v
		}
		q.Set("limit", strconv.Itoa(pageSize))
		q.Set("offset", strconv.Itoa(offset))
		var page struct {
			Count int `json:"count"`
			Data  []T `json:"data"`
		}
		if err := c.call(ctx, transport.Request{Method: http.MethodGet, Path: path, Query: q, Idempotent: true}, &page); err != nil {
			return nil, err
		}
		all = append(all, page.Data...)
		offset += len(page.Data)
		if len(page.Data) == 0 || offset >= page.Count {
			return all, nil
		}
	}
}

// Domain is a grommunio domain.
type Domain struct {
	ID          int64  `json:"ID"`
	Name        string `json:"domainname"`
	DisplayName string `json:"displayname"`
}

// ListDomains returns the domains this admin can see, by name.
// The slice is shared: do not modify it.
func (c *Client) ListDomains(ctx context.Context) ([]Domain, error) {
	return transport.Get(ctx, c.cache, "domains", func(ctx context.Context) ([]Domain, error) {
		out, err := list[Domain](ctx, c, "/domains", nil)
		sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
		return out, err
	})
}

// DomainByName finds a domain; a missing one is an error that names the
// domains that exist.
func (c *Client) DomainByName(ctx context.Context, name string) (*Domain, error) {
	found, err := transport.Get(ctx, c.cache, "domain/"+name, func(ctx context.Context) ([]Domain, error) {
		return list[Domain](ctx, c, "/domains", url.Values{"domainname": {name}})
	})
	if err != nil {
		return nil, err
	}
	for i := range found {
		if strings.EqualFold(found[i].Name, name) {
			d := found[i]
			return &d, nil
		}
	}
	all, err := c.ListDomains(ctx)
	if err != nil {
		return nil, fmt.Errorf("domain %q: %w", name, ErrNotFound)
	}
	names := make([]string, len(all))
	for i, d := range all {
		names[i] = d.Name
	}
	return nil, fmt.Errorf("domain %q: %w; the domains this admin can see are: %s", name, ErrNotFound, strings.Join(names, ", "))
}

func userPath(domainID, userID int64, rest ...string) string {
	segs := []string{"domains", strconv.FormatInt(domainID, 10), "users"}
	if userID != 0 {
		segs = append(segs, strconv.FormatInt(userID, 10))
	}
	return transport.JoinPath(append(segs, rest...)...)
}

// messageOf reads the API's {"message": ...}.
func messageOf(body []byte) string {
	var m struct {
		Message string `json:"message"`
		Errors  []any  `json:"errors"`
	}
	if json.Unmarshal(body, &m) != nil {
		return ""
	}
	if len(m.Errors) > 0 {
		b, _ := json.Marshal(m.Errors)
		return m.Message + ": " + string(b)
	}
	return m.Message
}
