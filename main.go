// Command mentorbook runs a school's mentoring programme: pairings, meeting
// logs, consent forms and termly reports in one local SQLite file.
package main

import (
	_ "embed"
	"fmt"
	"io"
	"os"

	"mentorbook/app"
	"mentorbook/app/cli"
	_ "mentorbook/app/locale" // before Fyne reads the locale: see its doc
)

// fyneAppTOML is the one place the program's name and version are written;
// `fyne package` reads the same file for the installers.
//
//go:embed FyneApp.toml
var fyneAppTOML []byte

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run is main without the exit, for the test.
func run(args []string, stdout, stderr io.Writer) int {
	info, err := cli.ParseAppInfo(fyneAppTOML)
	if err != nil {
		fmt.Fprintf(stderr, "mentorbook: %v\n", err)
		return 1
	}
	cli.Program = info
	app.Version = info.Version
	return cli.Main(args, stdout, stderr, app.Run)
}
