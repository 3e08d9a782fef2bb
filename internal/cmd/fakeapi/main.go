// Command fakeapi runs the in-memory fake provisioning APIs (the same ones
// the acceptance tests use) so that any configuration can be pointed at
// them:
//
//	go run ./internal/cmd/fakeapi -listen 127.0.0.1:8089
//
// then, for the mytimetable provider:
//
//	export MYTIMETABLE_URL=http://127.0.0.1:8089/mytimetable MYTIMETABLE_API_TOKEN=demo-token
package main

import (
	"flag"
	"fmt"
	"log"
	"os"
	"os/signal"
	"syscall"

	"github.com/eduprov/terraform-provider-eduprov/internal/fakeapi"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:8089", "address to listen on (loopback only unless you mean it)")
	mttToken := flag.String("mytimetable-token", "demo-token", "the apiToken the fake MyTimetable API accepts")
	mttLegacy := flag.Bool("mytimetable-legacy", false, "behave like the older MyTimetable API (204 on create, 422 for a missing synchronization)")
	flag.Parse()

	s, err := fakeapi.Start(*listen, fakeapi.Options{MyTimetableToken: *mttToken, MyTimetableLegacy: *mttLegacy})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("Fake APIs listening on %s (Ctrl-C stops them; all data is in memory)\n\n", s.BaseURL)
	fmt.Printf("MyTimetable:\n  export MYTIMETABLE_URL=%s\n  export MYTIMETABLE_API_TOKEN=%s\n", s.MyTimetableURL(), *mttToken)

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
