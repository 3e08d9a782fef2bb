package fake

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestStrictness(t *testing.T) {
	s := New("k", "env")
	s.AddUser("env", User{EmailAddress: "a@example.com", FirstName: "A", LastName: "B", Active: true})
	h := s.Handler()
	valid := `{"EmailAddress":"n@example.com","FirstName":"N","LastName":"M","IsAdministrator":false}`
	cases := []struct {
		name, method, path, key, ctype, body string
		noLength                             bool
		want                                 int
	}{
		{"no key", "POST", "/P/env/User/", "", "application/json", valid, false, 403},
		{"wrong key", "POST", "/P/env/User/", "x", "application/json", valid, false, 403},
		{"no trailing slash", "POST", "/P/env/User", "k", "application/json", valid, false, 404},
		{"unknown environment", "POST", "/P/nope/User/", "k", "application/json", valid, false, 404},
		{"not JSON", "POST", "/P/env/User/", "k", "application/x-www-form-urlencoded", "EmailAddress=x", false, 500},
		{"invalid", "POST", "/P/env/User/Validate/", "k", "application/json", `{"EmailAddress":"bad"}`, false, 400},
		{"valid", "POST", "/P/env/User/Validate/", "k", "application/json", valid, false, 200},
		{"update missing", "PUT", "/P/env/User/x@example.com/Validate/", "k", "application/json", valid, false, 404},
		{"activate without Content-Length", "PUT", "/P/env/User/a@example.com/Activate/", "k", "", "", true, 411},
		{"activate", "PUT", "/P/env/User/a@example.com/Deactivate/", "k", "", "", false, 200},
		{"create-only field on update", "PUT", "/P/env/User/a@example.com/", "k", "application/json",
			`{"EmailAddress":"a@example.com","FirstName":"A","LastName":"B","CreateInOffice365":true}`, false, 400},
		{"delete", "DELETE", "/P/env/User/a@example.com/", "k", "", "", false, 200},
		{"delete missing", "DELETE", "/P/env/User/a@example.com/", "k", "", "", false, 404},
	}
	for _, c := range cases {
		r := httptest.NewRequest(c.method, c.path, strings.NewReader(c.body))
		if c.key != "" {
			r.Header.Set("ProvisioningKey", c.key)
		}
		if c.ctype != "" {
			r.Header.Set("Content-Type", c.ctype)
		}
		if c.body == "" && !c.noLength {
			r.Header.Set("Content-Length", "0")
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if w.Code != c.want {
			t.Errorf("%s: %s %s answered %d %s, want %d", c.name, c.method, c.path, w.Code, w.Body, c.want)
		}
	}
	if u, _ := s.User("env", "a@example.com"); u.Active {
		t.Error("Deactivate did not deactivate")
	}
}

// TestClientSendsContentLengthZero checks on the wire, through a real
// server, that Go's client sends the header Activate needs.
func TestGoClientSendsContentLengthZero(t *testing.T) {
	s := New("k", "env")
	s.AddUser("env", User{EmailAddress: "a@example.com", FirstName: "A", LastName: "B"})
	ts := httptest.NewServer(s.Handler())
	defer ts.Close()
	req, _ := http.NewRequest(http.MethodPut, ts.URL+"/P/env/User/a@example.com/Activate/", http.NoBody)
	req.Header.Set("ProvisioningKey", "k")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("answered %d", resp.StatusCode)
	}
}
