// Command examplecheck runs `terraform init` and `terraform validate` on
// every example configuration, offline, with the providers just built. A
// resource or data source example is checked together with its provider's
// example (which declares the provider's source). `make examples` runs it.
package main

import (
	"flag"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"

	"github.com/eduprov/terraform-provider-eduprov/internal/devcli"
)

func main() {
	tf := flag.String("terraform", "bin/terraform", "the Terraform (or OpenTofu) CLI")
	pluginDir := flag.String("plugin-dir", "bin/plugins", "directory holding terraform-provider-NAME binaries")
	root := flag.String("examples", "examples", "the examples directory")
	flag.Parse()

	failed, checked, err := run(*tf, *pluginDir, *root)
	if err != nil {
		fmt.Fprintln(os.Stderr, "examplecheck:", err)
		os.Exit(1)
	}
	fmt.Printf("\n%d passed, %d failed\n", checked-len(failed), len(failed))
	if len(failed) > 0 {
		fmt.Fprintf(os.Stderr, "examples that do not validate: %s\n", strings.Join(failed, ", "))
		os.Exit(1)
	}
}

func run(tf, pluginDir, root string) ([]string, int, error) {
	tf, err := filepath.Abs(tf)
	if err != nil {
		return nil, 0, err
	}
	work, err := os.MkdirTemp("", "examplecheck-")
	if err != nil {
		return nil, 0, err
	}
	defer os.RemoveAll(work)
	rc, err := devcli.WriteConfig(work, pluginDir)
	if err != nil {
		return nil, 0, err
	}
	dirs, err := exampleDirs(root)
	if err != nil {
		return nil, 0, err
	}
	var failed []string
	for i, dir := range dirs {
		sources := []string{dir}
		rel, _ := filepath.Rel(root, dir)
		parts := strings.Split(rel, string(filepath.Separator))
		if len(parts) == 3 && (parts[1] == "resources" || parts[1] == "data-sources") {
			sources = append([]string{filepath.Join(root, parts[0], "provider")}, sources...)
		}
		tmp := filepath.Join(work, fmt.Sprintf("example-%d", i))
		if err := os.MkdirAll(tmp, 0o755); err != nil {
			return nil, 0, err
		}
		if err := devcli.CopyTF(tmp, sources...); err != nil {
			return nil, 0, err
		}
		out, err := terraform(tf, tmp, rc, "init", "-backend=false", "-input=false", "-no-color")
		if err == nil {
			out, err = terraform(tf, tmp, rc, "validate", "-no-color")
		}
		if err != nil {
			fmt.Printf("FAIL %s\n%s\n", rel, out)
			failed = append(failed, rel)
			continue
		}
		fmt.Printf("ok   %s\n", rel)
	}
	return failed, len(dirs), nil
}

func terraform(tf, dir, rc string, args ...string) (string, error) {
	cmd := exec.Command(tf, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "TF_CLI_CONFIG_FILE="+rc, "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1")
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// exampleDirs returns every directory holding .tf files, sorted.
func exampleDirs(root string) ([]string, error) {
	seen := map[string]bool{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == ".terraform" || d.Name() == "modules") {
			return filepath.SkipDir
		}
		if !d.IsDir() && strings.HasSuffix(p, ".tf") {
			seen[filepath.Dir(p)] = true
		}
		return nil
	})
	out := make([]string, 0, len(seen))
	for d := range seen {
		out = append(out, d)
	}
	sort.Strings(out)
	return out, err
}
