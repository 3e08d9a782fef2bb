// Package fakeapi serves every product's fake API from one HTTP server, each
// under its own prefix, for `make demo`, `make fake` and manual testing.
package fakeapi

import (
	"context"
	"errors"
	"net"
	"net/http"
	"time"

	mttfake "github.com/eduprov/terraform-provider-eduprov/internal/mytimetable/fake"
)

// Prefixes under which each fake is mounted.
const (
	MyTimetablePrefix = "/mytimetable"
)

// Options configures the fakes.
type Options struct {
	MyTimetableToken  string
	MyTimetableLegacy bool
}

// Server is a running set of fakes.
type Server struct {
	// BaseURL is http://host:port.
	BaseURL     string
	MyTimetable *mttfake.Server
	http        *http.Server
	listener    net.Listener
	done        chan error
}

// Start listens on addr (such as "127.0.0.1:8089", or port 0 for any) and
// serves the fakes in the background.
func Start(addr string, opts Options) (*Server, error) {
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	mtt := mttfake.New(opts.MyTimetableToken)
	mtt.SetLegacy(opts.MyTimetableLegacy)
	mux := http.NewServeMux()
	mux.Handle(MyTimetablePrefix+"/", mtt.Handler())
	s := &Server{
		BaseURL:     "http://" + l.Addr().String(),
		MyTimetable: mtt,
		http:        &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second},
		listener:    l,
		done:        make(chan error, 1),
	}
	go func() {
		err := s.http.Serve(l)
		if errors.Is(err, http.ErrServerClosed) {
			err = nil
		}
		s.done <- err
	}()
	return s, nil
}

// MyTimetableURL is the value for the mytimetable provider's url.
func (s *Server) MyTimetableURL() string { return s.BaseURL + MyTimetablePrefix }

// Wait blocks until the server stops.
func (s *Server) Wait() error { return <-s.done }

// Close stops the server.
func (s *Server) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return s.http.Shutdown(ctx)
}
