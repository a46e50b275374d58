package cli

import (
	"context"
	"flag"
	"fmt"

	"mentorbook/data"
)

// runAlerts prints the dashboard's alert list, one per line, for a day.
func runAlerts(ctx context.Context, e *env, args []string) error {
	fs := flag.NewFlagSet("alerts", flag.ContinueOnError)
	on := fs.String("on", "", "the day to judge by, YYYY-MM-DD (default: today)")
	if pos, err := flags(fs, args); err != nil {
		return err
	} else if len(pos) > 0 {
		return usageErr("alerts takes no arguments")
	}
	day, err := data.ParseDate(*on)
	if err != nil {
		return usageErr("--on: %v", err)
	}
	return e.view(ctx, func(s *data.Store, tx *data.Tx) error {
		if day.IsZero() {
			day = tx.Today()
		}
		alerts, err := tx.Alerts(day)
		if err != nil {
			return err
		}
		for _, a := range alerts {
			fmt.Fprintln(e.stdout, a.String())
		}
		return nil
	})
}
