package fake

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func do(t *testing.T, h http.Handler, method, target, token, contentType, body string) *httptest.ResponseRecorder {
	t.Helper()
	r := httptest.NewRequest(method, target, strings.NewReader(body))
	if token != "" {
		r.Header.Set("apiToken", token)
	}
	if contentType != "" {
		r.Header.Set("Content-Type", contentType)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

const form = "application/x-www-form-urlencoded"

func TestStrictness(t *testing.T) {
	s := New("tok")
	s.AddUser("alice")
	h := s.Handler()
	cases := []struct {
		name, method, target, token, ctype, body string
		want                                     int
	}{
		{"no token", "GET", "/api/v0/users", "", "", "", 401},
		{"wrong token", "GET", "/api/v0/users", "nope", "", "", 403},
		{"json input refused", "PUT", "/api/v0/synchronizations", "tok", "application/json", `{"username":"alice","type":"ews"}`, 415},
		{"form without type", "PUT", "/api/v0/synchronizations", "tok", form, "username=alice", 400},
		{"unknown user", "PUT", "/api/v0/synchronizations", "tok", form, "username=bob&type=ews", 422},
		{"unknown type", "PUT", "/api/v0/synchronizations", "tok", form, "username=alice&type=teams", 422},
		{"created", "PUT", "/api/v0/synchronizations", "tok", form, "username=alice&type=ews", 200},
		{"delete needs unlinkMode", "DELETE", "/api/v0/synchronizations/1", "tok", "", "", 400},
		{"bad unlinkMode", "DELETE", "/api/v0/synchronizations/1?unlinkMode=ALL", "tok", "", "", 400},
		{"delete by invalid type", "DELETE", "/api/v0/users/alice/synchronizations/teams?unlinkMode=CLEANUP", "tok", "", "", 422},
		{"delete by type, none", "DELETE", "/api/v0/users/alice/synchronizations/o365?unlinkMode=CLEANUP", "tok", "", "", 404},
		{"deleted", "DELETE", "/api/v0/synchronizations/1?unlinkMode=UNLINK_ONLY", "tok", "", "", 204},
		{"missing sync (newer)", "DELETE", "/api/v0/synchronizations/1?unlinkMode=UNLINK_ONLY", "tok", "", "", 404},
		{"missing user (newer)", "DELETE", "/api/v0/users/ghost", "tok", "", "", 404},
		{"dot-dot segment", "PUT", "/api/v0/users/%2E%2E", "tok", "", "", 400},
		{"unknown endpoint", "GET", "/api/v0/teams", "tok", "", "", 404},
	}
	for _, c := range cases {
		if w := do(t, h, c.method, c.target, c.token, c.ctype, c.body); w.Code != c.want {
			t.Errorf("%s: %s %s answered %d %s, want %d", c.name, c.method, c.target, w.Code, w.Body, c.want)
		}
	}
	s.SetLegacy(true)
	for _, c := range []struct {
		target, method, ctype, body string
		want                        int
	}{
		{"/api/v0/synchronizations", "PUT", form, "username=alice&type=ews", 204},
		{"/api/v0/synchronizations/99?unlinkMode=CLEANUP", "DELETE", "", "", 422},
		{"/api/v0/users/ghost", "DELETE", "", "", 204},
	} {
		if w := do(t, h, c.method, c.target, "tok", c.ctype, c.body); w.Code != c.want || w.Body.Len() != 0 && c.want == 204 {
			t.Errorf("legacy %s %s answered %d %q, want %d", c.method, c.target, w.Code, w.Body, c.want)
		}
	}
	if w := do(t, h, "GET", "/api/v0/synchronizations", "tok", "", ""); strings.Contains(w.Body.String(), "lastResync") {
		t.Errorf("legacy GET /synchronizations carries every field: %s", w.Body)
	}
}
