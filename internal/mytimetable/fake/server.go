// Package fake is an in-memory MyTimetable provisioning API that follows the
// vendor's pages strictly: the `apiToken` header on every call, form-encoded
// input only, JSON output, and the documented status codes. Legacy switches
// the behaviours of the older API generation, and fault injection serves the
// retry tests.
package fake

import (
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/eduprov/terraform-provider-eduprov/internal/fakeutil"
)

// Types are the synchronization types this fake instance knows.
var Types = []string{"ews", "o365", "googlecalendar"}

// UnlinkModes are the accepted unlinkMode values.
var UnlinkModes = []string{"UNLINK_ONLY", "DELETE_FUTURE_EVENTS", "DELETE_ALL_EVENTS", "CLEANUP"}

// Synchronization is the server's record of one synchronization.
type Synchronization struct {
	ID          int64
	Type        string
	Username    string
	SMTPAddress string
	Description string
	Enabled     bool
	Status      string
	LastResync  time.Time
}

// Deletion records one synchronization deletion and its unlink mode.
type Deletion struct {
	ID         int64
	Username   string
	Type       string
	UnlinkMode string
}

// Fault is an injected failure; see fakeutil.Fault.
type Fault = fakeutil.Fault

// Server is the fake API. Mount Handler() at any prefix; the API answers
// below {prefix}/api/v0.
type Server struct {
	// Token is the accepted apiToken.
	Token string

	fakeutil.Recorder

	mu      sync.Mutex
	legacy  bool
	users   map[string]bool
	syncs   map[int64]*Synchronization
	nextID  int64
	deleted []Deletion
	now     func() time.Time
}

// New returns an empty server accepting token.
func New(token string) *Server {
	return &Server{
		Token:  token,
		users:  map[string]bool{},
		syncs:  map[int64]*Synchronization{},
		nextID: 1,
		now:    time.Now,
	}
}

// SetLegacy switches between the newer API (false: 200 with the object on
// create, 404 for a missing synchronization or user) and the older one (true:
// 204 on create, 422 for a missing synchronization, 204 for deleting a
// missing user, only id/username/type in GET /synchronizations).
func (s *Server) SetLegacy(legacy bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.legacy = legacy
}

// Users returns the usernames, sorted.
func (s *Server) Users() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]string, 0, len(s.users))
	for u := range s.users {
		out = append(out, u)
	}
	sort.Strings(out)
	return out
}

// AddUser creates a user out of band.
func (s *Server) AddUser(username string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.users[username] = true
}

// RemoveUser deletes a user and its synchronizations out of band.
func (s *Server) RemoveUser(username string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.deleteUser(username)
}

// Synchronizations returns copies of every synchronization, by id.
func (s *Server) Synchronizations() []Synchronization {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Synchronization, 0, len(s.syncs))
	for _, v := range s.syncs {
		out = append(out, *v)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// AddSynchronization creates a synchronization out of band and returns its id.
func (s *Server) AddSynchronization(username, syncType, smtp string) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.users[username] = true
	return s.createSync(username, syncType, smtp).ID
}

// RemoveSynchronization deletes a synchronization out of band.
func (s *Server) RemoveSynchronization(id int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.syncs, id)
}

// SetSynchronizationState changes a synchronization out of band, as an
// administrator disabling it in the web interface would.
func (s *Server) SetSynchronizationState(id int64, enabled bool, status string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if v, ok := s.syncs[id]; ok {
		v.Enabled, v.Status = enabled, status
	}
}

// Deletions returns every synchronization deletion seen through the API.
func (s *Server) Deletions() []Deletion {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.deleted)
}

// Handler serves the API below {mount}/api/v0.
func (s *Server) Handler() http.Handler {
	return http.HandlerFunc(s.serve)
}

type answer struct {
	status int
	body   any
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	i := strings.Index(r.URL.EscapedPath(), "/api/v0/")
	if i < 0 {
		s.Seen(r, "", "")
		writeJSON(w, http.StatusNotFound, errorBody("no such endpoint"))
		return
	}
	rawPath := r.URL.EscapedPath()[i+len("/api/v0"):]
	segs, ok := splitPath(rawPath)
	if !ok {
		s.Seen(r, "", "")
		writeJSON(w, http.StatusBadRequest, errorBody("malformed path"))
		return
	}
	fault := s.Seen(r, r.Method+" "+pattern(segs), "/"+strings.Join(segs, "/"))
	if fault != nil && !fault.AfterHandling {
		fakeutil.WriteFault(w, fault, errorBody(http.StatusText(fault.Status)))
		return
	}
	if r.Header.Get("apiToken") == "" {
		writeJSON(w, http.StatusUnauthorized, errorBody("missing apiToken header"))
		return
	}
	if r.Header.Get("apiToken") != s.Token {
		writeJSON(w, http.StatusForbidden, errorBody("invalid apiToken"))
		return
	}

	s.mu.Lock()
	a := s.route(r, segs)
	s.mu.Unlock()

	if fault != nil {
		fakeutil.WriteFault(w, fault, errorBody(http.StatusText(fault.Status)))
		return
	}
	writeJSON(w, a.status, a.body)
}

// route dispatches one authenticated request; s.mu is held.
func (s *Server) route(r *http.Request, segs []string) answer {
	switch {
	case len(segs) == 1 && segs[0] == "users":
		if r.Method == http.MethodGet {
			users := make([]string, 0, len(s.users))
			for u := range s.users {
				users = append(users, u)
			}
			sort.Strings(users)
			return answer{http.StatusOK, map[string]any{"users": users}}
		}
	case len(segs) == 2 && segs[0] == "users":
		switch r.Method {
		case http.MethodPut:
			s.users[segs[1]] = true
			return answer{status: http.StatusNoContent}
		case http.MethodDelete:
			if !s.users[segs[1]] && !s.legacy {
				return answer{http.StatusNotFound, errorBody("user not found")}
			}
			s.deleteUser(segs[1])
			return answer{status: http.StatusNoContent}
		}
	case len(segs) == 3 && segs[0] == "users" && segs[2] == "synchronizations":
		user := segs[1]
		switch r.Method {
		case http.MethodGet:
			if !s.users[user] {
				return answer{http.StatusNotFound, errorBody("user not found")}
			}
			return answer{http.StatusOK, map[string]any{"synchronizations": s.list(user, "", true)}}
		case http.MethodDelete:
			mode, bad := unlinkMode(r)
			if bad != nil {
				return *bad
			}
			for _, v := range s.byUser(user, "") {
				s.deleteSync(v, mode)
			}
			return answer{status: http.StatusNoContent}
		}
	case len(segs) == 4 && segs[0] == "users" && segs[2] == "synchronizations":
		if r.Method == http.MethodDelete {
			mode, bad := unlinkMode(r)
			if bad != nil {
				return *bad
			}
			if !slices.Contains(Types, segs[3]) {
				return answer{http.StatusUnprocessableEntity, errorBody("invalid synchronisation type")}
			}
			found := s.byUser(segs[1], segs[3])
			if len(found) == 0 {
				return answer{http.StatusNotFound, errorBody("no synchronizations found")}
			}
			for _, v := range found {
				s.deleteSync(v, mode)
			}
			return answer{status: http.StatusNoContent}
		}
	case len(segs) == 1 && segs[0] == "synchronizations":
		switch r.Method {
		case http.MethodGet:
			return answer{http.StatusOK, map[string]any{"synchronizations": s.list("", "", !s.legacy)}}
		case http.MethodPut:
			return s.putSynchronization(r)
		}
	case len(segs) == 2 && segs[0] == "synchronizations":
		if r.Method == http.MethodDelete {
			mode, bad := unlinkMode(r)
			if bad != nil {
				return *bad
			}
			id, err := strconv.ParseInt(segs[1], 10, 64)
			v, ok := s.syncs[id]
			if err != nil || !ok {
				if s.legacy {
					return answer{http.StatusUnprocessableEntity, errorBody("synchronization not found")}
				}
				return answer{http.StatusNotFound, errorBody("synchronization not found")}
			}
			s.deleteSync(v, mode)
			return answer{status: http.StatusNoContent}
		}
	default:
		return answer{http.StatusNotFound, errorBody("no such endpoint")}
	}
	return answer{http.StatusMethodNotAllowed, errorBody("method not allowed")}
}

func (s *Server) putSynchronization(r *http.Request) answer {
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "application/x-www-form-urlencoded" {
		return answer{http.StatusUnsupportedMediaType, errorBody("only form-encoded input is supported")}
	}
	if err := r.ParseForm(); err != nil {
		return answer{http.StatusBadRequest, errorBody("malformed form body")}
	}
	user, typ := r.PostForm.Get("username"), r.PostForm.Get("type")
	if user == "" || typ == "" {
		return answer{http.StatusBadRequest, errorBody("username and type are required")}
	}
	if !s.users[user] {
		return answer{http.StatusUnprocessableEntity, errorBody(fmt.Sprintf("user %q does not exist", user))}
	}
	if !slices.Contains(Types, typ) {
		return answer{http.StatusUnprocessableEntity, errorBody(fmt.Sprintf("unknown synchronization type %q", typ))}
	}
	v := s.createSync(user, typ, r.PostForm.Get("provisioning_smtpAddress"))
	if s.legacy {
		return answer{status: http.StatusNoContent}
	}
	return answer{http.StatusOK, map[string]any{"synchronization": toJSON(v, true)}}
}

func (s *Server) createSync(user, typ, smtp string) *Synchronization {
	desc := smtp
	if desc == "" {
		desc = user
	}
	v := &Synchronization{
		ID: s.nextID, Type: typ, Username: user, SMTPAddress: smtp, Description: desc,
		Enabled: true, Status: "OK", LastResync: s.now().UTC().Truncate(time.Millisecond),
	}
	s.nextID++
	s.syncs[v.ID] = v
	return v
}

func (s *Server) deleteSync(v *Synchronization, mode string) {
	s.deleted = append(s.deleted, Deletion{ID: v.ID, Username: v.Username, Type: v.Type, UnlinkMode: mode})
	delete(s.syncs, v.ID)
}

func (s *Server) deleteUser(user string) {
	delete(s.users, user)
	for id, v := range s.syncs {
		if v.Username == user {
			delete(s.syncs, id)
		}
	}
}

func (s *Server) byUser(user, typ string) []*Synchronization {
	var out []*Synchronization
	for _, v := range s.syncs {
		if v.Username == user && (typ == "" || v.Type == typ) {
			out = append(out, v)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

func (s *Server) list(user, typ string, full bool) []map[string]any {
	var src []*Synchronization
	if user != "" {
		src = s.byUser(user, typ)
	} else {
		for _, v := range s.syncs {
			src = append(src, v)
		}
		sort.Slice(src, func(i, j int) bool { return src[i].ID < src[j].ID })
	}
	out := make([]map[string]any, 0, len(src))
	for _, v := range src {
		out = append(out, toJSON(v, full))
	}
	return out
}

func toJSON(v *Synchronization, full bool) map[string]any {
	m := map[string]any{"id": v.ID, "type": v.Type, "username": v.Username}
	if full {
		m["description"] = v.Description
		m["enabled"] = v.Enabled
		m["status"] = v.Status
		m["lastResync"] = v.LastResync.UnixMilli()
	}
	return m
}

func unlinkMode(r *http.Request) (string, *answer) {
	mode := r.URL.Query().Get("unlinkMode")
	if !slices.Contains(UnlinkModes, mode) {
		return "", &answer{http.StatusBadRequest, errorBody("unlinkMode is required: one of " + strings.Join(UnlinkModes, ", "))}
	}
	return mode, nil
}

// splitPath splits an escaped path into unescaped segments, refusing empty,
// "." and ".." segments the way a strict server would.
func splitPath(raw string) ([]string, bool) {
	raw = strings.TrimPrefix(raw, "/")
	if raw == "" {
		return nil, false
	}
	parts := strings.Split(raw, "/")
	for i, p := range parts {
		u, err := url.PathUnescape(p)
		if err != nil || u == "" || u == "." || u == ".." {
			return nil, false
		}
		parts[i] = u
	}
	return parts, true
}

func pattern(segs []string) string {
	out := make([]string, len(segs))
	for i, s := range segs {
		switch {
		case i == 1 && segs[0] == "users":
			out[i] = "{username}"
		case i == 1 && segs[0] == "synchronizations":
			out[i] = "{id}"
		case i == 3 && segs[0] == "users":
			out[i] = "{type}"
		default:
			out[i] = s
		}
	}
	return "/" + strings.Join(out, "/")
}

func errorBody(msg string) map[string]any { return map[string]any{"message": msg} }

func writeJSON(w http.ResponseWriter, status int, body any) { fakeutil.WriteJSON(w, status, body) }
