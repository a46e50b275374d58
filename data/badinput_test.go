package data_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"mentorbook/data"
)

// rowCounts counts the rows a refused write must not have touched.
func rowCounts(t *testing.T, s *data.Store) string {
	t.Helper()
	var out string
	err := s.View(context.Background(), func(tx *data.Tx) error {
		ms, err := tx.Meetings(data.MeetingFilter{})
		if err != nil {
			return err
		}
		st, err := tx.Students(data.StudentFilter{})
		if err != nil {
			return err
		}
		log, err := tx.AuditLog(data.AuditFilter{Limit: 1 << 20})
		out = fmt.Sprintf("%d meetings, %d students, %d audit lines", len(ms), len(st), len(log))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestBadInputIsRefusedWhole feeds the store's write methods the hostile
// inputs of SPEC.md inside one transaction after a good write: the error
// names the field, and the good write is rolled back with it.
func TestBadInputIsRefusedWhole(t *testing.T) {
	w := newWorld(t)
	meeting := func(f func(m *data.Meeting)) func(tx *data.Tx) error {
		return func(tx *data.Tx) error {
			m := &data.Meeting{PairingID: w.pairing.ID, At: today.Add(-time.Hour), Minutes: 30, Kind: "one-to-one", Status: data.MeetingHeld}
			f(m)
			return tx.LogMeeting(m)
		}
	}
	student := func(f func(s *data.Student)) func(tx *data.Tx) error {
		return func(tx *data.Tx) error {
			s := &data.Student{SchoolID: "B1", GivenName: "Bea", Active: true}
			f(s)
			return tx.CreateStudent(s)
		}
	}
	megabyte := strings.Repeat("a", 1<<20)
	for _, tc := range []struct {
		name  string
		field string
		write func(tx *data.Tx) error
	}{
		{"NegativeMinutes", "minutes", meeting(func(m *data.Meeting) { m.Minutes = -30 })},
		{"ZeroMinutes", "minutes", meeting(func(m *data.Meeting) { m.Minutes = 0 })},
		{"HugeMinutes", "minutes", meeting(func(m *data.Meeting) { m.Minutes = 1 << 40 })},
		{"MegabyteNote", "notes", meeting(func(m *data.Meeting) { m.Notes = megabyte })},
		{"MegabyteFollowUp", "follow_up", meeting(func(m *data.Meeting) { m.FollowUp = megabyte })},
		{"NulInNote", "notes", meeting(func(m *data.Meeting) { m.Notes = "ok\x00hidden" })},
		{"EscapeInNote", "notes", meeting(func(m *data.Meeting) { m.Notes = "\x1b[2Jcleared" })},
		{"InvalidUTF8Note", "notes", meeting(func(m *data.Meeting) { m.Notes = "caf\xe9" })},
		{"TopicWithComma", "topics", meeting(func(m *data.Meeting) { m.Topics = []string{"a,b"} })},
		{"NoDate", "at", meeting(func(m *data.Meeting) { m.At = time.Time{} })},
		{"HeldInFuture", "at", meeting(func(m *data.Meeting) { m.At = today.AddDate(0, 0, 3) })},
		{"WellbeingSix", "wellbeing", meeting(func(m *data.Meeting) { m.Wellbeing[1] = 6 })},
		{"MegabyteName", "given_name", student(func(s *data.Student) { s.GivenName = megabyte })},
		{"NewlineInName", "family_name", student(func(s *data.Student) { s.FamilyName = "Smith\nJones" })},
		{"BirthInFuture", "birth_date", student(func(s *data.Student) { s.BirthDate = data.MustDate("2030-01-01") })},
		{"DuplicateSchoolID", "school_id", student(func(s *data.Student) { s.SchoolID = "S001" })},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := rowCounts(t, w.s)
			err := w.s.Update(context.Background(), func(tx *data.Tx) error {
				// A good write first: it must not survive the bad one.
				if err := meeting(func(*data.Meeting) {})(tx); err != nil {
					return err
				}
				return tc.write(tx)
			})
			if data.ErrorField(err) != tc.field || data.ErrorMessage(err) == "" || strings.Contains(data.ErrorMessage(err), "Something went wrong") {
				t.Errorf("%s: error %v (field %q), want a plain message about %q", tc.name, err, data.ErrorField(err), tc.field)
			}
			if after := rowCounts(t, w.s); after != before {
				t.Errorf("%s: rows %s before, %s after: something was written", tc.name, before, after)
			}
		})
	}
}

// TestAwkwardInputIsStored checks that what looks hostile but is real text
// is accepted and read back byte for byte.
func TestAwkwardInputIsStored(t *testing.T) {
	w := newWorld(t)
	for _, note := range []string{
		"'; DROP TABLE meetings; --",
		"Robert'); DELETE FROM students WHERE ('1'='1",
		"=HYPERLINK(\"http://evil.example\")",
		"😀 emoji, Ελληνικά, Кириллица, 中文, العربية, Tiếng Việt",
		"line one\r\nline two\ttabbed",
		strings.Repeat("x", data.MaxNote),
	} {
		var id int64
		update(t, w.s, func(tx *data.Tx) error {
			m := &data.Meeting{PairingID: w.pairing.ID, At: today.Add(-time.Hour), Minutes: 30, Kind: "one-to-one", Status: data.MeetingHeld, Notes: note}
			err := tx.LogMeeting(m)
			id = m.ID
			return err
		})
		update(t, w.s, func(tx *data.Tx) error {
			m, err := tx.Meeting(id)
			if err == nil && m.Notes != note {
				t.Errorf("Notes = %q, want %q", m.Notes, note)
			}
			return err
		})
	}
	if got := rowCounts(t, w.s); !strings.HasPrefix(got, "6 meetings, 1 students") {
		t.Errorf("counts = %s, want 6 meetings and 1 student", got)
	}
}

func TestParseDateRefusesImpossibleDays(t *testing.T) {
	for _, s := range []string{"2026-02-31", "2026-02-29", "2026-13-01", "31/02/2026", "2026-2-3", "2026-04-31", " 2026-01-01"} {
		if d, err := data.ParseDate(s); err == nil {
			t.Errorf("ParseDate(%q) = %v, want an error", s, d)
		}
	}
	if _, err := data.ParseDate("2028-02-29"); err != nil {
		t.Errorf("ParseDate(leap day) = %v", err)
	}
}
