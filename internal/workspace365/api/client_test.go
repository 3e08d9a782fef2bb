package api_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/eduprov/terraform-provider-eduprov/internal/transport"
	"github.com/eduprov/terraform-provider-eduprov/internal/workspace365/api"
	"github.com/eduprov/terraform-provider-eduprov/internal/workspace365/fake"
)

const key = "unit-key"

func setup(t *testing.T) (*fake.Server, *api.Client) {
	t.Helper()
	srv := fake.New(key, "env")
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	c, err := api.New(api.Config{URL: ts.URL + "/Provisioning", Key: key, Config: transport.Config{
		MaxRetries: 2, RetryWaitMin: time.Millisecond, RetryWaitMax: 2 * time.Millisecond,
	}})
	if err != nil {
		t.Fatal(err)
	}
	return srv, c
}

func ptr[T any](v T) *T { return &v }

func TestUserLifecycle(t *testing.T) {
	srv, c := setup(t)
	ctx := context.Background()
	u := api.User{EmailAddress: "userone@example.com", FirstName: "User", LastName: "One", Password: ptr("qwerty"), CreateInOffice365: ptr(false)}
	if err := c.ValidateCreate(ctx, "env", u); err != nil {
		t.Fatal(err)
	}
	id, err := c.Create(ctx, "env", u)
	if err != nil || id == 0 {
		t.Fatalf("Create = %d, %v", id, err)
	}
	// Rename without a password: the password stays.
	u.EmailAddress, u.Password = "user.one@example.com", nil
	if err := c.Update(ctx, "env", "userone@example.com", u); err != nil {
		t.Fatal(err)
	}
	got, ok := srv.User("env", "user.one@example.com")
	if !ok || got.ID != id || got.Password != "qwerty" || got.PasswordSets != 1 {
		t.Fatalf("after rename: %+v %v", got, ok)
	}
	for _, active := range []bool{false, true} {
		if err := c.SetActive(ctx, "env", u.EmailAddress, active); err != nil {
			t.Fatalf("SetActive(%v): %v", active, err)
		}
		if got, _ := srv.User("env", u.EmailAddress); got.Active != active {
			t.Fatalf("active = %v, want %v", got.Active, active)
		}
	}
	exists, err := c.Exists(ctx, "env", u.EmailAddress, api.User{EmailAddress: u.EmailAddress})
	if err != nil || !exists {
		t.Fatalf("Exists (with a body the API refuses) = %v, %v", exists, err)
	}
	if err := c.Delete(ctx, "env", u.EmailAddress); err != nil {
		t.Fatal(err)
	}
	if err := c.Delete(ctx, "env", u.EmailAddress); err != nil {
		t.Fatalf("deleting a missing user: %v", err)
	}
	exists, err = c.Exists(ctx, "env", u.EmailAddress, u)
	if err != nil || exists {
		t.Fatalf("Exists after delete = %v, %v", exists, err)
	}
}

func TestValidationResultsReachTheCaller(t *testing.T) {
	srv, c := setup(t)
	srv.AddUser("env", fake.User{EmailAddress: "taken@example.com", FirstName: "T", LastName: "T"})
	err := c.ValidateCreate(context.Background(), "env", api.User{EmailAddress: "taken@example.com", LastName: "X"})
	var ve *api.ValidationError
	if !errors.As(err, &ve) || len(ve.Results) != 2 {
		t.Fatalf("err = %v", err)
	}
	members := ve.Results[0].Members[0] + "," + ve.Results[1].Members[0]
	if members != "EmailAddress,FirstName" || !strings.Contains(ve.Results[0].Message, "already exists") {
		t.Fatalf("results %+v", ve.Results)
	}
}

func TestParseValidationResultsIsLenient(t *testing.T) {
	cases := map[string]string{
		`[{"MemberNames":["EmailAddress"],"ErrorMessage":"bad"}]`:    "EmailAddress=bad",
		`[{"memberNames":["LastName"],"errorMessage":"long"}]`:       "LastName=long",
		`{"Errors":[{"PropertyName":"Password","Message":"short"}]}`: "Password=short",
		`{"MemberNames":["FirstName"],"ErrorMessage":"required"}`:    "FirstName=required",
		`["plain message"]`:  "=plain message",
		`"not an array"`:     "",
		`<html>oops</html>`:  "",
		`[{"unexpected":1}]`: "",
		`[{"MemberNames":"EmailAddress","ErrorMessage":"odd members"}]`:    "=odd members",
		`[{"MemberNames":["A","B"],"ErrorMessage":"two"},{"Message":"x"}]`: "A+B=two;=x",
	}
	for in, want := range cases {
		var parts []string
		for _, r := range api.ParseValidationResults([]byte(in)) {
			parts = append(parts, strings.Join(r.Members, "+")+"="+r.Message)
		}
		if got := strings.Join(parts, ";"); got != want {
			t.Errorf("%s: got %q, want %q", in, got, want)
		}
	}
}

func TestRefusedKeyNamesTheVariableAndHidesTheKey(t *testing.T) {
	srv := fake.New(key, "env")
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	c, _ := api.New(api.Config{URL: ts.URL, Key: "the-wrong-key"})
	err := c.ValidateCreate(context.Background(), "env", api.User{EmailAddress: "a@example.com", FirstName: "A", LastName: "B"})
	var ae *api.AuthError
	if !errors.As(err, &ae) || !strings.Contains(err.Error(), "WORKSPACE365_PROVISIONING_KEY") || strings.Contains(err.Error(), "the-wrong-key") {
		t.Fatalf("err = %v", err)
	}
}

func TestCreateIsNotRepeatedAfterALostAnswer(t *testing.T) {
	srv, c := setup(t)
	srv.InjectFault(fake.Fault{Method: "POST", PathPrefix: "/env/User/", Status: http.StatusBadGateway, AfterHandling: true})
	_, err := c.Create(context.Background(), "env", api.User{EmailAddress: "a@example.com", FirstName: "A", LastName: "B"})
	if err == nil {
		t.Fatal("a lost create answer was taken for success")
	}
	if n := srv.Requests()["POST /{env}/User/"]; n != 1 {
		t.Fatalf("POST sent %d times, want 1 (not idempotent)", n)
	}
}

func TestRetriesValidationOn503(t *testing.T) {
	srv, c := setup(t)
	srv.InjectFault(fake.Fault{Method: "POST", PathPrefix: "/env/User/Validate/", Status: 503, Times: 2})
	if err := c.ValidateCreate(context.Background(), "env", api.User{EmailAddress: "a@example.com", FirstName: "A", LastName: "B"}); err != nil {
		t.Fatal(err)
	}
	if n := srv.Requests()["POST /{env}/User/Validate/"]; n != 3 {
		t.Fatalf("%d attempts, want 3", n)
	}
}
