package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"strings"

	"mentorbook/data"
)

// runServer is `mentorbook --db postgres://… server init`: run once by the
// database's owner, it creates Mentorbook's schema in an empty PostgreSQL
// database, and upgrades it after a new version of the program; each time
// it makes the roles' grants and policies anew.
func runServer(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 || args[0] != "init" {
		return usageErr("server needs the subcommand init")
	}
	fs := flag.NewFlagSet("server init", flag.ContinueOnError)
	if pos, err := flags(fs, args[1:]); err != nil {
		return err
	} else if len(pos) > 0 {
		return usageErr("server init takes no arguments")
	}
	if !data.IsPostgres(e.dbPath) {
		return usageErr("server init is for a PostgreSQL database: give --db postgres://HOST/DATABASE (a database file needs no init)")
	}
	from, to, err := data.InitPostgres(ctx, e.dbPath)
	fmt.Fprintf(e.stdout, "database: %s\n", data.HidePassword(e.dbPath))
	if err != nil {
		if from != to {
			fmt.Fprintf(e.stdout, "schema version: %d, upgraded from %d before the error\n", to, from)
		}
		return err
	}
	switch {
	case from == to:
		fmt.Fprintf(e.stdout, "schema version: %d, already this program's; nothing was changed\n", to)
	case from == 0:
		fmt.Fprintf(e.stdout, "schema version: %d, created\n", to)
	default:
		fmt.Fprintf(e.stdout, "schema version: %d, upgraded from %d\n", to, from)
	}
	fmt.Fprintf(e.stdout, "roles: mentorbook_coordinator, mentorbook_mentor, mentorbook_reader, with this program's grants and policies\n"+
		"logins: mentorbook --db URL user add LOGIN --role coordinator|mentor|reader [--mentor EMAIL]\n")
	return nil
}

// checkPostgres is check on a PostgreSQL database: the schema version and
// whether the schema is exactly the one that version writes (tables,
// columns, indexes, constraints, triggers, policies…). The server itself
// keeps the foreign keys and checks.
func checkPostgres(ctx context.Context, e *env) error {
	version, err := data.CheckPostgres(ctx, e.dbPath)
	var schemaErr *data.SchemaError
	if err != nil && !errors.As(err, &schemaErr) {
		return err
	}
	fmt.Fprintf(e.stdout, "database: %s\nschema version: %d (this program: %d)\n", data.HidePassword(e.dbPath), version, data.SchemaVersion())
	if schemaErr != nil {
		fmt.Fprintf(e.stdout, "schema: NOT as this version writes it\n  %s\n", strings.Join(schemaErr.Differences, "\n  "))
		if schemaErr.RolesOnly {
			return data.ErrOtherRoles
		}
		return errors.New("the database's schema has been changed by hand; its owner compares it with a database made by mentorbook server init")
	}
	fmt.Fprintln(e.stdout, "schema: exactly as this version writes it\nintegrity: kept by the server (foreign keys and checks)")
	if version < data.SchemaVersion() {
		return fmt.Errorf("the schema is older than this program's; the database's owner upgrades it with: mentorbook --db URL server init")
	}
	return nil
}
