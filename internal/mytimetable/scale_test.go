package mytimetable

import (
	"fmt"
	"testing"

	"github.com/eduprov/terraform-provider-eduprov/internal/acctest"
)

// TestAccRequestBudget: creating N users and N synchronizations costs one
// request each (plus one list for the whole run), and a plan over all of
// them costs O(1) list calls, not N. It drives the CLI directly: through
// terraform-plugin-testing, the state handling of 2,000 objects takes
// minutes.
func TestAccRequestBudget(t *testing.T) {
	const n = 1000
	srv, url := startFake(t, false)
	cli := acctest.New(t, Name, New("test")(), providerConfig(url, testToken)+fmt.Sprintf(`
resource "mytimetable_user" "s" {
  count    = %d
  username = format("student%%04d", count.index)
}

resource "mytimetable_synchronization" "s" {
  count    = %d
  username = mytimetable_user.s[count.index].username
  type     = "o365"
}
`, n, n))
	cli.MustRun(0, "init", "-input=false", "-no-color")
	cli.MustRun(0, "apply", "-input=false", "-auto-approve", "-no-color", "-parallelism=20")

	r := srv.Requests()
	if len(srv.Users()) != n || len(srv.Synchronizations()) != n {
		t.Fatalf("server holds %d users and %d synchronizations, want %d each", len(srv.Users()), len(srv.Synchronizations()), n)
	}
	if r["PUT /users/{username}"] != n || r["PUT /synchronizations"] != n || r["total"] > 2*n+1 {
		t.Fatalf("creating %d+%d objects: %v; want one request each plus one list", n, n, r)
	}

	before := srv.Requests()["total"]
	cli.MustRun(0, "plan", "-input=false", "-detailed-exitcode", "-no-color")
	if got := srv.Requests()["total"] - before; got > 4 {
		t.Fatalf("a plan over %d users and %d synchronizations made %d MyTimetable requests, want at most 4", n, n, got)
	}
	t.Logf("plan over %d+%d objects: %d requests", n, n, srv.Requests()["total"]-before)
}
