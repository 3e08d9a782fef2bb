// Package devcli prepares a Terraform/OpenTofu CLI configuration that uses
// the providers just built, with no registry: dev_overrides serve the
// binaries, and a filesystem mirror holds a package of each so that
// `terraform init` resolves them offline. The demo and the example checks
// use it.
package devcli

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/eduprov/terraform-provider-eduprov/internal/providers"
)

// WriteConfig writes, under dir, a mirror of the binaries in pluginDir
// (terraform-provider-NAME for every provider) and a CLI configuration file
// using them; it returns the file's path, for TF_CLI_CONFIG_FILE.
func WriteConfig(dir, pluginDir string) (string, error) {
	pluginDir, err := filepath.Abs(pluginDir)
	if err != nil {
		return "", err
	}
	mirror := filepath.Join(dir, "mirror")
	var overrides strings.Builder
	for _, name := range providers.Names() {
		fmt.Fprintf(&overrides, "    %q = %q\n", providers.Namespace+"/"+name, pluginDir)
		for _, host := range []string{"registry.terraform.io", "registry.opentofu.org"} {
			pkg := filepath.Join(mirror, host, providers.Namespace, name, "0.0.1", runtime.GOOS+"_"+runtime.GOARCH)
			if err := os.MkdirAll(pkg, 0o755); err != nil {
				return "", err
			}
			bin := "terraform-provider-" + name
			if err := os.Symlink(filepath.Join(pluginDir, bin), filepath.Join(pkg, bin+"_v0.0.1")); err != nil {
				return "", err
			}
		}
	}
	rc := filepath.Join(dir, "terraformrc")
	cfg := fmt.Sprintf("provider_installation {\n  dev_overrides {\n%s  }\n  filesystem_mirror {\n    path = %q\n  }\n}\n", overrides.String(), mirror)
	return rc, os.WriteFile(rc, []byte(cfg), 0o600)
}

// CopyTF copies the .tf files of each directory in from, in order, into to.
func CopyTF(to string, from ...string) error {
	for _, dir := range from {
		entries, err := os.ReadDir(dir)
		if err != nil {
			return err
		}
		for _, e := range entries {
			if e.IsDir() || !strings.HasSuffix(e.Name(), ".tf") {
				continue
			}
			b, err := os.ReadFile(filepath.Join(dir, e.Name()))
			if err != nil {
				return err
			}
			if err := os.WriteFile(filepath.Join(to, filepath.Base(dir)+"_"+e.Name()), b, 0o600); err != nil {
				return err
			}
		}
	}
	return nil
}
