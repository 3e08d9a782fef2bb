// Package fakeutil is what the products' fake APIs share: fault injection
// for the retry tests, request counting for the request-budget tests, the
// User-Agents seen, and JSON answers.
package fakeutil

import (
	"encoding/json"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Fault is an injected failure for the next matching requests.
type Fault struct {
	// Method and PathPrefix select requests (empty matches all). PathPrefix
	// is matched against the path below the API's base.
	Method     string
	PathPrefix string
	// Status is the status to answer with; RetryAfter, when set, is sent as
	// the Retry-After header (seconds).
	Status     int
	RetryAfter int
	// AfterHandling runs the real handler first and then answers Status (or
	// drops the connection): the request took effect, the answer was lost.
	AfterHandling bool
	// Drop closes the connection without an answer.
	Drop bool
	// Delay, with no Status and no Drop, answers normally but only after
	// Delay: past a client's timeout, the server still acts on the request.
	Delay time.Duration
	// Times is how many requests this fault applies to (at least 1).
	Times int
}

// Recorder holds a fake's faults and counts its requests. The zero value is
// ready to use.
type Recorder struct {
	mu       sync.Mutex
	faults   []*Fault
	requests map[string]int
	agents   map[string]bool
	latency  time.Duration
}

// SetLatency delays every answer by d, like an API across the internet.
func (r *Recorder) SetLatency(d time.Duration) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.latency = d
}

// InjectFault adds a fault for the next f.Times matching requests.
func (r *Recorder) InjectFault(f Fault) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if f.Times <= 0 {
		f.Times = 1
	}
	r.faults = append(r.faults, &f)
}

// Seen counts a request under key (such as "GET /users/{username}") and in
// "total", records its User-Agent, and returns the fault that applies to it,
// if any.
func (r *Recorder) Seen(req *http.Request, key, path string) *Fault {
	f, wait := r.seen(req, key, path)
	if wait > 0 {
		time.Sleep(wait)
	}
	return f
}

func (r *Recorder) seen(req *http.Request, key, path string) (*Fault, time.Duration) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.requests == nil {
		r.requests = map[string]int{}
		r.agents = map[string]bool{}
	}
	r.requests["total"]++
	if key != "" {
		r.requests[key]++
	}
	r.agents[req.UserAgent()] = true
	for i, f := range r.faults {
		if (f.Method == "" || f.Method == req.Method) && strings.HasPrefix(path, f.PathPrefix) {
			f.Times--
			if f.Times <= 0 {
				r.faults = append(r.faults[:i], r.faults[i+1:]...)
			}
			c := *f
			if c.Status == 0 && !c.Drop {
				return nil, r.latency + c.Delay // a slow answer, handled normally
			}
			return &c, r.latency
		}
	}
	return nil, r.latency
}

// Requests returns the request counts by key, and "total".
func (r *Recorder) Requests() map[string]int {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make(map[string]int, len(r.requests))
	for k, v := range r.requests {
		out[k] = v
	}
	return out
}

// UserAgents returns every User-Agent seen, sorted.
func (r *Recorder) UserAgents() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]string, 0, len(r.agents))
	for a := range r.agents {
		out = append(out, a)
	}
	sort.Strings(out)
	return out
}

// WriteFault answers with the fault: a dropped connection, or its status
// with body.
func WriteFault(w http.ResponseWriter, f *Fault, body any) {
	if f.Drop {
		if hj, ok := w.(http.Hijacker); ok {
			if conn, _, err := hj.Hijack(); err == nil {
				_ = conn.Close()
				return
			}
		}
		panic(http.ErrAbortHandler)
	}
	if f.RetryAfter > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(f.RetryAfter))
	}
	WriteJSON(w, f.Status, body)
}

// WriteJSON answers status with body as JSON; a nil body sends none.
func WriteJSON(w http.ResponseWriter, status int, body any) {
	if body == nil {
		w.WriteHeader(status)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}
