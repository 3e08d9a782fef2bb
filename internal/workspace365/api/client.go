// Package api is the typed client of the Workspace365 provisioning API:
// `{url}/{environment}/User/...` with trailing slashes, JSON bodies, and the
// `ProvisioningKey` header. The API has no GET of a user: Exists probes with
// the update-validation endpoint, which answers 404 for a missing user.
package api

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/eduprov/terraform-provider-eduprov/internal/transport"
)

// KeyHeader carries the provisioning key.
const KeyHeader = "ProvisioningKey"

// DefaultURL is the vendor's hosted portal.
const DefaultURL = "https://portal.workspace365.net/Provisioning"

// ErrNotFound is returned (wrapped) when the user does not exist.
var ErrNotFound = errors.New("not found")

// Config configures a Client.
type Config struct {
	URL       string
	Key       string
	UserAgent string
	transport.Config
}

// Client talks to one Workspace365 portal.
type Client struct {
	t *transport.Client
}

// New validates cfg and builds a Client.
func New(cfg Config) (*Client, error) {
	raw := strings.TrimSpace(cfg.URL)
	if raw == "" {
		raw = DefaultURL
	}
	base, err := transport.ParseBaseURL(raw, DefaultURL)
	if err != nil {
		return nil, err
	}
	tc := cfg.Config
	tc.BaseURL = base
	tc.Subsystem = "workspace365_api"
	tc.UserAgent = cfg.UserAgent
	tc.Header = http.Header{
		KeyHeader:          {cfg.Key},
		"Accept":           {"application/json"},
		"X-Requested-With": {"XMLHttpRequest"},
	}
	tc.SensitiveHeaders = []string{KeyHeader}
	tc.Secrets = append(tc.Secrets, cfg.Key)
	t, err := transport.New(tc)
	if err != nil {
		return nil, err
	}
	return &Client{t: t}, nil
}

// User is the body of a create or an update. Password is omitted when nil,
// so an update never resets a password nobody changed.
type User struct {
	EmailAddress      string  `json:"EmailAddress"`
	FirstName         string  `json:"FirstName"`
	LastName          string  `json:"LastName"`
	IsAdministrator   bool    `json:"IsAdministrator"`
	Password          *string `json:"Password,omitempty"`
	CreateInOffice365 *bool   `json:"CreateInOffice365,omitempty"`
}

// ValidationResult is one complaint of the API about a body.
type ValidationResult struct {
	// Members are the API's member names at fault, such as "EmailAddress".
	Members []string
	Message string
}

// ValidationError is a 400 answer: the body was refused.
type ValidationError struct {
	Op      string
	Results []ValidationResult
	// Raw is the body when it held no recognisable result.
	Raw string
}

func (e *ValidationError) Error() string {
	if len(e.Results) == 0 {
		return fmt.Sprintf("%s: the API refused the values: %s", e.Op, e.Raw)
	}
	parts := make([]string, len(e.Results))
	for i, r := range e.Results {
		if len(r.Members) > 0 {
			parts[i] = strings.Join(r.Members, ", ") + ": " + r.Message
		} else {
			parts[i] = r.Message
		}
	}
	return fmt.Sprintf("%s: the API refused the values: %s", e.Op, strings.Join(parts, "; "))
}

// AuthError means the provisioning key was refused (403).
type AuthError struct{ Err error }

func (e *AuthError) Error() string {
	return fmt.Sprintf("the provisioning key was refused (%v): check provisioning_key or WORKSPACE365_PROVISIONING_KEY, "+
		"and that the provisioning API is enabled for the environment", e.Err)
}

func (e *AuthError) Unwrap() error { return e.Err }

func userPath(env string, parts ...string) string {
	return transport.JoinPath(append([]string{env, "User"}, parts...)...) + "/"
}

// Create creates a user and returns its integer id.
func (c *Client) Create(ctx context.Context, env string, u User) (int64, error) {
	resp, req, err := c.send(ctx, http.MethodPost, userPath(env), u, false)
	if err != nil {
		return 0, err
	}
	if resp.StatusCode != http.StatusOK && resp.StatusCode != http.StatusCreated {
		return 0, c.fail("create user "+u.EmailAddress, req, resp)
	}
	var id int64
	if err := json.Unmarshal(resp.Body, &id); err != nil {
		// Some deployments quote it.
		var s string
		if json.Unmarshal(resp.Body, &s) != nil {
			return 0, fmt.Errorf("create user %s: the answer %q is not the documented integer id", u.EmailAddress, resp.Body)
		}
		if id, err = strconv.ParseInt(s, 10, 64); err != nil {
			return 0, fmt.Errorf("create user %s: the answer %q is not the documented integer id", u.EmailAddress, resp.Body)
		}
	}
	return id, nil
}

// ValidateCreate asks whether u may be created. A *ValidationError says why not.
func (c *Client) ValidateCreate(ctx context.Context, env string, u User) error {
	resp, req, err := c.send(ctx, http.MethodPost, userPath(env, "Validate"), u, true)
	if err != nil {
		return err
	}
	if resp.StatusCode == http.StatusOK {
		return nil
	}
	return c.fail("validate new user "+u.EmailAddress, req, resp)
}

// Update replaces the user at email (the address before a rename) with u.
func (c *Client) Update(ctx context.Context, env, email string, u User) error {
	u.CreateInOffice365 = nil
	resp, req, err := c.send(ctx, http.MethodPut, userPath(env, email), u, true)
	if err != nil {
		return err
	}
	if resp.StatusCode == http.StatusOK || resp.StatusCode == http.StatusNoContent {
		return nil
	}
	return c.fail("update user "+email, req, resp)
}

// ValidateUpdate asks whether the user at email may be updated to u. A
// missing user yields ErrNotFound.
func (c *Client) ValidateUpdate(ctx context.Context, env, email string, u User) error {
	u.CreateInOffice365 = nil
	resp, req, err := c.send(ctx, http.MethodPut, userPath(env, email, "Validate"), u, true)
	if err != nil {
		return err
	}
	if resp.StatusCode == http.StatusOK || resp.StatusCode == http.StatusNoContent {
		return nil
	}
	return c.fail("validate update of user "+email, req, resp)
}

// Exists reports whether the user at email exists, probing the
// update-validation endpoint with u (the values Terraform knows): 404 means
// gone; 200 or a validation complaint means it exists.
func (c *Client) Exists(ctx context.Context, env, email string, u User) (bool, error) {
	err := c.ValidateUpdate(ctx, env, email, u)
	var ve *ValidationError
	switch {
	case err == nil, errors.As(err, &ve):
		return true, nil
	case errors.Is(err, ErrNotFound):
		return false, nil
	}
	return false, err
}

// SetActive activates or deactivates the user (PUT with an empty body and
// Content-Length: 0).
func (c *Client) SetActive(ctx context.Context, env, email string, active bool) error {
	action := "Deactivate"
	if active {
		action = "Activate"
	}
	req := transport.Request{Method: http.MethodPut, Path: userPath(env, email, action), Idempotent: true, ForceContentLength: true}
	resp, err := c.t.Do(ctx, req)
	if err != nil {
		return err
	}
	if resp.StatusCode == http.StatusOK || resp.StatusCode == http.StatusNoContent {
		return nil
	}
	return c.fail(strings.ToLower(action)+" user "+email, req, resp)
}

// Delete deletes the user; one that does not exist is not an error.
func (c *Client) Delete(ctx context.Context, env, email string) error {
	req := transport.Request{Method: http.MethodDelete, Path: userPath(env, email), Idempotent: true}
	resp, err := c.t.Do(ctx, req)
	if err != nil {
		return err
	}
	switch resp.StatusCode {
	case http.StatusOK, http.StatusNoContent, http.StatusNotFound:
		return nil
	}
	return c.fail("delete user "+email, req, resp)
}

func (c *Client) send(ctx context.Context, method, path string, body any, idempotent bool) (*transport.Response, transport.Request, error) {
	b, err := json.Marshal(body)
	if err != nil {
		return nil, transport.Request{}, err
	}
	req := transport.Request{
		Method: method, Path: path, Body: b, ContentType: "application/json",
		Idempotent: idempotent, SensitiveBody: true, // bodies may hold a password
	}
	resp, err := c.t.Do(ctx, req)
	return resp, req, err
}

func (c *Client) fail(op string, req transport.Request, resp *transport.Response) error {
	switch resp.StatusCode {
	case http.StatusBadRequest:
		results := ParseValidationResults(resp.Body)
		ve := &ValidationError{Op: op, Results: results}
		if len(results) == 0 {
			ve.Raw = c.t.NewAPIError(req, resp, nil).Message
		}
		return ve
	case http.StatusForbidden, http.StatusUnauthorized:
		return &AuthError{Err: c.t.NewAPIError(req, resp, messageOf)}
	case http.StatusNotFound:
		return fmt.Errorf("%s: %w (%v)", op, ErrNotFound, c.t.NewAPIError(req, resp, messageOf))
	}
	return fmt.Errorf("%s: %w", op, c.t.NewAPIError(req, resp, messageOf))
}

// ParseValidationResults reads the API's array of validation results
// leniently: the shape is not published, so any casing of MemberNames /
// ErrorMessage (or Message, PropertyName, Field) is accepted, as is a single
// object or an object wrapping the array. An unexpected shape yields nil.
func ParseValidationResults(body []byte) []ValidationResult {
	var raw any
	if json.Unmarshal(body, &raw) != nil {
		return nil
	}
	var items []any
	switch v := raw.(type) {
	case []any:
		items = v
	case map[string]any:
		for _, k := range []string{"errors", "Errors", "validationResults", "ValidationResults", "results"} {
			if arr, ok := v[k].([]any); ok {
				items = arr
				break
			}
		}
		if items == nil {
			items = []any{v}
		}
	}
	var out []ValidationResult
	for _, it := range items {
		m, ok := it.(map[string]any)
		if !ok {
			if s, ok := it.(string); ok && s != "" {
				out = append(out, ValidationResult{Message: s})
			}
			continue
		}
		var r ValidationResult
		for k, v := range m {
			switch strings.ToLower(k) {
			case "membernames", "members", "memberpaths":
				if arr, ok := v.([]any); ok {
					for _, x := range arr {
						if s, ok := x.(string); ok {
							r.Members = append(r.Members, s)
						}
					}
				}
			case "propertyname", "field", "member", "membername":
				if s, ok := v.(string); ok && s != "" {
					r.Members = append(r.Members, s)
				}
			case "errormessage", "message", "error":
				if s, ok := v.(string); ok && r.Message == "" {
					r.Message = s
				}
			}
		}
		if r.Message != "" || len(r.Members) > 0 {
			out = append(out, r)
		}
	}
	return out
}

func messageOf(body []byte) string {
	var m map[string]any
	if json.Unmarshal(body, &m) != nil {
		var s string
		if json.Unmarshal(body, &s) == nil {
			return s
		}
		return ""
	}
	for _, k := range []string{"Message", "message", "error", "ExceptionMessage"} {
		if v, ok := m[k].(string); ok && v != "" {
			return v
		}
	}
	return ""
}
