package mytimetable

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/eduprov/terraform-provider-eduprov/internal/acctest"
	"github.com/eduprov/terraform-provider-eduprov/internal/mytimetable/fake"
)

func peopleConfig(url string, n int, tuning string) string {
	return fmt.Sprintf(`
provider "mytimetable" {
  url       = %q
  api_token = %q
  %s
}

resource "mytimetable_user" "p" {
  count    = %d
  username = format("person%%03d", count.index)
}

resource "mytimetable_synchronization" "p" {
  count        = %d
  username     = mytimetable_user.p[count.index].username
  type         = "ews"
  smtp_address = format("person%%03d@example.edu", count.index)
}
`, url, testToken, tuning, n, n)
}

// sameAsServer checks that the server holds n users and n synchronizations,
// exactly one per user, and that the state holds exactly those.
func sameAsServer(t *testing.T, cli *acctest.CLI, srv *fake.Server, n int) {
	t.Helper()
	users, syncs := srv.Users(), srv.Synchronizations()
	perUser := map[string]int{}
	var serverIDs []string
	for _, s := range syncs {
		perUser[s.Username]++
		serverIDs = append(serverIDs, strconv.FormatInt(s.ID, 10))
	}
	for u, k := range perUser {
		if k != 1 {
			t.Errorf("user %s has %d synchronizations on the server, want 1", u, k)
		}
	}
	if len(users) != n || len(syncs) != n {
		t.Fatalf("server holds %d users and %d synchronizations, want %d each", len(users), len(syncs), n)
	}
	var stateIDs, stateUsers []string
	for _, r := range cli.Resources("mytimetable_synchronization") {
		stateIDs = append(stateIDs, fmt.Sprint(r["id"]))
	}
	for _, r := range cli.Resources("mytimetable_user") {
		stateUsers = append(stateUsers, fmt.Sprint(r["username"]))
	}
	sort.Strings(serverIDs)
	sort.Strings(stateIDs)
	sort.Strings(stateUsers)
	if strings.Join(stateIDs, ",") != strings.Join(serverIDs, ",") {
		t.Fatalf("state synchronizations %v differ from the server's %v", stateIDs, serverIDs)
	}
	if strings.Join(stateUsers, ",") != strings.Join(users, ",") {
		t.Fatalf("state users %v differ from the server's %v", stateUsers, users)
	}
}

// TestAccFaults applies 200 objects while the API answers 503s, 429s with
// Retry-After, drops connections before and after acting, answers 502/504,
// and answers after the client's timeout: every object ends up on the
// server exactly once, and the state equals the server.
func TestAccFaults(t *testing.T) {
	const n = 100
	srv, url := startFake(t, false)
	for _, f := range []fake.Fault{
		{Method: "PUT", PathPrefix: "/users/", Status: 503, Times: 15},
		{Method: "PUT", PathPrefix: "/users/", Drop: true, Times: 5},
		{Method: "PUT", PathPrefix: "/users/", AfterHandling: true, Status: 504, Times: 5},
		{Method: "GET", PathPrefix: "/synchronizations", Status: 502, Times: 2},
		{Method: "PUT", PathPrefix: "/synchronizations", Status: 429, RetryAfter: 1, Times: 5},
		{Method: "PUT", PathPrefix: "/synchronizations", Status: 503, Times: 5},
		{Method: "PUT", PathPrefix: "/synchronizations", Drop: true, Times: 3},
		{Method: "PUT", PathPrefix: "/synchronizations", AfterHandling: true, Drop: true, Times: 3},
		{Method: "PUT", PathPrefix: "/synchronizations", Delay: 1500 * time.Millisecond, Times: 3},
	} {
		srv.InjectFault(f)
	}
	cli := acctest.New(t, Name, New("test")(), peopleConfig(url, n, `request_timeout = "1s"
  max_retries     = 8`))
	cli.MustRun(0, "init", "-input=false", "-no-color")
	cli.MustRun(0, "apply", "-input=false", "-auto-approve", "-no-color")
	sameAsServer(t, cli, srv, n)
	// Every fault was met, and a create the API acted on was never sent
	// again: one PUT per synchronization, one more per 429, 503 and
	// connection dropped before the API acted; none for answers lost after
	// it acted (dropped, or later than the timeout), which were looked up.
	if got, want := srv.Requests()["PUT /synchronizations"], n+5+5+3; got != want {
		t.Fatalf("%d PUT /synchronizations, want %d", got, want)
	}
	cli.MustRun(0, "plan", "-input=false", "-detailed-exitcode", "-no-color")
}

// TestAccInterruptedApply interrupts an apply half-way with SIGINT, then
// runs it again: it converges with no duplicates and nothing on the server
// left out of the state.
func TestAccInterruptedApply(t *testing.T) {
	const n = 60
	srv, url := startFake(t, false)
	srv.SetLatency(30 * time.Millisecond)
	cli := acctest.New(t, Name, New("test")(), peopleConfig(url, n, ""))
	cli.MustRun(0, "init", "-input=false", "-no-color")

	apply := cli.Command("apply", "-input=false", "-auto-approve", "-no-color", "-parallelism=4")
	var out strings.Builder
	apply.Stdout, apply.Stderr = &out, &out
	if err := apply.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(2 * time.Minute)
	for len(srv.Synchronizations()) < n/4 {
		if time.Now().After(deadline) {
			_ = apply.Process.Kill()
			t.Fatalf("the apply made no progress:\n%s", out.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err := apply.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	err := apply.Wait()
	if err == nil || len(srv.Synchronizations()) >= n {
		t.Fatalf("the interrupt did not stop the apply half-way (err %v, %d synchronizations):\n%s", err, len(srv.Synchronizations()), out.String())
	}
	if !strings.Contains(out.String(), "Interrupt received") {
		t.Fatalf("terraform did not see the interrupt:\n%s", out.String())
	}
	cli.MustRun(0, "apply", "-input=false", "-auto-approve", "-no-color")
	sameAsServer(t, cli, srv, n)
}
