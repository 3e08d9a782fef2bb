package transport

import (
	"bytes"
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflogtest"
)

func newTestClient(t *testing.T, h http.HandlerFunc, mod func(*Config)) *Client {
	t.Helper()
	ts := httptest.NewServer(h)
	t.Cleanup(ts.Close)
	u, _ := url.Parse(ts.URL + "/api/v0")
	cfg := Config{
		BaseURL: u, Subsystem: "test_api", UserAgent: "test-agent/1",
		Header:           http.Header{"Apitoken": {"tok-SECRET-123"}},
		SensitiveHeaders: []string{"apiToken"},
		Secrets:          []string{"tok-SECRET-123", "pw-SECRET-456"},
		MaxRetries:       3, RetryWaitMin: time.Millisecond, RetryWaitMax: 5 * time.Millisecond,
	}
	if mod != nil {
		mod(&cfg)
	}
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestJoinPathKeepsUserInputInItsSegment(t *testing.T) {
	cases := map[string]string{
		"alice":         "/users/alice",
		"a/b":           "/users/a%2Fb",
		"..":            "/users/%2E%2E",
		".":             "/users/%2E",
		"x?y#z":         "/users/x%3Fy%23z",
		"bob@example.o": "/users/bob@example.o",
		"a b":           "/users/a%20b",
	}
	for in, want := range cases {
		if got := JoinPath("users", in); got != want {
			t.Errorf("JoinPath(users, %q) = %q, want %q", in, got, want)
		}
	}
}

func TestURLPreservesEscapes(t *testing.T) {
	c := newTestClient(t, func(http.ResponseWriter, *http.Request) {}, nil)
	u := c.URL(JoinPath("users", "a/b", "synchronizations"), url.Values{"unlinkMode": {"CLEANUP"}})
	if got := u.EscapedPath(); got != "/api/v0/users/a%2Fb/synchronizations" {
		t.Fatalf("escaped path %q", got)
	}
	if u.RawQuery != "unlinkMode=CLEANUP" {
		t.Fatalf("query %q", u.RawQuery)
	}
}

func TestRetriesIdempotentCallsOn5xxAndHonoursStatus(t *testing.T) {
	var n atomic.Int32
	c := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("User-Agent") != "test-agent/1" || r.Header.Get("apiToken") != "tok-SECRET-123" {
			w.WriteHeader(http.StatusBadRequest)
			return
		}
		switch n.Add(1) {
		case 1:
			w.WriteHeader(http.StatusBadGateway)
		case 2:
			w.WriteHeader(http.StatusGatewayTimeout)
		case 3:
			w.WriteHeader(http.StatusServiceUnavailable)
		default:
			_, _ = w.Write([]byte(`{"ok":true}`))
		}
	}, nil)
	resp, err := c.Do(context.Background(), Request{Method: "GET", Path: "/x", Idempotent: true})
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != 200 || string(resp.Body) != `{"ok":true}` || n.Load() != 4 {
		t.Fatalf("status %d body %s after %d attempts", resp.StatusCode, resp.Body, n.Load())
	}
}

func TestNonIdempotentCallIsNotRepeatedAfterAmbiguousAnswer(t *testing.T) {
	for _, status := range []int{http.StatusBadGateway, http.StatusGatewayTimeout} {
		var n atomic.Int32
		c := newTestClient(t, func(w http.ResponseWriter, _ *http.Request) {
			n.Add(1)
			w.WriteHeader(status)
		}, nil)
		resp, err := c.Do(context.Background(), Request{Method: "PUT", Path: "/create", Body: []byte("a=b")})
		if err != nil {
			t.Fatal(err)
		}
		if resp.StatusCode != status || n.Load() != 1 {
			t.Fatalf("status %d: answered %d after %d attempts, want 1 attempt", status, resp.StatusCode, n.Load())
		}
	}
}

func TestNonIdempotentCallIsRetriedWhenRefused(t *testing.T) {
	var n atomic.Int32
	c := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		body := new(bytes.Buffer)
		_, _ = body.ReadFrom(r.Body)
		if body.String() != "a=b" {
			w.WriteHeader(http.StatusBadRequest) // the body must be sent again, whole
			return
		}
		if n.Add(1) < 3 {
			w.Header().Set("Retry-After", "0")
			w.WriteHeader(http.StatusTooManyRequests)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	}, nil)
	resp, err := c.Do(context.Background(), Request{Method: "PUT", Path: "/create", Body: []byte("a=b")})
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusNoContent || n.Load() != 3 {
		t.Fatalf("answered %d after %d attempts", resp.StatusCode, n.Load())
	}
}

func TestGivesUpAfterMaxRetriesWithTheLastAnswer(t *testing.T) {
	var n atomic.Int32
	c := newTestClient(t, func(w http.ResponseWriter, _ *http.Request) {
		n.Add(1)
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = w.Write([]byte(`{"message":"maintenance"}`))
	}, nil)
	resp, err := c.Do(context.Background(), Request{Method: "GET", Path: "/x", Idempotent: true})
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != 503 || n.Load() != 4 || !strings.Contains(string(resp.Body), "maintenance") {
		t.Fatalf("got %d %q after %d attempts, want 503 after 1+3", resp.StatusCode, resp.Body, n.Load())
	}
}

func TestBackoffHonoursRetryAfterWithinACap(t *testing.T) {
	c := newTestClient(t, func(http.ResponseWriter, *http.Request) {}, func(cfg *Config) { cfg.RetryAfterMax = 10 * time.Second })
	resp := func(status int, ra string) *http.Response {
		return &http.Response{StatusCode: status, Header: http.Header{"Retry-After": {ra}}}
	}
	if d := c.rc.Backoff(time.Millisecond, 5*time.Millisecond, 1, resp(429, "7")); d != 7*time.Second {
		t.Errorf("429 Retry-After 7: waited %s", d)
	}
	if d := c.rc.Backoff(time.Millisecond, 5*time.Millisecond, 1, resp(503, "3600")); d != 10*time.Second {
		t.Errorf("503 Retry-After 3600: waited %s, want the 10s cap", d)
	}
	if d := c.rc.Backoff(time.Millisecond, 5*time.Millisecond, 1, resp(502, "")); d > 5*time.Millisecond {
		t.Errorf("502 without Retry-After: waited %s, want at most the max backoff", d)
	}
}

func TestConnectionRefusedIsRetriedAndNotAmbiguous(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	_ = l.Close() // nothing listens there now
	u, _ := url.Parse("http://" + addr)
	c, err := New(Config{BaseURL: u, MaxRetries: 2, RetryWaitMin: time.Millisecond, RetryWaitMax: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Do(context.Background(), Request{Method: "PUT", Path: "/x"})
	if err == nil || Ambiguous(err) {
		t.Fatalf("want a non-ambiguous error, got %v (ambiguous=%v)", err, Ambiguous(err))
	}
}

func TestDroppedConnectionAfterSendIsAmbiguous(t *testing.T) {
	var n atomic.Int32
	c := newTestClient(t, func(w http.ResponseWriter, _ *http.Request) {
		n.Add(1)
		hj, ok := w.(http.Hijacker)
		if !ok {
			t.Error("the test server cannot drop connections")
			return
		}
		conn, _, _ := hj.Hijack()
		_ = conn.Close()
	}, nil)
	_, err := c.Do(context.Background(), Request{Method: "PUT", Path: "/x", Body: []byte("a")})
	if !Ambiguous(err) || n.Load() != 1 {
		t.Fatalf("non-idempotent: err %v ambiguous=%v after %d attempts, want ambiguous after 1", err, Ambiguous(err), n.Load())
	}
	n.Store(0)
	_, err = c.Do(context.Background(), Request{Method: "GET", Path: "/x", Idempotent: true})
	if err == nil || n.Load() != 4 {
		t.Fatalf("idempotent: err %v after %d attempts, want an error after 1+3", err, n.Load())
	}
}

func TestContextCancelStopsRetrying(t *testing.T) {
	var n atomic.Int32
	ctx, cancel := context.WithCancel(context.Background())
	c := newTestClient(t, func(w http.ResponseWriter, _ *http.Request) {
		n.Add(1)
		cancel()
		w.WriteHeader(http.StatusServiceUnavailable)
	}, nil)
	_, err := c.Do(ctx, Request{Method: "GET", Path: "/x", Idempotent: true})
	if !errors.Is(err, context.Canceled) || n.Load() != 1 {
		t.Fatalf("err %v after %d attempts, want context.Canceled after 1", err, n.Load())
	}
}

func TestSecretsNeverLogged(t *testing.T) {
	var logs bytes.Buffer
	ctx := tflogtest.RootLogger(context.Background(), &logs)
	t.Setenv("TF_LOG", "TRACE")
	c := newTestClient(t, func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusBadRequest)
		_, _ = w.Write([]byte(`{"message":"bad password pw-SECRET-456 for token tok-SECRET-123"}`))
	}, nil)
	req := Request{Method: "POST", Path: "/users", Body: []byte(`{"Password":"pw-SECRET-456"}`), ContentType: "application/json"}
	resp, err := c.Do(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	apiErr := c.NewAPIError(req, resp, nil)
	out := logs.String()
	if !strings.Contains(out, "Sending API request") || !strings.Contains(out, `"http_status_code":400`) ||
		!strings.Contains(out, "API request body") || !strings.Contains(out, `Password\":\"***`) {
		t.Fatalf("the request was not logged at all:\n%s", out)
	}
	for _, secret := range []string{"tok-SECRET-123", "pw-SECRET-456"} {
		if strings.Contains(out, secret) {
			t.Errorf("secret %q in logs:\n%s", secret, out)
		}
		if strings.Contains(apiErr.Error(), secret) {
			t.Errorf("secret %q in error: %s", secret, apiErr)
		}
	}
}

// TestSentCreateIsSeenThroughAfterCancel: Terraform interrupted while a
// create was on the wire: the answer is still read, so the object it made
// is recorded instead of orphaned. An idempotent read is simply abandoned.
func TestSentCreateIsSeenThroughAfterCancel(t *testing.T) {
	for _, idempotent := range []bool{false, true} {
		ctx, cancel := context.WithCancel(context.Background())
		c := newTestClient(t, func(w http.ResponseWriter, _ *http.Request) {
			cancel() // the interrupt arrives while the server works
			time.Sleep(50 * time.Millisecond)
			w.WriteHeader(http.StatusCreated)
		}, nil)
		resp, err := c.Do(ctx, Request{Method: "PUT", Path: "/x", Body: []byte("a"), Idempotent: idempotent})
		if idempotent {
			if err == nil {
				t.Fatal("an idempotent call outlived its cancelled caller")
			}
			continue
		}
		if err != nil || resp.StatusCode != http.StatusCreated {
			t.Fatalf("a sent create was abandoned: %v", err)
		}
	}
}
