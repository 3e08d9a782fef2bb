// Package fakeapi serves every product's fake API from one HTTP server, each
// under its own prefix, for `make demo`, `make fake` and manual testing.
package fakeapi

import (
	"context"
	"errors"
	"net"
	"net/http"
	"time"

	gromfake "github.com/eduprov/terraform-provider-eduprov/internal/grommunio/fake"
	mttfake "github.com/eduprov/terraform-provider-eduprov/internal/mytimetable/fake"
	w365fake "github.com/eduprov/terraform-provider-eduprov/internal/workspace365/fake"
)

// Prefixes under which each fake is mounted.
const (
	MyTimetablePrefix  = "/mytimetable"
	Workspace365Prefix = "/workspace365/Provisioning"
	GrommunioPrefix    = "/grommunio/api/v1"
)

// Options configures the fakes.
type Options struct {
	MyTimetableToken  string
	MyTimetableLegacy bool
	// Workspace365Key is the accepted provisioning key; the fake has the
	// environments listed in Workspace365Environments.
	Workspace365Key          string
	Workspace365Environments []string
	// GrommunioAdmin and GrommunioPassword may log in to the grommunio
	// fake, which has the domains in GrommunioDomains.
	GrommunioAdmin, GrommunioPassword string
	GrommunioDomains                  []string
}

// Server is a running set of fakes.
type Server struct {
	// BaseURL is http://host:port.
	BaseURL      string
	MyTimetable  *mttfake.Server
	Workspace365 *w365fake.Server
	Grommunio    *gromfake.Server
	http         *http.Server
	listener     net.Listener
	done         chan error
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
	w365 := w365fake.New(opts.Workspace365Key, opts.Workspace365Environments...)
	grom := gromfake.New(map[string]gromfake.Admin{opts.GrommunioAdmin: {Password: opts.GrommunioPassword, CanWrite: true}})
	for _, d := range opts.GrommunioDomains {
		grom.AddDomain(d)
	}
	mux := http.NewServeMux()
	mux.Handle(MyTimetablePrefix+"/", mtt.Handler())
	mux.Handle(Workspace365Prefix+"/", w365.Handler())
	mux.Handle(GrommunioPrefix+"/", grom.Handler())
	s := &Server{
		BaseURL:      "http://" + l.Addr().String(),
		MyTimetable:  mtt,
		Workspace365: w365,
		Grommunio:    grom,
		http:         &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second},
		listener:     l,
		done:         make(chan error, 1),
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

// Workspace365URL is the value for the workspace365 provider's url.
func (s *Server) Workspace365URL() string { return s.BaseURL + Workspace365Prefix }

// GrommunioURL is the value for the grommunio provider's url.
func (s *Server) GrommunioURL() string { return s.BaseURL + GrommunioPrefix }

// Wait blocks until the server stops.
func (s *Server) Wait() error { return <-s.done }

// Close stops the server.
func (s *Server) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return s.http.Shutdown(ctx)
}
