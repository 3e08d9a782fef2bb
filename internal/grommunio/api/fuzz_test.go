package api

import (
	"encoding/json"
	"testing"
)

// FuzzDecoders: any answer body decodes (or fails) without a panic.
func FuzzDecoders(f *testing.F) {
	for _, s := range []string{
		`{"ID":1,"username":"a@b.c","properties":{"x":1},"pop3_imap":true,"aliases":["x"]}`,
		`{"count":2,"data":[{"ID":1},{"ID":"x"}]}`, `{"message":"m","errors":[1,{"a":2}]}`, `{"pop3_imap":"yes"}`, `[`, `null`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var u User
		if json.Unmarshal(body, &u) == nil && u.Flags == nil {
			t.Fatalf("a decoded user without its flags map from %q", body)
		}
		var page struct {
			Count int    `json:"count"`
			Data  []User `json:"data"`
		}
		_ = json.Unmarshal(body, &page)
		var o OutOfOffice
		_ = json.Unmarshal(body, &o)
		_ = messageOf(body)
	})
}
