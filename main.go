// Command mentorbook runs a school's mentoring programme: pairings, meeting
// logs, consent forms and termly reports in one local SQLite file.
package main

import (
	"os"

	"mentorbook/app"
	"mentorbook/app/cli"
)

func main() {
	app.Version = cli.Version
	os.Exit(cli.Main(os.Args[1:], os.Stdout, os.Stderr, app.Run))
}
