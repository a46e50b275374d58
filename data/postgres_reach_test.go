package data_test

import (
	"context"
	"errors"
	"log"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"mentorbook/data"
	"mentorbook/data/datatest"
	"mentorbook/data/pgtest"
)

// openServer opens the PostgreSQL database at dbURL with the test's clock.
func openServer(tb testing.TB, dbURL string, opts ...data.Options) *data.Store {
	tb.Helper()
	s, err := data.Open(dbURL, opts...)
	if err != nil {
		tb.Fatal(err)
	}
	s.Now = func() time.Time { return today }
	tb.Cleanup(func() { s.Close() })
	return s
}

// TestOpenPostgresPassword: a login the server asks a password of, with
// none given, is ErrNeedPassword; a wrong one ErrWrongPassword; the right
// one (Options.Password) opens, as that login, with the password in
// neither Path nor the log; the password file (PGPASSFILE) still works.
func TestOpenPostgresPassword(t *testing.T) {
	dbURL := datatest.NewPostgres(t)
	login := pgtest.PasswordLogin(t, "s3cret pass")
	if _, err := data.AddUser(context.Background(), dbURL, login, "coordinator", ""); err != nil {
		t.Fatal(err)
	}
	asLogin := pgtest.As(dbURL, login)
	t.Setenv("PGPASSWORD", "")
	t.Setenv("PGPASSFILE", os.DevNull)

	var logged strings.Builder
	log.SetOutput(&logged)
	defer log.SetOutput(os.Stderr)
	_, err := data.Open(asLogin)
	if !errors.Is(err, data.ErrNeedPassword) {
		t.Fatalf("Open without a password = %v, want ErrNeedPassword", err)
	}
	if msg := data.ErrorMessage(err); !strings.Contains(msg, "asks for a password") || !strings.Contains(msg, ".pgpass") {
		t.Errorf("the message is %q", msg)
	}
	_, err = data.Open(asLogin, data.Options{Password: "wrong"})
	if !errors.Is(err, data.ErrWrongPassword) || errors.Is(err, data.ErrNeedPassword) {
		t.Fatalf("Open with a wrong password = %v, want ErrWrongPassword", err)
	}
	s := openServer(t, asLogin, data.Options{Password: "s3cret pass"})
	if s.User != login {
		t.Errorf("Store.User = %q, want the login %q", s.User, login)
	}
	if strings.Contains(s.Path(), "s3cret") {
		t.Errorf("Path() = %q holds the password", s.Path())
	}
	update(t, s, func(tx *data.Tx) error {
		return tx.CreateStudent(&data.Student{SchoolID: "S001", GivenName: "Zoë", FamilyName: "Okafor", Active: true})
	})
	var users []string
	if err := s.View(context.Background(), func(tx *data.Tx) (err error) { users, err = tx.AuditUsers(); return }); err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(users, login) {
		t.Errorf("the audit log names %v, not the login %s", users, login)
	}

	// libpq's password file, as pgconn reads it.
	pass := t.TempDir() + "/pgpass"
	if err := os.WriteFile(pass, []byte("*:*:*:"+login+":s3cret pass\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PGPASSFILE", pass)
	openServer(t, asLogin)
	if strings.Contains(logged.String(), "s3cret") {
		t.Errorf("the log holds the password:\n%s", logged.String())
	}
}

// TestOpenPostgresClearTextPassword: a server that asks for the password
// in clear text (pg_hba's method "password") is asked, with none given,
// for an empty one (pgconn sends what it has); PostgreSQL 10 and newer
// refuse it with SQLSTATE 28P01 ("empty password returned by client"),
// which is ErrNeedPassword like SCRAM's refusal, not a server out of
// reach. A wrong password is ErrWrongPassword; the right one opens.
func TestOpenPostgresClearTextPassword(t *testing.T) {
	dbURL := datatest.NewPostgres(t)
	login := pgtest.ClearPasswordLogin(t, "clear pass")
	if _, err := data.AddUser(context.Background(), dbURL, login, "coordinator", ""); err != nil {
		t.Fatal(err)
	}
	asLogin := pgtest.As(dbURL, login)
	t.Setenv("PGPASSWORD", "")
	t.Setenv("PGPASSFILE", os.DevNull)
	_, err := data.Open(asLogin)
	if !errors.Is(err, data.ErrNeedPassword) || errors.Is(err, data.ErrUnreachable) {
		t.Fatalf("Open without a password = %v, want ErrNeedPassword", err)
	}
	if msg := data.ErrorMessage(err); !strings.Contains(msg, "asks for a password") {
		t.Errorf("the message is %q", msg)
	}
	if _, err := data.Open(asLogin, data.Options{Password: "wrong"}); !errors.Is(err, data.ErrWrongPassword) {
		t.Fatalf("Open with a wrong password = %v, want ErrWrongPassword", err)
	}
	if s := openServer(t, asLogin, data.Options{Password: "clear pass"}); s.User != login {
		t.Errorf("Store.User = %q, want the login %q", s.User, login)
	}
}

// TestPostgresUnreachable: no server at the address is said at Open as
// ErrUnreachable, naming the server; a connection lost before a save
// commits is ErrUnreachable, nothing is saved, and once the server is
// back the same save works.
func TestPostgresUnreachable(t *testing.T) {
	_, err := data.Open("postgres://mentor:hidden@127.0.0.1:1/school?sslmode=disable&connect_timeout=5")
	if !errors.Is(err, data.ErrUnreachable) {
		t.Fatalf("Open(a closed port) = %v, want ErrUnreachable", err)
	}
	if msg := data.ErrorMessage(err); !strings.Contains(msg, "127.0.0.1:1") || strings.Contains(msg, "hidden") {
		t.Errorf("the message is %q", msg)
	}

	p := pgtest.NewProxy(t, datatest.NewPostgres(t))
	w := newWorldIn(t, openServer(t, p.URL))
	p.Cut()
	m := &data.Meeting{PairingID: w.pairing.ID, At: today.Add(-time.Hour), Minutes: 30, Kind: "one-to-one", Status: data.MeetingHeld}
	err = w.s.Update(context.Background(), func(tx *data.Tx) error { return tx.LogMeeting(m) })
	if !errors.Is(err, data.ErrUnreachable) {
		t.Fatalf("LogMeeting with the server cut off = %v, want ErrUnreachable", err)
	}
	if msg := data.ErrorMessage(err); msg != "The server cannot be reached; nothing was saved." {
		t.Errorf("the message is %q", msg)
	}
	if err := w.s.View(context.Background(), func(tx *data.Tx) error { _, err := tx.CountStudents(); return err }); !errors.Is(err, data.ErrUnreachable) {
		t.Errorf("a read with the server cut off = %v, want ErrUnreachable", err)
	}
	if err := p.Mend(); err != nil {
		t.Fatal(err)
	}
	if n := meetingCount(t, w); n != 0 {
		t.Fatalf("%d meetings after the failed save, want 0", n)
	}
	update(t, w.s, func(tx *data.Tx) error { return tx.LogMeeting(m) })
	if n := meetingCount(t, w); n != 1 {
		t.Errorf("%d meetings after the save was retried, want 1", n)
	}
}

// TestFindLoggedAfterLostCommit: the COMMIT of a meeting reaches the
// server and its answer is lost. The save says ErrUnreachable; the
// meeting was saved; saving it again through FindLogged finds it instead
// of logging it twice. A different meeting is not taken for it.
func TestFindLoggedAfterLostCommit(t *testing.T) {
	p := pgtest.NewProxy(t, datatest.NewPostgres(t))
	w := newWorldIn(t, openServer(t, p.URL))
	// A meeting logged earlier: the INSERT is then prepared on the
	// connection already, and the lost one only names it (pgx's cache).
	update(t, w.s, func(tx *data.Tx) error {
		return tx.LogMeeting(&data.Meeting{PairingID: w.pairing.ID, At: today.Add(-48 * time.Hour), Minutes: 30, Kind: "one-to-one", Status: data.MeetingHeld})
	})
	m := &data.Meeting{PairingID: w.pairing.ID, At: today.Add(-time.Hour), Minutes: 30, Kind: "one-to-one", Status: data.MeetingHeld, Notes: "Exams."}
	p.LoseCommitAnswer("INSERT INTO meetings")
	err := w.s.Update(context.Background(), func(tx *data.Tx) error { return tx.LogMeeting(m) })
	if !errors.Is(err, data.ErrUnreachable) {
		t.Fatalf("LogMeeting whose commit answer was lost = %v, want ErrUnreachable", err)
	}
	if err := p.Mend(); err != nil {
		t.Fatal(err)
	}
	// The server read the COMMIT before it saw the connection end.
	for meetingCount(t, w) == 1 {
		time.Sleep(10 * time.Millisecond)
	}
	again := *m
	again.ID = 0
	saveAgain := func(m *data.Meeting) (found bool) {
		update(t, w.s, func(tx *data.Tx) (err error) {
			if found, err = tx.FindLogged(m); err != nil || found {
				return err
			}
			return tx.LogMeeting(m)
		})
		return found
	}
	if !saveAgain(&again) || again.ID == 0 {
		t.Errorf("FindLogged did not find the meeting the lost commit saved (ID %d)", again.ID)
	}
	if n := meetingCount(t, w); n != 2 {
		t.Errorf("%d meetings after the retry, want 2 (the earlier one and the lost one)", n)
	}
	other := again
	other.ID, other.Minutes = 0, 45
	if saveAgain(&other) {
		t.Errorf("a meeting of another length was taken for the lost one")
	}
	if n := meetingCount(t, w); n != 3 {
		t.Errorf("%d meetings after another, different meeting, want 3", n)
	}
}

func meetingCount(tb testing.TB, w *world) int {
	tb.Helper()
	var n int
	err := w.s.View(context.Background(), func(tx *data.Tx) error {
		ms, err := tx.Meetings(data.MeetingFilter{PairingID: w.pairing.ID})
		n = len(ms)
		return err
	})
	if err != nil {
		tb.Fatal(err)
	}
	return n
}
