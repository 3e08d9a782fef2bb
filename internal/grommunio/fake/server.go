// Package fake is an in-memory grommunio admin API (/api/v1) that follows
// what is known of the real one: POST /login (form) answering the JWT and
// CSRF token; the grommunioAuthJwt cookie on every call and X-Csrf-Token on
// writes, else 401 "Access denied"; JSON bodies only with
// Content-Type: application/json; lists as {"count", "data"} with limit
// (default 50), offset and level; 403 for a missing permission; and the
// quirks: an invalid delegate address answers 200 with a message and writes
// nothing, unknown store-access usernames are dropped silently, and a read
// merges live store properties into "properties".
package fake

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"mime"
	"net/http"
	"net/mail"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/eduprov/terraform-provider-eduprov/internal/fakeutil"
)

// Fault is an injected failure; see fakeutil.Fault.
type Fault = fakeutil.Fault

// Admin is an account that may log in. DomainAdmin false means it may not
// write users (every write answers 403).
type Admin struct {
	Password  string
	CanWrite  bool
	SystemAdm bool
}

// User is the server's record of one user.
type User struct {
	ID           int64
	Username     string
	DomainID     int64
	Status       int
	Lang         string
	Aliases      []string
	Properties   map[string]any
	Flags        map[string]bool
	Password     string
	PasswordSets int
	Delegates    []string
	SendAs       []string
	StoreAccess  []string
	OOF          map[string]any
	Devices      []map[string]any
	// DeletedWithFiles records the deleteFiles of the DELETE that removed it.
	DeletedWithFiles string
}

// Privileges are the flag keys of a user.
var Privileges = []string{
	"pop3_imap", "smtp", "changePassword", "publicAddress", "privChat", "privVideo",
	"privFiles", "privArchive", "privWeb", "privEas", "privDav",
}

// Server is the fake API. Mount Handler() at any prefix; it serves below
// {prefix}/api/v1.
type Server struct {
	fakeutil.Recorder

	mu       sync.Mutex
	admins   map[string]Admin
	sessions map[string]session // jwt -> session
	issued   []string           // every JWT and CSRF token handed out
	logins   int
	domains  map[int64]string
	users    map[int64]*User
	deleted  []User
	nextID   int64
}

type session struct {
	admin, csrf string
}

// New returns a server with the given admins and no domains.
func New(admins map[string]Admin) *Server {
	return &Server{admins: admins, sessions: map[string]session{}, domains: map[int64]string{}, users: map[int64]*User{}, nextID: 1}
}

// AddDomain adds a domain and returns its id.
func (s *Server) AddDomain(name string) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	id := int64(len(s.domains) + 1)
	s.domains[id] = name
	return id
}

// AddUser creates a user out of band and returns its id.
func (s *Server) AddUser(u User) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	u.ID = s.nextID
	s.nextID++
	if u.Properties == nil {
		u.Properties = map[string]any{}
	}
	if u.Flags == nil {
		u.Flags = defaultFlags()
	}
	s.users[u.ID] = &u
	return u.ID
}

// AddDevice gives a user a synced device.
func (s *Server) AddDevice(userID int64, d map[string]any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.users[userID].Devices = append(s.users[userID].Devices, d)
}

// User returns a copy of a user by username.
func (s *Server) User(username string) (User, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, u := range s.users {
		if strings.EqualFold(u.Username, username) {
			return clone(u), true
		}
	}
	return User{}, false
}

// Users returns copies of every user, by id.
func (s *Server) Users() []User {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]User, 0, len(s.users))
	for _, u := range s.users {
		out = append(out, clone(u))
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// Deleted returns the users deleted through the API.
func (s *Server) Deleted() []User {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]User{}, s.deleted...)
}

// ChangeUser changes a user out of band, as an administrator in the admin UI.
func (s *Server) ChangeUser(username string, f func(*User)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, u := range s.users {
		if strings.EqualFold(u.Username, username) {
			f(u)
		}
	}
}

// RemoveUser deletes a user out of band.
func (s *Server) RemoveUser(username string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for id, u := range s.users {
		if strings.EqualFold(u.Username, username) {
			delete(s.users, id)
		}
	}
}

// ExpireSessions ends every session, as a token expiry would.
func (s *Server) ExpireSessions() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sessions = map[string]session{}
}

// IssuedTokens returns every session and CSRF token handed out.
func (s *Server) IssuedTokens() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string{}, s.issued...)
}

// Logins counts successful logins.
func (s *Server) Logins() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.logins
}

// Handler serves the API.
func (s *Server) Handler() http.Handler { return http.HandlerFunc(s.serve) }

func clone(u *User) User {
	c := *u
	c.Properties = map[string]any{}
	for k, v := range u.Properties {
		c.Properties[k] = v
	}
	c.Flags = map[string]bool{}
	for k, v := range u.Flags {
		c.Flags[k] = v
	}
	c.Aliases = append([]string{}, u.Aliases...)
	c.Delegates = append([]string{}, u.Delegates...)
	c.SendAs = append([]string{}, u.SendAs...)
	c.StoreAccess = append([]string{}, u.StoreAccess...)
	return c
}

func defaultFlags() map[string]bool {
	f := map[string]bool{}
	for _, p := range Privileges {
		f[p] = true
	}
	f["privArchive"] = false
	return f
}

func msg(m string) map[string]any { return map[string]any{"message": m} }

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	i := strings.Index(r.URL.Path, "/api/v1/")
	if i < 0 {
		s.Seen(r, "", "")
		fakeutil.WriteJSON(w, http.StatusNotFound, msg("Not found"))
		return
	}
	p := r.URL.Path[i+len("/api/v1"):]
	segs := strings.Split(strings.Trim(p, "/"), "/")
	key := r.Method + " " + pattern(segs)
	fault := s.Seen(r, key, p)
	if fault != nil && !fault.AfterHandling {
		fakeutil.WriteFault(w, fault, msg(http.StatusText(fault.Status)))
		return
	}
	status, body := s.handle(r, segs)
	if fault != nil {
		fakeutil.WriteFault(w, fault, msg(http.StatusText(fault.Status)))
		return
	}
	fakeutil.WriteJSON(w, status, body)
}

func pattern(segs []string) string {
	out := make([]string, len(segs))
	for i, s := range segs {
		if _, err := strconv.Atoi(s); err == nil {
			out[i] = "{id}"
		} else if i == 5 && segs[4] == "storeAccess" {
			out[i] = "{username}"
		} else {
			out[i] = s
		}
	}
	return "/" + strings.Join(out, "/")
}

func (s *Server) handle(r *http.Request, segs []string) (int, any) {
	if len(segs) == 1 && segs[0] == "login" && r.Method == http.MethodPost {
		return s.login(r)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c, err := r.Cookie("grommunioAuthJwt")
	if err != nil {
		return http.StatusUnauthorized, msg("Access denied")
	}
	sess, ok := s.sessions[c.Value]
	if !ok || r.Method != http.MethodGet && r.Header.Get("X-Csrf-Token") != sess.csrf {
		return http.StatusUnauthorized, msg("Access denied")
	}
	admin := s.admins[sess.admin]
	if r.Method != http.MethodGet && !admin.CanWrite {
		return http.StatusForbidden, msg("Access denied: missing permission DomainAdmin")
	}
	switch {
	case len(segs) == 1 && segs[0] == "domains" && r.Method == http.MethodGet:
		return s.listDomains(r, r.URL.Query().Get("domainname"))
	case len(segs) == 2 && segs[0] == "system" && segs[1] == "domains" && r.Method == http.MethodGet:
		if !admin.SystemAdm {
			return http.StatusForbidden, msg("Access denied: missing permission SystemAdmin")
		}
		return s.listDomains(r, "")
	case len(segs) >= 3 && segs[0] == "domains" && segs[2] == "users":
		domainID, err := strconv.ParseInt(segs[1], 10, 64)
		if _, ok := s.domains[domainID]; err != nil || !ok {
			return http.StatusNotFound, msg("Domain not found")
		}
		return s.handleUsers(r, domainID, segs[3:])
	}
	return http.StatusNotFound, msg("Not found")
}

func (s *Server) login(r *http.Request) (int, any) {
	if err := r.ParseForm(); err != nil || r.PostForm.Get("user") == "" || r.PostForm.Get("pass") == "" {
		return http.StatusBadRequest, msg("Incomplete login form")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	a, ok := s.admins[r.PostForm.Get("user")]
	if !ok || a.Password != r.PostForm.Get("pass") {
		return http.StatusUnauthorized, msg("Login failed")
	}
	jwt, csrf := token(), token()
	s.sessions[jwt] = session{admin: r.PostForm.Get("user"), csrf: csrf}
	s.issued = append(s.issued, jwt, csrf)
	s.logins++
	return http.StatusOK, map[string]any{"grommunioAuthJwt": jwt, "csrf": csrf}
}

func token() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

func page[T any](r *http.Request, items []T) (int, any) {
	limit, offset := 50, 0
	if v, err := strconv.Atoi(r.URL.Query().Get("limit")); err == nil && v >= 0 {
		limit = v
	}
	if v, err := strconv.Atoi(r.URL.Query().Get("offset")); err == nil && v >= 0 {
		offset = v
	}
	total := len(items)
	if offset > total {
		offset = total
	}
	end := offset + limit
	if limit == 0 || end > total {
		end = total
	}
	return http.StatusOK, map[string]any{"count": total, "data": items[offset:end]}
}

func (s *Server) listDomains(r *http.Request, name string) (int, any) {
	ids := make([]int64, 0, len(s.domains))
	for id := range s.domains {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	var out []map[string]any
	for _, id := range ids {
		if name != "" && s.domains[id] != name {
			continue
		}
		out = append(out, map[string]any{"ID": id, "domainname": s.domains[id], "displayname": s.domains[id]})
	}
	return page(r, out)
}

func (s *Server) userJSON(u *User, level int) map[string]any {
	m := map[string]any{"ID": u.ID, "username": u.Username}
	if level >= 1 {
		m["domainID"], m["ldapID"], m["status"] = u.DomainID, nil, u.Status
	}
	if level >= 2 {
		m["lang"] = u.Lang
		for _, f := range Privileges {
			m[f] = u.Flags[f]
		}
		aliases := u.Aliases
		if aliases == nil {
			aliases = []string{}
		}
		m["aliases"], m["altnames"], m["fetchmail"], m["roles"] = aliases, []any{}, []any{}, []any{}
		props := map[string]any{"creationtime": "2026-09-01 08:00:00"} // live store property
		for k, v := range u.Properties {
			props[k] = v
		}
		m["properties"] = props
		m["forward"], m["chat"], m["chatAdmin"], m["orgID"], m["homeserver"] = nil, false, false, 0, 1
	}
	return m
}

func readJSON(r *http.Request, out any) bool {
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "application/json" {
		return false
	}
	return json.NewDecoder(r.Body).Decode(out) == nil
}

func badRequest(m string) (int, any) {
	return http.StatusBadRequest, map[string]any{"message": "Bad Request", "errors": []string{m}}
}

var userKeys = map[string]bool{"username": true, "password": true, "status": true, "lang": true, "aliases": true, "properties": true}

func init() {
	for _, f := range Privileges {
		userKeys[f] = true
	}
}

func (s *Server) handleUsers(r *http.Request, domainID int64, rest []string) (int, any) {
	if len(rest) == 0 {
		switch r.Method {
		case http.MethodGet:
			level, _ := strconv.Atoi(r.URL.Query().Get("level"))
			filter := r.URL.Query().Get("username")
			var ids []int64
			for id, u := range s.users {
				if u.DomainID == domainID && (filter == "" || u.Username == filter) {
					ids = append(ids, id)
				}
			}
			sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
			out := make([]map[string]any, 0, len(ids))
			for _, id := range ids {
				out = append(out, s.userJSON(s.users[id], level))
			}
			return page(r, out)
		case http.MethodPost:
			return s.createUser(r, domainID)
		}
		return http.StatusMethodNotAllowed, msg("Method not allowed")
	}
	userID, err := strconv.ParseInt(rest[0], 10, 64)
	u, ok := s.users[userID]
	if err != nil || !ok || u.DomainID != domainID {
		return http.StatusNotFound, msg(fmt.Sprintf("User #%s not found", rest[0]))
	}
	if len(rest) == 1 {
		switch r.Method {
		case http.MethodGet:
			return http.StatusOK, s.userJSON(u, 2)
		case http.MethodPatch:
			return s.patchUser(r, u)
		case http.MethodDelete:
			q := r.URL.Query()
			for _, k := range []string{"deleteFiles", "deleteChatUser"} {
				if v := q.Get(k); v != "" && v != "true" && v != "false" {
					return badRequest(k + " must be true or false")
				}
			}
			u.DeletedWithFiles = q.Get("deleteFiles")
			s.deleted = append(s.deleted, clone(u))
			delete(s.users, userID)
			return http.StatusOK, msg("Success")
		}
		return http.StatusMethodNotAllowed, msg("Method not allowed")
	}
	switch rest[1] {
	case "password":
		var b struct {
			New *string `json:"new"`
		}
		if r.Method != http.MethodPut || !readJSON(r, &b) || b.New == nil || *b.New == "" {
			return badRequest("'new' is required")
		}
		u.Password = *b.New
		u.PasswordSets++
		return http.StatusOK, msg("Success")
	case "delegates", "sendas":
		list := &u.Delegates
		if rest[1] == "sendas" {
			list = &u.SendAs
		}
		switch r.Method {
		case http.MethodGet:
			return http.StatusOK, map[string]any{"data": append([]string{}, *list...)}
		case http.MethodPut:
			var addrs []string
			if !readJSON(r, &addrs) {
				return badRequest("body must be a JSON array of addresses")
			}
			for _, a := range addrs {
				if _, err := mail.ParseAddress(a); err != nil || !strings.Contains(a, "@") {
					return http.StatusOK, msg(fmt.Sprintf("Invalid e-mail address '%s'", a))
				}
			}
			*list = addrs
			return http.StatusOK, msg("Success")
		}
	case "storeAccess":
		return s.storeAccess(r, u, rest[2:])
	case "oof":
		switch r.Method {
		case http.MethodGet:
			if u.OOF == nil {
				return http.StatusOK, map[string]any{"state": 0, "externalAudience": 0, "startTime": nil, "endTime": nil,
					"internalSubject": nil, "internalReply": nil, "externalSubject": nil, "externalReply": nil}
			}
			return http.StatusOK, u.OOF
		case http.MethodPut:
			var o map[string]any
			if !readJSON(r, &o) {
				return badRequest("body must be JSON")
			}
			for _, k := range []string{"startTime", "endTime"} {
				if v, ok := o[k].(string); ok && !validTime(v) {
					return badRequest(k + " must be YYYY-MM-DD HH:MM:SS")
				}
			}
			u.OOF = o
			return http.StatusOK, msg("Success")
		}
	case "sync":
		if r.Method == http.MethodGet {
			d := u.Devices
			if d == nil {
				d = []map[string]any{}
			}
			return http.StatusOK, map[string]any{"data": d}
		}
	}
	return http.StatusNotFound, msg("Not found")
}

func validTime(v string) bool {
	if len(v) != 19 || v[4] != '-' || v[7] != '-' || v[10] != ' ' || v[13] != ':' || v[16] != ':' {
		return false
	}
	return true
}

func (s *Server) createUser(r *http.Request, domainID int64) (int, any) {
	var b map[string]any
	if !readJSON(r, &b) {
		return badRequest("request body is missing")
	}
	for k := range b {
		if !userKeys[k] {
			return badRequest(fmt.Sprintf("Unknown attribute '%s'", k))
		}
	}
	name, _ := b["username"].(string)
	if name == "" {
		return badRequest("'username' is required")
	}
	if !strings.Contains(name, "@") {
		name += "@" + s.domains[domainID]
	}
	if !strings.HasSuffix(strings.ToLower(name), "@"+s.domains[domainID]) {
		return badRequest("username does not belong to the domain")
	}
	for _, u := range s.users {
		if strings.EqualFold(u.Username, name) {
			return badRequest("User already exists")
		}
	}
	u := &User{ID: s.nextID, Username: name, DomainID: domainID, Properties: map[string]any{}, Flags: defaultFlags()}
	if pw, ok := b["password"].(string); ok {
		u.Password = pw
		u.PasswordSets++
	}
	if code, ok := apply(u, b); !ok {
		return badRequest(code)
	}
	s.nextID++
	s.users[u.ID] = u
	return http.StatusCreated, s.userJSON(u, 2)
}

func (s *Server) patchUser(r *http.Request, u *User) (int, any) {
	var b map[string]any
	if !readJSON(r, &b) {
		return badRequest("request body is missing")
	}
	if _, ok := b["password"]; ok {
		return badRequest("password cannot be changed with PATCH; use PUT .../password")
	}
	for k := range b {
		if !userKeys[k] || k == "username" {
			return badRequest(fmt.Sprintf("Unknown attribute '%s'", k))
		}
	}
	c := clone(u)
	if code, ok := apply(&c, b); !ok {
		return badRequest(code)
	}
	*u = c
	return http.StatusOK, s.userJSON(u, 2)
}

// apply writes a create/PATCH body onto u: properties merge key by key (null
// deletes), aliases replace wholesale.
func apply(u *User, b map[string]any) (string, bool) {
	for k, v := range b {
		switch k {
		case "status":
			f, ok := v.(float64)
			if !ok || (f != 0 && f != 1 && f != 4 && f != 5) {
				return "status must be 0, 1, 4 or 5", false
			}
			u.Status = int(f)
		case "lang":
			str, ok := v.(string)
			if !ok {
				return "lang must be a string", false
			}
			u.Lang = str
		case "aliases":
			arr, ok := v.([]any)
			if !ok {
				return "aliases must be an array", false
			}
			u.Aliases = nil
			for _, a := range arr {
				str, ok := a.(string)
				if !ok || !strings.Contains(str, "@") {
					return fmt.Sprintf("invalid alias %v", a), false
				}
				u.Aliases = append(u.Aliases, str)
			}
		case "properties":
			props, ok := v.(map[string]any)
			if !ok {
				return "properties must be an object", false
			}
			for pk, pv := range props {
				if pk != strings.ToLower(pk) {
					return fmt.Sprintf("unknown property '%s'", pk), false
				}
				if pv == nil {
					delete(u.Properties, pk)
				} else {
					u.Properties[pk] = pv
				}
			}
		default:
			for _, f := range Privileges {
				if k == f {
					bv, ok := v.(bool)
					if !ok {
						return k + " must be a boolean", false
					}
					u.Flags[k] = bv
				}
			}
		}
	}
	return "", true
}

func (s *Server) storeAccess(r *http.Request, u *User, rest []string) (int, any) {
	exists := func(name string) bool {
		for _, o := range s.users {
			if strings.EqualFold(o.Username, name) {
				return true
			}
		}
		return false
	}
	switch {
	case len(rest) == 0 && r.Method == http.MethodGet:
		out := make([]map[string]any, 0, len(u.StoreAccess))
		for _, name := range u.StoreAccess {
			var id int64
			for _, o := range s.users {
				if strings.EqualFold(o.Username, name) {
					id = o.ID
				}
			}
			out = append(out, map[string]any{"ID": id, "displayName": name, "username": name})
		}
		return http.StatusOK, map[string]any{"data": out}
	case len(rest) == 0 && r.Method == http.MethodPut:
		var b struct {
			Usernames []string `json:"usernames"`
		}
		if !readJSON(r, &b) {
			return badRequest("body must be JSON")
		}
		u.StoreAccess = nil
		for _, n := range b.Usernames {
			if exists(n) { // unknown names are dropped silently
				u.StoreAccess = append(u.StoreAccess, n)
			}
		}
		return http.StatusOK, msg("Success")
	case len(rest) == 0 && r.Method == http.MethodPost:
		var b struct {
			Username string `json:"username"`
		}
		if !readJSON(r, &b) || !exists(b.Username) {
			return badRequest("unknown user")
		}
		u.StoreAccess = append(u.StoreAccess, b.Username)
		return http.StatusCreated, msg("Success")
	case len(rest) == 1 && r.Method == http.MethodDelete:
		for i, n := range u.StoreAccess {
			if strings.EqualFold(n, rest[0]) {
				u.StoreAccess = append(u.StoreAccess[:i], u.StoreAccess[i+1:]...)
				return http.StatusOK, msg("Success")
			}
		}
		return http.StatusNotFound, msg("Not found")
	}
	return http.StatusNotFound, msg("Not found")
}
