package app

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"mentorbook/data"
)

// rowOf returns the list row of the student named, or -1.
func rowOf(s *studentsScreen, name string) int {
	for i := range s.length() {
		if s.cells(i)[0] == name {
			return i
		}
	}
	return -1
}

// TestDetailFollowsSearch checks that the detail never shows a student
// the list does not hold: a search that excludes the student on the right
// opens the first match (selected on the left too), and a search that
// matches nobody empties the detail.
func TestDetailFollowsSearch(t *testing.T) {
	w := newSchool(t)
	u, _ := newTestUI(t, w.store, screenStudents)
	s := u.students
	s.table.list.Select(rowOf(s, "Zoë Okafor"))
	u.wait()
	if got := s.detail.title.Text; got != "Zoë Okafor" {
		t.Fatalf("detail after choosing Zoë = %q", got)
	}

	test.Type(s.search, "ruiz")
	u.wait()
	if got := s.detail.title.Text; got != "José Ruiz" || s.detail.id != w.jose.ID {
		t.Errorf("detail after searching ruiz = %q (id %d), want José Ruiz, the only match", got, s.detail.id)
	}
	if got := s.detail.profile.given.Text; got != "José" {
		t.Errorf("profile form after searching ruiz holds %q, want José", got)
	}

	s.search.SetText("")
	test.Type(s.search, "nobody")
	u.wait()
	if s.detail.id != 0 || s.detail.root.Objects[1].Visible() {
		t.Errorf("detail after a search with no match shows student %d (visible %v), want none", s.detail.id, s.detail.root.Objects[1].Visible())
	}
}

// TestListShowsConsentGrantedInDetail records consent in the student's
// Consents tab and checks the list beside it: its Consent column changes
// at once, without leaving the screen.
func TestListShowsConsentGrantedInDetail(t *testing.T) {
	w := newSchool(t)
	u, _ := newTestUI(t, w.store, screenStudents)
	s := u.students
	s.table.list.Select(rowOf(s, "Aroha Ngata"))
	u.wait()
	if got := s.cells(rowOf(s, "Aroha Ngata"))[4]; got != "missing" {
		t.Fatalf("Aroha's consent in the list = %q, want missing", got)
	}
	c := s.detail.consents
	test.Tap(c.record)
	c.form.status.SetSelected(data.ConsentGranted)
	test.Type(c.form.signed, "2026-03-02")
	test.Tap(c.form.dialog.save)
	u.wait()
	if got := s.cells(rowOf(s, "Aroha Ngata"))[4]; got != "granted" {
		t.Errorf("Aroha's consent in the list after granting it in the detail = %q, want granted", got)
	}
}

// TestDatesInSchoolFormat chooses day/month/year in Settings and checks
// that the window writes dates that way and reads them typed that way.
func TestDatesInSchoolFormat(t *testing.T) {
	w := newSchool(t)
	u, _ := newTestUI(t, w.store, screenSettings)
	u.settings.dates.SetSelected(dateFormatChoice(data.DateDMY))
	test.Tap(u.settings.saveSchool)
	u.wait()
	if got := u.settings.termCells(0)[2]; got != "05/01/2026" {
		t.Errorf("term start in Settings = %q, want 05/01/2026", got)
	}

	u.show(screenStudents)
	u.students.open(w.zoe.ID, "")
	u.wait()
	f := u.students.detail.profile
	if f.birth.PlaceHolder != "DD/MM/YYYY" {
		t.Errorf("date of birth placeholder = %q, want DD/MM/YYYY", f.birth.PlaceHolder)
	}
	f.birth.SetText("")
	test.Type(f.birth, "30/11/2013")
	test.Tap(f.save)
	u.wait()
	var st *data.Student
	must(t, w.store, func(tx *data.Tx) (err error) { st, err = tx.Student(w.zoe.ID); return })
	if st.BirthDate.String() != "2013-11-30" {
		t.Fatalf("stored date of birth = %s, want 2013-11-30 (typed 30/11/2013); form says %q", st.BirthDate, f.errs.status.Text)
	}
	if got := f.birth.Text; got != "30/11/2013" {
		t.Errorf("date of birth shown after saving = %q, want 30/11/2013", got)
	}
	// A month-first date is refused in a day-first school.
	f.birth.SetText("")
	test.Type(f.birth, "11/30/2013")
	test.Tap(f.save)
	u.wait()
	if f.birth.shown == nil || !strings.Contains(f.errs.status.Text, "DD/MM/YYYY") {
		t.Errorf("11/30/2013 in a day-first school: field error %v, status %q", f.birth.shown, f.errs.status.Text)
	}

	// The calendar beside the field writes the chosen day in the same format.
	f.birth.SetText("")
	setDate(f.birth, data.MustDate("2013-11-01"))
	test.Tap(f.birth.ActionItem.(*widget.Button))
	if f.birth.calendar == nil || !f.birth.calendar.Visible() {
		t.Fatal("the calendar button shows no calendar")
	}
	var day *widget.Button
	for _, o := range test.LaidOutObjects(f.birth.calendar) {
		if b, ok := o.(*widget.Button); ok && b.Text == "15" {
			day = b
		}
	}
	if day == nil {
		t.Fatal("the calendar has no day 15")
	}
	test.Tap(day)
	if got := f.birth.Text; got != "15/11/2013" {
		t.Errorf("date after choosing the 15th in the calendar = %q, want 15/11/2013", got)
	}
}

// TestNoColumnTitleIsCut shows every screen, and every tab of a student's
// detail, in a 1,280-pixel window and checks that each column title fits.
func TestNoColumnTitleIsCut(t *testing.T) {
	w := newSchool(t)
	u, _ := newTestUI(t, w.store, screenDashboard)
	check := func(where string) {
		for _, o := range test.LaidOutObjects(u.win.Content()) {
			c, ok := o.(*fyne.Container)
			if !ok || !c.Visible() {
				continue
			}
			if _, ok := c.Layout.(*columns); !ok {
				continue
			}
			for _, x := range c.Objects {
				l := x.(*widget.Label)
				if !l.TextStyle.Bold { // not a header
					break
				}
				need := fyne.MeasureText(l.Text, theme.TextSize(), l.TextStyle).Width + 2*theme.InnerPadding()
				if l.Size().Width+0.5 < need {
					t.Errorf("%s: column %q is %.0f px wide, its title needs %.0f", where, l.Text, l.Size().Width, need)
				}
			}
		}
	}
	for _, name := range screenOrder {
		u.show(name)
		u.wait()
		check(name)
	}
	u.show(screenStudents)
	u.students.open(w.zoe.ID, "")
	u.wait()
	for _, tab := range u.students.detail.tabs.Items {
		u.students.detail.tabs.Select(tab)
		check("student " + tab.Text)
	}
}

// TestLabelsReadable checks the words around the records: a year group
// written "Year 8" is not called "Year Year 8", the mentor's header
// gives the phone number, and the Consents screen tells namesakes apart
// by school ID.
func TestLabelsReadable(t *testing.T) {
	w := newSchool(t)
	must(t, w.store, func(tx *data.Tx) error {
		st, err := tx.Student(w.aroha.ID)
		if err != nil {
			return err
		}
		st.YearGroup = "Year 9"
		if err := tx.UpdateStudent(st); err != nil {
			return err
		}
		m := *w.mentor
		m.Phone = "01632 960123"
		return tx.UpdateMentor(&m)
	})
	u, _ := newTestUI(t, w.store, screenStudents)
	u.students.open(w.aroha.ID, "")
	u.wait()
	if got := u.students.detail.subtitle.Text; strings.Contains(got, "Year Year") || !strings.Contains(got, "Year 9") {
		t.Errorf("subtitle = %q, want Year 9 once", got)
	}
	u.show(screenMentors)
	u.mentors.open(w.mentor.ID)
	u.wait()
	if got := u.mentors.summary.Text; !strings.Contains(got, "01632 960123") {
		t.Errorf("mentor header = %q, want the phone number", got)
	}
	u.show(screenConsents)
	u.wait()
	if len(u.consents.rows) == 0 {
		t.Fatal("the Consents screen lists nobody")
	}
	if got := u.consents.cells(0); got[1] != "S003" {
		t.Errorf("Consents row = %v, want Aroha's school ID S003 beside her name", got)
	}
}

// TestRememberedMentorBelongsToDatabase logs in as a mentor in one
// school's database and opens another on the same laptop: the other
// database's mentor with the same ID and the same place in the list is
// not chosen for the teacher.
func TestRememberedMentorBelongsToDatabase(t *testing.T) {
	a := test.NewTempApp(t)
	prefsDir := t.TempDir()
	first, second := newSchool(t), newSchool(t)
	u, _ := newTestUIOn(t, a, openPreferences(prefsDir), first.store, screenMeetings)
	chooseMentee(t, u, "Mr Tanaka", first.zoePairing.ID)
	if got := u.rememberedMentor(); got != first.mentor.ID {
		t.Fatalf("remembered mentor = %d, want %d", got, first.mentor.ID)
	}

	other, _ := newTestUIOn(t, a, openPreferences(prefsDir), second.store, screenMeetings)
	if got := other.meetings.log.mentor.chosen.Name; got != "" {
		t.Errorf("another database opens with mentor %q chosen, want none", got)
	}
	again, _ := newTestUIOn(t, a, openPreferences(prefsDir), first.store, screenMeetings)
	if got := again.meetings.log.mentor.chosen.Name; got != "Mr Tanaka" {
		t.Errorf("the same database opens with mentor %q chosen, want Mr Tanaka", got)
	}
}

// TestSaveDialogHonoursTypedPath prints a report to a full path typed in
// the save dialog: a folder that does not exist is named beside the field
// and nothing is written; an existing folder gets the file.
func TestSaveDialogHonoursTypedPath(t *testing.T) {
	w := newSchool(t)
	u, _ := newTestUI(t, w.store, screenReports)
	dir := t.TempDir()
	u.prefs.SetString(prefSaveFolder, t.TempDir()) // the dialog opens on another folder
	u.reports.onPrint(reports[2])
	path := findEntry(u)
	if path == nil {
		t.Fatal("no save dialog")
	}

	missing := filepath.Join(dir, "missing")
	path.SetText("")
	test.Type(path, filepath.Join(missing, "programme.pdf"))
	test.Tap(findButton(u, "Save"))
	u.wait()
	if path.shown == nil || !strings.Contains(path.shown.Error(), missing) {
		t.Errorf("a path in a missing folder: field error %v, want it to name %s", path.shown, missing)
	}

	want := filepath.Join(dir, "programme.pdf")
	path.SetText("")
	test.Type(path, want)
	test.Tap(findButton(u, "Save"))
	u.wait()
	if b, err := os.ReadFile(want); err != nil || !strings.HasPrefix(string(b), "%PDF-") {
		t.Fatalf("report at the typed path: %v (%d bytes)", err, len(b))
	}
	if got := u.prefs.String(prefSaveFolder); got != dir {
		t.Errorf("remembered folder = %q, want %q", got, dir)
	}
}

func TestResolveSavePath(t *testing.T) {
	dir := t.TempDir()
	home, _ := os.UserHomeDir()
	for _, tc := range []struct{ typed, want, wantErr string }{
		{"report.pdf", filepath.Join(dir, "report.pdf"), ""},
		{filepath.Join(dir, "a.pdf"), filepath.Join(dir, "a.pdf"), ""},
		{"~/x.pdf", filepath.Join(home, "x.pdf"), ""},
		{"", "", "type where"},
		{dir, "", "is a folder"},
		{filepath.Join(dir, "no", "a.pdf"), "", "does not exist"},
	} {
		got, err := resolveSavePath(tc.typed, dir)
		if got != tc.want || (err == nil) != (tc.wantErr == "") || (err != nil && !strings.Contains(err.Error(), tc.wantErr)) {
			t.Errorf("resolveSavePath(%q) = %q, %v; want %q, %q", tc.typed, got, err, tc.want, tc.wantErr)
		}
	}
}

// TestFirstRunChecklist starts from an empty database, as after "Start
// empty": the dashboard lists the six steps unticked, each step's button
// opens the place where it is done, and each is ticked once done; the
// list goes when all are.
func TestFirstRunChecklist(t *testing.T) {
	store := openStore(t)
	u, _ := newTestUI(t, store, screenDashboard)
	c := u.dashboard.checklist
	ticked := func() (n int) {
		for _, s := range c.steps {
			if s.text.Importance == widget.SuccessImportance {
				n++
			}
		}
		return n
	}
	if !c.card.Visible() || ticked() != 0 {
		t.Fatalf("checklist on an empty database: visible %v, %d ticked; want visible, none ticked", c.card.Visible(), ticked())
	}

	// Step 1, one click: Settings, where the school is named.
	test.Tap(c.steps[0].actions[0])
	u.wait()
	if u.current != screenSettings {
		t.Fatalf("the school step opened %s, want Settings", u.current)
	}
	test.Type(u.settings.name, "Ridgeway School")
	test.Tap(u.settings.saveSchool)
	u.wait()
	u.show(screenDashboard)
	u.wait()
	if !(c.steps[0].text.Importance == widget.SuccessImportance) || ticked() != 1 {
		t.Errorf("after naming the school: %d ticked, want the first", ticked())
	}

	// Step 2 opens the form for the academic year.
	test.Tap(c.steps[1].actions[0])
	u.wait()
	if u.current != screenSettings || len(u.dialogs) != 1 {
		t.Errorf("the year step: screen %s, %d dialogs; want Settings and the year form", u.current, len(u.dialogs))
	}
	u.dialogs[0].Hide()

	// The rest of the school, written as an import and the screens would.
	w := newSchool(t)
	u2, _ := newTestUI(t, w.store, screenDashboard)
	if u2.dashboard.checklist.card.Visible() {
		t.Error("the checklist shows for a school with every step done")
	}
}

// TestDatesInSchoolFormatEverywhere chooses day/month/year after the
// Meetings screen was first shown and checks that the meeting list, an
// opened meeting, the meeting and pairing forms and a student's goals all
// write 30/11/2026, and that the forms take it typed that way.
func TestDatesInSchoolFormatEverywhere(t *testing.T) {
	w := newSchool(t)
	must(t, w.store, func(tx *data.Tx) error {
		for _, st := range []*data.Student{w.aroha, w.zoe} {
			if err := tx.SaveConsent(&data.Consent{StudentID: st.ID, Kind: data.ConsentParticipation, Status: data.ConsentGranted,
				SignedOn: data.MustDate("2026-03-01"), ValidUntil: data.MustDate("2027-08-31")}); err != nil {
				return err
			}
		}
		g := &data.Goal{StudentID: w.zoe.ID, Title: "Read a book a week", Area: "academic", Target: data.MustDate("2026-11-30")}
		if err := tx.CreateGoal(g); err != nil {
			return err
		}
		return tx.AddProgress(&data.Progress{GoalID: g.ID, On: data.MustDate("2026-03-01"), Rating: 3, Percent: -1})
	})
	u, _ := newTestUI(t, w.store, screenMeetings)
	u.show(screenSettings)
	u.wait()
	u.settings.dates.SetSelected(dateFormatChoice(data.DateDMY))
	test.Tap(u.settings.saveSchool)
	u.wait()

	// The Meetings screen, built before the change, now writes its dates
	// the school's way.
	u.show(screenMeetings)
	u.wait()
	s := u.meetings
	if got := s.from.Text; got != "11/02/2026" || s.from.PlaceHolder != "from DD/MM/YYYY" {
		t.Errorf("Meetings' From after the change = %q (placeholder %q), want 11/02/2026", got, s.from.PlaceHolder)
	}
	l := chooseMentee(t, u, "Mr Tanaka", w.zoePairing.ID)
	if got := l.date.Text; got != "11/03/2026" {
		t.Errorf("meeting form date = %q, want today as 11/03/2026", got)
	}
	l.date.SetText("")
	test.Type(l.date, "30/11/2026")
	l.at.SetText("10:00")
	l.status.SetSelected(data.MeetingPlanned)
	test.Tap(l.save)
	u.wait()
	if want := "Saved: planned with Zoë Okafor on 30/11/2026 10:00, 30 minutes."; l.errs.status.Text != want {
		t.Fatalf("status = %q, want %q", l.errs.status.Text, want)
	}
	s.to.SetText("")
	test.Type(s.to, "30/11/2026")
	u.wait()
	if len(s.ids) != 1 {
		t.Fatalf("meetings listed from 11/02/2026 to 30/11/2026 = %d, want the one planned", len(s.ids))
	}
	if got := s.cells(0)[0]; got != "30/11/2026 10:00" {
		t.Errorf("meeting list's When = %q, want 30/11/2026 10:00", got)
	}
	s.tabs.SelectIndex(1)
	s.table.list.Select(0)
	u.wait()
	if s.opened == nil || !strings.Contains(shownText(s.opened.content), "30/11/2026 10:00") {
		t.Fatalf("the opened meeting does not show 30/11/2026 10:00")
	}
	test.Tap(s.opened.edit)
	u.wait()
	if got := l.date.Text; got != "30/11/2026" {
		t.Errorf("the correction form's date = %q, want 30/11/2026", got)
	}
	l.onCancelEdit()

	// A pairing typed to start on 30/11/2026 starts then, and says so.
	u.show(screenPairings)
	u.wait()
	c := u.pairings.create
	test.Type(c.picker.search, "aroha")
	u.wait()
	c.picker.list.Select(0)
	u.wait()
	c.table.list.Select(0)
	u.wait()
	if got := c.start.Text; got != "11/03/2026" {
		t.Errorf("pairing start = %q, want today as 11/03/2026", got)
	}
	c.start.SetText("")
	test.Type(c.start, "30/11/2026")
	test.Tap(c.save)
	u.wait()
	var ps []data.PairingRow
	must(t, w.store, func(tx *data.Tx) (err error) {
		ps, err = tx.Pairings(data.PairingFilter{StudentID: w.aroha.ID})
		return
	})
	if len(ps) != 1 || ps[0].Start.String() != "2026-11-30" {
		t.Fatalf("Aroha's pairings = %+v, want one starting 2026-11-30; form says %q", ps, c.errs.status.Text)
	}
	p := u.pairings
	p.search.SetText("aroha")
	u.wait()
	if len(p.rows) != 1 || p.cells(0)[2] != "30/11/2026" {
		t.Errorf("pairings list for Aroha = %d rows, Started %q; want 30/11/2026", len(p.rows), p.cells(0)[2])
	}

	// A goal's target and its progress.
	u.show(screenStudents)
	u.students.open(w.zoe.ID, tabGoals)
	u.wait()
	g := u.students.detail.goals
	if got := g.cells(0)[1]; got != "30/11/2026" {
		t.Errorf("goal target = %q, want 30/11/2026", got)
	}
	g.table.list.Select(0)
	u.wait()
	if got := g.historyCells(0)[0]; got != "01/03/2026" {
		t.Errorf("progress date = %q, want 01/03/2026", got)
	}
}

// TestQuitHasCtrlQ checks that File ▸ Quit carries Ctrl+Q: Fyne's own Quit
// item, added when the menu has none, has no shortcut on Linux. Its Action
// stays nil so that the driver fills in its own quit, closing every window.
func TestQuitHasCtrlQ(t *testing.T) {
	w := newSchool(t)
	u, _ := newTestUI(t, w.store, screenDashboard)
	file := u.mainMenu().Items[0].Items
	q := file[len(file)-1]
	if !q.IsQuit || q.Label != "Quit" || q.Action != nil {
		t.Fatalf("last File item = %q (IsQuit %v, own action %v), want Fyne's Quit", q.Label, q.IsQuit, q.Action != nil)
	}
	sc, ok := q.Shortcut.(*desktop.CustomShortcut)
	if !ok || sc.KeyName != fyne.KeyQ || sc.Modifier != fyne.KeyModifierShortcutDefault {
		t.Errorf("Quit's shortcut = %#v, want Ctrl+Q", q.Shortcut)
	}
}
