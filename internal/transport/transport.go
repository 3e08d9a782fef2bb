// Package transport is the HTTP layer shared by every API client in this
// repository: timeouts, retries with backoff (honouring Retry-After), a
// User-Agent, and request/response logging through tflog with every
// credential masked.
//
// Product packages build typed clients on top of Client.Do; they never touch
// net/http directly.
package transport

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/hashicorp/go-retryablehttp"
	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// Defaults used when a Config leaves a field at its zero value.
const (
	DefaultTimeout       = 30 * time.Second
	DefaultMaxRetries    = 4
	DefaultRetryWaitMin  = 500 * time.Millisecond
	DefaultRetryWaitMax  = 30 * time.Second
	DefaultRetryAfterMax = 2 * time.Minute

	// maxLoggedBody is how much of a body is written to TRACE logs.
	maxLoggedBody = 4096
	// maxErrorBody is how much of an error body is kept in an APIError.
	maxErrorBody = 1024
)

// Config describes one API endpoint and how to talk to it.
type Config struct {
	// BaseURL is the API root; request paths are appended to its path.
	BaseURL *url.URL
	// Subsystem names the tflog subsystem, e.g. "mytimetable_api".
	Subsystem string
	// UserAgent is sent on every request.
	UserAgent string
	// Header is added to every request (credentials go here). Values of the
	// headers named in SensitiveHeaders are never logged.
	Header http.Header
	// SensitiveHeaders lists header names whose values are masked in logs.
	SensitiveHeaders []string
	// Secrets are strings that must never appear in logs (tokens, passwords).
	Secrets []string

	// Timeout bounds one attempt (connect, send, and read the answer).
	Timeout time.Duration
	// MaxRetries is how many times a retryable failure is retried.
	MaxRetries int
	// RetryWaitMin and RetryWaitMax bound the exponential backoff.
	RetryWaitMin, RetryWaitMax time.Duration
	// RetryAfterMax caps how long a server's Retry-After is honoured.
	RetryAfterMax time.Duration

	// MaxRequestsPerSecond and MaxConcurrentRequests throttle this client
	// (zero: unlimited). Retries count too.
	MaxRequestsPerSecond  float64
	MaxConcurrentRequests int

	// CACertPEM adds trusted certificate authorities (PEM) to the system pool.
	CACertPEM string
	// InsecureSkipVerify disables TLS certificate verification.
	InsecureSkipVerify bool

	// HTTPClient overrides the underlying client (tests only).
	HTTPClient *http.Client
}

// Client sends requests to one API.
type Client struct {
	timeout   time.Duration
	detached  time.Duration
	base      *url.URL
	subsystem string
	userAgent string
	header    http.Header
	sensitive map[string]bool
	secrets   []string
	rc        *retryablehttp.Client
}

// Request is one API call. Path is relative to the base URL and must already
// be escaped: build it with JoinPath.
type Request struct {
	Method      string
	Path        string
	Query       url.Values
	Body        []byte
	ContentType string
	// Header is added to this request only.
	Header http.Header
	// Idempotent marks a call that may be repeated after an ambiguous failure
	// (a connection dropped after the request was sent, a 502 or 504). A
	// non-idempotent call is retried only when the server certainly did not
	// act on it: a refused connection, a 429 or a 503.
	Idempotent bool
	// SensitiveBody keeps the request body out of the logs.
	SensitiveBody bool
	// SensitiveResponse keeps the answer's body out of the logs (a login
	// answer holds session tokens).
	SensitiveResponse bool
	// ForceContentLength sends "Content-Length: 0" on a request with no body
	// (Go omits it by default for some methods).
	ForceContentLength bool
}

// Response is a fully read API answer.
type Response struct {
	StatusCode int
	Header     http.Header
	Body       []byte
}

// New builds a Client from cfg.
func New(cfg Config) (*Client, error) {
	if cfg.BaseURL == nil {
		return nil, errors.New("transport: no base URL")
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultTimeout
	}
	if cfg.MaxRetries < 0 {
		cfg.MaxRetries = 0
	}
	if cfg.RetryWaitMin <= 0 {
		cfg.RetryWaitMin = DefaultRetryWaitMin
	}
	if cfg.RetryWaitMax <= 0 {
		cfg.RetryWaitMax = DefaultRetryWaitMax
	}
	if cfg.RetryAfterMax <= 0 {
		cfg.RetryAfterMax = DefaultRetryAfterMax
	}
	if cfg.Subsystem == "" {
		cfg.Subsystem = "api"
	}

	httpClient := cfg.HTTPClient
	if httpClient == nil {
		tlsConfig, err := tlsConfig(cfg)
		if err != nil {
			return nil, err
		}
		tr := http.DefaultTransport.(*http.Transport).Clone() //nolint:forcetypeassert // the standard library's documented type
		tr.TLSClientConfig = tlsConfig
		tr.MaxIdleConnsPerHost = 16
		httpClient = &http.Client{Transport: tr, Timeout: cfg.Timeout}
	}
	if cfg.MaxRequestsPerSecond > 0 || cfg.MaxConcurrentRequests > 0 {
		hc := *httpClient
		next := hc.Transport
		if next == nil {
			next = http.DefaultTransport
		}
		hc.Transport = newThrottle(next, cfg.MaxRequestsPerSecond, cfg.MaxConcurrentRequests)
		httpClient = &hc
	}

	rc := retryablehttp.NewClient()
	rc.HTTPClient = httpClient
	rc.Logger = nil // Do logs each attempt itself, through tflog.
	rc.RetryMax = cfg.MaxRetries
	rc.RetryWaitMin = cfg.RetryWaitMin
	rc.RetryWaitMax = cfg.RetryWaitMax
	rc.CheckRetry = checkRetry
	retryAfterMax := cfg.RetryAfterMax
	rc.Backoff = func(minWait, maxWait time.Duration, attempt int, resp *http.Response) time.Duration {
		d := retryablehttp.DefaultBackoff(minWait, maxWait, attempt, resp)
		if d > retryAfterMax {
			d = retryAfterMax
		}
		return d
	}
	// Hand back the last response instead of a generic "giving up" error so
	// that callers can say what the API answered.
	rc.ErrorHandler = retryablehttp.PassthroughErrorHandler

	sensitive := map[string]bool{"authorization": true, "cookie": true, "set-cookie": true}
	for _, h := range cfg.SensitiveHeaders {
		sensitive[strings.ToLower(h)] = true
	}
	base := *cfg.BaseURL
	base.Path = strings.TrimSuffix(base.Path, "/")
	if base.Path != "" && !strings.HasPrefix(base.Path, "/") {
		base.Path = "/" + base.Path
	}
	base.RawPath = ""
	var secrets []string
	for _, s := range cfg.Secrets {
		if s != "" {
			secrets = append(secrets, s)
		}
	}
	c := &Client{
		timeout: cfg.Timeout,
		// How long a sent non-idempotent call may run on after the caller
		// gave up: every attempt and the longest waits between them.
		detached:  time.Duration(cfg.MaxRetries+1)*cfg.Timeout + time.Duration(cfg.MaxRetries)*cfg.RetryAfterMax,
		base:      &base,
		subsystem: cfg.Subsystem,
		userAgent: cfg.UserAgent,
		header:    cfg.Header.Clone(),
		sensitive: sensitive,
		secrets:   secrets,
		rc:        rc,
	}
	rc.RequestLogHook = c.logRequest
	rc.ResponseLogHook = c.logResponse
	return c, nil
}

func tlsConfig(cfg Config) (*tls.Config, error) {
	tc := &tls.Config{MinVersion: tls.VersionTLS12}
	if cfg.InsecureSkipVerify {
		tc.InsecureSkipVerify = true //nolint:gosec // the user asked for it explicitly
	}
	if cfg.CACertPEM != "" {
		pool, err := x509.SystemCertPool()
		if err != nil || pool == nil {
			pool = x509.NewCertPool()
		}
		if !pool.AppendCertsFromPEM([]byte(cfg.CACertPEM)) {
			return nil, errors.New("the CA certificate holds no PEM-encoded certificate")
		}
		tc.RootCAs = pool
	}
	return tc, nil
}

// JoinPath escapes each segment and joins them with "/", so that user input
// can never leave its path segment ("a/b" becomes "a%2Fb", ".." is refused
// by the callers' validation and escaped here as a last resort).
func JoinPath(segments ...string) string {
	var b strings.Builder
	for _, s := range segments {
		b.WriteByte('/')
		switch s {
		case ".", "..":
			b.WriteString(strings.ReplaceAll(s, ".", "%2E"))
		default:
			b.WriteString(url.PathEscape(s))
		}
	}
	return b.String()
}

// URL returns the absolute URL of a request path (already escaped).
func (c *Client) URL(path string, query url.Values) *url.URL {
	u := *c.base
	unescaped, err := url.PathUnescape(path)
	if err != nil {
		unescaped = path
	}
	u.Path = c.base.Path + unescaped
	u.RawPath = c.base.EscapedPath() + path
	if u.RawPath == u.Path {
		u.RawPath = ""
	}
	if len(query) > 0 {
		u.RawQuery = query.Encode()
	}
	return &u
}

type ctxKey int

const callKey ctxKey = iota

// callInfo travels with each request's context to the retry policy and the
// log hooks, which retryablehttp shares between concurrent calls.
type callInfo struct {
	ctx context.Context //nolint:containedctx // the logging context of this call
	// caller is the caller's own context: waiting before a request is sent
	// (throttling, backoff) stops when it ends, even for a detached call.
	caller  context.Context //nolint:containedctx // see above
	req     *Request
	attempt int
}

func callOf(ctx context.Context) *callInfo {
	ci, _ := ctx.Value(callKey).(*callInfo)
	return ci
}

func (c *Client) logRequest(_ retryablehttp.Logger, r *http.Request, n int) {
	ci := callOf(r.Context())
	if ci == nil {
		return
	}
	ci.attempt = n + 1
	tflog.SubsystemDebug(ci.ctx, c.subsystem, "Sending API request", map[string]any{
		"http_method":  r.Method,
		"http_url":     r.URL.Redacted(),
		"http_attempt": ci.attempt,
		"http_headers": c.maskHeaders(r.Header),
	})
	if len(ci.req.Body) > 0 && !ci.req.SensitiveBody {
		tflog.SubsystemTrace(ci.ctx, c.subsystem, "API request body", map[string]any{
			"http_body": c.mask(truncate(ci.req.Body, maxLoggedBody)),
		})
	}
}

func (c *Client) logResponse(_ retryablehttp.Logger, r *http.Response) {
	ci := callOf(r.Request.Context())
	if ci == nil {
		return
	}
	fields := map[string]any{
		"http_method":      r.Request.Method,
		"http_url":         r.Request.URL.Redacted(),
		"http_status_code": r.StatusCode,
		"http_attempt":     ci.attempt,
	}
	if ra := r.Header.Get("Retry-After"); ra != "" {
		fields["http_retry_after"] = ra
	}
	tflog.SubsystemDebug(ci.ctx, c.subsystem, "Received API response", fields)
}

// Do sends req, retrying as its Idempotent flag allows, and returns the read
// answer. Any status code is returned as a Response; an error means no answer
// was had (after retries) or the context ended.
//
// A non-idempotent call, once sent, is seen through even when ctx is
// cancelled (Terraform interrupted): its result is then known and recorded,
// instead of an object the API created and nobody knows about.
func (c *Client) Do(ctx context.Context, req Request) (*Response, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	caller := ctx
	if !req.Idempotent {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(context.WithoutCancel(ctx), c.detached)
		defer cancel()
	}
	ctx = c.logContext(ctx)
	u := c.URL(req.Path, req.Query)

	var body io.Reader
	if req.Body != nil {
		body = bytes.NewReader(req.Body)
	}
	call := &callInfo{ctx: ctx, caller: caller, req: &req}
	rctx := context.WithValue(ctx, callKey, call)
	hreq, err := retryablehttp.NewRequestWithContext(rctx, req.Method, u.String(), body)
	if err != nil {
		return nil, fmt.Errorf("building %s %s: %w", req.Method, u.Path, err)
	}
	// Keep the escaped path exactly as built.
	hreq.URL = u
	for k, vs := range c.header {
		for _, v := range vs {
			hreq.Header.Add(k, v)
		}
	}
	for k, vs := range req.Header {
		for _, v := range vs {
			hreq.Header.Add(k, v)
		}
	}
	if c.userAgent != "" {
		hreq.Header.Set("User-Agent", c.userAgent)
	}
	if req.ContentType != "" {
		hreq.Header.Set("Content-Type", req.ContentType)
	}
	if req.ForceContentLength && req.Body == nil {
		hreq.ContentLength = 0
		hreq.Body = http.NoBody
		hreq.Header.Set("Content-Length", "0")
		hreq.TransferEncoding = []string{"identity"}
	}

	start := time.Now()
	resp, err := c.rc.Do(hreq)
	if err != nil {
		tflog.SubsystemDebug(ctx, c.subsystem, "API request failed", map[string]any{
			"http_method": req.Method, "http_url": u.Redacted(), "error": c.mask([]byte(err.Error())),
		})
		return nil, &RequestError{Method: req.Method, URL: u.Redacted(), Err: err, Sent: requestWasSent(err)}
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, &RequestError{Method: req.Method, URL: u.Redacted(), Err: fmt.Errorf("reading the answer: %w", err), Sent: true}
	}
	logged := c.mask(truncate(data, maxLoggedBody))
	if req.SensitiveResponse {
		logged = "(not logged: sensitive)"
	}
	tflog.SubsystemTrace(ctx, c.subsystem, "API response body", map[string]any{
		"http_method":      req.Method,
		"http_url":         u.Redacted(),
		"http_status_code": resp.StatusCode,
		"http_duration_ms": time.Since(start).Milliseconds(),
		"http_body":        logged,
	})
	return &Response{StatusCode: resp.StatusCode, Header: resp.Header, Body: data}, nil
}

func (c *Client) logContext(ctx context.Context) context.Context {
	ctx = tflog.NewSubsystem(ctx, c.subsystem)
	if len(c.secrets) > 0 {
		ctx = tflog.SubsystemMaskAllFieldValuesStrings(ctx, c.subsystem, c.secrets...)
		ctx = tflog.SubsystemMaskMessageStrings(ctx, c.subsystem, c.secrets...)
	}
	return ctx
}

func (c *Client) maskHeaders(h http.Header) map[string]string {
	out := make(map[string]string, len(h))
	for k, vs := range h {
		v := strings.Join(vs, ", ")
		if c.sensitive[strings.ToLower(k)] {
			v = "***"
		}
		out[k] = v
	}
	return out
}

// mask replaces every known secret in b.
func (c *Client) mask(b []byte) string {
	s := string(b)
	for _, secret := range c.secrets {
		s = strings.ReplaceAll(s, secret, "***")
	}
	return s
}

func truncate(b []byte, n int) []byte {
	if len(b) <= n {
		return b
	}
	return append(append([]byte{}, b[:n]...), "…(truncated)"...)
}

// checkRetry decides whether an attempt is retried. It never retries when the
// context ended. 429 and 503 are retried for every call: the server refused
// the request before acting on it. 502, 504 and connection errors after the
// request was sent are ambiguous and retried only for idempotent calls.
func checkRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	if ctx.Err() != nil {
		return false, ctx.Err()
	}
	idempotent := false
	if ci := callOf(ctx); ci != nil {
		idempotent = ci.req.Idempotent
		if ci.caller.Err() != nil {
			// The caller gave up: keep what this attempt got, send nothing more.
			return false, err
		}
	}
	if err != nil {
		var certErr *tls.CertificateVerificationError
		if errors.As(err, &certErr) {
			return false, err
		}
		if !requestWasSent(err) {
			return true, nil
		}
		return idempotent, nil
	}
	switch resp.StatusCode {
	case http.StatusTooManyRequests, http.StatusServiceUnavailable:
		return true, nil
	case http.StatusBadGateway, http.StatusGatewayTimeout:
		return idempotent, nil
	}
	return false, nil
}

// requestWasSent reports whether err may have happened after the server got
// the request. Only a failure to connect is certain not to have reached it.
func requestWasSent(err error) bool {
	var opErr *net.OpError
	if errors.As(err, &opErr) && opErr.Op == "dial" {
		return false
	}
	var dnsErr *net.DNSError
	return !errors.As(err, &dnsErr)
}

// RequestError means no usable answer was had.
type RequestError struct {
	Method string
	URL    string
	Err    error
	// Sent is true when the server may have received (and acted on) the
	// request: the outcome is unknown.
	Sent bool
}

func (e *RequestError) Error() string {
	return fmt.Sprintf("%s %s: %v", e.Method, e.URL, e.Err)
}

func (e *RequestError) Unwrap() error { return e.Err }

// Timeout is how long one attempt may take.
func (c *Client) Timeout() time.Duration { return c.timeout }

// TimedOut reports whether err is an attempt that ran out of time.
func TimedOut(err error) bool {
	var ne net.Error
	return errors.Is(err, context.DeadlineExceeded) || errors.As(err, &ne) && ne.Timeout()
}

// Ambiguous reports whether err leaves it unknown if the server acted on the
// request (sent, then no answer).
func Ambiguous(err error) bool {
	var re *RequestError
	if errors.As(err, &re) {
		return re.Sent
	}
	return false
}

// APIError is an answer with an unexpected status code.
type APIError struct {
	Method     string
	Path       string
	StatusCode int
	// Message is what the API said, as far as it could be read.
	Message string
}

func (e *APIError) Error() string {
	msg := e.Message
	if msg == "" {
		msg = http.StatusText(e.StatusCode)
	}
	return fmt.Sprintf("%s %s answered %d: %s", e.Method, e.Path, e.StatusCode, msg)
}

// NewAPIError builds an APIError from an answer, keeping at most a short,
// secret-free excerpt of its body. messageOf may extract the API's own
// message from a JSON body; it may be nil.
func (c *Client) NewAPIError(req Request, resp *Response, messageOf func([]byte) string) *APIError {
	msg := ""
	if messageOf != nil {
		msg = messageOf(resp.Body)
	}
	if msg == "" {
		msg = strings.TrimSpace(string(truncate(resp.Body, maxErrorBody)))
	}
	return &APIError{
		Method:     req.Method,
		Path:       c.URL(req.Path, nil).Path,
		StatusCode: resp.StatusCode,
		Message:    c.mask([]byte(msg)),
	}
}

// StatusCode returns the status of an APIError in err's chain, or 0.
func StatusCode(err error) int {
	var ae *APIError
	if errors.As(err, &ae) {
		return ae.StatusCode
	}
	return 0
}

// ParseBaseURL checks that raw is an absolute http(s) URL; example shows
// the expected form in the error.
func ParseBaseURL(raw, example string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return nil, fmt.Errorf("the URL %q is not valid: %w", raw, err)
	}
	if u.Scheme != "http" && u.Scheme != "https" || u.Host == "" {
		return nil, fmt.Errorf("the URL %q must be absolute, such as %s", raw, example)
	}
	return u, nil
}
