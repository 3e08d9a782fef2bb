package mytimetable

import (
	"fmt"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/eduprov/terraform-provider-eduprov/internal/mytimetable/fake"
)

const testToken = "s3cr3t-test-token"

var factories = map[string]func() (tfprotov6.ProviderServer, error){
	Name: providerserver.NewProtocol6WithError(New("test")()),
}

// startFake serves a fresh fake API for one test.
func startFake(t *testing.T, legacy bool) (*fake.Server, string) {
	t.Helper()
	srv := fake.New(testToken)
	srv.SetLegacy(legacy)
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	return srv, ts.URL
}

func providerConfig(url, token string) string {
	return fmt.Sprintf(`
provider "mytimetable" {
  url         = %q
  api_token   = %q
  max_retries = 4
}
`, url, token)
}

func userAndSync(url, unlinkMode string) string {
	return providerConfig(url, testToken) + fmt.Sprintf(`
resource "mytimetable_user" "alice" {
  username = "alice"
}

resource "mytimetable_synchronization" "s" {
  username     = mytimetable_user.alice.username
  type         = "ews"
  smtp_address = "alice@example.edu"
  unlink_mode  = %q
}
`, unlinkMode)
}

// check runs f as a TestCheckFunc that asserts on the fake server's state.
func check(f func() error) resource.TestCheckFunc {
	return func(*terraform.State) error { return f() }
}

func onlySync(srv *fake.Server) (fake.Synchronization, error) {
	syncs := srv.Synchronizations()
	if len(syncs) != 1 {
		return fake.Synchronization{}, fmt.Errorf("the server holds %d synchronizations, want exactly 1: %+v", len(syncs), syncs)
	}
	return syncs[0], nil
}

func TestAccUser(t *testing.T) {
	srv, url := startFake(t, false)
	cfg := providerConfig(url, testToken) + `
resource "mytimetable_user" "u" {
  username = "bob.smith@example.edu"
}
`
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories,
		CheckDestroy: check(func() error {
			if u := srv.Users(); len(u) != 0 {
				return fmt.Errorf("users left on the server after destroy: %v", u)
			}
			return nil
		}),
		Steps: []resource.TestStep{
			{
				Config: cfg,
				Check: resource.ComposeAggregateTestCheckFunc(
					check(func() error {
						// The provider's version and the CLI's, e.g. "terraform-provider-mytimetable/test Terraform/1.5.7".
						ua := srv.UserAgents()
						if len(ua) != 1 || !regexp.MustCompile(`^terraform-provider-mytimetable/test Terraform/\d+\.\d+\.\d+`).MatchString(ua[0]) {
							return fmt.Errorf("User-Agent %q", ua)
						}
						return nil
					}),
					resource.TestCheckResourceAttr("mytimetable_user.u", "id", "bob.smith@example.edu"),
					resource.TestCheckResourceAttr("mytimetable_user.u", "username", "bob.smith@example.edu"),
					check(func() error {
						if u := srv.Users(); len(u) != 1 || u[0] != "bob.smith@example.edu" {
							return fmt.Errorf("server users = %v", u)
						}
						return nil
					}),
				),
			},
			{
				ResourceName:            "mytimetable_user.u",
				ImportState:             true,
				ImportStateId:           "bob.smith@example.edu",
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"timeouts"},
			},
			{
				// Deleted behind Terraform's back: the plan wants it back.
				PreConfig:          func() { srv.RemoveUser("bob.smith@example.edu") },
				Config:             cfg,
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
			},
			{
				Config: cfg,
				Check: check(func() error {
					if u := srv.Users(); len(u) != 1 {
						return fmt.Errorf("after re-apply the server holds users %v, want the one user", u)
					}
					return nil
				}),
			},
		},
	})
}

func TestAccSynchronization(t *testing.T) {
	for _, legacy := range []bool{false, true} {
		t.Run(fmt.Sprintf("legacy=%v", legacy), func(t *testing.T) {
			srv, url := startFake(t, legacy)
			var firstID int64
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: factories,
				CheckDestroy: check(func() error {
					if s := srv.Synchronizations(); len(s) != 0 {
						return fmt.Errorf("synchronizations left after destroy: %+v", s)
					}
					d := srv.Deletions()
					if len(d) != 1 || d[0].ID != firstID || d[0].UnlinkMode != "DELETE_ALL_EVENTS" {
						return fmt.Errorf("want one deletion of %d with DELETE_ALL_EVENTS, got %+v", firstID, d)
					}
					return nil
				}),
				Steps: []resource.TestStep{
					{
						Config: userAndSync(url, "UNLINK_ONLY"),
						Check: resource.ComposeAggregateTestCheckFunc(
							resource.TestCheckResourceAttr("mytimetable_synchronization.s", "username", "alice"),
							resource.TestCheckResourceAttr("mytimetable_synchronization.s", "type", "ews"),
							resource.TestCheckResourceAttr("mytimetable_synchronization.s", "description", "alice@example.edu"),
							resource.TestCheckResourceAttr("mytimetable_synchronization.s", "enabled", "true"),
							resource.TestCheckResourceAttr("mytimetable_synchronization.s", "status", "OK"),
							resource.TestMatchResourceAttr("mytimetable_synchronization.s", "last_resync",
								regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$`)),
							check(func() error {
								s, err := onlySync(srv)
								if err != nil {
									return err
								}
								if s.Username != "alice" || s.Type != "ews" || s.SMTPAddress != "alice@example.edu" {
									return fmt.Errorf("server holds %+v", s)
								}
								firstID = s.ID
								return nil
							}),
							func(st *terraform.State) error {
								got := st.RootModule().Resources["mytimetable_synchronization.s"].Primary.ID
								if got != strconv.FormatInt(firstID, 10) {
									return fmt.Errorf("state id %s, server id %d", got, firstID)
								}
								return nil
							},
						),
					},
					{
						// unlink_mode changes in place and calls no API.
						Config: userAndSync(url, "DELETE_ALL_EVENTS"),
						ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
							plancheck.ExpectResourceAction("mytimetable_synchronization.s", plancheck.ResourceActionUpdate),
						}},
						Check: resource.ComposeAggregateTestCheckFunc(
							resource.TestCheckResourceAttr("mytimetable_synchronization.s", "unlink_mode", "DELETE_ALL_EVENTS"),
							check(func() error {
								s, err := onlySync(srv)
								if err == nil && s.ID != firstID {
									err = fmt.Errorf("synchronization replaced: id %d, want %d", s.ID, firstID)
								}
								if n := srv.Requests()["PUT /synchronizations"]; err == nil && n != 1 {
									err = fmt.Errorf("PUT /synchronizations called %d times, want 1", n)
								}
								if err == nil && len(srv.Deletions()) != 0 {
									err = fmt.Errorf("a deletion happened on an unlink_mode change: %+v", srv.Deletions())
								}
								return err
							}),
						),
					},
					{
						ResourceName:            "mytimetable_synchronization.s",
						ImportState:             true,
						ImportStateVerify:       true,
						ImportStateVerifyIgnore: []string{"smtp_address", "unlink_mode", "timeouts"},
					},
					{
						ResourceName:            "mytimetable_synchronization.s",
						ImportState:             true,
						ImportStateId:           "alice/ews",
						ImportStateVerify:       true,
						ImportStateVerifyIgnore: []string{"smtp_address", "unlink_mode", "timeouts"},
					},
				},
			})
		})
	}
}

func TestAccSynchronization_importThenApplyKeepsIt(t *testing.T) {
	srv, url := startFake(t, false)
	srv.AddUser("carol")
	id := srv.AddSynchronization("carol", "o365", "carol@example.edu")
	cfg := providerConfig(url, testToken) + `
import {
  to = mytimetable_synchronization.c
  id = "carol/o365"
}

resource "mytimetable_synchronization" "c" {
  username     = "carol"
  type         = "o365"
  smtp_address = "carol@example.edu"
}
`
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories,
		Steps: []resource.TestStep{
			{
				// The address cannot be read back: the import block's apply
				// records it in place instead of replacing the synchronization.
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("mytimetable_synchronization.c", plancheck.ResourceActionUpdate),
				}},
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr("mytimetable_synchronization.c", "id", strconv.FormatInt(id, 10)),
					resource.TestCheckResourceAttr("mytimetable_synchronization.c", "smtp_address", "carol@example.edu"),
					check(func() error {
						if n := srv.Requests()["PUT /synchronizations"]; n != 0 {
							return fmt.Errorf("the import created a synchronization (%d PUTs)", n)
						}
						return nil
					}),
				),
			},
			{
				// Once recorded, a changed address replaces it again.
				Config: regexp.MustCompile(`carol@example.edu"\n}`).ReplaceAllString(cfg, "carol@new.example.edu\"\n}"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("mytimetable_synchronization.c", plancheck.ResourceActionReplace),
				}},
				Check: check(func() error {
					s, err := onlySync(srv)
					if err == nil && s.SMTPAddress != "carol@new.example.edu" {
						err = fmt.Errorf("server holds %+v", s)
					}
					return err
				}),
			},
		},
	})
}

func TestAccSynchronization_drift(t *testing.T) {
	srv, url := startFake(t, false)
	cfg := userAndSync(url, "UNLINK_ONLY")
	syncID := func() int64 {
		s := srv.Synchronizations()
		if len(s) == 0 {
			return 0
		}
		return s[0].ID
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories,
		Steps: []resource.TestStep{
			{Config: cfg},
			{
				// Disabled by an administrator: a refresh shows it.
				PreConfig: func() { srv.SetSynchronizationState(syncID(), false, "DISABLED") },
				Config:    cfg,
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr("mytimetable_synchronization.s", "enabled", "false"),
					resource.TestCheckResourceAttr("mytimetable_synchronization.s", "status", "DISABLED"),
				),
			},
			{
				// Removed behind Terraform's back: the plan creates it again.
				PreConfig:          func() { srv.RemoveSynchronization(syncID()) },
				Config:             cfg,
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
			},
			{
				Config: cfg,
				Check: check(func() error {
					s, err := onlySync(srv)
					if err == nil && !s.Enabled {
						err = fmt.Errorf("re-created synchronization is not enabled: %+v", s)
					}
					return err
				}),
			},
		},
	})
}

func TestAccDataSources(t *testing.T) {
	for _, legacy := range []bool{false, true} {
		t.Run(fmt.Sprintf("legacy=%v", legacy), func(t *testing.T) {
			srv, url := startFake(t, legacy)
			srv.AddUser("zoe")
			srv.AddUser("adam")
			a1 := srv.AddSynchronization("adam", "ews", "adam@example.edu")
			srv.AddSynchronization("zoe", "o365", "zoe@example.edu")
			a2 := srv.AddSynchronization("adam", "o365", "adam@example.edu")
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: factories,
				Steps: []resource.TestStep{{
					Config: providerConfig(url, testToken) + `
data "mytimetable_users" "all" {}
data "mytimetable_synchronizations" "all" {}
data "mytimetable_synchronizations" "adam" {
  username = "adam"
}
data "mytimetable_synchronizations" "o365" {
  type = "o365"
}
data "mytimetable_synchronizations" "nobody" {
  username = "nobody"
}
`,
					Check: resource.ComposeAggregateTestCheckFunc(
						resource.TestCheckResourceAttr("data.mytimetable_users.all", "usernames.#", "2"),
						resource.TestCheckResourceAttr("data.mytimetable_users.all", "usernames.0", "adam"),
						resource.TestCheckResourceAttr("data.mytimetable_users.all", "usernames.1", "zoe"),
						resource.TestCheckResourceAttr("data.mytimetable_synchronizations.all", "synchronizations.#", "3"),
						resource.TestCheckResourceAttr("data.mytimetable_synchronizations.adam", "synchronizations.#", "2"),
						resource.TestCheckResourceAttr("data.mytimetable_synchronizations.adam", "synchronizations.0.id", strconv.FormatInt(a1, 10)),
						resource.TestCheckResourceAttr("data.mytimetable_synchronizations.adam", "synchronizations.1.id", strconv.FormatInt(a2, 10)),
						// The per-user list carries every field in both API generations.
						resource.TestCheckResourceAttr("data.mytimetable_synchronizations.adam", "synchronizations.0.description", "adam@example.edu"),
						resource.TestCheckResourceAttr("data.mytimetable_synchronizations.adam", "synchronizations.0.enabled", "true"),
						resource.TestCheckResourceAttr("data.mytimetable_synchronizations.o365", "synchronizations.#", "2"),
						resource.TestCheckResourceAttr("data.mytimetable_synchronizations.o365", "synchronizations.0.username", "zoe"),
						resource.TestCheckResourceAttr("data.mytimetable_synchronizations.o365", "synchronizations.1.username", "adam"),
						resource.TestCheckResourceAttr("data.mytimetable_synchronizations.nobody", "synchronizations.#", "0"),
					),
				}},
			})
		})
	}
}

func TestAccBadInput(t *testing.T) {
	srv, url := startFake(t, false)
	srv.AddUser("alice")
	sync := func(username, typ, mode string) string {
		return providerConfig(url, testToken) + fmt.Sprintf(`
resource "mytimetable_synchronization" "s" {
  username    = %q
  type        = %q
  unlink_mode = %q
}
`, username, typ, mode)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories,
		CheckDestroy: check(func() error {
			if s := srv.Synchronizations(); len(s) != 0 {
				return fmt.Errorf("bad input created %+v", s)
			}
			return nil
		}),
		Steps: []resource.TestStep{
			{
				Config:      sync("alice", "ews", "DELETE_EVERYTHING"),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)unlink_mode.*UNLINK_ONLY.*DELETE_FUTURE_EVENTS.*DELETE_ALL_EVENTS.*CLEANUP`),
			},
			{
				Config:      sync("", "ews", "UNLINK_ONLY"),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)username.*at least 1`),
			},
			{
				Config:      sync("../synchronizations", "ews", "UNLINK_ONLY"),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)must not contain "/"`),
			},
			{
				Config:      sync("alice?x=1", "ews", "UNLINK_ONLY"),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)must not contain "/", "\?"`),
			},
			{
				Config: strings.Replace(sync("alice", "ews", "UNLINK_ONLY"), "max_retries = 4",
					"max_retries = 4\n  max_requests_per_second = 0", 1),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)max_requests_per_second.*at least 0.01`),
			},
			{
				Config:      sync("alice", "teams", "UNLINK_ONLY"),
				ExpectError: regexp.MustCompile(`(?s)"teams" synchronization.*422.*type "teams" is not enabled`),
			},
			{
				Config:      providerConfig(url, "wrong-token") + `data "mytimetable_users" "all" {}`,
				ExpectError: regexp.MustCompile(`(?s)API token was refused.*MYTIMETABLE_API_TOKEN`),
			},
			{
				Config:      `data "mytimetable_users" "all" {}`,
				ExpectError: regexp.MustCompile(`(?s)(MYTIMETABLE_URL|MYTIMETABLE_API_TOKEN)`),
			},
		},
	})
}

func TestAccRetries(t *testing.T) {
	srv, url := startFake(t, false)
	// Every kind of retryable fault on the calls an apply makes, including a
	// create whose answer is lost after the server acted on it.
	srv.InjectFault(fake.Fault{Method: "PUT", PathPrefix: "/users/", Status: 503, Times: 2})
	srv.InjectFault(fake.Fault{Method: "PUT", PathPrefix: "/synchronizations", Status: 429, RetryAfter: 1})
	srv.InjectFault(fake.Fault{Method: "PUT", PathPrefix: "/synchronizations", AfterHandling: true, Drop: true})
	srv.InjectFault(fake.Fault{Method: "GET", PathPrefix: "/users", Status: 502})
	srv.InjectFault(fake.Fault{Method: "DELETE", PathPrefix: "/synchronizations/", Status: 504})
	start := time.Now()
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories,
		CheckDestroy: check(func() error {
			if s := srv.Synchronizations(); len(s) != 0 {
				return fmt.Errorf("left after destroy: %+v", s)
			}
			return nil
		}),
		Steps: []resource.TestStep{{
			// Throttled too: the caps apply to retries as well.
			Config: strings.Replace(userAndSync(url, "CLEANUP"), "max_retries = 4",
				"max_retries = 4\n  max_concurrent_requests = 2\n  max_requests_per_second = 50", 1),
			Check: resource.ComposeAggregateTestCheckFunc(
				check(func() error {
					s, err := onlySync(srv)
					if err != nil {
						return fmt.Errorf("after a lost answer: %w", err)
					}
					if n := srv.Requests()["PUT /synchronizations"]; n != 2 {
						return fmt.Errorf("PUT /synchronizations sent %d times, want 2 (one 429, one acted on whose answer was lost)", n)
					}
					if n := srv.Requests()["PUT /users/{username}"]; n != 3 {
						return fmt.Errorf("PUT /users/alice sent %d times, want 3 (two 503s)", n)
					}
					_ = s
					return nil
				}),
				func(st *terraform.State) error {
					s, _ := onlySync(srv)
					if got := st.RootModule().Resources["mytimetable_synchronization.s"].Primary.ID; got != strconv.FormatInt(s.ID, 10) {
						return fmt.Errorf("state id %s, server id %d", got, s.ID)
					}
					return nil
				},
			),
		}},
	})
	t.Logf("apply+destroy under faults took %s", time.Since(start))
}
