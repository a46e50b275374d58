package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"sort"
	"strings"

	"mentorbook/data"
	"mentorbook/data/roster"
)

// runImport imports a OneRoster roster or a plain CSV file of students:
//
//	import oneroster PATH [--dry-run]
//	import csv FILE [--dry-run] [--map FIELD=COLUMN,...]
//
// It prints the summary and each rejected row as file:line: reason, and
// fails (exit 1) when any row was rejected, in which case nothing was
// written.
func runImport(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 {
		return usageErr("say what to import: oneroster PATH or csv FILE")
	}
	kind := args[0]
	if kind != "oneroster" && kind != "csv" {
		return usageErr("unknown import %q; use oneroster or csv", kind)
	}
	fs := flag.NewFlagSet("import", flag.ContinueOnError)
	dryRun := fs.Bool("dry-run", false, "check the file and show what would change, writing nothing")
	var mapFlag string
	if kind == "csv" {
		fs.StringVar(&mapFlag, "map", "", "which column holds each field, as FIELD=COLUMN,... (default: guessed from the headers)")
	}
	pos, err := flags(fs, args[1:])
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageErr("import %s takes one path, not %d", kind, len(pos))
	}
	path := pos[0]
	if _, err := os.Stat(path); err != nil {
		return data.Errorf(data.ENOTFOUND, "Cannot read %s: %v.", path, errors.Unwrap(err))
	}
	s, err := e.open()
	if err != nil {
		return err
	}
	defer s.Close()
	opts := roster.Options{DryRun: *dryRun}
	var res *roster.Result
	if kind == "oneroster" {
		res, err = roster.ImportOneRoster(ctx, s, path, opts)
	} else {
		var m roster.Mapping
		if m, err = csvMapping(path, mapFlag); err != nil {
			return err
		}
		res, err = roster.ImportCSV(ctx, s, path, m, opts)
	}
	var rejected *roster.RejectedError
	if err != nil && !errors.As(err, &rejected) {
		return err
	}
	fmt.Fprintln(e.stdout, res.Summary())
	for _, line := range res.RejectedLines() {
		fmt.Fprintln(e.stdout, line)
	}
	if n := res.RejectedCount(); n > 0 {
		return data.Errorf(data.EINVALID, "%s %s rejected, so nothing was imported.", data.Grouped(n), plural(n, "row was", "rows were"))
	}
	return nil
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// csvMapping is the guessed mapping with --map's choices laid over it.
func csvMapping(path, spec string) (roster.Mapping, error) {
	headers, err := roster.CSVHeaders(path)
	if err != nil {
		return nil, err
	}
	m := roster.GuessMapping(headers)
	if spec == "" {
		return m, nil
	}
	known := map[roster.Field]bool{}
	var names []string
	for _, f := range roster.Fields {
		known[f] = true
		names = append(names, string(f))
	}
	sort.Strings(names)
	for _, pair := range strings.Split(spec, ",") {
		field, column, ok := strings.Cut(pair, "=")
		field = strings.TrimSpace(field)
		if !ok || field == "" {
			return nil, usageErr("--map: %q is not FIELD=COLUMN", pair)
		}
		if !known[roster.Field(field)] {
			return nil, usageErr("--map: unknown field %q; the fields are %s", field, strings.Join(names, ", "))
		}
		m[roster.Field(field)] = strings.TrimSpace(column) // an empty column leaves the field out
	}
	return m, nil
}

// runExport writes students, pairings, meetings or goals as CSV, or a
// mentor's planned meetings as an iCalendar file:
//
//	export students|pairings|meetings|goals --out FILE.csv [--confidential] [--passphrase-file F]
//	export calendar --mentor EMAIL --out FILE.ics
func runExport(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 {
		return usageErr("say what to export: %s or calendar", strings.Join(roster.ExportKinds, ", "))
	}
	kind := args[0]
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	out := fs.String("out", "", "the file to write")
	confidential := fs.Bool("confidential", false, "include confidential notes and students whose data-sharing consent is withheld")
	passFile := fs.String("passphrase-file", "", "encrypt the file with the passphrase in this file (or $"+passphraseEnv+")")
	mentor := fs.String("mentor", "", "calendar: the mentor's email")
	pos, err := flags(fs, args[1:])
	if err != nil {
		return err
	}
	switch {
	case len(pos) > 0:
		return usageErr("export %s takes no arguments besides its flags", kind)
	case *out == "":
		return usageErr("--out FILE is required")
	case kind == roster.ExportCalendar && *mentor == "":
		return usageErr("export calendar needs --mentor EMAIL")
	case kind != roster.ExportCalendar && *mentor != "":
		return usageErr("--mentor is for export calendar only")
	case kind == roster.ExportCalendar && *confidential:
		return usageErr("--confidential is for CSV exports; a calendar never holds confidential notes")
	}
	if !isExportKind(kind) {
		return usageErr("unknown export %q; use %s or calendar", kind, strings.Join(roster.ExportKinds, ", "))
	}
	pass, err := passphrase(*passFile, true)
	if err != nil {
		return err
	}
	opts := roster.ExportOptions{Kind: kind, Out: *out, Confidential: *confidential, Mentor: *mentor, Passphrase: pass}
	s, err := e.open()
	if err != nil {
		return err
	}
	defer s.Close()
	res, err := roster.ExportFile(ctx, s, opts)
	if err != nil {
		return err
	}
	what := kind
	if kind == roster.ExportCalendar {
		what = "planned meetings"
	}
	fmt.Fprintf(e.stdout, "exported %d %s to %s\n", res.Rows, what, *out)
	switch {
	case res.LeftOut > 0 && kind == roster.ExportCalendar:
		fmt.Fprintf(e.stdout, "%d of them do not name the student, whose data-sharing consent is declined or withdrawn\n", res.LeftOut)
	case res.LeftOut > 0:
		fmt.Fprintf(e.stdout, "%d %s left out because the student's data-sharing consent is declined or withdrawn (--confidential includes them)\n",
			res.LeftOut, kind)
	}
	if *confidential {
		fmt.Fprintln(e.stdout, "the file includes confidential notes: keep it safe")
	}
	if pass != "" {
		fmt.Fprintln(e.stdout, "the file is encrypted (age): it opens only with the passphrase")
	}
	return nil
}

func isExportKind(kind string) bool {
	if kind == roster.ExportCalendar {
		return true
	}
	for _, k := range roster.ExportKinds {
		if k == kind {
			return true
		}
	}
	return false
}
