package fake

import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
)

func TestStrictness(t *testing.T) {
	s := New(map[string]Admin{"admin": {Password: "pw", CanWrite: true}})
	d := s.AddDomain("example.org")
	h := s.Handler()
	do := func(method, path, body, ctype string, hdr map[string]string) *httptest.ResponseRecorder {
		r := httptest.NewRequest(method, path, strings.NewReader(body))
		if ctype != "" {
			r.Header.Set("Content-Type", ctype)
		}
		for k, v := range hdr {
			r.Header.Set(k, v)
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		return w
	}
	if w := do("POST", "/api/v1/login", "user=admin&pass=bad", "application/x-www-form-urlencoded", nil); w.Code != 401 {
		t.Fatalf("bad password: %d", w.Code)
	}
	if w := do("POST", "/api/v1/login", "user=admin", "application/x-www-form-urlencoded", nil); w.Code != 400 {
		t.Fatalf("incomplete form: %d", w.Code)
	}
	w := do("POST", "/api/v1/login", "user=admin&pass=pw", "application/x-www-form-urlencoded", nil)
	if w.Code != 200 || w.Header().Get("Set-Cookie") != "" {
		t.Fatalf("login: %d, Set-Cookie %q", w.Code, w.Header().Get("Set-Cookie"))
	}
	var jwt, csrf string
	for _, kv := range strings.Split(strings.Trim(w.Body.String(), "{}\n"), ",") {
		k, v, _ := strings.Cut(kv, ":")
		switch strings.Trim(k, `"`) {
		case "grommunioAuthJwt":
			jwt = strings.Trim(v, `"`)
		case "csrf":
			csrf = strings.Trim(v, `"`)
		}
	}
	cookie := map[string]string{"Cookie": "grommunioAuthJwt=" + jwt}
	both := map[string]string{"Cookie": "grommunioAuthJwt=" + jwt, "X-Csrf-Token": csrf}
	users := "/api/v1/domains/" + strconv.FormatInt(d, 10) + "/users"
	cases := []struct {
		name, method, path, body, ctype string
		hdr                             map[string]string
		want                            int
	}{
		{"no cookie", "GET", "/api/v1/domains", "", "", nil, http.StatusUnauthorized},
		{"read with cookie", "GET", "/api/v1/domains", "", "", cookie, http.StatusOK},
		{"write without CSRF", "POST", users, `{"username":"a"}`, "application/json", cookie, http.StatusUnauthorized},
		{"body without JSON type", "POST", users, `{"username":"a"}`, "text/plain", both, http.StatusBadRequest},
		{"unknown attribute", "POST", users, `{"username":"a","nickname":"x"}`, "application/json", both, http.StatusBadRequest},
		{"created", "POST", users, `{"username":"a","password":"x"}`, "application/json", both, http.StatusCreated},
		{"password in PATCH", "PATCH", users + "/1", `{"password":"y"}`, "application/json", both, http.StatusBadRequest},
		{"bad deleteFiles", "DELETE", users + "/1?deleteFiles=yes", "", "", both, http.StatusBadRequest},
		{"system domains needs a system admin", "GET", "/api/v1/system/domains", "", "", cookie, http.StatusForbidden},
		{"missing user", "GET", users + "/99", "", "", cookie, http.StatusNotFound},
	}
	for _, c := range cases {
		if w := do(c.method, c.path, c.body, c.ctype, c.hdr); w.Code != c.want {
			t.Errorf("%s: %s %s answered %d %s, want %d", c.name, c.method, c.path, w.Code, w.Body, c.want)
		}
	}
	if u, ok := s.User("a@example.org"); !ok || u.Password != "x" {
		t.Errorf("the local part was not completed with the domain: %+v", s.Users())
	}
	if w := do("GET", users+"/1", "", "", cookie); !strings.Contains(w.Body.String(), `"creationtime"`) {
		t.Errorf("a read does not merge live store properties: %s", w.Body)
	}
}
