package providers

import (
	"strings"
	"testing"
)

func TestNameFromExecutable(t *testing.T) {
	ok := map[string]string{
		"terraform-provider-mytimetable":                      "mytimetable",
		"/x/y/terraform-provider-mytimetable_v1.2.3":          "mytimetable",
		`C:\p\terraform-provider-mytimetable_v0.1.0-beta.exe`: "mytimetable",
		"terraform-provider-mytimetable.exe":                  "mytimetable",
	}
	for in, want := range ok {
		if got, err := NameFromExecutable(in); err != nil || got != want {
			t.Errorf("NameFromExecutable(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"terraform-provider-eduprov", "main", "terraform-provider-", "terraform-provider-mytimetablex"} {
		_, err := NameFromExecutable(in)
		if err == nil {
			t.Errorf("NameFromExecutable(%q) accepted", in)
			continue
		}
		for _, n := range Names() {
			if !strings.Contains(err.Error(), "terraform-provider-"+n) {
				t.Errorf("error for %q does not list %q: %v", in, n, err)
			}
		}
	}
}

func TestEveryNameServesItsProvider(t *testing.T) {
	for _, n := range Names() {
		if _, ok := New(n, "test"); !ok {
			t.Errorf("%s has no constructor", n)
		}
	}
}
