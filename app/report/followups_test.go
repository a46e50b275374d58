package report

import (
	"context"
	"strings"
	"testing"

	"mentorbook/data"
)

// TestFollowUps prints the dashboard's alert lists: every alert appears
// with its person and figures, one list alone when asked, and a student
// whose data-sharing consent is withheld is not named unless asked.
func TestFollowUps(t *testing.T) {
	s, path := testSchool(t)
	db := rawDB(t, path)
	var rep *data.FollowUps
	err := s.View(context.Background(), func(tx *data.Tx) (err error) {
		rep, err = tx.FollowUps(tx.Today(), "", data.ReportOptions{Confidential: true})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	text := printText(t, s, Request{Kind: KindFollowUps})
	if !strings.Contains(text, "This week's follow-ups") {
		t.Errorf("follow-ups lack their title:\n%.500s", text)
	}
	flat := strings.Join(strings.Fields(text), " ")
	dose := 0
	for _, a := range rep.Alerts {
		if a.Kind == data.AlertBelowDose {
			dose++
			// The figures, as the dashboard words them ("180 of 240 minutes").
			if figures, _, _ := strings.Cut(a.Detail, " by "); !strings.Contains(flat, normalize(figures)) {
				t.Errorf("follow-ups lack %q", figures)
			}
		}
	}
	if dose == 0 {
		t.Fatal("the demo school has no pairing below dose; the test needs one")
	}
	withheld := sqlStrings(t, db, `SELECT school_id FROM students st WHERE active = 1 AND EXISTS (SELECT 1 FROM consents c
		WHERE c.student_id = st.id AND c.kind = 'data sharing' AND c.status IN ('declined', 'withdrawn'))`)
	named := printText(t, s, Request{Kind: KindFollowUps, Confidential: true})
	for _, id := range withheld {
		if strings.Contains(text, "("+id+")") {
			t.Errorf("follow-ups name %s, whose data sharing is withheld", id)
		}
	}
	if len(withheld) > 0 && !strings.Contains(named, "("+withheld[0]+")") && strings.Contains(text, "data sharing withheld") {
		t.Errorf("follow-ups asked with confidential do not name %s", withheld[0])
	}

	only := printText(t, s, Request{Kind: KindFollowUps, AlertKind: data.AlertBelowDose})
	if !strings.Contains(only, normalize(data.AlertTitles[data.AlertBelowDose])) || strings.Contains(only, normalize(data.AlertTitles[data.AlertWaiting])) {
		t.Errorf("the below-dose list alone holds other lists:\n%.800s", only)
	}
}
