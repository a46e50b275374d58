package report

import (
	"bytes"
	"strings"
	"testing"

	"mentorbook/data"
)

// TestCaseloadStanding: each mentor's places, vetting and training, and the
// dashboard's alerts about the mentor, not only about their pairings.
func TestCaseloadStanding(t *testing.T) {
	w := newWorld(t)
	w.update(t, func(tx *data.Tx) error {
		second := w.addStudent(t, tx, "S002", "Mele", "Fifita", "Sione Fifita")
		if err := tx.CreatePairing(&data.Pairing{StudentID: second.ID, MentorID: w.mentor.ID, Start: data.MustDate("2026-09-14"), Status: data.PairingActive}); err != nil {
			return err
		}
		w.mentor.Capacity = 1
		if err := tx.UpdateMentor(w.mentor); err != nil {
			return err
		}
		return tx.AddTraining(&data.Training{MentorID: w.mentor.ID, Title: "Safeguarding", HeldOn: data.MustDate("2026-09-02"), Hours: 2.5})
	})
	text := oneLine(printText(t, w.s, Request{Kind: KindMentors}))
	for _, want := range []string{
		"Places 2 of 1 places in use: over capacity",
		"Vetting Valid until 1 Aug 2028 DBS, checked 1 Aug 2025, expires 1 Aug 2028",
		"Training 1 session, 2.5 hours; latest Safeguarding on 2 Sep 2026",
		"over capacity: 2 pairings active or paused for a capacity of 1",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the caseload lacks %q:\n%s", want, text)
		}
	}
}

// TestCaseloadTableContinues: a mentor's table that runs onto another page
// names the mentor there and repeats its header row, and no status or date
// is broken across lines, even on narrower Letter paper.
func TestCaseloadTableContinues(t *testing.T) {
	h := masterHeader
	h.School.Paper = "Letter"
	m := data.MentorCaseload{Mentor: data.Mentor{Name: "Aisha Novak", Role: "staff", Capacity: 6}}
	for i := 0; i < 70; i++ {
		m.Mentees = append(m.Mentees, data.CaseloadMentee{Name: "Valentina Núñez-Wiśniewska", SchoolID: "S00415", Status: data.PairingPaused,
			Start: data.MustDate("2025-08-17"), LastHeld: data.MustDate("2026-11-26"), Meetings: data.MeetingTally{Held: 12, Minutes: 1005}})
	}
	var buf bytes.Buffer
	if err := Caseloads(&buf, &data.CaseloadReport{ReportHeader: h, Mentors: []data.MentorCaseload{m}}, masterOptions); err != nil {
		t.Fatal(err)
	}
	pages := pdfText(t, buf.Bytes())
	if len(pages) < 3 {
		t.Fatalf("the table takes %d pages; the test needs it to continue", len(pages))
	}
	for i, p := range pages[1:] {
		if !strings.Contains(p, "Aisha Novak, continued") || !strings.Contains(p, "Mentee") || !strings.Contains(p, "Last held") {
			t.Errorf("page %d does not name the mentor and repeat the header:\n%s", i+2, p)
		}
	}
	all := strings.Join(pages, "\n")
	for _, word := range []string{"Paused", "17 Aug 2025", "26 Nov 2026"} {
		if n := strings.Count(all, word); n != len(m.Mentees) {
			t.Errorf("%q is whole %d times, want %d (once a row)", word, n, len(m.Mentees))
		}
	}
}
