// Package cli is Mentorbook's command line: the same work as the window,
// scriptable. It never imports the GUI toolkit; main.go passes the window
// in as a function.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"sort"
	"strings"

	"mentorbook/data"
)

// errUsage marks a mistake in the command line itself: exit status 2.
var errUsage = errors.New("usage")

// usageErr returns an error that prints msg and exits 2.
func usageErr(format string, args ...any) error {
	return fmt.Errorf("%w: %s", errUsage, fmt.Sprintf(format, args...))
}

// env is what every command gets: where the database is, and where to write.
type env struct {
	dbPath string
	stdout io.Writer
	stderr io.Writer
}

// open opens the database (taking a backup first if it must be migrated).
func (e *env) open() (*data.Store, error) { return data.Open(e.dbPath) }

// command is one `mentorbook NAME ...` command.
type command struct {
	usage string // the line shown in the help
	run   func(ctx context.Context, e *env, args []string) error
}

// commands lists every command; subcommands (import oneroster, report
// student…) are dispatched by their own command.
var commands = map[string]command{
	"demo":    {"demo [--students N] [--seed S]       fill an empty database with a realistic demo school", runDemo},
	"import":  {"import oneroster PATH [--dry-run] | import csv FILE [--dry-run] [--map FIELD=COLUMN,...]", runImport},
	"export":  {"export students|pairings|meetings|goals --out FILE.csv [--confidential] [--passphrase-file F] | export calendar --mentor ID --out FILE.ics", runExport},
	"report":  {"report student|students|mentors|programme|consent-letters [--student ID] [--term NAME] --out FILE", runReport},
	"backup":  {"backup [--out FILE]                   a verified copy of the database (of a PostgreSQL one: an SQLite file, --out needed)", runBackup},
	"restore": {"restore FILE [--other-school]         replace the database with a backup (the current one is backed up first)", runRestore},
	"alerts":  {"alerts [--on YYYY-MM-DD] [--format text|csv] [--confidential]  the dashboard's alerts: kind, person and reason with its figures", runAlerts},
	"check":   {"check                                integrity, schema version and exact schema", runCheck},
	"server":  {"server init                          create or upgrade the schema, roles and policies of a PostgreSQL database (its owner runs it)", runServer},
	"user":    {"user add LOGIN --role coordinator|mentor|reader [--mentor EMAIL] | user list | user remove LOGIN  logins of a PostgreSQL database (its owner or a coordinator runs it)", runUser},
	"copy":    {"copy [--from DB] --to DB              copy every record into a new file or an empty database (file or postgres://…)", runCopy},
}

// Main runs the command line and returns the exit status: 0, 1 for an
// error, 2 for a usage mistake. With no command it calls gui.
func Main(args []string, stdout, stderr io.Writer, gui func(dbPath string) error) int {
	fs := flag.NewFlagSet("mentorbook", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	dbPath := fs.String("db", "", "the database file (default: $MENTORBOOK_DB, or the application-data folder)")
	version := fs.Bool("version", false, "print the version, and those of Go and SQLite")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			printUsage(stdout)
			return 0
		}
		fmt.Fprintf(stderr, "mentorbook: %v\n", err)
		printUsage(stderr)
		return 2
	}
	if *version {
		printVersion(stdout)
		return 0
	}
	e := &env{dbPath: *dbPath, stdout: stdout, stderr: stderr}
	if e.dbPath == "" {
		p, err := data.DefaultPath()
		if err != nil {
			fmt.Fprintf(stderr, "mentorbook: cannot find the application-data folder: %v\n", err)
			return 1
		}
		e.dbPath = p
	}
	rest := fs.Args()
	if len(rest) == 0 {
		if err := gui(e.dbPath); err != nil {
			fmt.Fprintf(stderr, "mentorbook: %v\n", err)
			return 1
		}
		return 0
	}
	if rest[0] == "help" {
		printUsage(stdout)
		return 0
	}
	cmd, ok := commands[rest[0]]
	if !ok {
		fmt.Fprintf(stderr, "mentorbook: unknown command %q\n", rest[0])
		printUsage(stderr)
		return 2
	}
	// A command says what went wrong in one sentence on stderr; the
	// details data.ErrorMessage logs for the window's log would reach
	// stderr as a second, timestamped line in Go's log format.
	log.SetOutput(io.Discard)
	ctx, stop := signalContext()
	defer stop()
	err := cmd.run(ctx, e, rest[1:])
	switch {
	case err == nil:
		return 0
	case errors.Is(err, errUsage):
		synopsis, _, _ := strings.Cut(cmd.usage, "  ") // the usage without its description
		fmt.Fprintf(stderr, "mentorbook %s: %s\nusage: mentorbook [--db PATH] %s\n", rest[0], strings.TrimPrefix(err.Error(), "usage: "), synopsis)
		return 2
	default:
		fmt.Fprintf(stderr, "mentorbook %s: %s\n", rest[0], data.ErrorMessage(err))
		return 1
	}
}

func printUsage(w io.Writer) {
	fmt.Fprintln(w, "usage: mentorbook [--db PATH] [COMMAND]")
	fmt.Fprintln(w, "       mentorbook --version")
	fmt.Fprintln(w, "\nWith no command, opens the window. Commands:")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %s\n", commands[n].usage)
	}
	fmt.Fprintln(w, "\nThe database is --db PATH, else $MENTORBOOK_DB, else mentorbook.db in the user's application-data folder.")
}

// flags parses a command's flags, allowing them before or after its
// positional arguments (`import oneroster PATH --dry-run`).
func flags(fs *flag.FlagSet, args []string) ([]string, error) {
	fs.SetOutput(io.Discard)
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, usageErr("%v", err)
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// view opens the database and runs fn in a read transaction.
func (e *env) view(ctx context.Context, fn func(s *data.Store, tx *data.Tx) error) error {
	s, err := e.open()
	if err != nil {
		return err
	}
	defer s.Close()
	return s.View(ctx, func(tx *data.Tx) error { return fn(s, tx) })
}

// stdinIsTerminal is false under CI and scripts, where nothing may prompt.
func stdinIsTerminal() bool {
	fi, err := os.Stdin.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
