package app

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"mentorbook/data"
	"mentorbook/data/demo"
	"mentorbook/data/pgtest"
)

// TestMain stops the PostgreSQL server the role tests start.
func TestMain(m *testing.M) { pgtest.Main(m) }

// roleSchool is the demo school on a PostgreSQL database made by server
// init, and one of its mentors who has mentees, with a login of each role.
type roleSchool struct {
	url                    string
	mentor                 data.MentorRow
	mentees                []int64 // the students of the mentor's pairings, any status
	mentorLogin, readLogin string
}

func newRoleSchool(t *testing.T, students int) *roleSchool {
	t.Helper()
	ctx := t.Context()
	rs := &roleSchool{url: pgtest.NewDatabase(t)}
	if _, _, err := data.InitPostgres(ctx, rs.url); err != nil {
		t.Fatal(err)
	}
	owner, err := data.Open(rs.url)
	if err != nil {
		t.Fatal(err)
	}
	defer owner.Close()
	if err := demo.Generate(ctx, owner, demo.Options{Students: students, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	if err := owner.View(ctx, func(tx *data.Tx) error {
		mentors, err := tx.Mentors("")
		if err != nil {
			return err
		}
		i := slices.IndexFunc(mentors, func(m data.MentorRow) bool { return m.Active && m.Mentees > 0 })
		if i < 0 {
			t.Fatal("the demo school has no mentor with mentees")
		}
		rs.mentor = mentors[i]
		pairings, err := tx.Pairings(data.PairingFilter{MentorID: rs.mentor.ID})
		for _, p := range pairings {
			if !slices.Contains(rs.mentees, p.StudentID) {
				rs.mentees = append(rs.mentees, p.StudentID)
			}
		}
		return err
	}); err != nil {
		t.Fatal(err)
	}
	slices.Sort(rs.mentees)
	// Logins are the whole server's: the database's name keeps them apart.
	rs.mentorLogin, rs.readLogin = "mentor_"+t.Name(), "reader_"+t.Name()
	for _, u := range []struct{ login, role, email string }{{rs.mentorLogin, data.RoleMentor, rs.mentor.Email}, {rs.readLogin, data.RoleReader, ""}} {
		if _, err := data.AddUser(ctx, rs.url, lowerLogin(u.login), u.role, u.email); err != nil {
			t.Fatal(err)
		}
	}
	rs.mentorLogin, rs.readLogin = lowerLogin(rs.mentorLogin), lowerLogin(rs.readLogin)
	return rs
}

// lowerLogin makes a test's name a login (lower case, no slashes).
func lowerLogin(s string) string {
	b := []byte(s)
	for i, c := range b {
		switch {
		case c >= 'A' && c <= 'Z':
			b[i] = c + 'a' - 'A'
		case !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_'):
			b[i] = '_'
		}
	}
	return string(b)
}

func (rs *roleSchool) open(t *testing.T, login string) *data.Store {
	t.Helper()
	s, err := data.Open(pgtest.As(rs.url, login))
	if err != nil {
		t.Fatalf("Open as %s: %v", login, err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// navLabels are the screens the navigation lists, as it names them.
func navLabels(u *ui) []string {
	var out []string
	for i := range u.screens {
		item := newNavItem()
		u.updateNavItem(i, item)
		out = append(out, item.(*fyne.Container).Objects[1].(*widget.Label).Text)
	}
	return out
}

// TestMentorWindow: a mentor's login opens the window on "My mentees",
// listing exactly the students of its own pairings; the navigation offers
// only its mentees, the meeting log and its pairings (no other mentors,
// settings or audit log), the File menu no backup, import or export; the
// meeting log offers only the mentor itself, already chosen.
func TestMentorWindow(t *testing.T) {
	rs := newRoleSchool(t, 40)
	store := rs.open(t, rs.mentorLogin)
	u, _ := newTestUI(t, store, screensFor(store.Role())[0])
	if got, want := navLabels(u), []string{"My mentees", screenMeetings, screenPairings}; !slices.Equal(got, want) {
		t.Errorf("the navigation lists %q, want %q", got, want)
	}
	if u.current != screenStudents {
		t.Errorf("the window opened on %q, want the mentor's mentees", u.current)
	}
	ids := slices.Clone(u.students.ids)
	slices.Sort(ids)
	if !slices.Equal(ids, rs.mentees) {
		t.Errorf("My mentees lists students %v, want the mentor's %v", ids, rs.mentees)
	}
	if u.students.add.Visible() {
		t.Error("a mentor is offered Add student")
	}
	if u.students.pairing.Visible() {
		t.Errorf("a mentor's My mentees offers the filter %q, meaningless for its own mentees", u.students.pairing.Selected)
	}
	// A mentee's detail: what a mentor may do is offered, no more.
	u.students.onSelected(0)
	u.wait()
	shown := map[string]bool{}
	for i := range u.students.detail.tabs.Items {
		u.students.detail.tabs.SelectIndex(i)
		u.wait()
		for _, o := range test.LaidOutObjects(u.win.Canvas().Content()) {
			if b, ok := o.(*widget.Button); ok && b.Visible() {
				shown[b.Text] = true
			}
		}
	}
	for _, text := range []string{"Add guardian…", "Record consent…", "Attach scanned form…", "Add check-in…", "Add goal…", "Mark achieved", "New pairing…"} {
		if shown[text] {
			t.Errorf("a mentor is offered %q in a mentee's detail", text)
		}
	}
	for _, text := range []string{"Record progress…", "Log a meeting…", "Term comment…"} {
		if !shown[text] {
			t.Errorf("a mentor is not offered %q in a mentee's detail (offered: %v)", text, shown)
		}
	}
	for _, hidden := range []string{screenMentors, screenSettings, screenPrivacy, screenDashboard} {
		u.show(hidden)
		if u.current != screenStudents {
			t.Errorf("show(%s) as a mentor went to %q", hidden, u.current)
		}
	}
	for _, item := range u.mainMenu().Items[0].Items {
		switch item.Label {
		case "Backup…", "Encrypted backup…", "Restore…", "Copy to…", "Import roster…", "Export…":
			t.Errorf("a mentor's File menu offers %q", item.Label)
		}
	}
	u.show(screenPairings)
	u.wait()
	if !u.pairings.comment.Visible() || u.pairings.close.Visible() || u.pairings.pause.Visible() {
		t.Error("a mentor's Pairings screen offers closing or pausing, or no term comment")
	}
	for _, p := range u.pairings.rows {
		if !slices.Contains(rs.mentees, p.StudentID) {
			t.Errorf("a mentor's Pairings screen lists %s's pairing with %s, not a mentee's", p.StudentName, p.MentorName)
		}
	}
	u.show(screenMeetings)
	u.wait()
	log := u.meetings.log
	if log.mentor.chosen.ID != rs.mentor.ID || len(log.mentor.all) != 1 {
		t.Errorf("the meeting log chose mentor %d of %v, want only the login's own, %d", log.mentor.chosen.ID, log.mentor.all, rs.mentor.ID)
	}
}

// TestReaderWindow: a reader's login opens on Reports, with the lists it
// reads; a coordinator's (here the owner's) window and a file's are as
// they always were.
func TestReaderWindow(t *testing.T) {
	rs := newRoleSchool(t, 10)
	store := rs.open(t, rs.readLogin)
	u, _ := newTestUI(t, store, screensFor(store.Role())[0])
	if got, want := navLabels(u), []string{screenReports, screenStudents, screenPairings, screenMeetings}; !slices.Equal(got, want) {
		t.Errorf("a reader's navigation lists %q, want %q", got, want)
	}
	if u.current != screenReports {
		t.Errorf("a reader's window opened on %q, want Reports", u.current)
	}
	u.show(screenStudents)
	u.wait()
	if !u.students.pairing.Visible() {
		t.Error("a reader's Students screen has no Mentor filter")
	}
	for _, item := range u.mainMenu().Items[0].Items {
		switch item.Label {
		case "Backup…", "Encrypted backup…", "Restore…", "Copy to…", "Import roster…", "Export…":
			t.Errorf("a reader's File menu offers %q, which the server refuses it", item.Label)
		}
	}
	u.onNewMeeting() // Ctrl+M
	u.wait()
	if u.current != screenMeetings || u.meetings.tabs.SelectedIndex() != 1 || !u.meetings.tabs.Items[0].Disabled() {
		t.Errorf("a reader's Meetings screen: tab %d, the log disabled %v; want the list, the log not offered",
			u.meetings.tabs.SelectedIndex(), u.meetings.tabs.Items[0].Disabled())
	}
	// A meeting opens to be read: no Correct…, Delete… or Mark buttons.
	var meetings []data.MeetingRow
	if err := store.View(t.Context(), func(tx *data.Tx) (err error) {
		meetings, err = tx.Meetings(data.MeetingFilter{})
		return err
	}); err != nil || len(meetings) == 0 {
		t.Fatalf("a reader's meetings: %d, %v", len(meetings), err)
	}
	u.openMeeting(meetings[0].ID)
	u.wait()
	if shown := shownText(u.win.Canvas().Overlays().Top()); !strings.Contains(shown, "Close") ||
		strings.Contains(shown, "Correct") || strings.Contains(shown, "Delete") || strings.Contains(shown, "Mark ") {
		t.Errorf("a meeting opened by a reader offers:\n%s\nwant only Close", shown)
	}
	owner, err := data.Open(rs.url)
	if err != nil {
		t.Fatal(err)
	}
	defer owner.Close()
	if got := screensFor(owner.Role()); owner.Role() != data.RoleCoordinator || !slices.Equal(got, screenOrder) {
		t.Errorf("the owner's role is %s, its screens %q; want a coordinator's, every screen", owner.Role(), got)
	}
}

// TestRoleReadOnlyForms: a mentor's and a reader's student profile is
// text to read, not entries with no Save; a term comment is a form to
// save only on the login's own pairing (a mentor's), and to read
// otherwise (a reader's, or another mentor's pairing).
func TestRoleReadOnlyForms(t *testing.T) {
	rs := newRoleSchool(t, 40)
	for _, login := range []string{rs.mentorLogin, rs.readLogin} {
		store := rs.open(t, login)
		role := store.Role()
		u, _ := newTestUI(t, store, screenStudents)
		d := u.students.detail
		if d.id == 0 {
			t.Fatalf("%s: the Students screen opened no student", role)
		}
		d.tabs.SelectIndex(0)
		u.wait()
		var entries, texts []string
		for _, o := range test.LaidOutObjects(u.win.Canvas().Content()) {
			switch w := o.(type) {
			case *entry:
				if w.Visible() && w != u.students.search { // the list's search box is the screen's
					entries = append(entries, w.Text)
				}
			case *readOnlyText:
				if w.Visible() {
					texts = append(texts, w.Text)
				}
			}
		}
		if len(entries) > 0 {
			t.Errorf("a %s's student profile has %d entries (%q) that look editable, with no Save", role, len(entries), entries)
		}
		if !slices.Contains(texts, d.rec.student.SchoolID) {
			t.Errorf("a %s's student profile shows %q, want the school ID %s as text", role, texts, d.rec.student.SchoolID)
		}
		d.tabs.SelectIndex(3) // Meetings
		u.wait()
		logs := false
		for _, o := range test.LaidOutObjects(u.win.Canvas().Content()) {
			if b, ok := o.(*widget.Button); ok && b.Visible() && b.Text == "Log a meeting…" {
				logs = true
			}
		}
		if logs != (role == data.RoleMentor) {
			t.Errorf("a %s's student detail offers Log a meeting…: %v", role, logs)
		}

		// Term comments: the mentor's own pairing is a form; anything a
		// login may not write is to read.
		var own, other data.PairingRow
		if err := store.View(t.Context(), func(tx *data.Tx) error {
			ps, err := tx.Pairings(data.PairingFilter{})
			for _, p := range ps {
				if p.Status == data.PairingProposed {
					continue
				}
				if p.MentorID == rs.mentor.ID && own.ID == 0 {
					own = p
				}
				if p.MentorID != rs.mentor.ID && other.ID == 0 {
					other = p
				}
			}
			return err
		}); err != nil || own.ID == 0 {
			t.Fatalf("%s: no pairing of the mentor's (%v)", role, err)
		}
		if other.ID == 0 { // the mentees have no other mentor: another mentor's pairing, as the window would list it
			other = own
			other.MentorID, other.MentorName = own.MentorID+1, "Someone Else"
		}
		for _, tc := range []struct {
			p      data.PairingRow
			writes bool
		}{{own, role == data.RoleMentor}, {other, false}} {
			f := u.showTermComment(tc.p)
			u.wait()
			if writes := f.form != nil; writes != tc.writes || (f.read == nil) == (f.form == nil) {
				t.Errorf("a %s's term comment on %s's pairing with %s: a form to save %v, to read %v; want to save %v",
					role, tc.p.MentorName, tc.p.StudentName, f.form != nil, f.read != nil, tc.writes)
			}
			if f.read != nil {
				f.read.Hide()
			}
			if f.form != nil {
				f.form.Hide()
			}
		}
	}
}

// TestMentorCorrectsOnlyWhatItMay: on a mentee's Goals tab a mentor is
// offered Correct entry… for a progress entry it may correct, not for the
// coordinator's confidential one, whose comment it reads as nothing and
// would overwrite unseen (Tx.MayChangeProgress, roles.sql's mentor_edit).
func TestMentorCorrectsOnlyWhatItMay(t *testing.T) {
	rs := newRoleSchool(t, 20)
	ctx := t.Context()
	owner := rs.open(t, pgtest.Superuser)
	student := rs.mentees[0]
	var open, secret data.Progress
	if err := owner.Update(ctx, func(tx *data.Tx) error {
		goals, err := tx.Goals(student)
		if err != nil || len(goals) == 0 {
			return fmt.Errorf("the mentee %d has no goal (%v)", student, err)
		}
		day := tx.Today().AddDays(-1)
		open = data.Progress{GoalID: goals[0].ID, On: day, Rating: 3, Percent: -1, Comment: "reads more"}
		secret = data.Progress{GoalID: goals[0].ID, On: day, Rating: 2, Percent: -1, Comment: "told me about home", Confidential: true}
		if err := tx.AddProgress(&open); err != nil {
			return err
		}
		return tx.AddProgress(&secret)
	}); err != nil {
		t.Fatal(err)
	}
	u, _ := newTestUI(t, rs.open(t, rs.mentorLogin), screenStudents)
	i := slices.Index(u.students.ids, student)
	if i < 0 {
		t.Fatalf("My mentees lists %v, without the mentee %d", u.students.ids, student)
	}
	u.students.onSelected(i)
	u.wait()
	g := u.students.detail.goals
	gi := slices.IndexFunc(u.students.detail.rec.goals, func(x goalWithProgress) bool { return x.ID == open.GoalID })
	if gi < 0 {
		t.Fatal("the goal is not on the Goals tab")
	}
	g.onSelected(gi)
	seen := 0
	for e := range g.historyLength() {
		g.onEntrySelected(e)
		switch g.historyEntry(e).ID {
		case open.ID:
			seen++
			if g.editEntry.Disabled() {
				t.Error("a mentor is not offered Correct entry… for its mentee's open progress entry")
			}
		case secret.ID:
			seen++
			if !g.editEntry.Disabled() {
				t.Error("a mentor is offered Correct entry… for the coordinator's confidential entry, which it cannot read")
			}
		}
	}
	if seen != 2 {
		t.Errorf("the goal's history shows %d of the two entries", seen)
	}
}

// TestMentorDetailTabs: a mentee's detail has no Check-ins tab for a
// mentor, who may not read the coordinator's check-ins (an empty tab
// would say there were none), nor a Files column of consents, whose
// documents it may not open; its Guardians tab says why it shows no
// contact details until the school shares them; a reader keeps the
// Check-ins tab.
func TestMentorDetailTabs(t *testing.T) {
	rs := newRoleSchool(t, 20)
	ctx := t.Context()
	tabs := func(d *studentDetail) (names []string) {
		for _, it := range d.tabs.Items {
			names = append(names, it.Text)
		}
		return names
	}
	u, _ := newTestUI(t, rs.open(t, rs.mentorLogin), screenStudents)
	u.students.onSelected(0)
	u.wait()
	d := u.students.detail
	if slices.Contains(tabs(d), tabCheckins) {
		t.Errorf("a mentor's student detail has the tabs %q, with the check-ins it may not read", tabs(d))
	}
	if !d.guardians.withheld.Visible() {
		t.Error("a mentor's Guardians tab does not say why it shows no contact details")
	}
	if got := d.consents.table.titles; slices.Contains(got, "Files") {
		t.Errorf("a mentor's Consents tab has the columns %q, with Files it may not open", got)
	}
	owner := rs.open(t, pgtest.Superuser)
	if err := owner.Update(ctx, func(tx *data.Tx) error { return tx.SaveMentorGuardianContacts(true) }); err != nil {
		t.Fatal(err)
	}
	d.load(d.id)
	u.wait()
	if d.guardians.withheld.Visible() {
		t.Error("the Guardians tab says the contact details are withheld after the school shared them")
	}
	r, _ := newTestUI(t, rs.open(t, rs.readLogin), screenStudents)
	if got := tabs(r.students.detail); !slices.Contains(got, tabCheckins) {
		t.Errorf("a reader's student detail has the tabs %q, without Check-ins", got)
	}
}
