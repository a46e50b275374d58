package data_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"mentorbook/data"
)

// secrets are the strings that identify the world's student, Zoë Okafor,
// and her guardian; after erasure none may be anywhere in the files.
var secrets = []string{"okafor", "zoë", "zoe ", "s001", "ada@example.org", "secret-zo-note", "zoe_form"}

func TestEraseStudent(t *testing.T) {
	w := newWorld(t)
	s := w.s
	var other *data.Student
	var sharedGuardian int64
	update(t, s, func(tx *data.Tx) error {
		// Everything a student can have.
		m := &data.Meeting{PairingID: w.pairing.ID, At: today.Add(-time.Hour), Minutes: 45, Kind: "one-to-one",
			Status: data.MeetingHeld, Notes: "secret-zo-note: Zoë Okafor talked about home", FollowUp: "call Ada Okafor"}
		if err := tx.LogMeeting(m); err != nil {
			return err
		}
		g := &data.Goal{StudentID: w.student.ID, Title: "Zoë reads a book a week", Area: "academic"}
		if err := tx.CreateGoal(g); err != nil {
			return err
		}
		if err := tx.AddProgress(&data.Progress{GoalID: g.ID, MeetingID: m.ID, On: data.DateOf(today), Rating: 4, Percent: -1, Comment: "Okafor progress"}); err != nil {
			return err
		}
		if err := tx.AddCheckin(&data.Checkin{PairingID: w.pairing.ID, On: data.DateOf(today), With: "guardian", Notes: "spoke to Ada Okafor"}); err != nil {
			return err
		}
		term, err := tx.Term("")
		if err != nil {
			return err
		}
		if err := tx.SaveTermComment(&data.TermComment{PairingID: w.pairing.ID, TermID: term.ID, Comment: "secret-zo-note: a good term"}); err != nil {
			return err
		}
		cs, err := tx.Consents(w.student.ID)
		if err != nil {
			return err
		}
		if err := tx.AttachDocument(&data.Document{ConsentID: cs[0].ID, Filename: "zoe_form.pdf",
			Content: []byte("%PDF-1.4 signed by Ada Okafor for Zoë Okafor S001")}); err != nil {
			return err
		}
		if err := tx.Audit(data.ActPrint, "report", 0, "student summary for Zoë Okafor (S001)"); err != nil {
			return err
		}
		// A sibling, sharing a second guardian: they and the guardian stay.
		other = &data.Student{SchoolID: "S002", GivenName: "Kwame", FamilyName: "Mensah", Active: true}
		if err := tx.CreateStudent(other); err != nil {
			return err
		}
		shared := &data.Guardian{Name: "Grace Mensah", Email: "grace@example.org"}
		if err := tx.CreateGuardian(shared); err != nil {
			return err
		}
		sharedGuardian = shared.ID
		if err := tx.LinkGuardian(w.student.ID, shared.ID, "aunt"); err != nil {
			return err
		}
		return tx.LinkGuardian(other.ID, shared.ID, "mother")
	})
	path := s.Path()
	// The name is on disk before: the test can see it.
	if !containsAny(t, path, secrets) {
		t.Fatal("the student's name is not in the files before erasure; the test proves nothing")
	}

	if err := s.EraseStudent(context.Background(), w.student.ID); err != nil {
		t.Fatalf("EraseStudent: %v", err)
	}

	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		b, err := os.ReadFile(p)
		if os.IsNotExist(err) {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		low := bytes.ToLower(b)
		for _, sec := range secrets {
			if bytes.Contains(low, []byte(sec)) {
				t.Errorf("%s still contains %q after erasure", filepath.Base(p), sec)
			}
		}
	}
	err := s.View(context.Background(), func(tx *data.Tx) error {
		if _, err := tx.Student(w.student.ID); data.ErrorCode(err) != data.ENOTFOUND {
			t.Errorf("Student(erased) = %v, want not found", err)
		}
		if _, err := tx.Student(other.ID); err != nil {
			t.Errorf("the sibling is gone: %v", err)
		}
		if gs, _ := tx.GuardiansOf(other.ID); len(gs) != 1 || gs[0].ID != sharedGuardian {
			t.Errorf("the sibling's guardians = %+v, want the shared one", gs)
		}
		if ms, _ := tx.Meetings(data.MeetingFilter{}); len(ms) != 0 {
			t.Errorf("%d meetings left", len(ms))
		}
		log, err := tx.AuditLog(data.AuditFilter{Action: data.ActErase})
		if err != nil {
			return err
		}
		if len(log) != 1 || !strings.HasPrefix(log[0].Detail, "erase student #") || log[0].EntityID != w.student.ID {
			t.Errorf("erase audit = %+v", log)
		}
		t.Logf("audit: %s", log[0].Detail)
		problems, err := tx.IntegrityCheck()
		if len(problems) > 0 {
			t.Errorf("integrity: %v", problems)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	var any bool
	err = s.View(context.Background(), func(tx *data.Tx) error {
		_, err := tx.Guardian(sharedGuardian)
		any = err == nil
		return nil
	})
	if !any {
		t.Error("the guardian shared with a sibling was erased")
	}
}

func containsAny(t *testing.T, path string, words []string) bool {
	t.Helper()
	for _, p := range []string{path, path + "-wal"} {
		b, _ := os.ReadFile(p)
		for _, w := range words {
			if bytes.Contains(bytes.ToLower(b), []byte(w)) {
				return true
			}
		}
	}
	return false
}

func TestEraseStudentNotFound(t *testing.T) {
	s := MustOpen(t)
	err := s.EraseStudent(context.Background(), 999)
	if data.ErrorCode(err) != data.ENOTFOUND {
		t.Errorf("EraseStudent(999) = %v, want not found", err)
	}
}

func TestStudentsLeftBefore(t *testing.T) {
	s := MustOpen(t)
	update(t, s, func(tx *data.Tx) error {
		for _, st := range []data.Student{
			{SchoolID: "L1", GivenName: "Long", FamilyName: "Gone", LeftOn: data.MustDate("2019-07-20")},
			{SchoolID: "L2", GivenName: "Recently", FamilyName: "Left", LeftOn: data.MustDate("2025-07-18")},
			{SchoolID: "L3", GivenName: "Still", FamilyName: "Here", Active: true},
			{SchoolID: "L4", GivenName: "Older", FamilyName: "Leaver", LeftOn: data.MustDate("2018-12-01")},
		} {
			if err := tx.CreateStudent(&st); err != nil {
				return err
			}
		}
		return nil
	})
	for _, tc := range []struct {
		name string
		day  string
		want string
	}{
		{"SixYears", "2020-03-11", "L4,L1"},
		{"OneYear", "2025-07-19", "L4,L1,L2"},
		{"None", "2018-01-01", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			update(t, s, func(tx *data.Tx) error {
				sts, err := tx.StudentsLeftBefore(data.MustDate(tc.day))
				for _, st := range sts {
					got = append(got, st.SchoolID)
				}
				return err
			})
			if strings.Join(got, ",") != tc.want {
				t.Errorf("StudentsLeftBefore(%s) = %v, want %s", tc.day, got, tc.want)
			}
		})
	}
}

func TestFilesArePrivate(t *testing.T) {
	w := newWorld(t)
	w.logMeetings(t, 3, "")
	if _, err := w.s.AutoBackup(context.Background()); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "manual.db")
	if err := w.s.Backup(context.Background(), out); err != nil {
		t.Fatal(err)
	}
	path := w.s.Path()
	files := []string{path, path + "-wal", path + "-shm", path + ".lock", out}
	bs, _ := data.Backups(path)
	for _, b := range bs {
		files = append(files, b.Path)
	}
	for _, f := range files {
		fi, err := os.Stat(f)
		if err != nil {
			t.Errorf("%s: %v", filepath.Base(f), err)
			continue
		}
		if fi.Mode().Perm() != 0o600 {
			t.Errorf("%s has mode %v, want 0600", filepath.Base(f), fi.Mode().Perm())
		}
	}
	dir, _ := data.BackupDir(path)
	if fi, _ := os.Stat(dir); fi.Mode().Perm() != 0o700 {
		t.Errorf("backups folder has mode %v, want 0700", fi.Mode().Perm())
	}
}
