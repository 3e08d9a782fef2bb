package grommunio

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

	"github.com/eduprov/terraform-provider-eduprov/internal/acctest"
	"github.com/eduprov/terraform-provider-eduprov/internal/grommunio/fake"
)

const adminPassword = "Adm1n-secret-pw"

var factories = map[string]func() (tfprotov6.ProviderServer, error){
	Name: providerserver.NewProtocol6WithError(New("test")()),
}

func startFake(t *testing.T) (*fake.Server, string, int64) {
	t.Helper()
	srv := fake.New(map[string]fake.Admin{
		"admin":  {Password: adminPassword, CanWrite: true},
		"viewer": {Password: adminPassword},
	})
	d := srv.AddDomain("example.org")
	srv.AddDomain("school.example")
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	return srv, ts.URL, d
}

func providerConfig(url string) string {
	return fmt.Sprintf(`
provider "grommunio" {
  url      = %q
  username = "admin"
  password = %q
}
`, url, adminPassword)
}

func check(f func() error) resource.TestCheckFunc {
	return func(*terraform.State) error { return f() }
}

func serverUser(srv *fake.Server, name string, want func(fake.User) error) resource.TestCheckFunc {
	return check(func() error {
		u, ok := srv.User(name)
		if !ok {
			return fmt.Errorf("user %s not on the server", name)
		}
		return want(u)
	})
}

func userConfig(url, body string) string {
	return providerConfig(url) + `
resource "grommunio_user" "u" {
  domain   = "example.org"
  username = "alice@example.org"
` + body + `
}
`
}

func TestAccUser(t *testing.T) {
	srv, url, domainID := startFake(t)
	first := userConfig(url, `
  password      = "first-pw"
  display_name  = "Alice Adams"
  aliases       = ["a.adams@example.org"]
  chat_enabled  = false
  properties = {
    title = "Teacher"
  }
`)
	second := userConfig(url, `
  password      = "second-pw"
  display_name  = "Alice Adams-Baker"
  status        = "suspended"
  aliases       = ["alice.baker@example.org", "a.baker@example.org"]
  chat_enabled  = true
  language      = "de_DE"
  properties = {
    departmentname    = "Mathematics"
    storagequotalimit = "2097152"
  }
`)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories,
		CheckDestroy: check(func() error {
			d := srv.Deleted()
			if len(srv.Users()) != 0 || len(d) != 1 || d[0].DeletedWithFiles != "false" {
				return fmt.Errorf("after destroy: users %+v, deleted %+v (want deleteFiles=false)", srv.Users(), d)
			}
			return nil
		}),
		Steps: []resource.TestStep{
			{
				Config: first,
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr("grommunio_user.u", "status", "normal"),
					resource.TestCheckResourceAttr("grommunio_user.u", "domain_id", fmt.Sprint(domainID)),
					resource.TestCheckResourceAttr("grommunio_user.u", "properties.%", "1"),
					resource.TestCheckResourceAttr("grommunio_user.u", "smtp_enabled", "true"),
					serverUser(srv, "alice@example.org", func(u fake.User) error {
						if u.Password != "first-pw" || u.Properties["displayname"] != "Alice Adams" || u.Properties["title"] != "Teacher" ||
							u.Flags["privChat"] || len(u.Aliases) != 1 {
							return fmt.Errorf("server holds %+v", u)
						}
						return nil
					}),
				),
			},
			{
				Config: second,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("grommunio_user.u", plancheck.ResourceActionUpdate),
				}},
				Check: serverUser(srv, "alice@example.org", func(u fake.User) error {
					_, hasTitle := u.Properties["title"]
					if u.Password != "second-pw" || u.PasswordSets != 2 || u.Status != 1 || u.Lang != "de_DE" || hasTitle ||
						u.Properties["departmentname"] != "Mathematics" || u.Properties["displayname"] != "Alice Adams-Baker" ||
						!u.Flags["privChat"] || len(u.Aliases) != 2 {
						return fmt.Errorf("server holds %+v", u)
					}
					return nil
				}),
			},
			{
				ResourceName:            "grommunio_user.u",
				ImportState:             true,
				ImportStateId:           "example.org/alice@example.org",
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"password", "properties"},
			},
			{
				// Changed in the admin UI: the plan shows it.
				PreConfig: func() {
					srv.ChangeUser("alice@example.org", func(u *fake.User) { u.Properties["departmentname"] = "Physics" })
				},
				Config:             second,
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
			},
			{
				// A property nobody manages does not count as drift.
				PreConfig: func() {
					srv.ChangeUser("alice@example.org", func(u *fake.User) {
						u.Properties["departmentname"] = "Mathematics"
						u.Properties["officelocation"] = "B-12"
					})
				},
				Config:   second,
				PlanOnly: true,
			},
			{
				PreConfig:          func() { srv.RemoveUser("alice@example.org") },
				Config:             second,
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
			},
			{
				Config: second,
				Check: serverUser(srv, "alice@example.org", func(u fake.User) error {
					if u.Status != 1 {
						return fmt.Errorf("re-created user: %+v", u)
					}
					return nil
				}),
			},
		},
	})
}

func TestAccDelegationLists(t *testing.T) {
	srv, url, d := startFake(t)
	owner := srv.AddUser(fake.User{Username: "office@example.org", DomainID: d})
	srv.AddUser(fake.User{Username: "bob@example.org", DomainID: d})
	srv.AddUser(fake.User{Username: "carol@example.org", DomainID: d})
	cfg := func(delegates, sendAs, store string) string {
		return providerConfig(url) + fmt.Sprintf(`
resource "grommunio_user_delegates" "d" {
  domain_id = %[1]d
  user_id   = "%[2]d"
  delegates = [%[3]s]
}

resource "grommunio_user_send_as" "s" {
  domain_id = %[1]d
  user_id   = "%[2]d"
  send_as   = [%[4]s]
}

resource "grommunio_user_store_access" "a" {
  domain_id = %[1]d
  user_id   = "%[2]d"
  usernames = [%[5]s]
}
`, d, owner, delegates, sendAs, store)
	}
	lists := func(wantDelegates, wantSendAs, wantStore string) resource.TestCheckFunc {
		return serverUser(srv, "office@example.org", func(u fake.User) error {
			got := strings.Join(u.Delegates, ",") + "|" + strings.Join(u.SendAs, ",") + "|" + strings.Join(u.StoreAccess, ",")
			if want := wantDelegates + "|" + wantSendAs + "|" + wantStore; got != want {
				return fmt.Errorf("server lists %q, want %q", got, want)
			}
			return nil
		})
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories,
		CheckDestroy:             lists("", "", ""),
		Steps: []resource.TestStep{
			{
				Config: cfg(`"bob@example.org"`, `"carol@example.org"`, `"bob@example.org"`),
				Check:  lists("bob@example.org", "carol@example.org", "bob@example.org"),
			},
			{
				Config: cfg(`"bob@example.org", "carol@example.org"`, ``, `"bob@example.org", "carol@example.org"`),
				Check:  lists("bob@example.org,carol@example.org", "", "bob@example.org,carol@example.org"),
			},
			{ResourceName: "grommunio_user_delegates.d", ImportState: true, ImportStateId: "example.org/office@example.org", ImportStateVerify: true},
			{ResourceName: "grommunio_user_send_as.s", ImportState: true, ImportStateId: "example.org/office@example.org", ImportStateVerify: true},
			{ResourceName: "grommunio_user_store_access.a", ImportState: true, ImportStateId: "example.org/office@example.org", ImportStateVerify: true},
			{
				PreConfig: func() {
					srv.ChangeUser("office@example.org", func(u *fake.User) { u.Delegates = append(u.Delegates, "eve@example.org") })
				},
				Config:             cfg(`"bob@example.org", "carol@example.org"`, ``, `"bob@example.org", "carol@example.org"`),
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
			},
			{
				// The API answers 200 and writes nothing for an invalid address.
				Config:      cfg(`"bob..x@example.org"`, ``, `"bob@example.org"`),
				ExpectError: regexp.MustCompile(`(?s)did not store the delegates list.*Invalid e-mail address`),
			},
			{
				// Unknown usernames are dropped silently by the API.
				Config:      cfg(`"bob@example.org"`, ``, `"ghost@example.org"`),
				ExpectError: regexp.MustCompile(`(?s)did not grant store access to ghost@example.org`),
			},
		},
	})
}

func TestAccOutOfOffice(t *testing.T) {
	srv, url, d := startFake(t)
	owner := srv.AddUser(fake.User{Username: "teacher@example.org", DomainID: d})
	cfg := func(state, extra string) string {
		return providerConfig(url) + fmt.Sprintf(`
resource "grommunio_user_out_of_office" "o" {
  domain_id = %d
  user_id   = "%d"
  state     = %q
  %s
}
`, d, owner, state, extra)
	}
	scheduled := cfg("scheduled", `
  start_time        = "2026-12-21T08:00:00+01:00"
  end_time          = "2027-01-04T08:00:00+01:00"
  external_audience = "all"
  internal_subject  = "Away"
  internal_reply    = "Back on 4 January."
  external_subject  = "Away"
  external_reply    = "Back on 4 January."
`)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories,
		CheckDestroy: serverUser(srv, "teacher@example.org", func(u fake.User) error {
			if u.OOF["state"] != float64(0) {
				return fmt.Errorf("after destroy the out-of-office state is %v", u.OOF)
			}
			return nil
		}),
		Steps: []resource.TestStep{
			{
				// Times are stored in UTC; the plan after apply stays empty.
				Config: scheduled,
				Check: serverUser(srv, "teacher@example.org", func(u fake.User) error {
					if u.OOF["state"] != float64(2) || u.OOF["startTime"] != "2026-12-21 07:00:00" || u.OOF["externalAudience"] != float64(2) {
						return fmt.Errorf("server holds %v", u.OOF)
					}
					return nil
				}),
			},
			{
				ResourceName: "grommunio_user_out_of_office.o", ImportState: true, ImportStateId: "example.org/teacher@example.org",
				ImportStateVerify: true, ImportStateVerifyIgnore: []string{"start_time", "end_time"},
			},
			{
				// Switched off in the admin UI: the plan shows it.
				PreConfig: func() {
					srv.ChangeUser("teacher@example.org", func(u *fake.User) { u.OOF["state"] = float64(0) })
				},
				Config:             scheduled,
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
			},
			{
				Config: cfg("enabled", `internal_reply = "Out sick."`),
				Check: serverUser(srv, "teacher@example.org", func(u fake.User) error {
					if u.OOF["state"] != float64(1) || u.OOF["internalReply"] != "Out sick." {
						return fmt.Errorf("server holds %v", u.OOF)
					}
					return nil
				}),
			},
		},
	})
}

func TestAccSessionRenewedAndOneLoginPerRun(t *testing.T) {
	srv, url, _ := startFake(t)
	cfg := providerConfig(url)
	for i := range 5 {
		cfg += fmt.Sprintf(`
resource "grommunio_user" "u%d" {
  domain   = "example.org"
  username = "user%d@example.org"
}
`, i, i)
	}
	var loginsBefore int
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories,
		Steps: []resource.TestStep{
			{
				Config: cfg,
				Check: check(func() error {
					// Five users created through the API (five creates, from
					// concurrent resources); one login per provider run (plan,
					// apply, refresh), not per user.
					r := srv.Requests()
					if n, creates := srv.Logins(), r["POST /domains/{id}/users"]; n > 4 || creates != 5 {
						return fmt.Errorf("%d logins for %d creates (%d API calls)", n, creates, r["total"])
					}
					return nil
				}),
			},
			{
				PreConfig: func() {
					srv.ExpireSessions()
					loginsBefore = srv.Logins()
				},
				Config: strings.Replace(cfg, `username = "user4@example.org"`, "username = \"user4@example.org\"\n  display_name = \"Four\"", 1),
				Check: check(func() error {
					u, _ := srv.User("user4@example.org")
					if u.Properties["displayname"] != "Four" || srv.Logins() <= loginsBefore {
						return fmt.Errorf("after expiry: %+v, logins %d -> %d", u, loginsBefore, srv.Logins())
					}
					return nil
				}),
			},
		},
	})
}

func TestAccDataSources(t *testing.T) {
	srv, url, d := startFake(t)
	for i := range 120 {
		srv.AddUser(fake.User{Username: fmt.Sprintf("student%03d@example.org", i), DomainID: d})
	}
	owner := srv.AddUser(fake.User{Username: "phone@example.org", DomainID: d, Status: 1})
	srv.AddDevice(owner, map[string]any{"deviceid": "ABC123", "devicetype": "iPhone", "useragent": "Apple-iPhone/2001", "asversion": "16.1", "wipeStatus": 0})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories,
		Steps: []resource.TestStep{{
			Config: providerConfig(url) + fmt.Sprintf(`
data "grommunio_domains" "all" {}

data "grommunio_users" "all" {
  domain = "example.org"
}

data "grommunio_users" "one" {
  domain   = "example.org"
  username = "phone@example.org"
}

data "grommunio_user_devices" "phone" {
  domain_id = %d
  user_id   = "%d"
}
`, d, owner),
			Check: resource.ComposeAggregateTestCheckFunc(
				resource.TestCheckResourceAttr("data.grommunio_domains.all", "domains.#", "2"),
				resource.TestCheckResourceAttr("data.grommunio_domains.all", "domains.0.name", "example.org"),
				resource.TestCheckResourceAttr("data.grommunio_users.all", "users.#", "121"),
				resource.TestCheckResourceAttr("data.grommunio_users.all", "users.120.username", "phone@example.org"),
				resource.TestCheckResourceAttr("data.grommunio_users.one", "users.#", "1"),
				resource.TestCheckResourceAttr("data.grommunio_users.one", "users.0.status", "suspended"),
				resource.TestCheckResourceAttr("data.grommunio_user_devices.phone", "devices.#", "1"),
				resource.TestCheckResourceAttr("data.grommunio_user_devices.phone", "devices.0.device_id", "ABC123"),
				resource.TestCheckResourceAttr("data.grommunio_user_devices.phone", "devices.0.wipe_status", "0"),
				resource.TestCheckNoResourceAttr("data.grommunio_user_devices.phone", "devices.0.first_sync_time"),
			),
		}},
	})
}

func TestAccBadInput(t *testing.T) {
	srv, url, _ := startFake(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories,
		CheckDestroy: check(func() error {
			if u := srv.Users(); len(u) != 0 {
				return fmt.Errorf("bad input created %+v", u)
			}
			return nil
		}),
		Steps: []resource.TestStep{
			{
				Config:      strings.Replace(userConfig(url, ""), `"example.org"`, `"exmaple.org"`, 1),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)Unknown grommunio domain.*example.org, school.example`),
			},
			{
				Config:      userConfig(url, `status = "on_holiday"`),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)status.*normal.*suspended.*shared_mailbox`),
			},
			{
				Config:      strings.Replace(userConfig(url, ""), `"alice@example.org"`, `"alice"`, 1),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)username.*must be an e-mail address`),
			},
			{
				Config:      userConfig(url, "properties = { displayname = \"X\" }"),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)properties.*displayname`),
			},
			{
				Config:      strings.Replace(userConfig(url, ""), `username = "admin"`, `username = "viewer"`, 1),
				ExpectError: regexp.MustCompile(`(?s)missing permission`),
			},
		},
	})
}

// TestAccSecretsNotLogged applies with TF_LOG=TRACE, the admin password and
// a user's password from the environment, and reads the whole log.
func TestAccSecretsNotLogged(t *testing.T) {
	srv, url, _ := startFake(t)
	checkTrace := acctest.TraceLog(t)
	t.Setenv(EnvPassword, adminPassword)
	const userPassword = "Us3r-unique-secret"
	t.Setenv("TF_VAR_pw", userPassword)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: factories,
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf(`
provider "grommunio" {
  url      = %q
  username = "admin"
}

variable "pw" {
  type      = string
  sensitive = true
}

resource "grommunio_user" "u" {
  domain   = "example.org"
  username = "log@example.org"
  password = var.pw
}
`, url),
			Check: serverUser(srv, "log@example.org", func(u fake.User) error {
				if u.Password != userPassword {
					return fmt.Errorf("the password did not reach the server")
				}
				return nil
			}),
		}},
	})
	// Nor any session token or CSRF token the server issued.
	checkTrace([]string{"Sending API request", "/api/v1/login"}, append([]string{adminPassword, userPassword}, srv.IssuedTokens()...))
}
