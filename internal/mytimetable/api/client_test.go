package api_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/eduprov/terraform-provider-eduprov/internal/mytimetable/api"
	"github.com/eduprov/terraform-provider-eduprov/internal/mytimetable/fake"
	"github.com/eduprov/terraform-provider-eduprov/internal/transport"
)

const token = "unit-token"

func setup(t *testing.T, legacy bool) (*fake.Server, *api.Client) {
	t.Helper()
	srv := fake.New(token)
	srv.SetLegacy(legacy)
	mux := http.NewServeMux()
	mux.Handle("/mtt/", srv.Handler())
	ts := httptest.NewServer(mux)
	t.Cleanup(ts.Close)
	c, err := api.New(api.Config{URL: ts.URL + "/mtt", Token: token, Config: transport.Config{
		MaxRetries: 2, RetryWaitMin: time.Millisecond, RetryWaitMax: 2 * time.Millisecond,
	}})
	if err != nil {
		t.Fatal(err)
	}
	return srv, c
}

func both(t *testing.T, f func(t *testing.T, srv *fake.Server, c *api.Client)) {
	for _, legacy := range []bool{false, true} {
		name := "newer"
		if legacy {
			name = "older"
		}
		t.Run(name, func(t *testing.T) {
			srv, c := setup(t, legacy)
			f(t, srv, c)
		})
	}
}

func TestUsersRoundTrip(t *testing.T) {
	both(t, func(t *testing.T, srv *fake.Server, c *api.Client) {
		ctx := context.Background()
		for _, u := range []string{"zed", "amy", "amy"} {
			if err := c.EnsureUser(ctx, u); err != nil {
				t.Fatal(err)
			}
		}
		users, err := c.ListUsers(ctx)
		if err != nil || strings.Join(users, ",") != "amy,zed" {
			t.Fatalf("ListUsers = %v, %v", users, err)
		}
		if err := c.DeleteUser(ctx, "amy"); err != nil {
			t.Fatal(err)
		}
		// Deleting a missing user is success in both generations (404 / 204).
		if err := c.DeleteUser(ctx, "amy"); err != nil {
			t.Fatalf("deleting a missing user: %v", err)
		}
		if got := srv.Users(); len(got) != 1 || got[0] != "zed" {
			t.Fatalf("server users %v", got)
		}
	})
}

func TestUsernameCannotReachAnotherEndpoint(t *testing.T) {
	srv, c := setup(t, false)
	ctx := context.Background()
	for _, u := range []string{"a/b", "../synchronizations", "x?type=ews", "y#z", "..", "."} {
		if err := c.EnsureUser(ctx, u); err != nil {
			// A strict server may refuse "." or ".."; it must never act elsewhere.
			if transport.StatusCode(err) != http.StatusBadRequest {
				t.Errorf("EnsureUser(%q): %v", u, err)
			}
		}
	}
	got := strings.Join(srv.Users(), "|")
	if got != "../synchronizations|a/b|x?type=ews|y#z" {
		t.Fatalf("server users %q: a username left its path segment", got)
	}
	if n := srv.Requests()["total"]; n != 6 {
		t.Fatalf("%d requests, want 6 (no retries of refusals)", n)
	}
}

func TestCreateSynchronizationBothGenerations(t *testing.T) {
	both(t, func(t *testing.T, srv *fake.Server, c *api.Client) {
		ctx := context.Background()
		srv.AddUser("alice")
		older := srv.AddSynchronization("alice", "ews", "old@example.edu")
		s, err := c.CreateSynchronization(ctx, api.NewSynchronization{Username: "alice", Type: "ews", SMTPAddress: "alice@example.edu"})
		if err != nil {
			t.Fatal(err)
		}
		if s.ID == older || s.Username != "alice" || s.Type != "ews" {
			t.Fatalf("created %+v (the older one is %d)", s, older)
		}
		if s.Description == nil || *s.Description != "alice@example.edu" || s.Enabled == nil || !*s.Enabled {
			t.Fatalf("created synchronization lacks its fields: %+v", s)
		}
		if _, ok := s.LastResyncTime(); !ok {
			t.Fatal("no lastResync")
		}
		if n := len(srv.Synchronizations()); n != 2 {
			t.Fatalf("server holds %d synchronizations, want 2", n)
		}
	})
}

func TestCreateSynchronizationUnknownTypeAndUser(t *testing.T) {
	srv, c := setup(t, false)
	srv.AddUser("alice")
	ctx := context.Background()
	_, err := c.CreateSynchronization(ctx, api.NewSynchronization{Username: "alice", Type: "teams"})
	if transport.StatusCode(err) != 422 || !strings.Contains(err.Error(), `"teams"`) {
		t.Fatalf("unknown type: %v", err)
	}
	_, err = c.CreateSynchronization(ctx, api.NewSynchronization{Username: "ghost", Type: "ews"})
	if transport.StatusCode(err) != 422 {
		t.Fatalf("unknown user: %v", err)
	}
	if n := len(srv.Synchronizations()); n != 0 {
		t.Fatalf("created %d", n)
	}
}

func TestCreateSynchronizationAfterLostAnswerCreatesNoDuplicate(t *testing.T) {
	both(t, func(t *testing.T, srv *fake.Server, c *api.Client) {
		srv.AddUser("alice")
		srv.InjectFault(fake.Fault{Method: "PUT", PathPrefix: "/synchronizations", AfterHandling: true, Drop: true})
		s, err := c.CreateSynchronization(context.Background(), api.NewSynchronization{Username: "alice", Type: "o365"})
		if err != nil {
			t.Fatal(err)
		}
		all := srv.Synchronizations()
		if len(all) != 1 || all[0].ID != s.ID {
			t.Fatalf("server holds %+v, client returned %d", all, s.ID)
		}
		if n := srv.Requests()["PUT /synchronizations"]; n != 1 {
			t.Fatalf("PUT sent %d times, want 1", n)
		}
	})
}

func TestCreateSynchronizationLostAnswerBeforeActingCreatesOnce(t *testing.T) {
	srv, c := setup(t, false)
	srv.AddUser("alice")
	// Dropped before the server acted: the client looks, finds none, and sends again.
	srv.InjectFault(fake.Fault{Method: "PUT", PathPrefix: "/synchronizations", Drop: true})
	s, err := c.CreateSynchronization(context.Background(), api.NewSynchronization{Username: "alice", Type: "o365"})
	if err != nil {
		t.Fatal(err)
	}
	all := srv.Synchronizations()
	if len(all) != 1 || all[0].ID != s.ID || srv.Requests()["PUT /synchronizations"] != 2 {
		t.Fatalf("server holds %+v after %d PUTs", all, srv.Requests()["PUT /synchronizations"])
	}
}

func TestDeleteSynchronization(t *testing.T) {
	both(t, func(t *testing.T, srv *fake.Server, c *api.Client) {
		ctx := context.Background()
		id := srv.AddSynchronization("bob", "googlecalendar", "")
		if err := c.DeleteSynchronization(ctx, id, "DELETE_FUTURE_EVENTS"); err != nil {
			t.Fatal(err)
		}
		// Gone already: 404 (newer) or 422 (older) both count as success.
		if err := c.DeleteSynchronization(ctx, id, "DELETE_FUTURE_EVENTS"); err != nil {
			t.Fatalf("deleting a missing synchronization: %v", err)
		}
		d := srv.Deletions()
		if len(d) != 1 || d[0].ID != id || d[0].UnlinkMode != "DELETE_FUTURE_EVENTS" {
			t.Fatalf("deletions %+v", d)
		}
	})
}

func TestGetSynchronizationReadsOneListForAll(t *testing.T) {
	both(t, func(t *testing.T, srv *fake.Server, c *api.Client) {
		ctx := context.Background()
		var ids []int64
		for _, u := range []string{"amy", "bob", "cy"} {
			ids = append(ids, srv.AddSynchronization(u, "ews", u+"@example.edu"))
		}
		for _, id := range ids {
			s, err := c.GetSynchronization(ctx, id)
			// Every field, in both generations.
			if err != nil || s.ID != id || s.Status == nil || *s.Status != "OK" || s.Description == nil {
				t.Fatalf("Get(%d) = %+v, %v", id, s, err)
			}
		}
		legacy := strings.HasSuffix(t.Name(), "/older")
		want := 1 // one list for every synchronization
		if legacy {
			want = 1 + len(ids) // plus each owner's list, for the fields the older list lacks
		}
		if n := srv.Requests()["total"]; n != want {
			t.Fatalf("%d requests to read %d synchronizations, want %d", n, len(ids), want)
		}
		if _, err := c.GetSynchronization(ctx, ids[2]+100); !errors.Is(err, api.ErrNotFound) {
			t.Fatalf("missing id: %v", err)
		}
		// A write invalidates what it touched.
		if err := c.DeleteSynchronization(ctx, ids[0], "UNLINK_ONLY"); err != nil {
			t.Fatal(err)
		}
		if _, err := c.GetSynchronization(ctx, ids[0]); !errors.Is(err, api.ErrNotFound) {
			t.Fatalf("deleted synchronization still read: %v", err)
		}
	})
}

func TestListSynchronizationsFieldsByGeneration(t *testing.T) {
	both(t, func(t *testing.T, srv *fake.Server, c *api.Client) {
		srv.AddSynchronization("bob", "ews", "bob@example.edu")
		all, err := c.ListSynchronizations(context.Background())
		if err != nil || len(all) != 1 {
			t.Fatalf("%+v %v", all, err)
		}
		// The older API sends only id, username and type here.
		legacy := t.Name() == "TestListSynchronizationsFieldsByGeneration/older"
		if (all[0].Description == nil) != legacy || (all[0].Enabled == nil) != legacy {
			t.Fatalf("legacy=%v but got %+v", legacy, all[0])
		}
	})
}

func TestRefusedToken(t *testing.T) {
	srv := fake.New(token)
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	c, err := api.New(api.Config{URL: ts.URL, Token: "wrong-token-value"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.ListUsers(context.Background())
	var authErr *api.AuthError
	if !errors.As(err, &authErr) || !strings.Contains(err.Error(), "MYTIMETABLE_API_TOKEN") || strings.Contains(err.Error(), "wrong-token-value") {
		t.Fatalf("err = %v", err)
	}
	if n := srv.Requests()["total"]; n != 1 {
		t.Fatalf("a refused token was retried: %d requests", n)
	}
}

func TestNewRejectsBadURL(t *testing.T) {
	for _, u := range []string{"", "mytimetable.example.edu", "ftp://x", "http://"} {
		if _, err := api.New(api.Config{URL: u, Token: "t"}); err == nil {
			t.Errorf("URL %q accepted", u)
		}
	}
}
