// Command fakeapi runs the in-memory fake provisioning APIs (the same ones
// the acceptance tests use) so that any configuration can be pointed at
// them:
//
//	go run ./internal/cmd/fakeapi -listen 127.0.0.1:8089
//
// then, for the mytimetable provider:
//
//	export MYTIMETABLE_URL=http://127.0.0.1:8089/mytimetable MYTIMETABLE_API_TOKEN=demo-token
//
// (and likewise WORKSPACE365_* and GROMMUNIO_*, which it prints); for workspace365:
//
//	export WORKSPACE365_URL=http://127.0.0.1:8089/workspace365/Provisioning WORKSPACE365_ENVIRONMENT=demo WORKSPACE365_PROVISIONING_KEY=demo-key
package main

import (
	"flag"
	"fmt"
	"log"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/eduprov/terraform-provider-eduprov/internal/fakeapi"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:8089", "address to listen on (loopback only unless you mean it)")
	mttToken := flag.String("mytimetable-token", "demo-token", "the apiToken the fake MyTimetable API accepts")
	mttLegacy := flag.Bool("mytimetable-legacy", false, "behave like the older MyTimetable API (204 on create, 422 for a missing synchronization)")
	w365Key := flag.String("workspace365-key", "demo-key", "the ProvisioningKey the fake Workspace365 API accepts")
	w365Envs := flag.String("workspace365-environments", "demo", "comma-separated Workspace365 environments")
	gromPassword := flag.String("grommunio-password", "demo-password", "the password of the grommunio fake's admin account \"admin\"")
	gromDomains := flag.String("grommunio-domains", "example.org", "comma-separated grommunio domains")
	flag.Parse()

	s, err := fakeapi.Start(*listen, fakeapi.Options{
		MyTimetableToken: *mttToken, MyTimetableLegacy: *mttLegacy,
		Workspace365Key: *w365Key, Workspace365Environments: strings.Split(*w365Envs, ","),
		GrommunioAdmin: "admin", GrommunioPassword: *gromPassword, GrommunioDomains: strings.Split(*gromDomains, ","),
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("Fake APIs listening on %s (Ctrl-C stops them; all data is in memory)\n\n", s.BaseURL)
	fmt.Printf("MyTimetable:\n  export MYTIMETABLE_URL=%s\n  export MYTIMETABLE_API_TOKEN=%s\n", s.MyTimetableURL(), *mttToken)
	fmt.Printf("Workspace365:\n  export WORKSPACE365_URL=%s\n  export WORKSPACE365_ENVIRONMENT=%s\n  export WORKSPACE365_PROVISIONING_KEY=%s\n",
		s.Workspace365URL(), strings.Split(*w365Envs, ",")[0], *w365Key)
	fmt.Printf("grommunio:\n  export GROMMUNIO_URL=%s\n  export GROMMUNIO_USERNAME=admin\n  export GROMMUNIO_PASSWORD=%s\n",
		s.GrommunioURL(), *gromPassword)

	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	go func() {
		<-sig
		_ = s.Close()
	}()
	if err := s.Wait(); err != nil {
		log.Fatal(err)
	}
}
