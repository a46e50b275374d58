package report

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"mentorbook/data"
)

// oneLine joins what pdftotext read into one line of single spaces, so
// that phrases can be found whatever wrapped them.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// TestSummaryDoseRangeGoalsAndNextMeeting checks what a termly summary
// tells beyond the counts: the dose against the target, the days covered,
// each goal's description and baseline, and the next planned meeting.
func TestSummaryDoseRangeGoalsAndNextMeeting(t *testing.T) {
	w := newWorld(t)
	w.update(t, func(tx *data.Tx) error {
		g := &data.Goal{StudentID: w.student.ID, Title: "Hand in homework on time", Description: "Uses a planner every day",
			Area: "academic", Created: data.MustDate("2026-09-07")}
		if err := tx.CreateGoal(g); err != nil {
			return err
		}
		// Tuesday meetings from 8 September, except in the weeks of 5 and
		// 12 October: 9 of the 11 weeks to 22 November. The week of 23
		// November is under way and has had no meeting yet, so it is not
		// judged.
		for day := data.MustDate("2026-09-08"); day.Before(data.MustDate("2026-11-23")); day = day.AddDays(7) {
			if day.Month == 10 && (day.Day == 6 || day.Day == 13) {
				continue
			}
			m := data.Meeting{Minutes: 45}
			if day.Day == 8 {
				m.Progress = []data.Progress{{GoalID: g.ID, Rating: 2, Percent: -1}}
			}
			if day.Month == 11 && day.Day == 17 {
				m.Progress = []data.Progress{{GoalID: g.ID, Rating: 4, Percent: -1}}
			}
			w.meet(t, tx, day.String(), m)
		}
		w.meet(t, tx, "2026-12-03", data.Meeting{Status: data.MeetingPlanned})
		return nil
	})
	text := oneLine(printText(t, w.s, Request{Kind: KindStudent, StudentSchoolID: "S001"}))
	for _, want := range []string{
		"Period 1 Sep 2026 to 27 Nov 2026, term to date (2026–27 Autumn ends 18 Dec 2026)",
		// 9 meetings of 45 minutes; due: 240 × (24/30 + 31/31 + 27/30).
		"Meeting dose 9 of 11 weeks with a meeting; 405 of 648 minutes (7 Sep 2026 to 27 Nov 2026; the target is 1 meeting a week and 240 minutes a month)",
		"Next meeting Thursday 3 December 2026 at 10:00 with Mr Tanaka",
		"Uses a planner every day",
		"Baseline 2/5 (8 Sep 2026) · this term 8 Sep 2/5 → 17 Nov 4/5",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the summary lacks %q:\n%s", want, text)
		}
	}
}

// TestNextStepsKeepConfidentialFollowUps: the follow-up of a meeting whose
// notes are confidential is left out unless asked for, and then carries
// the same mark as its notes.
func TestNextStepsKeepConfidentialFollowUps(t *testing.T) {
	w := newWorld(t)
	w.update(t, func(tx *data.Tx) error {
		w.meet(t, tx, "2026-11-10", data.Meeting{Notes: "Talked about maths.", FollowUp: "Revise fractions"})
		w.meet(t, tx, "2026-11-17", data.Meeting{Notes: "Worries at home.", NotesConfidential: true, FollowUp: "Call the family"})
		return nil
	})
	plain := oneLine(printText(t, w.s, Request{Kind: KindStudent, StudentSchoolID: "S001"}))
	if strings.Contains(plain, "Call the family") || !strings.Contains(plain, "Revise fractions (10 Nov 2026)") {
		t.Errorf("without --confidential, Next steps = %q; want only the shared follow-up", after(plain, "Next steps"))
	}
	asked := oneLine(printText(t, w.s, Request{Kind: KindStudent, StudentSchoolID: "S001", Confidential: true}))
	if !strings.Contains(asked, "CONFIDENTIAL: Call the family (17 Nov 2026)") || strings.Contains(asked, "CONFIDENTIAL: Revise") {
		t.Errorf("with --confidential, Next steps = %q; want the confidential follow-up marked, the shared one not", after(asked, "Next steps"))
	}
}

// after returns the text from the first sep on, for messages.
func after(s, sep string) string {
	if i := strings.Index(s, sep); i >= 0 {
		return s[i:]
	}
	return s
}

// TestSignaturesNeverAlone grows a summary a note at a time: wherever its
// end falls, the signature block shares its page with what comes last and
// never sits alone on a page of its own. Before, 11 of the 610 summaries of
// the demo school ended with such a page.
func TestSignaturesNeverAlone(t *testing.T) {
	// One batch holds every case, so that the fonts are set up once.
	var sums []*data.StudentSummary
	for _, steps := range []int{0, 2} {
		for n := 1; n <= 30; n++ {
			sum := masterSummary()
			sum.Student.SchoolID = fmt.Sprintf("%d notes, %d steps", n, steps)
			sum.Notes = nil
			for i := 0; i < n; i++ {
				sum.Notes = append(sum.Notes, data.NoteEntry{On: data.MustDate("2026-09-03").AddDays(i),
					Text: fmt.Sprintf("Note %d: talked about the week, the reading log and the football match on Saturday.", i)})
			}
			sum.NextSteps = nil
			for i := 0; i < steps; i++ {
				sum.NextSteps = append(sum.NextSteps, data.NoteEntry{On: data.MustDate("2026-10-01"), Text: "Bring the reading log."})
			}
			sums = append(sums, sum)
		}
	}
	b, err := NewBatch(masterHeader, len(sums), 0, masterOptions)
	if err != nil {
		t.Fatal(err)
	}
	for _, sum := range sums {
		b.Add(sum)
	}
	var buf bytes.Buffer
	if err := b.Write(&buf); err != nil {
		t.Fatal(err)
	}
	pages := pdfText(t, buf.Bytes())
	for i, c := range b.contents {
		end := len(pages)
		if i+1 < len(b.contents) {
			end = b.contents[i+1].page - 1
		}
		last := pages[end-1]
		if !strings.Contains(last, "Head of year: signature and date") {
			t.Fatalf("%s: the last page has no signatures:\n%s", c.schoolID, last)
		}
		// What the page holds besides its header, footer and signatures.
		rest := pageFurniture.ReplaceAllString(last, "")
		for _, s := range []string{"Programme coordinator: signature and date", "Head of year: signature and date", "1 confidential note is not shown."} {
			rest = strings.ReplaceAll(rest, s, "")
		}
		if strings.TrimSpace(rest) == "" {
			t.Errorf("%s: page %d of the summary holds only the signatures", c.schoolID, end-c.page+1)
		}
	}
}

// pageFurniture matches the lines of a page's header and footer.
var pageFurniture = regexp.MustCompile(`(?m)^.*(Kōwhai Valley School|2026–27 Autumn|Progress summary:|Printed 27 November 2026|Page \d+ of \d+).*$`)

// TestScoresPrintWithASlash: a rating reads "4/5" in the PDF's text, as a
// reader would search for it.
func TestScoresPrintWithASlash(t *testing.T) {
	var buf bytes.Buffer
	if err := StudentSummary(&buf, masterSummary(), masterOptions); err != nil {
		t.Fatal(err)
	}
	text := oneLine(strings.Join(pdfText(t, buf.Bytes()), " "))
	if !strings.Contains(text, "3 Sep 2/5 → 17 Sep 4/5") {
		t.Errorf("the goal's progress does not read \"3 Sep 2/5 → 17 Sep 4/5\":\n%s", text)
	}
}

// TestSummaryPrintsTheTermComment: the mentor's comment on the pairing for
// the term is printed in that term's summary, under the mentor's name, and
// without --confidential since it is a shared field; another term's comment
// is not; without a comment the section is not printed at all.
func TestSummaryPrintsTheTermComment(t *testing.T) {
	w := newWorld(t)
	var autumn, spring *data.Term
	w.update(t, func(tx *data.Tx) (err error) {
		if autumn, err = tx.Term("2026–27 Autumn"); err != nil {
			return err
		}
		if spring, err = tx.Term("2026–27 Spring"); err != nil {
			return err
		}
		w.meet(t, tx, "2026-11-10", data.Meeting{Notes: "Talked about maths."})
		return nil
	})
	plain := oneLine(printText(t, w.s, Request{Kind: KindStudent, StudentSchoolID: "S001"}))
	if strings.Contains(plain, "Mentor's comment") {
		t.Errorf("a summary without a term comment has the section: %q", after(plain, "Mentor's comment"))
	}
	w.update(t, func(tx *data.Tx) error {
		if err := tx.SaveTermComment(&data.TermComment{PairingID: w.pairing.ID, TermID: autumn.ID,
			Comment: "Zoë has grown in confidence; next term we will work on “fractions”."}); err != nil {
			return err
		}
		return tx.SaveTermComment(&data.TermComment{PairingID: w.pairing.ID, TermID: spring.ID, Comment: "Spring words."})
	})
	text := oneLine(printText(t, w.s, Request{Kind: KindStudent, StudentSchoolID: "S001"}))
	want := normalize("Mentor's comment Zoë has grown in confidence; next term we will work on “fractions”. — Mr Tanaka")
	if !strings.Contains(text, want) || strings.Contains(text, "Spring words") {
		t.Errorf("summary = %q, want %q and not the spring term's comment", after(text, "Wellbeing"), want)
	}
}

// TestArabicTextInSummaryKeepsEnglishOrder: Arabic written into the
// summary's English lines stays where the sentence puts it. A next step in
// Arabic keeps its date after it (the date had joined the Arabic run:
// "10) باتك ةءارق Sep 2026)"), a mentor's name starts its line of mentors,
// and the name under a mentor's comment follows its dash from the left
// margin, as a Latin one does, where it was right-aligned.
func TestArabicTextInSummaryKeepsEnglishOrder(t *testing.T) {
	sum := masterSummary()
	sum.Pairings[0].MentorName = "سارة حداد"
	sum.Pairings[0].Comment = "Worked hard this term."
	sum.NextSteps = []data.NoteEntry{{On: data.MustDate("2026-09-10"), Text: "قراءة كتاب"}}
	var buf bytes.Buffer
	if err := StudentSummary(&buf, sum, masterOptions); err != nil {
		t.Fatal(err)
	}
	words, _, _ := pdfWords(t, buf.Bytes())
	left := -1.0
	for _, w := range words {
		if w.text == "Shared" { // "Shared notes", a heading at the margin
			left = w.xMin
		}
	}
	// Each line holding Arabic is one span, its letters in the order drawn.
	want := map[string]float64{
		"دادح ةراس (staff): 1 Feb 2026, planned to 1 Feb 2027, active": -1,
		"— دادح ةراس":              left,
		"باتك ةءارق (10 Sep 2026)": -1,
	}
	for _, w := range drawnRTL(words) {
		x, ok := want[w.text]
		if !ok {
			t.Errorf("a line is drawn %q", w.text)
			continue
		}
		delete(want, w.text)
		if x >= 0 && (w.xMin < x-1 || w.xMin > x+1) {
			t.Errorf("%q starts at x=%.1f, want the margin at %.1f", w.text, w.xMin, x)
		}
	}
	for s := range want {
		t.Errorf("no line is drawn %q", s)
	}
}

// TestArabicNameHeadsSummaryAtMargin: a student's name wholly in Arabic
// heads the summary at the left margin, as a Latin one does; a right to
// left heading was right-aligned, alone on the other side of the page.
func TestArabicNameHeadsSummaryAtMargin(t *testing.T) {
	sum := masterSummary()
	sum.Student.GivenName, sum.Student.FamilyName = "ليلى", "حداد"
	var buf bytes.Buffer
	if err := StudentSummary(&buf, sum, masterOptions); err != nil {
		t.Fatal(err)
	}
	words, _, _ := pdfWords(t, buf.Bytes())
	left, heading := -1.0, -1.0
	for i, w := range words {
		switch {
		case w.text == "School" && i+1 < len(words) && words[i+1].text == "ID": // under the heading
			left = w.xMin
		case w.text == "دادح ىليل" && w.page == 1:
			heading = w.xMin
		}
	}
	if left < 0 || heading < left-1 || heading > left+1 {
		t.Errorf("the heading ليلى حداد starts at x=%.1f, want the margin at %.1f", heading, left)
	}
}
