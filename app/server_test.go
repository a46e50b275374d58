package app

import (
	"context"
	"log"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"mentorbook/data"
	"mentorbook/data/datatest"
	"mentorbook/data/pgtest"
)

// testOpening is the window's opening of db with the test driver, each
// step run at once; opened receives the store.
func testOpening(t *testing.T, db string) *opening {
	t.Helper()
	a := test.NewTempApp(t)
	a.Settings().SetTheme(newWindowTheme())
	win := a.NewWindow("Mentorbook")
	win.Resize(fyne.NewSize(1280, 800))
	o := newOpening(a, win, db)
	o.post = func(f func()) { f() }
	o.work = func(f func()) { f() }
	o.opened = func(*data.Store) {}
	t.Cleanup(func() { o.close() })
	return o
}

// windowTexts is every label's text in the window and its dialogs.
func windowTexts(win fyne.Window) string {
	var out []string
	objs := test.LaidOutObjects(win.Content())
	for _, ov := range win.Canvas().Overlays().List() {
		objs = append(objs, test.LaidOutObjects(ov)...)
	}
	for _, o := range objs {
		if l, ok := o.(*widget.Label); ok && l.Visible() {
			out = append(out, l.Text)
		}
	}
	return strings.Join(out, "\n")
}

// windowButton is the button labelled text in the window or its dialogs.
func windowButton(win fyne.Window, text string) *widget.Button {
	objs := test.LaidOutObjects(win.Content())
	for _, ov := range win.Canvas().Overlays().List() {
		objs = append(objs, test.LaidOutObjects(ov)...)
	}
	for _, o := range objs {
		if b, ok := o.(*widget.Button); ok && b.Text == text && b.Visible() {
			return b
		}
	}
	return nil
}

// TestWindowAsksForPassword: a login the server asks a password of, with
// none in the URL or the password file, gets a password dialog with the
// cursor in the field; a wrong password typed and Enter says so and asks
// again; the right one opens the window as that login. The password is
// then in neither the preferences file, the title, the Settings screen
// nor the log; Settings names the server and the login and says that
// automatic backups are off; the Privacy screen's audit log names the
// login.
func TestWindowAsksForPassword(t *testing.T) {
	const secret = "Tr0ub4dor&3 horse"
	dbURL := datatest.NewPostgres(t)
	login := pgtest.PasswordLogin(t, secret)
	if _, err := data.AddUser(context.Background(), dbURL, login, "coordinator", ""); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PGPASSWORD", "")
	t.Setenv("PGPASSFILE", os.DevNull)
	var logged strings.Builder
	//log.SetOutput(&logged)
	t.Cleanup(func() { log.SetOutput(os.Stderr) })

	o := testOpening(t, pgtest.As(dbURL, login))
	var store *data.Store
	o.opened = func(s *data.Store) { store = s }
	o.open("")
	if o.asking == nil {
		t.Fatalf("no password dialog; the window says:\n%s", windowTexts(o.win))
	}
	if said := windowTexts(o.win); !strings.Contains(said, "asks for the password of the login "+login) {
		t.Errorf("the dialog says %q", said)
	}
	entry, ok := o.win.Canvas().Focused().(*widget.Entry)
	if !ok || !entry.Password {
		t.Fatalf("the focus is on %T, not the password field", o.win.Canvas().Focused())
	}
	test.Type(entry, "wrong")
	entry.TypedKey(keyReturn())
	if store != nil || o.asking == nil {
		t.Fatal("a wrong password opened the database, or was not asked again")
	}
	if said := windowTexts(o.win); !strings.Contains(said, "refused that password") {
		t.Errorf("after a wrong password the window says %q", said)
	}
	entry, ok = o.win.Canvas().Focused().(*widget.Entry)
	if !ok || !entry.Password || entry.Text != "" {
		t.Fatalf("asked again, the focus is on %T (text %q), not an empty password field", o.win.Canvas().Focused(), entry.Text)
	}
	test.Type(entry, secret)
	entry.TypedKey(keyReturn())
	if store == nil {
		t.Fatalf("the right password did not open the database; the window says:\n%s", windowTexts(o.win))
	}
	if store.User != login {
		t.Errorf("the store's user is %q, want the login %q", store.User, login)
	}

	store.Now = func() time.Time { return testNow }
	w := newSchoolIn(t, store)
	prefsDir := t.TempDir()
	u, _ := newTestUIOn(t, o.a, openPreferences(prefsDir), store, screenSettings)
	u.rememberMentor(w.mentor.ID) // the preferences file is written
	u.refreshTitle()
	u.wait()
	settings := windowTexts(u.win)
	parsed, _ := url.Parse(dbURL)
	for _, want := range []string{"Login: " + login, "Automatic backups are off", "database " + strings.TrimPrefix(parsed.Path, "/")} {
		if !strings.Contains(settings, want) {
			t.Errorf("Settings does not say %q:\n%s", want, settings)
		}
	}
	u.show(screenPrivacy)
	u.wait()
	privacy := shownText(u.win.Content())
	if !strings.Contains(privacy, login) {
		t.Errorf("the audit log on the Privacy screen does not name the login %s:\n%s", login, privacy)
	}
	for what, text := range map[string]string{"the title": u.win.Title(), "Settings": settings, "Privacy": privacy, "the log": logged.String(),
		"the preferences": filesText(t, prefsDir)} { // Fyne's own stay in memory (newFyneApp) and the app sets none
		if strings.Contains(text, secret) {
			t.Errorf("%s holds the password", what)
		}
	}
}

// TestWindowPasswordCancel: Cancel in the password dialog leaves the
// window saying that the server asks for a password, with Retry, which
// asks again.
func TestWindowPasswordCancel(t *testing.T) {
	dbURL := datatest.NewPostgres(t)
	login := pgtest.PasswordLogin(t, "pw")
	t.Setenv("PGPASSWORD", "")
	t.Setenv("PGPASSFILE", os.DevNull)
	o := testOpening(t, pgtest.As(dbURL, login))
	o.open("")
	if o.asking == nil {
		t.Fatal("no password dialog")
	}
	test.Tap(windowButton(o.win, "Cancel"))
	if said := windowTexts(o.win); !strings.Contains(said, "asks for a password") || !strings.Contains(said, "Nothing has been changed.") {
		t.Errorf("after Cancel the window says %q", said)
	}
	retry := windowButton(o.win, "Retry")
	if retry == nil {
		t.Fatal("no Retry after Cancel")
	}
	test.Tap(retry)
	if o.asking == nil {
		t.Error("Retry did not ask for the password again")
	}
}

// TestWindowServerUnreachable: a server that cannot be reached is named
// (its password hidden) with Retry; Retry once it is back opens the
// window.
func TestWindowServerUnreachable(t *testing.T) {
	o := testOpening(t, "postgres://mentor:hidden@127.0.0.1:1/school?sslmode=disable&connect_timeout=5")
	o.open("")
	said := windowTexts(o.win)
	if !strings.Contains(said, "Cannot connect to the PostgreSQL server at postgres://mentor:xxxxx@127.0.0.1:1/school") || strings.Contains(said, "hidden") {
		t.Errorf("the window says %q", said)
	}
	if windowButton(o.win, "Retry") == nil {
		t.Error("no Retry for a server out of reach")
	}

	p := pgtest.NewProxy(t, datatest.NewPostgres(t))
	p.Cut()
	o = testOpening(t, p.URL)
	var store *data.Store
	o.opened = func(s *data.Store) { store = s }
	o.open("")
	if store != nil || windowButton(o.win, "Retry") == nil {
		t.Fatalf("the server cut off: the window says %q", windowTexts(o.win))
	}
	if err := p.Mend(); err != nil {
		t.Fatal(err)
	}
	test.Tap(windowButton(o.win, "Retry"))
	if store == nil {
		t.Fatalf("Retry with the server back did not open it; the window says %q", windowTexts(o.win))
	}
}

// serverSchool is the test school on a PostgreSQL database reached
// through a proxy that the test can cut.
func serverSchool(t *testing.T) (*school, *pgtest.Proxy) {
	t.Helper()
	p := pgtest.NewProxy(t, datatest.NewPostgres(t))
	s, err := data.Open(p.URL)
	if err != nil {
		t.Fatal(err)
	}
	s.Now = openStore(t).Now // the tests' clock
	t.Cleanup(func() { s.Close() })
	return newSchoolIn(t, s), p
}

// fillMeeting types a meeting of Zoë's into the quick log.
func fillMeeting(t *testing.T, u *ui, w *school) *meetingLog {
	t.Helper()
	l := chooseMentee(t, u, "Mr Tanaka", w.zoePairing.ID)
	test.Tap(l.presetButton("45"))
	test.Type(l.notes, "Talked about revision.")
	return l
}

// TestMeetingSaveServerUnreachable: the server out of reach as a meeting
// is saved: nothing is saved, the form keeps what was typed and says so,
// with Retry, which saves it once the server is back.
func TestMeetingSaveServerUnreachable(t *testing.T) {
	w, p := serverSchool(t)
	u, _ := newTestUI(t, w.store, screenMeetings)
	l := fillMeeting(t, u, w)
	p.Cut()
	test.Tap(l.save)
	u.wait()
	if want := "The server cannot be reached; nothing was saved."; l.errs.status.Text != want {
		t.Errorf("status = %q, want %q", l.errs.status.Text, want)
	}
	if len(u.win.Canvas().Overlays().List()) != 0 {
		t.Errorf("a dialog covers the form: %q", overlayTexts(u))
	}
	if l.notes.Text != "Talked about revision." || l.minutes.Text != "45" || l.pairing() == nil {
		t.Errorf("the form lost what was typed: notes %q, minutes %q", l.notes.Text, l.minutes.Text)
	}
	if !l.retry.Visible() {
		t.Fatal("no Retry beside Save")
	}
	if err := p.Mend(); err != nil {
		t.Fatal(err)
	}
	if n := w.count(t, "meetings", w.zoePairing.ID); n != 0 {
		t.Fatalf("%d meetings saved while the server was out of reach", n)
	}
	test.Tap(l.retry)
	u.wait()
	if !strings.HasPrefix(l.errs.status.Text, "Saved: held with Zoë Okafor") || l.retry.Visible() {
		t.Errorf("after Retry: status %q, Retry shown %v", l.errs.status.Text, l.retry.Visible())
	}
	if n := w.count(t, "meetings", w.zoePairing.ID); n != 1 {
		t.Errorf("%d meetings after Retry, want 1", n)
	}
}

// TestMeetingRetryAfterLostCommit: the meeting's COMMIT reaches the
// server but its answer is lost. The form says the server cannot be
// reached; Retry finds the meeting saved and says Saved, without a
// second meeting or the question about one.
func TestMeetingRetryAfterLostCommit(t *testing.T) {
	w, p := serverSchool(t)
	u, _ := newTestUI(t, w.store, screenMeetings)
	l := fillMeeting(t, u, w)
	p.LoseCommitAnswer("INSERT INTO meetings")
	test.Tap(l.save)
	u.wait()
	if !l.retry.Visible() {
		t.Fatalf("no Retry after the lost answer; status %q", l.errs.status.Text)
	}
	if err := p.Mend(); err != nil {
		t.Fatal(err)
	}
	for w.count(t, "meetings", w.zoePairing.ID) == 0 {
		time.Sleep(10 * time.Millisecond) // the server reads the COMMIT before it sees the connection end
	}
	test.Tap(l.retry)
	u.wait()
	if len(u.win.Canvas().Overlays().List()) != 0 {
		t.Errorf("Retry asked: %q", overlayTexts(u))
	}
	if !strings.HasPrefix(l.errs.status.Text, "Saved: held with Zoë Okafor") {
		t.Errorf("after Retry the status is %q", l.errs.status.Text)
	}
	if n := w.count(t, "meetings", w.zoePairing.ID); n != 1 {
		t.Errorf("%d meetings after Retry, want 1", n)
	}
}

// filesText is the content of every file under dir.
func filesText(t *testing.T, dir string) string {
	t.Helper()
	var b strings.Builder
	filepath.Walk(dir, func(path string, fi os.FileInfo, err error) error {
		if err == nil && fi.Mode().IsRegular() {
			c, _ := os.ReadFile(path)
			b.Write(c)
		}
		return nil
	})
	return b.String()
}
