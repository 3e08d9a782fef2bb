// Command bench measures the providers against the fake APIs with an
// injected per-request latency, and the MyTimetable seed's curl loop
// against the same fake, for BENCHMARKS.md. `make bench` runs it:
//
//	go run ./internal/cmd/bench -n 1000 -latency 50ms
//
// It applies N MyTimetable users, N synchronizations and N Workspace365
// users, plans again, and destroys them, with the real CLI and the built
// providers (as separate processes, as in production); then it runs the
// seed's shell loop (one curl per user, then one per synchronization) for
// the same N. For each it prints wall time, API requests, requests per
// object and the peak resident memory of the provider processes.
package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/eduprov/terraform-provider-eduprov/internal/devcli"
	"github.com/eduprov/terraform-provider-eduprov/internal/fakeapi"
)

const (
	token   = "bench-token"
	w365Key = "bench-key"
	w365Env = "bench"
)

type row struct {
	what     string
	objects  int
	wall     time.Duration
	requests int
	peakKiB  int64
}

func main() {
	n := flag.Int("n", 1000, "how many people (users and synchronizations each)")
	latency := flag.Duration("latency", 50*time.Millisecond, "latency the fake APIs add to every answer")
	tf := flag.String("terraform", "bin/terraform", "the Terraform (or OpenTofu) CLI")
	pluginDir := flag.String("plugin-dir", "bin/plugins", "directory holding terraform-provider-NAME binaries")
	parallelism := flag.Int("parallelism", 10, "terraform -parallelism")
	flag.Parse()

	rows, err := run(*n, *latency, *tf, *pluginDir, *parallelism)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("\nN = %d people, %s latency per request, -parallelism=%d\n\n", *n, *latency, *parallelism)
	fmt.Println("| run | objects | wall time | API requests | requests/object | provider peak RSS |")
	fmt.Println("|---|---:|---:|---:|---:|---:|")
	for _, r := range rows {
		mem := "–"
		if r.peakKiB > 0 {
			mem = fmt.Sprintf("%.0f MiB", float64(r.peakKiB)/1024)
		}
		fmt.Printf("| %s | %d | %.1f s | %d | %.2f | %s |\n", r.what, r.objects, r.wall.Seconds(), r.requests,
			float64(r.requests)/float64(r.objects), mem)
	}
	apply, loop := rows[0], rows[len(rows)-1]
	fmt.Printf("\nMyTimetable create, curl loop vs terraform apply: %.1fx the wall time (the apply also creates %d Workspace365 users)\n",
		loop.wall.Seconds()/apply.wall.Seconds(), *n)
}

func run(n int, latency time.Duration, tf, pluginDir string, parallelism int) ([]row, error) {
	tf, err := filepath.Abs(tf)
	if err != nil {
		return nil, err
	}
	srv, err := fakeapi.Start("127.0.0.1:0", fakeapi.Options{
		MyTimetableToken: token, Workspace365Key: w365Key, Workspace365Environments: []string{w365Env},
		GrommunioAdmin: "admin", GrommunioPassword: "unused",
	})
	if err != nil {
		return nil, err
	}
	defer srv.Close()
	srv.MyTimetable.SetLatency(latency)
	srv.Workspace365.SetLatency(latency)

	work, err := os.MkdirTemp("", "eduprov-bench-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(work)
	rc, err := devcli.WriteConfig(work, pluginDir)
	if err != nil {
		return nil, err
	}
	config := fmt.Sprintf(`
terraform {
  required_providers {
    mytimetable  = { source = "eduprov/mytimetable" }
    workspace365 = { source = "eduprov/workspace365" }
  }
}

provider "mytimetable" {}
provider "workspace365" {}

resource "mytimetable_user" "p" {
  count    = %[1]d
  username = format("student%%05d", count.index)
}

resource "mytimetable_synchronization" "p" {
  count        = %[1]d
  username     = mytimetable_user.p[count.index].username
  type         = "o365"
  smtp_address = format("student%%05d@example.edu", count.index)
}

resource "workspace365_user" "p" {
  count         = %[1]d
  email_address = format("student%%05d@example.edu", count.index)
  first_name    = "Student"
  last_name     = format("%%05d", count.index)
}
`, n)
	if err := os.WriteFile(filepath.Join(work, "main.tf"), []byte(config), 0o600); err != nil {
		return nil, err
	}
	env := append(os.Environ(), "TF_CLI_CONFIG_FILE="+rc, "TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1",
		"MYTIMETABLE_URL="+srv.MyTimetableURL(), "MYTIMETABLE_API_TOKEN="+token,
		"WORKSPACE365_URL="+srv.Workspace365URL(), "WORKSPACE365_ENVIRONMENT="+w365Env, "WORKSPACE365_PROVISIONING_KEY="+w365Key)
	requests := func() int {
		return srv.MyTimetable.Requests()["total"] + srv.Workspace365.Requests()["total"]
	}
	terraform := func(what string, objects int, args ...string) (row, error) {
		cmd := exec.Command(tf, args...)
		cmd.Dir, cmd.Env = work, env
		var out strings.Builder
		cmd.Stdout, cmd.Stderr = &out, &out
		before := requests()
		stop := watchProviders()
		start := time.Now()
		err := cmd.Run()
		wall := time.Since(start)
		peak := stop()
		var exitErr *exec.ExitError
		planHasChanges := errors.As(err, &exitErr) && args[0] == "plan" && exitErr.ExitCode() == 2
		if err != nil && !planHasChanges {
			return row{}, fmt.Errorf("terraform %s: %v\n%s", args[0], err, out.String())
		}
		fmt.Fprintf(os.Stderr, "%s: %.1f s\n", what, wall.Seconds())
		return row{what: what, objects: objects, wall: wall, requests: requests() - before, peakKiB: peak}, nil
	}
	p := "-parallelism=" + strconv.Itoa(parallelism)
	if _, err := terraform("init", 1, "init", "-input=false", "-no-color"); err != nil {
		return nil, err
	}
	var rows []row
	for _, step := range []struct {
		what string
		args []string
	}{
		{"terraform apply (create)", []string{"apply", "-input=false", "-auto-approve", "-no-color", p}},
		{"terraform plan (refresh, no changes)", []string{"plan", "-input=false", "-no-color", "-detailed-exitcode", p}},
		{"terraform destroy", []string{"destroy", "-input=false", "-auto-approve", "-no-color", p}},
	} {
		r, err := terraform(step.what, 3*n, step.args...)
		if err != nil {
			return nil, err
		}
		rows = append(rows, r)
	}

	// The seed's shell loop, for the same people, against the same fake.
	var users strings.Builder
	for i := range n {
		fmt.Fprintf(&users, "student%05d student%05d@example.edu\n", i, i)
	}
	usersFile := filepath.Join(work, "users.txt")
	if err := os.WriteFile(usersFile, []byte(users.String()), 0o600); err != nil {
		return nil, err
	}
	script := fmt.Sprintf(`set -e
base=%q
while read user mail; do curl -sf -X PUT -H apiToken:%s "$base/api/v0/users/$user"; done < %q
while read user mail; do curl -sf -o /dev/null -X PUT -H apiToken:%s -d username=$user -d type=o365 -d provisioning_smtpAddress=$mail "$base/api/v0/synchronizations"; done < %q
`, srv.MyTimetableURL(), token, usersFile, token, usersFile)
	before := srv.MyTimetable.Requests()["total"]
	start := time.Now()
	if out, err := exec.Command("bash", "-c", script).CombinedOutput(); err != nil {
		return nil, fmt.Errorf("curl loop: %v\n%s", err, out)
	}
	rows = append(rows, row{what: "seed's curl loop (MyTimetable users + synchronizations)", objects: 2 * n,
		wall: time.Since(start), requests: srv.MyTimetable.Requests()["total"] - before})
	if got := len(srv.MyTimetable.Synchronizations()); got != n {
		return nil, fmt.Errorf("the curl loop left %d synchronizations, want %d", got, n)
	}
	return rows, nil
}

// watchProviders samples the provider processes' peak resident memory
// (VmHWM) until the returned function is called, which returns the largest.
func watchProviders() func() int64 {
	var mu sync.Mutex
	var peak int64
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		t := time.NewTicker(50 * time.Millisecond)
		defer t.Stop()
		for {
			if kib := providerPeak(); kib > 0 {
				mu.Lock()
				peak = max(peak, kib)
				mu.Unlock()
			}
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	return func() int64 {
		close(done)
		<-finished
		mu.Lock()
		defer mu.Unlock()
		return peak
	}
}

func providerPeak() int64 {
	entries, _ := os.ReadDir("/proc")
	var peak int64
	for _, e := range entries {
		if _, err := strconv.Atoi(e.Name()); err != nil {
			continue
		}
		cmdline, err := os.ReadFile(filepath.Join("/proc", e.Name(), "cmdline"))
		if err != nil || !strings.Contains(string(cmdline), "terraform-provider-") {
			continue
		}
		f, err := os.Open(filepath.Join("/proc", e.Name(), "status"))
		if err != nil {
			continue
		}
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			if v, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
				kib, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
				peak = max(peak, kib)
			}
		}
		_ = f.Close()
	}
	return peak
}
