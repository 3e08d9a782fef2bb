package api_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/eduprov/terraform-provider-eduprov/internal/grommunio/api"
	"github.com/eduprov/terraform-provider-eduprov/internal/grommunio/fake"
	"github.com/eduprov/terraform-provider-eduprov/internal/transport"
)

func setup(t *testing.T) (*fake.Server, *api.Client, int64) {
	t.Helper()
	srv := fake.New(map[string]fake.Admin{"admin": {Password: "pw", CanWrite: true}, "viewer": {Password: "pw"}})
	d := srv.AddDomain("example.org")
	srv.AddDomain("other.org")
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	c := client(t, ts.URL, "admin", "pw")
	return srv, c, d
}

func client(t *testing.T, url, user, pass string) *api.Client {
	t.Helper()
	c, err := api.New(api.Config{URL: url, Username: user, Password: pass, Config: transport.Config{
		MaxRetries: 2, RetryWaitMin: time.Millisecond, RetryWaitMax: 2 * time.Millisecond,
	}})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestOneLoginSharedByConcurrentCalls(t *testing.T) {
	srv, c, _ := setup(t)
	var wg sync.WaitGroup
	errs := make(chan error, 20)
	for range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := c.ListDomains(context.Background())
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if n := srv.Logins(); n != 1 {
		t.Fatalf("%d logins for 20 concurrent calls, want 1", n)
	}
}

func TestExpiredSessionIsRenewedOnceAndReplayed(t *testing.T) {
	srv, c, d := setup(t)
	if _, err := c.CreateUser(context.Background(), d, api.UserChange{"username": "a@example.org"}); err != nil {
		t.Fatal(err)
	}
	srv.ExpireSessions()
	u, err := c.FindUser(context.Background(), d, "a@example.org")
	if err != nil || u.Username != "a@example.org" {
		t.Fatalf("after expiry: %+v, %v", u, err)
	}
	srv.ExpireSessions()
	// A write needs the new CSRF token too.
	if err := c.SetPassword(context.Background(), d, u.ID, "new-secret"); err != nil {
		t.Fatal(err)
	}
	if n := srv.Logins(); n != 3 {
		t.Fatalf("%d logins, want 3 (one, then one per expiry)", n)
	}
}

func TestRefusedReplayStopsWithAClearError(t *testing.T) {
	var calls int
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls++
		w.Header().Set("Content-Type", "application/json")
		if strings.HasSuffix(r.URL.Path, "/login") {
			fmt.Fprint(w, `{"grommunioAuthJwt":"j","csrf":"c"}`)
			return
		}
		w.WriteHeader(http.StatusUnauthorized)
		fmt.Fprint(w, `{"message":"Access denied"}`)
	}))
	defer ts.Close()
	c := client(t, ts.URL, "admin", "pw")
	_, err := c.ListDomains(context.Background())
	var ae *api.AuthError
	if !errors.As(err, &ae) || !strings.Contains(err.Error(), "after a fresh login") {
		t.Fatalf("err = %v", err)
	}
	if calls != 4 {
		t.Fatalf("%d requests, want 4: login, call, login, replay (no loop)", calls)
	}
}

func TestWrongPasswordNamesTheVariables(t *testing.T) {
	srv, _, _ := setup(t)
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()
	_, err := client(t, ts.URL, "admin", "wrong-pw-value").ListDomains(context.Background())
	if err == nil || !strings.Contains(err.Error(), "GROMMUNIO_PASSWORD") || strings.Contains(err.Error(), "wrong-pw-value") {
		t.Fatalf("err = %v", err)
	}
}

func TestMissingPermissionSaysSo(t *testing.T) {
	srv, _, d := setup(t)
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()
	_, err := client(t, ts.URL, "viewer", "pw").CreateUser(context.Background(), d, api.UserChange{"username": "x@example.org"})
	var pe *api.PermissionError
	if !errors.As(err, &pe) || !strings.Contains(err.Error(), "missing permission") {
		t.Fatalf("err = %v", err)
	}
}

func TestListsFollowEveryPage(t *testing.T) {
	srv, c, d := setup(t)
	for i := range 120 {
		srv.AddUser(fake.User{Username: fmt.Sprintf("u%03d@example.org", i), DomainID: d})
	}
	users, err := c.ListUsers(context.Background(), d, "")
	if err != nil || len(users) != 120 || users[119].Username != "u119@example.org" {
		t.Fatalf("%d users, %v", len(users), err)
	}
	if n := srv.Requests()["GET /domains/{id}/users"]; n != 3 {
		t.Fatalf("%d pages requested, want 3", n)
	}
}

func TestUnknownDomainListsTheDomains(t *testing.T) {
	_, c, _ := setup(t)
	_, err := c.DomainByName(context.Background(), "exmaple.org")
	if !errors.Is(err, api.ErrNotFound) || !strings.Contains(err.Error(), "example.org, other.org") {
		t.Fatalf("err = %v", err)
	}
}

func TestAddressListsAreCheckedAfterWriting(t *testing.T) {
	srv, c, d := setup(t)
	u, err := c.CreateUser(context.Background(), d, api.UserChange{"username": "a@example.org"})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if err := c.SetAddresses(ctx, d, u.ID, api.Delegates, []string{"b@example.org"}); err != nil {
		t.Fatal(err)
	}
	// The API answers 200 to an invalid address and writes nothing.
	err = c.SetAddresses(ctx, d, u.ID, api.Delegates, []string{"c..d@example.org"})
	if err == nil || !strings.Contains(err.Error(), "Invalid e-mail address") {
		t.Fatalf("err = %v", err)
	}
	srv.AddUser(fake.User{Username: "b@example.org", DomainID: d})
	err = c.SetStoreAccess(ctx, d, u.ID, []string{"b@example.org", "ghost@example.org"})
	if err == nil || !strings.Contains(err.Error(), "ghost@example.org") || strings.Contains(err.Error(), "b@example.org,") {
		t.Fatalf("err = %v", err)
	}
}

func TestDomainLookupsAreOnePerRun(t *testing.T) {
	srv, c, d := setup(t)
	for range 5 {
		got, err := c.DomainByName(context.Background(), "example.org")
		if err != nil || got.ID != d {
			t.Fatalf("DomainByName = %+v, %v", got, err)
		}
		if _, err := c.ListDomains(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	if n := srv.Requests()["GET /domains"]; n != 2 {
		t.Fatalf("%d domain requests for 5 look-ups and 5 lists, want 2", n)
	}
}
