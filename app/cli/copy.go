package cli

import (
	"context"
	"flag"
	"fmt"

	"mentorbook/data"
)

// runCopy copies every record of one database into another that holds
// none: a school moved from its file onto the server, or a server
// database taken home as a file.
func runCopy(ctx context.Context, e *env, args []string) error {
	fs := flag.NewFlagSet("copy", flag.ContinueOnError)
	from := fs.String("from", "", "the database to copy: a file or postgres://… (default: --db)")
	to := fs.String("to", "", "where to copy it: a new file, an empty file, or an empty PostgreSQL database made by server init")
	if pos, err := flags(fs, args); err != nil {
		return err
	} else if len(pos) > 0 {
		return usageErr("copy takes no arguments; use --from and --to")
	}
	if *to == "" {
		return usageErr("copy needs --to: a new file or an empty database")
	}
	src := *from
	if src == "" {
		src = e.dbPath
	}
	res, err := data.Copy(ctx, src, *to)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "copied %d rows from %s to %s, read back the same:\n", res.Rows(), data.HidePassword(src), data.HidePassword(*to))
	for _, t := range res.Tables {
		fmt.Fprintf(e.stdout, "  %-18s %d\n", t.Table, t.Rows)
	}
	fmt.Fprintf(e.stdout, "checksum (SHA-256 of every row): %s\n", res.Checksum)
	if res.Kept > 0 {
		fmt.Fprintf(e.stdout, "kept the target's %d %s of its logins (user add and remove), after the copied ones\n", res.Kept, plural(res.Kept, "audit line", "audit lines"))
	}
	return nil
}
