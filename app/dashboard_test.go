package app

import (
	"testing"

	"fyne.io/fyne/v2/test"

	"mentorbook/data"
)

// TestDashboardAlertDisappears logs a meeting through the quick log and
// sees the "no meeting" alert for that pairing go.
func TestDashboardAlertDisappears(t *testing.T) {
	w := newSchool(t)
	// José's consent was withdrawn; give it back so both pairings are in
	// the same state.
	must(t, w.store, func(tx *data.Tx) error {
		return tx.SaveConsent(&data.Consent{StudentID: w.jose.ID, Kind: data.ConsentParticipation, Status: data.ConsentGranted,
			SignedOn: data.MustDate("2026-03-01")})
	})
	u, _ := newTestUI(t, w.store, screenDashboard)
	d := u.dashboard
	noMeeting := func() map[int64]bool {
		out := map[int64]bool{}
		for _, a := range d.byKind[data.AlertNoMeeting] {
			out[a.PairingID] = true
		}
		return out
	}
	if got := noMeeting(); !got[w.zoePairing.ID] || !got[w.josePair.ID] {
		t.Fatalf("no-meeting alerts = %v, want both pairings", got)
	}
	if d.figures[0].Text != "2" || d.figures[2].Text != "1" {
		t.Errorf("figures = active %s, waiting %s; want 2 and 1", d.figures[0].Text, d.figures[2].Text)
	}

	u.onNewMeeting()
	u.wait()
	l := chooseMentee(t, u, "Mr Tanaka", w.zoePairing.ID)
	test.Tap(l.save)
	u.wait()

	u.show(screenDashboard)
	u.wait()
	if got := noMeeting(); got[w.zoePairing.ID] || !got[w.josePair.ID] {
		t.Errorf("no-meeting alerts after logging Zoë's meeting = %v, want only José's", got)
	}
	if d.figures[1].Text != "1" {
		t.Errorf("meetings this month = %s, want 1", d.figures[1].Text)
	}

	// One click on an alert opens the record it concerns.
	d.kinds.Select(0)
	d.table.list.Select(0)
	u.wait()
	if u.current != screenStudents || u.students.detail.id != w.jose.ID || u.students.detail.tabs.Selected().Text != tabMeetings {
		t.Errorf("alert opened screen %s, student %d, tab %s", u.current, u.students.detail.id, u.students.detail.tabs.Selected().Text)
	}
}

func TestEveryScreenOpens(t *testing.T) {
	w := newSchool(t)
	u, _ := newTestUI(t, w.store, screenDashboard)
	for _, name := range screenOrder {
		u.show(name)
		u.wait()
		if u.current != name || len(u.dialogs) != 0 {
			t.Errorf("show(%s): current %s, %d dialogs", name, u.current, len(u.dialogs))
		}
	}
}

func TestWindowTitle(t *testing.T) {
	w := newSchool(t)
	u, _ := newTestUI(t, w.store, screenDashboard)
	u.refreshTitle()
	u.wait()
	if want := "Mentorbook — Ridgeway School — 2025–26 Spring"; u.win.Title() != want {
		t.Errorf("title = %q, want %q", u.win.Title(), want)
	}
}
