package transport

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestConcurrencyCapHolds(t *testing.T) {
	var inFlight, peak atomic.Int32
	gate := make(chan struct{})
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		n := inFlight.Add(1)
		for {
			p := peak.Load()
			if n <= p || peak.CompareAndSwap(p, n) {
				break
			}
		}
		<-gate
		inFlight.Add(-1)
	}))
	defer ts.Close()
	u, _ := url.Parse(ts.URL)
	c, err := New(Config{BaseURL: u, MaxConcurrentRequests: 3})
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for range 12 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := c.Do(context.Background(), Request{Method: "GET", Path: "/", Idempotent: true}); err != nil {
				t.Error(err)
			}
		}()
	}
	// Wait until the cap is reached, then let everything through.
	for inFlight.Load() < 3 {
		time.Sleep(time.Millisecond)
	}
	close(gate)
	wg.Wait()
	if p := peak.Load(); p != 3 {
		t.Fatalf("peak of %d requests in flight, want exactly the cap of 3", p)
	}
}

func TestRateLimitWaitsForItsTurn(t *testing.T) {
	ts := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	defer ts.Close()
	u, _ := url.Parse(ts.URL)
	c, err := New(Config{BaseURL: u, MaxRequestsPerSecond: 0.1, MaxRetries: -1})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Do(context.Background(), Request{Method: "GET", Path: "/", Idempotent: true}); err != nil {
		t.Fatal(err)
	}
	// The next token is ten seconds away: a short deadline cannot be met,
	// and the limiter says so at once instead of sending the request.
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	_, err = c.Do(ctx, Request{Method: "GET", Path: "/", Idempotent: true})
	if err == nil || !strings.Contains(err.Error(), "rate") {
		t.Fatalf("err = %v, want the rate limiter's refusal", err)
	}
	// A create that was not sent yet is not sent once its caller gave up,
	// although a sent one would be seen through.
	_, err = c.Do(ctx, Request{Method: "PUT", Path: "/", Body: []byte("x")})
	if err == nil {
		t.Fatal("a create waiting for the rate limiter was sent after its caller gave up")
	}
}
