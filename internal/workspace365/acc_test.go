package workspace365

import (
	"fmt"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/eduprov/terraform-provider-eduprov/internal/acctest"
	"github.com/eduprov/terraform-provider-eduprov/internal/workspace365/fake"
)

const (
	testKey = "C7656554-85A2-4AFD-BAB7-18C71593C4D2"
	testEnv = "example"
)

var factories = map[string]func() (tfprotov6.ProviderServer, error){
	Name: providerserver.NewProtocol6WithError(New("test")()),
}

func startFake(t *testing.T) (*fake.Server, string) {
	t.Helper()
	srv := fake.New(testKey, testEnv, "other")
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	return srv, ts.URL + "/Provisioning"
}

func providerConfig(url, key string) string {
	return fmt.Sprintf(`
provider "workspace365" {
  url              = %q
  environment      = %q
  provisioning_key = %q
}
`, url, testEnv, key)
}

type userArgs struct {
	Email, First, Last string
	Admin, Active      bool
	Password           string
	Extra              string
}

func userConfig(url string, a userArgs) string {
	pw := ""
	if a.Password != "" {
		pw = fmt.Sprintf("password = %q", a.Password)
	}
	return providerConfig(url, testKey) + fmt.Sprintf(`
resource "workspace365_user" "u" {
  email_address    = %q
  first_name       = %q
  last_name        = %q
  is_administrator = %v
  active           = %v
  %s
  %s
}
`, a.Email, a.First, a.Last, a.Admin, a.Active, pw, a.Extra)
}

func check(f func() error) resource.TestCheckFunc {
	return func(*terraform.State) error { return f() }
}

func serverUser(srv *fake.Server, email string, want func(fake.User) error) resource.TestCheckFunc {
	return check(func() error {
		u, ok := srv.User(testEnv, email)
		if !ok {
			return fmt.Errorf("user %s not on the server (it holds %+v)", email, srv.Users(testEnv))
		}
		return want(u)
	})
}

func onlyUsers(srv *fake.Server, env string, n int) resource.TestCheckFunc {
	return check(func() error {
		if u := srv.Users(env); len(u) != n {
			return fmt.Errorf("environment %s holds %d users, want %d: %+v", env, len(u), n, u)
		}
		return nil
	})
}

func TestAccUserLifecycle(t *testing.T) {
	srv, url := startFake(t)
	base := userArgs{Email: "userone@example.com", First: "User", Last: "One", Active: true, Password: "qwerty"}
	var id int64
	step := func(a userArgs, checks ...resource.TestCheckFunc) resource.TestStep {
		return resource.TestStep{Config: userConfig(url, a), Check: resource.ComposeAggregateTestCheckFunc(checks...)}
	}
	renamed := base
	renamed.Email, renamed.Last = "user.one@example.com", "Once"
	inactive := renamed
	inactive.Active, inactive.Admin = false, true
	newPassword := inactive
	newPassword.Password = "qwert"

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories,
		CheckDestroy:             onlyUsers(srv, testEnv, 0),
		Steps: []resource.TestStep{
			step(base,
				serverUser(srv, base.Email, func(u fake.User) error {
					id = u.ID
					if u.FirstName != "User" || u.LastName != "One" || u.Password != "qwerty" || !u.Active || u.IsAdministrator || u.CreateInOffice365 {
						return fmt.Errorf("server holds %+v", u)
					}
					return nil
				}),
				func(s *terraform.State) error {
					got := s.RootModule().Resources["workspace365_user.u"].Primary.Attributes
					if got["id"] != fmt.Sprint(id) || got["environment"] != testEnv {
						return fmt.Errorf("state id %q environment %q, server id %d", got["id"], got["environment"], id)
					}
					return nil
				},
			),
			{
				// A rename is an in-place update that keeps the id.
				Config: userConfig(url, renamed),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("workspace365_user.u", plancheck.ResourceActionUpdate),
				}},
				Check: resource.ComposeAggregateTestCheckFunc(
					onlyUsers(srv, testEnv, 1),
					serverUser(srv, renamed.Email, func(u fake.User) error {
						if u.ID != id || u.LastName != "Once" {
							return fmt.Errorf("after rename the server holds %+v (id was %d)", u, id)
						}
						if u.PasswordSets != 1 {
							return fmt.Errorf("the unchanged password was sent again (%d times in all)", u.PasswordSets)
						}
						return nil
					}),
					func(s *terraform.State) error {
						if got := s.RootModule().Resources["workspace365_user.u"].Primary.Attributes["id"]; got != fmt.Sprint(id) {
							return fmt.Errorf("state id %q after rename, want %d", got, id)
						}
						return nil
					},
				),
			},
			step(inactive, serverUser(srv, renamed.Email, func(u fake.User) error {
				if u.Active || !u.IsAdministrator || u.PasswordSets != 1 {
					return fmt.Errorf("server holds %+v, want inactive administrator with the first password", u)
				}
				return nil
			})),
			step(newPassword, serverUser(srv, renamed.Email, func(u fake.User) error {
				if u.Password != "qwert" || u.PasswordSets != 2 {
					return fmt.Errorf("server holds %+v, want the new password set once more", u)
				}
				return nil
			})),
		},
	})
}

func TestAccUserValidationAtPlan(t *testing.T) {
	srv, url := startFake(t)
	srv.AddUser(testEnv, fake.User{EmailAddress: "taken@example.com", FirstName: "T", LastName: "Aken", Active: true})
	ok := userArgs{Email: "new@example.com", First: "New", Last: "User", Active: true, Password: "secret-pw"}
	taken, long, short := ok, ok, ok
	taken.Email = "taken@example.com"
	long.Last = strings.Repeat("x", 65)
	short.Password = "abc"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories,
		CheckDestroy:             onlyUsers(srv, testEnv, 1),
		Steps: []resource.TestStep{
			{
				Config:      userConfig(url, taken),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)email_address.*A user with this email address already exists`),
			},
			{
				Config:      userConfig(url, long),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)last_name.*maximum length of\s+64`),
			},
			{
				Config:      userConfig(url, short),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)password.*at least 5 characters`),
			},
			{
				Config:      userConfig(url, userArgs{Email: "not-an-address", First: "A", Last: "B", Active: true}),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)email_address.*must be an e-mail address`),
			},
			{
				// Nothing was created by the failed plans; a valid one applies.
				PreConfig: func() {
					if n := srv.Requests()["POST /{env}/User/"]; n != 0 {
						t.Errorf("a failed plan created users: %d POSTs", n)
					}
				},
				Config: userConfig(url, ok),
				Check:  onlyUsers(srv, testEnv, 2),
			},
			{
				// An update is validated too: renaming onto a taken address fails at plan.
				Config:      userConfig(url, taken),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)email_address.*already exists`),
			},
		},
	})
}

func TestAccUserDriftAndEnvironment(t *testing.T) {
	srv, url := startFake(t)
	a := userArgs{Email: "drift@example.com", First: "D", Last: "Rift", Active: true, Extra: `environment = "other"`}
	cfg := userConfig(url, a)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories,
		CheckDestroy:             onlyUsers(srv, "other", 0),
		Steps: []resource.TestStep{
			{Config: cfg, Check: resource.ComposeAggregateTestCheckFunc(onlyUsers(srv, "other", 1), onlyUsers(srv, testEnv, 0))},
			{
				PreConfig:          func() { srv.RemoveUser("other", a.Email) },
				Config:             cfg,
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
			},
			{Config: cfg, Check: onlyUsers(srv, "other", 1)},
		},
	})
}

func TestAccUserImport(t *testing.T) {
	srv, url := startFake(t)
	srv.AddUser(testEnv, fake.User{EmailAddress: "imported@example.com", FirstName: "Old", LastName: "Name", Password: "users-own", Active: true})
	a := userArgs{Email: "imported@example.com", First: "Imp", Last: "Orted", Active: true, Password: "initial-pw",
		Extra: `create_in_office365 = false`}
	cfg := userConfig(url, a) + `
import {
  to = workspace365_user.u
  id = "example/imported@example.com"
}
`
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories,
		Steps: []resource.TestStep{
			{
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("workspace365_user.u", plancheck.ResourceActionUpdate),
				}},
				Check: resource.ComposeAggregateTestCheckFunc(
					onlyUsers(srv, testEnv, 1),
					serverUser(srv, a.Email, func(u fake.User) error {
						// The first apply sets the names; the password a person may
						// have changed is not reset.
						if u.FirstName != "Imp" || u.LastName != "Orted" || u.Password != "users-own" || u.PasswordSets != 0 {
							return fmt.Errorf("server holds %+v", u)
						}
						return nil
					}),
					resource.TestCheckNoResourceAttr("workspace365_user.u", "id"),
				),
			},
			{
				// From now on a password change is sent.
				Config: strings.Replace(cfg, "initial-pw", "changed-pw", 1),
				Check: serverUser(srv, a.Email, func(u fake.User) error {
					if u.Password != "changed-pw" || u.PasswordSets != 1 {
						return fmt.Errorf("server holds %+v", u)
					}
					return nil
				}),
			},
			{
				ResourceName:  "workspace365_user.u",
				ImportState:   true,
				ImportStateId: "imported@example.com",
				ImportStateCheck: func(s []*terraform.InstanceState) error {
					if len(s) != 1 || s[0].Attributes["email_address"] != "imported@example.com" || s[0].Attributes["environment"] != testEnv {
						return fmt.Errorf("imported %+v", s)
					}
					return nil
				},
			},
			{
				ResourceName:  "workspace365_user.u",
				ImportState:   true,
				ImportStateId: "example/nobody@example.com",
				ExpectError:   regexp.MustCompile(`(?i)non-existent|cannot import`),
			},
		},
	})
}

func TestAccUserCreateInOffice365IsNeverAReplacement(t *testing.T) {
	srv, url := startFake(t)
	a := userArgs{Email: "o365@example.com", First: "O", Last: "Ffice", Active: true}
	with := a
	with.Extra = "create_in_office365 = true"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories,
		Steps: []resource.TestStep{
			{Config: userConfig(url, a)},
			{
				Config: userConfig(url, with),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("workspace365_user.u", plancheck.ResourceActionUpdate),
				}},
				Check: serverUser(srv, a.Email, func(u fake.User) error {
					if u.CreateInOffice365 {
						return fmt.Errorf("the change reached the server: %+v", u)
					}
					if n := srv.Requests()["DELETE /{env}/User/{email}/"]; n != 0 {
						return fmt.Errorf("the user was deleted %d times", n)
					}
					return nil
				}),
			},
		},
	})
}

func TestAccWrongKey(t *testing.T) {
	srv, url := startFake(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories,
		Steps: []resource.TestStep{{
			Config: providerConfig(url, "not-the-key") + `
resource "workspace365_user" "u" {
  email_address = "a@example.com"
  first_name    = "A"
  last_name     = "B"
}
`,
			PlanOnly:    true,
			ExpectError: regexp.MustCompile(`(?s)provisioning key was refused.*WORKSPACE365_PROVISIONING_KEY`),
		}},
		CheckDestroy: onlyUsers(srv, testEnv, 0),
	})
}

// TestAccSecretsNotLogged runs an apply with TF_LOG=TRACE and reads the
// provider's log: the requests are there, the password and key are not.
func TestAccSecretsNotLogged(t *testing.T) {
	srv, url := startFake(t)
	checkTrace := acctest.TraceLog(t)
	// Secrets come from the environment, as in a pipeline (the test harness
	// writes the configuration itself into the log).
	const password = "Pa55-unique-secret-value"
	t.Setenv(EnvKey, testKey)
	t.Setenv("TF_VAR_password", password)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: factories,
		CheckDestroy:             onlyUsers(srv, testEnv, 0),
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf(`
provider "workspace365" {
  url         = %q
  environment = %q
}

variable "password" {
  type      = string
  sensitive = true
}

resource "workspace365_user" "u" {
  email_address = "log@example.com"
  first_name    = "L"
  last_name     = "Og"
  password      = var.password
}
`, url, testEnv),
			Check: serverUser(srv, "log@example.com", func(u fake.User) error {
				if u.Password != password {
					return fmt.Errorf("the password did not reach the server: %+v", u)
				}
				return nil
			}),
		}},
	})
	checkTrace([]string{"Sending API request", "/Provisioning/example/User/"}, []string{password, testKey})
}

func TestAccWriteOnlyPassword(t *testing.T) {
	srv, url := startFake(t)
	cfg := func(pw string, version int) string {
		return userConfig(url, userArgs{Email: "wo@example.com", First: "W", Last: "O", Active: true,
			Extra: fmt.Sprintf("password_wo = %q\n  password_wo_version = %d", pw, version)})
	}
	sets := func(want int, pw string) resource.TestCheckFunc {
		return serverUser(srv, "wo@example.com", func(u fake.User) error {
			if u.PasswordSets != want || u.Password != pw {
				return fmt.Errorf("server holds %+v, want password %q set %d times", u, pw, want)
			}
			return nil
		})
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_11_0)},
		CheckDestroy:             onlyUsers(srv, testEnv, 0),
		Steps: []resource.TestStep{
			{
				Config: cfg("first-secret", 1),
				Check: resource.ComposeAggregateTestCheckFunc(
					sets(1, "first-secret"),
					resource.TestCheckNoResourceAttr("workspace365_user.u", "password_wo"),
					resource.TestCheckResourceAttr("workspace365_user.u", "password_wo_version", "1"),
				),
			},
			{
				// Without a new version nothing is sent (and nothing is planned).
				Config: cfg("second-secret", 1),
				Check:  sets(1, "first-secret"),
			},
			{Config: cfg("second-secret", 2), Check: sets(2, "second-secret")},
		},
	})
}

func TestAccWriteOnlyPasswordNeedsANewerCLI(t *testing.T) {
	srv, url := startFake(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipAbove(tfversion.Version1_10_0)},
		CheckDestroy:             onlyUsers(srv, testEnv, 0),
		Steps: []resource.TestStep{{
			Config: userConfig(url, userArgs{Email: "wo@example.com", First: "W", Last: "O", Active: true,
				Extra: "password_wo = \"s3cret\"\n  password_wo_version = 1"}),
			ExpectError: regexp.MustCompile(`(?i)write-only`),
		}},
	})
}

func TestAccPasswordConflicts(t *testing.T) {
	_, url := startFake(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories,
		Steps: []resource.TestStep{{
			Config: userConfig(url, userArgs{Email: "c@example.com", First: "C", Last: "D", Active: true, Password: "abcdef",
				Extra: "password_wo_version = 1"}),
			PlanOnly:    true,
			ExpectError: regexp.MustCompile(`(?s)password_wo_version.*password_wo`),
		}},
	})
}
