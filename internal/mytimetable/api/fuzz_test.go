package api

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"testing"
	"unicode/utf8"

	"github.com/eduprov/terraform-provider-eduprov/internal/mytimetable/fake"
	"github.com/eduprov/terraform-provider-eduprov/internal/transport"
)

// FuzzUsernameStaysInItsEndpoint sends any username to the strict fake: the
// request reaches PUT /users/{username} for exactly that user, or is refused;
// it never reaches another endpoint or another user.
func FuzzUsernameStaysInItsEndpoint(f *testing.F) {
	for _, s := range []string{"alice", "../synchronizations", "a/b", "x?type=ews", "..", "%2e", "a#b", " ", "ü"} {
		f.Add(s)
	}
	srv := fake.New("t")
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()
	c, err := New(Config{URL: ts.URL, Token: "t", Config: transport.Config{MaxRetries: -1}})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, username string) {
		if !utf8.ValidString(username) {
			// Terraform strings are always UTF-8; other bytes cannot come from
			// a configuration (and JSON would turn them into U+FFFD).
			t.Skip()
		}
		before := srv.Requests()
		err := c.EnsureUser(context.Background(), username)
		after := srv.Requests()
		for k, v := range after {
			if k != "total" && k != "PUT /users/{username}" && v != before[k] {
				t.Fatalf("username %q reached %s", username, k)
			}
		}
		if err == nil {
			found, _ := c.HasUser(context.Background(), username)
			if !found {
				t.Fatalf("username %q was accepted but created someone else: %v", username, srv.Users())
			}
			srv.RemoveUser(username)
		}
	})
}

// FuzzDecodeSynchronizations: any list answer decodes without a panic.
func FuzzDecodeSynchronizations(f *testing.F) {
	f.Add([]byte(`{"synchronizations":[{"id":1,"type":"ews","username":"a","enabled":true,"lastResync":1355320800000}]}`))
	f.Add([]byte(`{"synchronizations":[{"id":"x"}]}`))
	f.Add([]byte(`{"users":null}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		var out struct {
			Synchronizations []Synchronization `json:"synchronizations"`
		}
		if err := json.Unmarshal(body, &out); err == nil {
			for _, s := range out.Synchronizations {
				_, _ = s.LastResyncTime()
			}
		}
		_ = messageOf(body)
	})
}
