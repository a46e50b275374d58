package cli

import (
	"context"
	"flag"
	"fmt"

	"mentorbook/data"
	"mentorbook/data/roster"
)

// runAlerts prints the dashboard's alert list for a day: one line each
// (kind, person, reason with its figures), or the same as CSV. As in any
// export, a student whose data-sharing consent is withheld is not named
// unless --confidential asks.
func runAlerts(ctx context.Context, e *env, args []string) error {
	fs := flag.NewFlagSet("alerts", flag.ContinueOnError)
	on := fs.String("on", "", "the day to judge by, YYYY-MM-DD (default: today)")
	format := fs.String("format", "text", "text (one alert a line) or csv (for a spreadsheet)")
	confidential := fs.Bool("confidential", false, "name students whose data-sharing consent is withheld")
	if pos, err := flags(fs, args); err != nil {
		return err
	} else if len(pos) > 0 {
		return usageErr("alerts takes no arguments")
	}
	if *format != "text" && *format != "csv" {
		return usageErr("--format: %q is neither text nor csv", *format)
	}
	day, err := data.ParseDate(*on)
	if err != nil {
		return usageErr("--on: %v", err)
	}
	var rep *data.FollowUps
	err = e.view(ctx, func(s *data.Store, tx *data.Tx) error {
		if day.IsZero() {
			day = tx.Today()
		}
		rep, err = tx.FollowUps(day, "", data.ReportOptions{Confidential: *confidential})
		return err
	})
	if err != nil {
		return err
	}
	if *format == "csv" {
		return roster.WriteCSV(e.stdout, data.AlertColumns, data.AlertRows(rep.Alerts))
	}
	for _, a := range rep.Alerts {
		fmt.Fprintln(e.stdout, a.String())
	}
	return nil
}
