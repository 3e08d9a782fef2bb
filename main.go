// Command terraform-provider-eduprov is one binary serving three Terraform
// providers (mytimetable, workspace365, grommunio). The executable's name
// picks the provider: install it as terraform-provider-mytimetable to serve
// mytimetable. See internal/providers.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/eduprov/terraform-provider-eduprov/internal/providers"
)

// version is set by the release build (goreleaser's -ldflags).
var version = "dev"

func main() {
	var debug bool
	var name string
	flag.BoolVar(&debug, "debug", false, "start the provider with support for debuggers like delve")
	flag.StringVar(&name, "provider", "", "serve this provider type instead of the one the executable's name selects")
	flag.Parse()

	if name == "" {
		var err error
		if name, err = providers.NameFromExecutable(os.Args[0]); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	}
	newProvider, ok := providers.New(name, version)
	if !ok {
		fmt.Fprintf(os.Stderr, "unknown provider %q; valid names: %v\n", name, providers.Names())
		os.Exit(1)
	}
	err := providerserver.Serve(context.Background(), newProvider, providerserver.ServeOpts{
		Address: providers.Address(name),
		Debug:   debug,
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
