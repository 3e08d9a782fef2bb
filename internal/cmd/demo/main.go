// Command demo shows the providers end to end with the real Terraform CLI:
// it starts the fake APIs on 127.0.0.1, writes a CLI configuration whose
// dev_overrides point at the freshly built providers, applies examples/demo,
// removes a synchronization behind Terraform's back so that `terraform plan`
// shows the drift, and destroys everything. `make demo` runs it.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/eduprov/terraform-provider-eduprov/internal/devcli"
	"github.com/eduprov/terraform-provider-eduprov/internal/fakeapi"
	"github.com/eduprov/terraform-provider-eduprov/internal/mytimetable/api"
)

const (
	token        = "demo-token"
	w365Key      = "demo-key"
	w365Env      = "demo"
	w365Password = "Demo-Passw0rd"
	gromPassword = "demo-admin-password"
)

func main() {
	tf := flag.String("terraform", "bin/terraform", "the Terraform (or OpenTofu) CLI to run")
	pluginDir := flag.String("plugin-dir", "bin/plugins", "directory holding terraform-provider-NAME binaries")
	example := flag.String("example", "examples/demo", "the configuration to apply")
	flag.Parse()
	if err := run(*tf, *pluginDir, *example); err != nil {
		log.Fatalf("demo failed: %v", err)
	}
	fmt.Println("\n==> Demo finished: created, drift shown, destroyed.")
}

func run(tf, pluginDir, example string) error {
	tf, err := filepath.Abs(tf)
	if err != nil {
		return err
	}
	pluginDir, err = filepath.Abs(pluginDir)
	if err != nil {
		return err
	}
	srv, err := fakeapi.Start("127.0.0.1:0", fakeapi.Options{
		MyTimetableToken: token, Workspace365Key: w365Key, Workspace365Environments: []string{w365Env},
		GrommunioAdmin: "admin", GrommunioPassword: gromPassword, GrommunioDomains: []string{"example.edu"},
	})
	if err != nil {
		return err
	}
	defer srv.Close()
	step("Fake APIs: MyTimetable at %s, Workspace365 at %s, grommunio at %s", srv.MyTimetableURL(), srv.Workspace365URL(), srv.GrommunioURL())

	work, err := os.MkdirTemp("", "eduprov-demo-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)
	if err := devcli.CopyTF(work, example); err != nil {
		return err
	}
	// dev_overrides serve the freshly built binaries; a filesystem mirror
	// lets `terraform init` resolve them with no registry.
	rc, err := devcli.WriteConfig(work, pluginDir)
	if err != nil {
		return err
	}
	env := append(os.Environ(),
		"TF_CLI_CONFIG_FILE="+rc,
		"TF_IN_AUTOMATION=1",
		"CHECKPOINT_DISABLE=1",
		"MYTIMETABLE_URL="+srv.MyTimetableURL(),
		"MYTIMETABLE_API_TOKEN="+token,
		"WORKSPACE365_URL="+srv.Workspace365URL(),
		"WORKSPACE365_ENVIRONMENT="+w365Env,
		"WORKSPACE365_PROVISIONING_KEY="+w365Key,
		"GROMMUNIO_URL="+srv.GrommunioURL(),
		"GROMMUNIO_USERNAME=admin",
		"GROMMUNIO_PASSWORD="+gromPassword,
		"TF_VAR_initial_password="+w365Password,
	)
	terraform := func(wantCodes []int, args ...string) error {
		fmt.Printf("\n$ terraform %s\n", strings.Join(args, " "))
		cmd := exec.Command(tf, args...)
		cmd.Dir, cmd.Env, cmd.Stdout, cmd.Stderr = work, env, os.Stdout, os.Stderr
		err := cmd.Run()
		code := 0
		var exitErr *exec.ExitError
		if errors.As(err, &exitErr) {
			code = exitErr.ExitCode()
		} else if err != nil {
			return err
		}
		for _, w := range wantCodes {
			if code == w {
				return nil
			}
		}
		return fmt.Errorf("terraform %s exited %d, want %v", args[0], code, wantCodes)
	}

	step("terraform init (dev_overrides serve the providers built in %s)", pluginDir)
	if err := terraform([]int{0}, "init", "-input=false", "-no-color"); err != nil {
		return err
	}
	step("terraform apply: three people, each with a MyTimetable user and calendar synchronization, a Workspace365 user and a grommunio mailbox")
	if err := terraform([]int{0}, "apply", "-input=false", "-auto-approve", "-no-color"); err != nil {
		return err
	}
	users, syncs := srv.MyTimetable.Users(), srv.MyTimetable.Synchronizations()
	step("The MyTimetable API now holds users %v and %d synchronizations", users, len(syncs))
	if len(users) != 3 || len(syncs) != 3 {
		return fmt.Errorf("expected 3 users and 3 synchronizations on the server")
	}
	w365 := srv.Workspace365.Users(w365Env)
	step("The Workspace365 API now holds %d users in environment %q", len(w365), w365Env)
	if len(w365) != 3 {
		return fmt.Errorf("expected 3 Workspace365 users")
	}
	step("The grommunio API now holds %d mailboxes", len(srv.Grommunio.Users()))
	if len(srv.Grommunio.Users()) != 3 {
		return fmt.Errorf("expected 3 grommunio users")
	}

	// Drift: an administrator deletes bob's synchronization in MyTimetable,
	// through the real HTTP API.
	client, err := api.New(api.Config{URL: srv.MyTimetableURL(), Token: token})
	if err != nil {
		return err
	}
	var bob api.Synchronization
	all, err := client.ListSynchronizations(context.Background())
	if err != nil {
		return err
	}
	for _, s := range all {
		if s.Username == "bob" {
			bob = s
		}
	}
	if err := client.DeleteSynchronization(context.Background(), bob.ID, api.DefaultUnlinkMode); err != nil {
		return err
	}
	step("Behind Terraform's back: DELETE /synchronizations/%d (bob's %s synchronization)", bob.ID, bob.Type)
	step("terraform plan shows the drift (exit code 2: changes pending)")
	if err := terraform([]int{2}, "plan", "-input=false", "-detailed-exitcode", "-no-color"); err != nil {
		return err
	}
	step("terraform destroy")
	if err := terraform([]int{0}, "destroy", "-input=false", "-auto-approve", "-no-color"); err != nil {
		return err
	}
	users, syncs = srv.MyTimetable.Users(), srv.MyTimetable.Synchronizations()
	step("The MyTimetable API now holds %d users and %d synchronizations", len(users), len(syncs))
	if len(users) != 0 || len(syncs) != 0 || len(srv.Workspace365.Users(w365Env)) != 0 || len(srv.Grommunio.Users()) != 0 {
		return fmt.Errorf("destroy left objects on the servers")
	}
	return nil
}

func step(format string, args ...any) {
	fmt.Printf("\n==> "+format+"\n", args...)
}
