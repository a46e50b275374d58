package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"strings"

	"mentorbook/data"
)

// runCheck prints the schema version, whether the schema is exactly the
// one that version writes, and the integrity check; it fails if the file is
// not sound.
func runCheck(ctx context.Context, e *env, args []string) error {
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	if pos, err := flags(fs, args); err != nil {
		return err
	} else if len(pos) > 0 {
		return usageErr("check takes no arguments")
	}
	if data.IsPostgres(e.dbPath) {
		return checkPostgres(ctx, e)
	}
	var problems []string
	var version int
	err := e.view(ctx, func(s *data.Store, tx *data.Tx) error {
		var err error
		if version, err = tx.SchemaVersion(); err != nil {
			return err
		}
		problems, err = tx.IntegrityCheck()
		return err
	})
	var schemaErr *data.SchemaError
	if errors.As(err, &schemaErr) {
		// Open refuses such a file; say what is in it that should not be.
		fmt.Fprintf(e.stdout, "database: %s\nschema version: %d (this program: %d)\nschema: NOT as this version writes it\n  %s\n",
			e.dbPath, schemaErr.Version, data.SchemaVersion(), strings.Join(schemaErr.Differences, "\n  "))
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "database: %s\nschema version: %d (this program: %d)\nschema: exactly as this version writes it\n", e.dbPath, version, data.SchemaVersion())
	if len(problems) > 0 {
		fmt.Fprintf(e.stdout, "integrity: FAILED\n  %s\n", strings.Join(problems, "\n  "))
		return errors.New("the integrity check failed; restore the newest backup (mentorbook restore FILE)")
	}
	fmt.Fprintln(e.stdout, "integrity: ok")
	return nil
}
