package transport

import (
	"net/url"
	"strings"
	"testing"
)

// FuzzJoinPath: whatever a user types, it stays in its one path segment of
// the URL actually sent, and the server reads it back unchanged.
func FuzzJoinPath(f *testing.F) {
	for _, s := range []string{"alice", "a/b", "..", ".", "x?y=1#z", "%2e%2e", "a%2Fb", "", " ", "ü@example.org", "\x00", "a\\b"} {
		f.Add(s)
	}
	base, _ := url.Parse("https://h.example/api/v0")
	c, err := New(Config{BaseURL: base})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, s string) {
		u := c.URL(JoinPath("users", s, "synchronizations"), nil)
		// What goes on the wire, parsed as a server would.
		sent, err := url.Parse(u.String())
		if err != nil {
			t.Fatalf("JoinPath(%q) built an unparsable URL %q: %v", s, u.String(), err)
		}
		if sent.RawQuery != "" || sent.Fragment != "" || sent.Host != "h.example" {
			t.Fatalf("JoinPath(%q) escaped its path: %q", s, u.String())
		}
		segs := strings.Split(sent.EscapedPath(), "/")
		if len(segs) != 6 || segs[1] != "api" || segs[2] != "v0" || segs[3] != "users" || segs[5] != "synchronizations" {
			t.Fatalf("JoinPath(%q) gave the path %q", s, sent.EscapedPath())
		}
		if got, err := url.PathUnescape(segs[4]); err != nil || got != s {
			t.Fatalf("JoinPath(%q): the server reads %q (%v)", s, got, err)
		}
		if segs[4] == "." || segs[4] == ".." {
			t.Fatalf("JoinPath(%q) left a dot segment", s)
		}
	})
}
