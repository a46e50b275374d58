package app

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"mentorbook/data"
	"mentorbook/data/demo"
	"mentorbook/data/pgtest"
)

// TestTilesCountTheirLists opens the dashboard of a demo school and
// checks that each figure with an alert list under it is that list's
// length: the consent figure used to count only students without valid
// consent, while its list also holds consents about to expire.
func TestTilesCountTheirLists(t *testing.T) {
	store := openStore(t)
	if err := demo.Generate(context.Background(), store, demo.Options{Students: 200, Seed: 11}); err != nil {
		t.Fatal(err)
	}
	u, _ := newTestUI(t, store, screenDashboard)
	d := u.dashboard
	for i, kind := range map[int]string{2: data.AlertWaiting, 3: data.AlertConsent} {
		n := len(d.byKind[kind])
		if n == 0 {
			t.Errorf("the demo school has no %q alert to compare with", kind)
		}
		if d.figures[i].Text != data.Grouped(n) || figureLabels[i] != data.AlertTitles[kind] {
			t.Errorf("figure %q = %s, its list %q holds %d", figureLabels[i], d.figures[i].Text, data.AlertTitles[kind], n)
		}
	}
	// The longer captions still fit a 1,280-pixel window.
	if w := u.win.Content().MinSize().Width; w > 1280 {
		t.Errorf("the dashboard needs %.0f px, wider than 1,280", w)
	}
}

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

// TestSettingsRulesReachDashboard: Settings states the rules with the
// thresholds in force, and a change shows on the dashboard at once.
func TestSettingsRulesReachDashboard(t *testing.T) {
	w := newSchool(t)
	u, _ := newTestUI(t, w.store, screenDashboard)
	if n := len(u.dashboard.byKind[data.AlertNoMeeting]); n != 2 {
		t.Fatalf("no-meeting alerts = %d, want 2", n)
	}
	if n := len(u.dashboard.byKind[data.AlertMentorCheck]); n != 0 {
		t.Fatalf("vetting alerts = %d, want 0 (Mr Tanaka's DBS does not expire)", n)
	}
	u.show(screenSettings)
	u.wait()
	set := u.settings
	if !strings.Contains(set.rules.Text, "14 school days") || !strings.Contains(set.rules.Text, "240 × d ÷ n minutes") {
		t.Errorf("Settings states the rules as %q, want the default thresholds in words", set.rules.Text)
	}
	set.thresholds[0].SetText("100")
	set.checkTypes.SetText(" DBS ,safeguarding training, dbs")
	test.Tap(set.healthSaved)
	u.wait()
	if set.checkTypes.Text != "DBS, safeguarding training" {
		t.Errorf("required check types after saving = %q, want them tidied", set.checkTypes.Text)
	}
	if !strings.Contains(set.rules.Text, "100 school days") || !strings.Contains(set.rules.Text, "DBS, safeguarding training") {
		t.Errorf("Settings after saving states %q, want the new thresholds", set.rules.Text)
	}
	u.show(screenDashboard)
	u.wait()
	if n := len(u.dashboard.byKind[data.AlertNoMeeting]); n != 0 {
		t.Errorf("no-meeting alerts after raising the threshold to 100 days = %d, want 0", n)
	}
	vet := u.dashboard.byKind[data.AlertMentorCheck]
	if len(vet) != 1 || !strings.Contains(vet[0].Detail, "no safeguarding training check") {
		t.Errorf("vetting alerts after requiring safeguarding training = %v, want Mr Tanaka's missing check", vet)
	}
}

// topButton is the button labelled text in the dialog on top, or nil.
func topButton(u *ui, text string) *widget.Button {
	for _, o := range test.LaidOutObjects(u.win.Canvas().Overlays().Top()) {
		if b, ok := o.(*widget.Button); ok && b.Text == text {
			return b
		}
	}
	return nil
}

// TestMentorInactiveAsks: unticking Active on a mentor with open pairings
// asks first, naming them; No keeps the mentor active, Yes and Save close
// the pairings today with "mentor left".
func TestMentorInactiveAsks(t *testing.T) {
	w := newSchool(t)
	u, _ := newTestUI(t, w.store, screenMentors)
	u.mentors.open(w.mentor.ID)
	u.wait()
	u.mentors.onEdit()
	var active *widget.Check
	for _, o := range test.LaidOutObjects(u.win.Canvas().Overlays().Top()) {
		if c, ok := o.(*widget.Check); ok && c.Text == "Active" {
			active = c
		}
	}
	if active == nil || !active.Checked {
		t.Fatal("the mentor form has no ticked Active box")
	}
	form := u.win.Canvas().Overlays().Top()
	test.Tap(active)
	u.wait()
	if u.win.Canvas().Overlays().Top() == form {
		t.Fatal("unticking Active asked nothing")
	}
	var text []string
	for _, o := range test.LaidOutObjects(u.win.Canvas().Overlays().Top()) {
		if l, ok := o.(*widget.Label); ok {
			text = append(text, l.Text)
		}
	}
	if all := strings.Join(text, " "); !strings.Contains(all, "Zoë Okafor (S001)") || !strings.Contains(all, data.ReasonMentorLeft) {
		t.Errorf("the question says %q, want the pairings named and the reason", all)
	}
	test.Tap(topButton(u, "No"))
	if !active.Checked {
		t.Error("answering No left the mentor inactive")
	}
	test.Tap(active)
	u.wait()
	test.Tap(topButton(u, "Yes"))
	if active.Checked {
		t.Fatal("answering Yes ticked Active again")
	}
	test.Tap(topButton(u, "Save"))
	u.wait()
	must(t, w.store, func(tx *data.Tx) error {
		for _, id := range []int64{w.zoePairing.ID, w.josePair.ID} {
			p, err := tx.Pairing(id)
			if err != nil {
				return err
			}
			if p.Status != data.PairingClosed || p.Closure.Reason != data.ReasonMentorLeft {
				t.Errorf("pairing %d after its mentor was made inactive = %s (%s), want closed (mentor left)", id, p.Status, p.Closure.Reason)
			}
		}
		return nil
	})
}

// TestMentorsExpiryFollowsSettings: the Mentors screen highlights a check
// as expiring by the rules' setting, not a fixed 60 days.
func TestMentorsExpiryFollowsSettings(t *testing.T) {
	w := newSchool(t)
	must(t, w.store, func(tx *data.Tx) error {
		set, err := tx.Settings()
		if err != nil {
			return err
		}
		set.CheckExpiryDays = 10
		if err := tx.SaveSettings(set); err != nil {
			return err
		}
		return tx.AddCheck(&data.Check{MentorID: w.mentor.ID, Kind: "Safeguarding", CheckedOn: data.MustDate("2025-08-01"),
			ExpiresOn: data.DateOf(testNow).AddDays(30)})
	})
	u, _ := newTestUI(t, w.store, screenMentors)
	s := u.mentors
	s.open(w.mentor.ID)
	u.wait()
	for i, c := range s.checks {
		if got := s.checkWarn(i); c.Kind == "Safeguarding" && got != -1 {
			t.Errorf("a check expiring in 30 days with a 10-day warning is highlighted (column %d)", got)
		}
	}
	if len(s.checks) != 2 {
		t.Errorf("Mr Tanaka's checks = %d, want 2", len(s.checks))
	}
}

// TestEveryScreenOpensOnPostgres: the demo school on a PostgreSQL database,
// opened by its owner, shows every screen and a student's every tab
// without an error: the window's queries run there too (the Students
// screen's year groups once did not).
func TestEveryScreenOpensOnPostgres(t *testing.T) {
	ctx := t.Context()
	url := pgtest.NewDatabase(t)
	if _, _, err := data.InitPostgres(ctx, url); err != nil {
		t.Fatal(err)
	}
	s, err := data.Open(url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if err := demo.Generate(ctx, s, demo.Options{Students: 60, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	u, _ := newTestUI(t, s, screenDashboard)
	for _, name := range screenOrder {
		u.show(name)
		u.wait()
		if u.current != name || len(u.dialogs) != 0 {
			t.Errorf("show(%s) on PostgreSQL: current %s, %d dialogs", name, u.current, len(u.dialogs))
		}
	}
	u.show(screenStudents)
	u.students.table.list.Select(0)
	u.wait()
	if u.students.detail.id == 0 {
		t.Fatal("no student shown after choosing the first row")
	}
	for _, tab := range u.students.detail.tabs.Items {
		u.students.detail.tabs.Select(tab)
		u.wait()
		if len(u.dialogs) != 0 {
			t.Errorf("tab %s on PostgreSQL: %d dialogs", tab.Text, len(u.dialogs))
		}
	}
}
