// Package acctest runs the real Terraform or OpenTofu CLI
// (TF_ACC_TERRAFORM_PATH) directly against a provider served in-process,
// for the tests that need fewer CLI commands or more control (signals)
// than terraform-plugin-testing gives: the request-budget test over
// thousands of objects, and the interrupted-apply test.
package acctest

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/go-plugin"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"
)

// CLI is a working directory and a provider served in-process.
type CLI struct {
	t   *testing.T
	bin string
	Dir string
	env []string
}

// New serves p under name (as hashicorp/NAME, the address an unqualified
// configuration uses) and prepares a working directory holding config. It
// skips the test unless TF_ACC and TF_ACC_TERRAFORM_PATH are set.
func New(t *testing.T, name string, p provider.Provider, config string) *CLI {
	t.Helper()
	bin := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if os.Getenv("TF_ACC") == "" || bin == "" {
		t.Skip("acceptance test: set TF_ACC=1 and TF_ACC_TERRAFORM_PATH (make test does)")
	}
	ctx, cancel := context.WithCancel(context.Background())
	configCh := make(chan *plugin.ReattachConfig, 1)
	closeCh := make(chan struct{})
	go func() {
		err := tf6server.Serve("registry.terraform.io/hashicorp/"+name,
			func() tfprotov6.ProviderServer { return providerserver.NewProtocol6(p)() },
			tf6server.WithDebug(ctx, configCh, closeCh), tf6server.WithoutLogStderrOverride())
		if err != nil {
			t.Errorf("serving the provider: %v", err)
			configCh <- nil
		}
	}()
	rc := <-configCh
	t.Cleanup(func() {
		cancel()
		<-closeCh
	})
	if rc == nil {
		t.FailNow()
	}
	reattach := map[string]any{}
	for _, host := range []string{"registry.terraform.io", "registry.opentofu.org"} {
		reattach[host+"/hashicorp/"+name] = map[string]any{
			"Protocol": string(rc.Protocol), "ProtocolVersion": rc.ProtocolVersion, "Pid": rc.Pid, "Test": true,
			"Addr": map[string]string{"Network": rc.Addr.Network(), "String": rc.Addr.String()},
		}
	}
	b, err := json.Marshal(reattach)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(config), 0o600); err != nil {
		t.Fatal(err)
	}
	rcFile := filepath.Join(dir, "cli.tfrc")
	if err := os.WriteFile(rcFile, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	env := append(os.Environ(), "TF_REATTACH_PROVIDERS="+string(b), "TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1",
		"TF_CLI_CONFIG_FILE="+rcFile)
	return &CLI{t: t, bin: bin, Dir: dir, env: env}
}

// Command prepares a CLI command in the working directory.
func (c *CLI) Command(args ...string) *exec.Cmd {
	cmd := exec.Command(c.bin, args...)
	cmd.Dir, cmd.Env = c.Dir, c.env
	return cmd
}

// Run runs a CLI command and returns its exit code and combined output.
func (c *CLI) Run(args ...string) (int, string) {
	c.t.Helper()
	out, err := c.Command(args...).CombinedOutput()
	var exitErr *exec.ExitError
	switch {
	case errors.As(err, &exitErr):
		return exitErr.ExitCode(), string(out)
	case err != nil:
		c.t.Fatalf("running %v: %v", args, err)
	}
	return 0, string(out)
}

// MustRun runs a CLI command that must exit with code want.
func (c *CLI) MustRun(want int, args ...string) string {
	c.t.Helper()
	code, out := c.Run(args...)
	if code != want {
		c.t.Fatalf("%v exited %d, want %d:\n%s", args, code, want, out)
	}
	return out
}

// Resources returns the values of every resource of type typ in the state
// (`show -json`).
func (c *CLI) Resources(typ string) []map[string]any {
	c.t.Helper()
	out, err := c.Command("show", "-json", "-no-color").Output()
	if err != nil {
		c.t.Fatalf("show -json: %v", err)
	}
	var st struct {
		Values struct {
			RootModule struct {
				Resources []struct {
					Type   string         `json:"type"`
					Values map[string]any `json:"values"`
				} `json:"resources"`
			} `json:"root_module"`
		} `json:"values"`
	}
	if err := json.Unmarshal(out, &st); err != nil {
		c.t.Fatalf("show -json: %v", err)
	}
	var res []map[string]any
	for _, r := range st.Values.RootModule.Resources {
		if r.Type == typ {
			res = append(res, r.Values)
		}
	}
	return res
}

// TraceLog makes the CLI and the in-process provider log at TRACE into a
// file, and returns a function that checks it: the log must hold every
// string in mustHold (or the check proves nothing) and none of secrets.
// It uses t.Setenv, so the test must not be parallel.
func TraceLog(t *testing.T) func(mustHold, secrets []string) {
	t.Helper()
	file := filepath.Join(t.TempDir(), "trace.log")
	t.Setenv("TF_LOG", "TRACE")
	t.Setenv("TF_ACC_LOG_PATH", file)
	return func(mustHold, secrets []string) {
		t.Helper()
		b, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		logs := string(b)
		for _, s := range mustHold {
			if !strings.Contains(logs, s) {
				t.Fatalf("the trace log (%d bytes) lacks %q: the check would prove nothing", len(b), s)
			}
		}
		for _, s := range secrets {
			if strings.Contains(logs, s) {
				t.Errorf("secret %q found in TF_LOG=TRACE output", s)
			}
		}
	}
}
