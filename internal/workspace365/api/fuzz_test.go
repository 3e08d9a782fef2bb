package api

import (
	"testing"
)

// FuzzParseValidationResults: any answer body decodes without a panic, and
// every result it yields says something.
func FuzzParseValidationResults(f *testing.F) {
	for _, s := range []string{
		`[{"MemberNames":["EmailAddress"],"ErrorMessage":"bad"}]`, `{"Errors":[{"PropertyName":"x","Message":"y"}]}`,
		`[null, 1, "s", {"MemberNames": [1, null]}]`, `{"a":`, `[]`, `"x"`, `null`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		for _, r := range ParseValidationResults(body) {
			if r.Message == "" && len(r.Members) == 0 {
				t.Fatalf("an empty result from %q", body)
			}
		}
		_ = messageOf(body)
	})
}
