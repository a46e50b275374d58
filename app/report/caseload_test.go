package report

import (
	"bytes"
	"strings"
	"testing"
	"time"

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

// TestCaseloadPastTermJudgedOnItsLastDay: a past term's caseload lists what
// needed attention on the term's last day, about that term's mentees and
// its mentors, with their places, vetting and training as they stood then,
// and says which day; today's alerts (a pairing that started since, a
// check that expired since) belong to the current term's report.
func TestCaseloadPastTermJudgedOnItsLastDay(t *testing.T) {
	w := newWorld(t)
	var tui, aroha *data.Student
	w.update(t, func(tx *data.Tx) error {
		// The students first: their consent, signed in August, lasts to
		// the end of the year it was signed in, which would then be 2025–26.
		mele := w.addStudent(t, tx, "S002", "Mele", "Fifita", "Sione Fifita")
		tui = w.addStudent(t, tx, "S003", "Tui", "Ngata", "Hine Ngata")
		aroha = w.addStudent(t, tx, "S004", "Aroha", "Walker", "Kiri Walker")
		y := &data.Year{Name: "2025–26", Start: data.MustDate("2025-09-01"), End: data.MustDate("2026-08-31")}
		if err := tx.SaveYear(y); err != nil {
			return err
		}
		if err := tx.SaveTerm(&data.Term{YearID: y.ID, Name: "2025–26 Summer", Start: data.MustDate("2026-04-13"), End: data.MustDate("2026-07-16")}); err != nil {
			return err
		}
		// Mr Tanaka's mentee of the summer, last met on 8 June, closed in
		// the autumn; his mentee of today (Zoë, since 7 September) was
		// not his in the summer.
		summer := &data.Pairing{StudentID: mele.ID, MentorID: w.mentor.ID, Start: data.MustDate("2026-04-20"), Status: data.PairingActive}
		if err := tx.CreatePairing(summer); err != nil {
			return err
		}
		for _, day := range []string{"2026-04-27", "2026-05-11", "2026-06-08"} {
			d := data.MustDate(day)
			if err := tx.LogMeeting(&data.Meeting{PairingID: summer.ID, At: time.Date(d.Year, d.Month, d.Day, 10, 0, 0, 0, time.Local),
				Minutes: 40, Kind: "one-to-one", Status: data.MeetingHeld}); err != nil {
				return err
			}
		}
		return tx.ClosePairing(summer.ID, summer.Version, data.Closure{On: data.MustDate("2026-09-30"), Reason: data.ClosureReasons[0]})
	})
	// Ms Rua mentored two students in the summer; her only check expired
	// on 31 August, she trained in September, and she left on 20 July
	// (recorded that day), which closed both pairings. Her capacity, which
	// has no date, now reads 1.
	rua := &data.Mentor{Name: "Ms Rua", Role: "volunteer", Email: "rua@school.example", Capacity: 2, Active: true}
	w.s.Now = func() time.Time { return time.Date(2026, 7, 20, 9, 0, 0, 0, time.UTC) }
	w.update(t, func(tx *data.Tx) error {
		if err := tx.CreateMentor(rua); err != nil {
			return err
		}
		if err := tx.AddCheck(&data.Check{MentorID: rua.ID, Kind: "DBS", CheckedOn: data.MustDate("2023-08-31"), ExpiresOn: data.MustDate("2026-08-31")}); err != nil {
			return err
		}
		for i, st := range []*data.Student{tui, aroha} {
			if err := tx.CreatePairing(&data.Pairing{StudentID: st.ID, MentorID: rua.ID, Start: data.MustDate("2026-04-20").AddDays(14 * i), Status: data.PairingActive}); err != nil {
				return err
			}
		}
		rua.Active, rua.Capacity = false, 1
		return tx.UpdateMentor(rua)
	})
	w.s.Now = func() time.Time { return demoClock }
	w.update(t, func(tx *data.Tx) error {
		return tx.AddTraining(&data.Training{MentorID: rua.ID, Title: "Mentor induction", HeldOn: data.MustDate("2026-09-10"), Hours: 3})
	})

	past := oneLine(printText(t, w.s, Request{Kind: KindMentors, Term: "2025–26 Summer"}))
	for _, want := range []string{
		"Meetings and minutes are the whole term's. Places, vetting, training and what needs attention are as they stood on 16 Jul 2026, the term's last day.",
		"Needed attention on 16 Jul 2026, the term's last day",
		"Mele Fifita — no meeting: last met Mr Tanaka on 8 Jun 2026,",
		"Places 2 of 1 places in use: over capacity",
		"Vetting Valid until 31 Aug 2026 DBS, checked 31 Aug 2023, expires 31 Aug 2026",
		"Training None recorded",
		"vetting: vetting check expires on 31 Aug 2026 (in 46 days)",
		"over capacity: 2 pairings active or paused for a capacity of 1",
	} {
		if !strings.Contains(past, want) {
			t.Errorf("the summer term's caseload lacks %q:\n%s", want, past)
		}
	}
	for _, not := range []string{"Zoë Okafor", "by 27 Nov", "expired on 31 Aug 2026", "Mentor induction", "Needs attention"} {
		if strings.Contains(past, not) {
			t.Errorf("the summer term's caseload shows %q, which is about today, not 16 July:\n%s", not, past)
		}
	}

	now := oneLine(printText(t, w.s, Request{Kind: KindMentors}))
	for _, want := range []string{
		"Meetings and minutes are the term's to date; it ends on 18 Dec 2026. Places, vetting, training and what needs attention are as they stand on 27 Nov 2026, the day printed.",
		"Needs attention on 27 Nov 2026",
		"Zoë Okafor — no meeting: no meeting with Mr Tanaka since the pairing started on 7 Sep 2026",
		"Zoë Okafor — below dose:",
		"Places 1 of 2 places in use",
	} {
		if !strings.Contains(now, want) {
			t.Errorf("the current term's caseload lacks %q:\n%s", want, now)
		}
	}
	// Mele's pairing closed on 30 September: in the term, but not
	// judged today; Ms Rua had no pairing in the term.
	for _, not := range []string{"Mele Fifita —", "Ms Rua"} {
		if strings.Contains(now, not) {
			t.Errorf("the current term's caseload shows %q:\n%s", not, now)
		}
	}
}
