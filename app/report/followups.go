package report

import (
	"fmt"
	"io"

	"mentorbook/data"
)

// FollowUps writes the dashboard's alert lists to w as a PDF to work
// through by hand, "This week's follow-ups": a table per kind of alert,
// each line with a box to tick.
func FollowUps(w io.Writer, rep *data.FollowUps, opt Options) error {
	d, err := newDoc(letterheadOf(rep.ReportHeader, opt), "This week's follow-ups", "Programme-health follow-ups, "+day(rep.Day))
	if err != nil {
		return err
	}
	d.section("This week's follow-ups")
	d.notice(fmt.Sprintf("What the programme-health rules flag on %s (%s).", day(rep.Day), plural(len(rep.Alerts), "item", "items")))
	if rep.Withheld > 0 {
		d.notice(plural(rep.Withheld, "item concerns a student", "items concern students") + " whose guardians declined or withdrew data-sharing consent, shown without a name.")
	}
	if len(rep.Alerts) == 0 {
		d.notice("Nothing needs attention.")
	}
	cols := []column{{title: "Who", weight: 1.4}, {title: "What needs attention", weight: 3.2}, {title: "Done", weight: 0.45, align: alignCenter}}
	for _, kind := range data.AlertKinds {
		var rows [][]string
		for _, a := range rep.Alerts {
			if a.Kind == kind {
				rows = append(rows, []string{a.Person(), a.Detail, ""})
			}
		}
		if len(rows) == 0 {
			continue
		}
		d.heading(fmt.Sprintf("%s (%s)", data.AlertTitles[kind], count(len(rows))))
		d.table(cols, rows)
	}
	return d.write(w)
}
