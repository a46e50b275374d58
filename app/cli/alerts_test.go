package cli

import (
	"context"
	"encoding/csv"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"mentorbook/data"
)

// TestSameRulesEverywhere: on one day, the dashboard's alert list (what
// the window shows), `mentorbook alerts` as text and as CSV, and the
// programme report's good-practice figures flag the same pairings.
func TestSameRulesEverywhere(t *testing.T) {
	db := filepath.Join(t.TempDir(), "school.db")
	if code, _, stderr := runMentorbook(t, "--db", db, "demo", "--students", "120", "--seed", "5"); code != 0 {
		t.Fatalf("demo: exit %d: %s", code, stderr)
	}
	s, err := data.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	var day data.Date
	var dash []data.Alert
	var rep *data.ProgrammeReport
	err = s.View(context.Background(), func(tx *data.Tx) error {
		term, err := tx.Term("")
		if err != nil {
			return err
		}
		if rep, err = tx.Programme(term, data.ReportOptions{}); err != nil {
			return err
		}
		day = rep.JudgedOn
		dash, err = tx.Alerts(day)
		return err
	})
	s.Close()
	if err != nil {
		t.Fatal(err)
	}
	if day.IsZero() {
		t.Fatal("the programme report judged no day")
	}
	flagged := func(kind string) []string {
		var out []string
		for _, a := range dash {
			if a.Kind == kind {
				out = append(out, a.SchoolID)
			}
		}
		sort.Strings(out)
		return out
	}
	dose, checkins := flagged(data.AlertBelowDose), flagged(data.AlertCheckinDue)
	if len(dose) == 0 || len(checkins) == 0 {
		t.Fatalf("the demo school on %s has %d below dose and %d check-ins overdue; the comparison needs some of each", day, len(dose), len(checkins))
	}

	// The report counts as not meeting the rules exactly the pairings the
	// dashboard flags.
	if n := rep.DoseMet.Whole - rep.DoseMet.Part; n != len(dose) {
		t.Errorf("programme report on %s: %d pairings not meeting the dose, dashboard: %d below dose", day, n, len(dose))
	}
	if n := rep.CheckinsMet.Whole - rep.CheckinsMet.Part; n != len(checkins) {
		t.Errorf("programme report on %s: %d pairings with check-ins overdue, dashboard: %d", day, n, len(checkins))
	}

	code, text, stderr := runMentorbook(t, "--db", db, "alerts", "--on", day.String(), "--confidential")
	if code != 0 {
		t.Fatalf("alerts: exit %d: %s", code, stderr)
	}
	var want strings.Builder
	for _, a := range dash {
		fmt.Fprintln(&want, a.String())
	}
	if text != want.String() {
		t.Errorf("mentorbook alerts --on %s differs from the dashboard's list:\n%s\nwant:\n%s", day, text, want.String())
	}

	code, out, stderr := runMentorbook(t, "--db", db, "alerts", "--on", day.String(), "--format", "csv", "--confidential")
	if code != 0 {
		t.Fatalf("alerts --format csv: exit %d: %s", code, stderr)
	}
	if !strings.HasPrefix(out, "\ufeff") {
		t.Errorf("the CSV has no byte order mark, so a spreadsheet would mangle accents")
	}
	records, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(out, "\ufeff"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(records) != len(dash)+1 || strings.Join(records[0], ",") != "Kind,Name,School ID,Mentor email,Reason" {
		t.Fatalf("CSV has %d records headed %q, want %d alerts under Kind,Name,School ID,Mentor email,Reason", len(records), records[0], len(dash))
	}
	byKind := map[string][]string{}
	for _, r := range records[1:] {
		byKind[r[0]] = append(byKind[r[0]], r[2])
	}
	for kind, ids := range map[string][]string{data.AlertBelowDose: dose, data.AlertCheckinDue: checkins} {
		got := byKind[kind]
		sort.Strings(got)
		if strings.Join(got, " ") != strings.Join(ids, " ") {
			t.Errorf("CSV %s: %v, dashboard: %v", kind, got, ids)
		}
	}
}

// TestAlertsWithheld: like every export, the alert list names no student
// whose data-sharing consent is withheld unless --confidential asks.
func TestAlertsWithheld(t *testing.T) {
	db := filepath.Join(t.TempDir(), "school.db")
	if code, _, stderr := runMentorbook(t, "--db", db, "demo", "--students", "120", "--seed", "5"); code != 0 {
		t.Fatalf("demo: exit %d: %s", code, stderr)
	}
	_, named, _ := runMentorbook(t, "--db", db, "alerts", "--confidential")
	_, plain, _ := runMentorbook(t, "--db", db, "alerts")
	n := strings.Count(plain, "a student (data sharing withheld)")
	if n == 0 {
		t.Fatal("the demo school has no alert about a student whose data-sharing consent is withheld; the test needs one")
	}
	if strings.Count(named, "\n") != strings.Count(plain, "\n") || strings.Contains(named, "data sharing withheld") {
		t.Errorf("--confidential should name every student on the same lines:\n%s", named)
	}
	for _, line := range strings.Split(named, "\n") {
		if _, after, ok := strings.Cut(line, ": "); ok && !strings.Contains(plain, after) {
			who, _, _ := strings.Cut(after, " — ")
			if strings.Contains(plain, who) {
				t.Errorf("%s is named without --confidential", who)
			}
		}
	}
}

func TestAlertsCommandFigures(t *testing.T) {
	db := demoDB(t)
	code, out, stderr := runMentorbook(t, "--db", db, "alerts", "--format", "pdf")
	if code != 2 || !strings.Contains(stderr, "--format") {
		t.Errorf("alerts --format pdf: exit %d, stderr %q; want a usage error naming --format", code, stderr)
	}
	code, out, stderr = runMentorbook(t, "--db", db, "alerts")
	if code != 0 {
		t.Fatalf("alerts: exit %d: %s", code, stderr)
	}
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		kind, rest, ok := strings.Cut(line, ": ")
		person, reason, ok2 := strings.Cut(rest, " — ")
		if !ok || !ok2 || kind == "" || reason == "" {
			t.Errorf("alert line %q is not kind: person — reason", line)
			continue
		}
		// A student is named with their school ID; a mentor with their
		// email when they have one.
		if !strings.HasSuffix(person, ")") && !strings.HasSuffix(person, ">") {
			t.Errorf("alert line %q names %q without a school ID or email", line, person)
		}
		if kind == data.AlertBelowDose && !strings.Contains(reason, " minutes") {
			t.Errorf("below-dose line %q lacks its figures", line)
		}
	}
}
