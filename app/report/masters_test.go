package report

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"testing"
	"time"

	"mentorbook/data"
)

// masterHeader is the header of the hand-made reports pinned as masters.
var masterHeader = data.ReportHeader{
	School:  data.School{Name: "Kōwhai Valley School", Address: "1 Kōwhai Road\nHamilton 3200", Paper: "A4"},
	Term:    data.Term{Name: "2026–27 Autumn", Start: data.MustDate("2026-09-01"), End: data.MustDate("2026-12-18")},
	Printed: data.MustDate("2026-11-27"),
}

var masterOptions = Options{Version: "test", Printed: time.Date(2026, 11, 27, 9, 30, 0, 0, time.UTC)}

func masterSummary() *data.StudentSummary {
	d := data.MustDate
	return &data.StudentSummary{
		ReportHeader: masterHeader,
		Student:      data.Student{SchoolID: "S00006", GivenName: "太郎", FamilyName: "山田", YearGroup: "9", Homeroom: "9K", Active: true},
		Pairings:     []data.PairingSummary{{MentorName: "Σοφία Παπαδοπούλου", MentorRole: "staff", Start: d("2026-02-01"), PlannedEnd: d("2027-02-01"), Status: "active"}},
		Consents:     []data.Consent{{Kind: data.ConsentParticipation, Status: data.ConsentGranted, SignedOn: d("2026-01-20"), ValidUntil: d("2027-08-31")}},
		Meetings:     data.MeetingTally{Held: 3, StudentAbsent: 1, Minutes: 150},
		PerWeek:      []data.Bucket{{Label: "31 Aug", Value: 1}, {Label: "7 Sep", Value: 0}, {Label: "14 Sep", Value: 2}},
		Dose: data.TermDose{From: d("2026-09-01"), To: d("2026-11-27"), Weeks: 12, WeeksMet: 11, WeeklyMeetings: 1, MonthlyMinutes: 240,
			Minutes: 560, MinutesDue: 696},
		Next: data.NextMeeting{At: time.Date(2026, 12, 3, 10, 15, 0, 0, time.UTC), Mentor: "Σοφία Παπαδοπούλου"},
		Goals: []data.GoalReport{{Goal: data.Goal{Title: "Read for 20 minutes a day", Description: "A book of her choice, logged at home", Area: "academic", Status: "open"},
			Baseline: data.Progress{On: d("2026-06-10"), Rating: 1, Percent: -1},
			Entries:  []data.Progress{{On: d("2026-09-03"), Rating: 2, Percent: -1}, {On: d("2026-09-17"), Rating: 4, Percent: -1, Comment: "Reading “Holes” – loves it"}}}},
		Wellbeing: []data.WellbeingPoint{{On: d("2026-09-03"), Scores: [3]int{3, 2, 4}}, {On: d("2026-09-17"), Scores: [3]int{4, 3, 4}}},
		Notes:     []data.NoteEntry{{On: d("2026-09-03"), Text: "Talked about the new class; Алексей is a friend."}},
		NextSteps: []data.NoteEntry{{On: d("2026-09-17"), Text: "Bring the reading log."}},
		LeftOut:   1,
	}
}

func masterProgramme() *data.ProgrammeReport {
	return &data.ProgrammeReport{
		ReportHeader:   masterHeader,
		Settings:       data.DefaultSettings,
		ActivePairings: 12, NewPairings: 3, ClosedPairings: 2, EarlyClosures: 1,
		ClosureReasons: map[string]int{data.ReasonGoalsMet: 1, data.ReasonStudentLeft: 1},
		Retention6:     data.Share{Part: 8, Whole: 9}, Retention12: data.Share{Part: 4, Whole: 6},
		Meetings: data.MeetingTally{Held: 140, StudentAbsent: 6, MentorAbsent: 2, Cancelled: 4, Minutes: 7000},
		JudgedOn: data.MustDate("2026-11-27"), ToDate: true, DoseMet: data.Share{Part: 9, Whole: 12},
		DoseTerm: data.Share{Part: 10, Whole: 12}, DoseTo: data.MustDate("2026-11-22"), CheckinsMet: data.Share{Part: 10, Whole: 11},
		ConsentOK: data.Share{Part: 12, Whole: 12}, GoalsAchieved: data.Share{Part: 5, Whole: 20},
		StudentsWaiting: 3, Withheld: 1,
		PerWeek: []data.Bucket{{Label: "31 Aug", Start: data.MustDate("2026-08-31"), Value: 8, Target: 10},
			{Label: "7 Sep", Start: data.MustDate("2026-09-07"), Value: 11, Target: 11},
			{Label: "14 Sep", Start: data.MustDate("2026-09-14"), Value: 4, Partial: true}},
		MentorsVetted: data.Share{Part: 9, Whole: 10}, MentorsTrained: data.Share{Part: 8, Whole: 10},
		MeetingsPerPair: []data.Bucket{{Label: "No meeting", Value: 1}, {Label: "1–2 meetings", Value: 2}, {Label: "3–5 meetings", Value: 9}},
		WellbeingWeeks:  [][3]float64{{3, 3.5, 4}, {3.5, 3.5, 4.2}, {4, math.NaN(), 4}},
		Previous: &data.ProgrammeReport{ReportHeader: data.ReportHeader{Term: data.Term{Name: "2025–26 Summer", End: data.MustDate("2026-07-17")}},
			JudgedOn: data.MustDate("2026-07-17"), ActivePairings: 10, NewPairings: 3, Meetings: data.MeetingTally{Held: 150},
			DoseMet: data.Share{Part: 6, Whole: 10}, DoseTerm: data.Share{Part: 7, Whole: 10}, DoseTo: data.MustDate("2026-07-17"), CheckinsMet: data.Share{Part: 10, Whole: 10}, ConsentOK: data.Share{Part: 10, Whole: 10},
			GoalsAchieved: data.Share{Part: 2, Whole: 18}, MentorsVetted: data.Share{Part: 9, Whole: 9}, StudentsWaiting: 5},
	}
}

// TestMasters pins two small reports byte for byte: a change to layout or
// to fpdf shows up here. Run with -update after a deliberate change, and
// look at the new PDFs before committing them.
func TestMasters(t *testing.T) {
	tests := []struct {
		file string
		draw func(*bytes.Buffer) error
	}{
		{"summary.pdf", func(b *bytes.Buffer) error { return StudentSummary(b, masterSummary(), masterOptions) }},
		{"programme.pdf", func(b *bytes.Buffer) error { return Programme(b, masterProgramme(), masterOptions) }},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			var buf bytes.Buffer
			if err := tt.draw(&buf); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join("testdata", tt.file)
			if *update {
				if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to make it)", err)
			}
			if !bytes.Equal(buf.Bytes(), want) {
				t.Errorf("%s differs from its master (%d bytes, want %d); if the change is meant, run go test -run TestMasters -update and look at the PDF", tt.file, buf.Len(), len(want))
			}
		})
	}
}
