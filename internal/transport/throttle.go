package transport

import (
	"io"
	"net/http"

	"golang.org/x/time/rate"
)

// throttle is a RoundTripper that keeps one provider instance under a
// request rate and a number of requests in flight, for APIs that throttle.
// Every attempt, retries included, passes through it.
type throttle struct {
	next    http.RoundTripper
	limiter *rate.Limiter // nil: no rate limit
	slots   chan struct{} // nil: no concurrency limit
}

func newThrottle(next http.RoundTripper, perSecond float64, concurrent int) http.RoundTripper {
	if perSecond <= 0 && concurrent <= 0 {
		return next
	}
	t := &throttle{next: next}
	if perSecond > 0 {
		burst := int(perSecond)
		if burst < 1 {
			burst = 1
		}
		t.limiter = rate.NewLimiter(rate.Limit(perSecond), burst)
	}
	if concurrent > 0 {
		t.slots = make(chan struct{}, concurrent)
	}
	return t
}

func (t *throttle) RoundTrip(req *http.Request) (*http.Response, error) {
	// Nothing has been sent yet: wait only as long as the caller does.
	ctx := req.Context()
	if ci := callOf(ctx); ci != nil {
		ctx = ci.caller
	}
	if t.slots != nil {
		select {
		case t.slots <- struct{}{}:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	release := func() {
		if t.slots != nil {
			<-t.slots
		}
	}
	if t.limiter != nil {
		if err := t.limiter.Wait(ctx); err != nil {
			release()
			return nil, err
		}
	}
	resp, err := t.next.RoundTrip(req)
	if err != nil {
		release()
		return nil, err
	}
	// The slot is held until the answer has been read.
	resp.Body = &releaseOnClose{ReadCloser: resp.Body, release: release}
	return resp, nil
}

type releaseOnClose struct {
	io.ReadCloser
	release func()
	done    bool
}

func (r *releaseOnClose) Close() error {
	err := r.ReadCloser.Close()
	if !r.done {
		r.done = true
		r.release()
	}
	return err
}
