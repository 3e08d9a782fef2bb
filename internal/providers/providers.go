// Package providers maps executable names to the provider types this one
// binary serves: terraform-provider-mytimetable[_vX.Y.Z] serves mytimetable.
package providers

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/provider"

	"github.com/eduprov/terraform-provider-eduprov/internal/grommunio"
	"github.com/eduprov/terraform-provider-eduprov/internal/mytimetable"
	"github.com/eduprov/terraform-provider-eduprov/internal/workspace365"
)

// Namespace is the registry namespace the providers are published under.
const Namespace = "eduprov"

// all maps each provider type name to its constructor.
var all = map[string]func(version string) func() provider.Provider{
	grommunio.Name:    grommunio.New,
	mytimetable.Name:  mytimetable.New,
	workspace365.Name: workspace365.New,
}

// Names returns the provider type names, sorted.
func Names() []string {
	out := make([]string, 0, len(all))
	for n := range all {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// New returns the constructor of the named provider type.
func New(name, version string) (func() provider.Provider, bool) {
	c, ok := all[name]
	if !ok {
		return nil, false
	}
	return c(version), true
}

var versionSuffix = regexp.MustCompile(`_v[0-9][^_]*$`)

// NameFromExecutable derives the provider type from the executable's name:
// "terraform-provider-NAME", optionally followed by "_vVERSION" and ".exe".
func NameFromExecutable(executable string) (string, error) {
	// Either separator: the name may come from a Windows path.
	base := executable[strings.LastIndexAny(executable, `/\`)+1:]
	base = strings.TrimSuffix(base, ".exe")
	name, ok := strings.CutPrefix(base, "terraform-provider-")
	if ok {
		name = versionSuffix.ReplaceAllString(name, "")
		if _, known := all[name]; known {
			return name, nil
		}
	}
	valid := make([]string, 0, len(all))
	for _, n := range Names() {
		valid = append(valid, "terraform-provider-"+n)
	}
	return "", fmt.Errorf("this binary serves several Terraform providers and picks one by its file name, but %q names none of them.\n"+
		"Install (or link) it under one of these names, optionally followed by _vX.Y.Z: %s", base, strings.Join(valid, ", "))
}

// Address is the registry address a provider type is served under.
func Address(name string) string {
	return "registry.terraform.io/" + Namespace + "/" + name
}
