package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"slices"
	"strings"

	"mentorbook/app/report"
)

// runReport prints a PDF report: `report KIND [--student ID] [--term NAME]
// --out FILE [--confidential]`.
func runReport(ctx context.Context, e *env, args []string) error {
	fs := flag.NewFlagSet("report", flag.ContinueOnError)
	student := fs.String("student", "", "the student's school ID (report student)")
	term := fs.String("term", "", "the term's name (default: the current term)")
	out := fs.String("out", "", "the PDF file to write; for report students, a file or a folder (one PDF per student)")
	confidential := fs.Bool("confidential", false, "include confidential notes and students whose data-sharing consent is withheld")
	pos, err := flags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageErr("name one report: %s", strings.Join(report.Kinds, ", "))
	}
	kind := pos[0]
	switch {
	case !slices.Contains(report.Kinds, kind):
		return usageErr("unknown report %q; the reports are %s", kind, strings.Join(report.Kinds, ", "))
	case *out == "":
		return usageErr("--out is required")
	case kind == report.KindStudent && *student == "":
		return usageErr("report student needs --student ID")
	case kind != report.KindStudent && *student != "":
		return usageErr("--student applies only to report student")
	case kind == report.KindConsentLetters && *term != "":
		return usageErr("report consent-letters takes no --term: letters go to every student lacking consent today")
	}
	s, err := e.open()
	if err != nil {
		return err
	}
	defer s.Close()
	req := report.Request{Kind: kind, StudentSchoolID: *student, Term: *term, Out: *out, Confidential: *confidential, Version: Program.Version}
	if err := report.Print(ctx, s, req, nil); err != nil {
		if errors.Is(err, context.Canceled) {
			return errors.New("interrupted; no report was saved under that name")
		}
		return err
	}
	fmt.Fprintf(e.stdout, "report written to %s\n", *out)
	return nil
}
