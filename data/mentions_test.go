package data_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"mentorbook/data"
	"mentorbook/data/datatest"
)

// TestEraseRedactsMentions: erasing Zoë Okafor finds her name in another
// student's meeting notes, follow-ups, check-ins and needs, each shown in
// context, and redacts the ones chosen; a name inside another word is no
// mention, and the mention left unchosen stays as it was.
func TestEraseRedactsMentions(t *testing.T) {
	w := newWorld(t)
	s := w.s
	kwame := &data.Student{SchoolID: "S002", GivenName: "Kwame", FamilyName: "Mensah", Active: true,
		Needs: "Sits next to Zoëlla in maths; a friend of ZOË OKAFOR since Year 6."}
	var meeting int64
	update(t, s, func(tx *data.Tx) error {
		if err := tx.CreateStudent(kwame); err != nil {
			return err
		}
		if err := tx.SaveConsent(&data.Consent{StudentID: kwame.ID, Kind: data.ConsentParticipation, Status: data.ConsentGranted,
			SignedOn: data.MustDate("2025-09-10"), Method: "paper"}); err != nil {
			return err
		}
		p := &data.Pairing{StudentID: kwame.ID, MentorID: w.mentor.ID, Start: data.MustDate("2025-09-15"), Status: data.PairingActive}
		if err := tx.CreatePairing(p); err != nil {
			return err
		}
		m := &data.Meeting{PairingID: p.ID, At: today.Add(-time.Hour), Minutes: 30, Kind: "one-to-one", Status: data.MeetingHeld,
			Notes:    "Kwame fell out with Zoë Okafor (S001) at lunch and would not say why; he was upset all afternoon.",
			FollowUp: "Ask Zoë's tutor what happened."}
		if err := tx.LogMeeting(m); err != nil {
			return err
		}
		meeting = m.ID
		return tx.AddCheckin(&data.Checkin{PairingID: p.ID, On: data.DateOf(today), With: "mentor", Notes: "Annual review went well."})
	})

	var mentions []data.Mention
	update(t, s, func(tx *data.Tx) (err error) { mentions, err = tx.Mentions(w.student.ID); return })
	var got []string
	for _, m := range mentions {
		got = append(got, m.Field+" | "+m.Of+" | "+m.Context)
	}
	want := []string{
		"meeting notes | Kwame Mensah, meeting of " + data.DateOf(today).String() + " | Kwame fell out with Zoë Okafor (S001) at lunch and would not say why; he was upset all…",
		"follow-up actions | Kwame Mensah, meeting of " + data.DateOf(today).String() + " | Ask Zoë's tutor what happened.",
		"notes on needs | Kwame Mensah, student record | Sits next to Zoëlla in maths; a friend of ZOË OKAFOR since Year 6.",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("Mentions(Zoë) =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}

	// Redact the meeting's two, leave the needs as they are.
	if err := s.EraseStudent(context.Background(), w.student.ID, mentions[0], mentions[1]); err != nil {
		t.Fatal(err)
	}
	var m *data.Meeting
	var k *data.Student
	update(t, s, func(tx *data.Tx) (err error) {
		if m, err = tx.Meeting(meeting); err != nil {
			return err
		}
		k, err = tx.Student(kwame.ID)
		return err
	})
	if want := "Kwame fell out with [name removed] ([name removed]) at lunch and would not say why; he was upset all afternoon."; m.Notes != want {
		t.Errorf("notes after erasure = %q, want %q", m.Notes, want)
	}
	if want := "Ask [name removed]'s tutor what happened."; m.FollowUp != want {
		t.Errorf("follow-up after erasure = %q, want %q", m.FollowUp, want)
	}
	if k.Needs != kwame.Needs {
		t.Errorf("needs, not chosen, = %q, want them as they were", k.Needs)
	}
	var log []data.AuditEntry
	update(t, s, func(tx *data.Tx) (err error) { log, err = tx.AuditLog(data.AuditFilter{Action: data.ActErase}); return })
	if len(log) != 1 || !strings.Contains(log[0].Detail, "2 mentions of them in other records redacted") {
		t.Errorf("erase audit = %+v", log)
	}
}

// BenchmarkMentions searches the other records of a 2,000-student demo
// school (about 60,000 meetings) for one student's names: the wait before
// the erase dialog's Continue is enabled.
func BenchmarkMentions(b *testing.B) {
	s := datatest.Demo(b, 2000, today)
	var meetings int
	update(b, s, func(tx *data.Tx) (err error) { meetings, err = tx.CountMeetingsToExport(true); return })
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		update(b, s, func(tx *data.Tx) error { _, err := tx.Mentions(1); return err })
	}
	b.ReportMetric(float64(meetings), "meetings")
}
