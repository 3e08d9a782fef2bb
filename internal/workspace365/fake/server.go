// Package fake is an in-memory Workspace365 provisioning API that follows
// the vendor's page strictly: the ProvisioningKey header (403 without it),
// JSON bodies (500 for a bad data object), trailing slashes, 400 with an
// array of validation results, 404 for an unknown user or environment, and
// 411 when Activate/Deactivate lack "Content-Length: 0". It has no GET of a
// user, like the real API.
package fake

import (
	"encoding/json"
	"mime"
	"net/http"
	"net/mail"
	"net/url"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/eduprov/terraform-provider-eduprov/internal/fakeutil"
)

// Fault is an injected failure; see fakeutil.Fault.
type Fault = fakeutil.Fault

// User is the server's record of one user.
type User struct {
	ID                int64
	EmailAddress      string
	FirstName         string
	LastName          string
	IsAdministrator   bool
	Password          string
	CreateInOffice365 bool
	Active            bool
	// PasswordSets counts how often a password was set (create included).
	PasswordSets int
}

// Server is the fake API. Mount Handler() at any prefix: requests are
// {prefix}/{environment}/User/....
type Server struct {
	// Key is the accepted provisioning key.
	Key string
	fakeutil.Recorder

	mu     sync.Mutex
	envs   map[string]map[string]*User // environment -> lower-cased address -> user
	nextID int64
}

// New returns a server accepting key, with the named environments.
func New(key string, environments ...string) *Server {
	s := &Server{Key: key, envs: map[string]map[string]*User{}, nextID: 100}
	for _, e := range environments {
		s.envs[e] = map[string]*User{}
	}
	return s
}

// Users returns copies of an environment's users, by address.
func (s *Server) Users(env string) []User {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []User
	for _, u := range s.envs[env] {
		out = append(out, *u)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].EmailAddress < out[j].EmailAddress })
	return out
}

// User returns a copy of one user.
func (s *Server) User(env, email string) (User, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	u, ok := s.envs[env][strings.ToLower(email)]
	if !ok {
		return User{}, false
	}
	return *u, true
}

// AddUser creates a user out of band and returns its id.
func (s *Server) AddUser(env string, u User) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	u.ID = s.nextID
	s.nextID++
	s.envs[env][strings.ToLower(u.EmailAddress)] = &u
	return u.ID
}

// RemoveUser deletes a user out of band, as an administrator in the portal.
func (s *Server) RemoveUser(env, email string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.envs[env], strings.ToLower(email))
}

// Handler serves the API.
func (s *Server) Handler() http.Handler { return http.HandlerFunc(s.serve) }

// body is what create and update accept.
type body struct {
	EmailAddress      *string `json:"EmailAddress"`
	FirstName         *string `json:"FirstName"`
	LastName          *string `json:"LastName"`
	IsAdministrator   *bool   `json:"IsAdministrator"`
	Password          *string `json:"Password"`
	CreateInOffice365 *bool   `json:"CreateInOffice365"`
}

type result struct {
	MemberNames  []string `json:"MemberNames"`
	ErrorMessage string   `json:"ErrorMessage"`
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	// {prefix}/{env}/User/[{email}/][action/]: find "User" from the end.
	segs := strings.Split(r.URL.EscapedPath(), "/")
	if len(segs) < 4 || segs[len(segs)-1] != "" {
		s.Seen(r, "", "")
		fakeutil.WriteJSON(w, http.StatusNotFound, "Resource is not found")
		return
	}
	segs = segs[:len(segs)-1] // trailing slash
	ui := -1
	for i := len(segs) - 1; i >= 1 && i >= len(segs)-3; i-- {
		if segs[i] == "User" {
			ui = i
			break
		}
	}
	if ui < 1 {
		s.Seen(r, "", "")
		fakeutil.WriteJSON(w, http.StatusNotFound, "Resource is not found")
		return
	}
	env, err := url.PathUnescape(segs[ui-1])
	rest := make([]string, 0, 2)
	for _, p := range segs[ui+1:] {
		u, uerr := url.PathUnescape(p)
		if uerr != nil {
			err = uerr
		}
		rest = append(rest, u)
	}
	key := r.Method + " /{env}/User/"
	switch {
	case len(rest) == 1 && rest[0] == "Validate":
		key += "Validate/"
	case len(rest) == 1:
		key += "{email}/"
	case len(rest) == 2:
		key += "{email}/" + rest[1] + "/"
	}
	fault := s.Seen(r, key, "/"+strings.Join(append([]string{env, "User"}, rest...), "/")+"/")
	if fault != nil && !fault.AfterHandling {
		fakeutil.WriteFault(w, fault, http.StatusText(fault.Status))
		return
	}
	if k := r.Header.Get("ProvisioningKey"); k == "" || k != s.Key {
		fakeutil.WriteJSON(w, http.StatusForbidden, "The Provisioning Key in the header does not match the configured value")
		return
	}
	if err != nil {
		fakeutil.WriteJSON(w, http.StatusNotFound, "Resource is not found")
		return
	}

	s.mu.Lock()
	status, out := s.route(r, env, rest)
	s.mu.Unlock()
	if fault != nil {
		fakeutil.WriteFault(w, fault, http.StatusText(fault.Status))
		return
	}
	fakeutil.WriteJSON(w, status, out)
}

// route handles one authenticated request; s.mu is held.
func (s *Server) route(r *http.Request, env string, rest []string) (int, any) {
	users, ok := s.envs[env]
	if !ok {
		return http.StatusNotFound, "Resource is not found"
	}
	switch {
	case len(rest) == 0 && r.Method == http.MethodPost:
		b, bad := readBody(r)
		if bad {
			return http.StatusInternalServerError, "An error has occurred: incorrect data object"
		}
		if res := validate(users, b, nil, true); len(res) > 0 {
			return http.StatusBadRequest, res
		}
		u := &User{ID: s.nextID, Active: true}
		s.nextID++
		apply(u, b)
		if b.CreateInOffice365 != nil {
			u.CreateInOffice365 = *b.CreateInOffice365
		}
		users[strings.ToLower(u.EmailAddress)] = u
		return http.StatusOK, u.ID
	case len(rest) == 1 && rest[0] == "Validate" && r.Method == http.MethodPost:
		b, bad := readBody(r)
		if bad {
			return http.StatusInternalServerError, "An error has occurred: incorrect data object"
		}
		if res := validate(users, b, nil, true); len(res) > 0 {
			return http.StatusBadRequest, res
		}
		return http.StatusOK, nil
	case len(rest) >= 1 && len(rest) <= 2 && r.Method == http.MethodPut:
		u, ok := users[strings.ToLower(rest[0])]
		if !ok {
			return http.StatusNotFound, "Resource is not found"
		}
		action := ""
		if len(rest) == 2 {
			action = rest[1]
		}
		switch action {
		case "Activate", "Deactivate":
			if cl := r.Header.Values("Content-Length"); len(cl) != 1 || cl[0] != "0" || r.ContentLength != 0 {
				return http.StatusLengthRequired, `The header "Content-Length: 0" is missing`
			}
			u.Active = action == "Activate"
			return http.StatusOK, nil
		case "", "Validate":
			b, bad := readBody(r)
			if bad {
				return http.StatusInternalServerError, "An error has occurred: incorrect data object"
			}
			if res := validate(users, b, u, false); len(res) > 0 {
				return http.StatusBadRequest, res
			}
			if action == "Validate" {
				return http.StatusOK, nil
			}
			delete(users, strings.ToLower(u.EmailAddress))
			apply(u, b)
			users[strings.ToLower(u.EmailAddress)] = u
			return http.StatusOK, nil
		}
	case len(rest) == 1 && r.Method == http.MethodDelete:
		if _, ok := users[strings.ToLower(rest[0])]; !ok {
			return http.StatusNotFound, "Resource is not found"
		}
		delete(users, strings.ToLower(rest[0]))
		return http.StatusOK, nil
	}
	return http.StatusNotFound, "Resource is not found"
}

func readBody(r *http.Request) (body, bool) {
	var b body
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "application/json" {
		return b, true
	}
	if err := json.NewDecoder(r.Body).Decode(&b); err != nil {
		return b, true
	}
	return b, false
}

func apply(u *User, b body) {
	u.EmailAddress = *b.EmailAddress
	u.FirstName = *b.FirstName
	u.LastName = *b.LastName
	if b.IsAdministrator != nil {
		u.IsAdministrator = *b.IsAdministrator
	}
	if b.Password != nil {
		u.Password = *b.Password
		u.PasswordSets++
	}
}

// validate applies the portal's rules; self is the user being updated.
func validate(users map[string]*User, b body, self *User, create bool) []result {
	var out []result
	add := func(member, msg string) { out = append(out, result{MemberNames: []string{member}, ErrorMessage: msg}) }
	switch {
	case b.EmailAddress == nil || *b.EmailAddress == "":
		add("EmailAddress", "The EmailAddress field is required.")
	default:
		a, err := mail.ParseAddress(*b.EmailAddress)
		if err != nil || a.Address != *b.EmailAddress || !strings.Contains(a.Address[strings.Index(a.Address, "@"):], ".") {
			add("EmailAddress", "The EmailAddress field is not a valid e-mail address.")
		} else if other, taken := users[strings.ToLower(*b.EmailAddress)]; taken && other != self {
			add("EmailAddress", "A user with this email address already exists.")
		}
	}
	for _, f := range []struct {
		name string
		v    *string
	}{{"FirstName", b.FirstName}, {"LastName", b.LastName}} {
		switch {
		case f.v == nil || strings.TrimSpace(*f.v) == "":
			add(f.name, "The "+f.name+" field is required.")
		case utf8.RuneCountInString(*f.v) > 64:
			add(f.name, "The field "+f.name+" must be a string with a maximum length of 64.")
		}
	}
	if b.Password != nil && utf8.RuneCountInString(*b.Password) < 5 {
		add("Password", "The Password must be at least 5 characters long.")
	}
	if !create && b.CreateInOffice365 != nil {
		add("CreateInOffice365", "CreateInOffice365 can only be set when creating a user.")
	}
	return out
}
