package data_test

import (
	"strings"
	"testing"
	"time"

	"mentorbook/data"
)

// TestValidation feeds each write a value that breaks one rule and checks
// the error names the field, says why in words, and leaves nothing behind.
func TestValidation(t *testing.T) {
	long := strings.Repeat("x", data.MaxNote+1)
	huge := strings.Repeat("note ", 1<<18) // a 1 MB note
	w := newWorld(t)
	sid, mid, pid := w.student.ID, w.mentor.ID, w.pairing.ID
	at := time.Date(2026, 3, 9, 10, 0, 0, 0, time.Local)
	meeting := func(edit func(m *data.Meeting)) func(tx *data.Tx) error {
		return func(tx *data.Tx) error {
			m := &data.Meeting{PairingID: pid, At: at, Minutes: 30, Kind: "one-to-one", Status: "held"}
			edit(m)
			return tx.LogMeeting(m)
		}
	}
	student := func(edit func(s *data.Student)) func(tx *data.Tx) error {
		return func(tx *data.Tx) error {
			s := &data.Student{SchoolID: "S900", GivenName: "Ana", Active: true}
			edit(s)
			return tx.CreateStudent(s)
		}
	}
	for _, tc := range []struct {
		name  string
		field string
		words string // part of the message
		write func(tx *data.Tx) error
	}{
		{"StudentSchoolIDRequired", "school_id", "School ID is required", student(func(s *data.Student) { s.SchoolID = " " })},
		{"StudentGivenNameRequired", "given_name", "Given name is required", student(func(s *data.Student) { s.GivenName = "" })},
		{"StudentNameTooLong", "given_name", "too long", student(func(s *data.Student) { s.GivenName = strings.Repeat("é", 101) })},
		{"StudentNameControl", "family_name", "control characters", student(func(s *data.Student) { s.FamilyName = "Ro\x00ss" })},
		{"StudentNameInvalidUTF8", "given_name", "not valid text", student(func(s *data.Student) { s.GivenName = "An\xffa" })},
		{"StudentNeedsHuge", "needs", "too long", student(func(s *data.Student) { s.Needs = huge })},
		{"StudentEmail", "email", "not an email address", student(func(s *data.Student) { s.Email = "ana@" })},
		{"StudentLeftWithoutDate", "left_on", "Leaving date is required", student(func(s *data.Student) { s.Active = false })},
		{"StudentActiveWithLeaving", "left_on", "cannot have a leaving date", student(func(s *data.Student) { s.LeftOn = data.MustDate("2026-01-01") })},
		{"StudentBornInFuture", "birth_date", "in the future", student(func(s *data.Student) { s.BirthDate = data.MustDate("2030-01-01") })},
		{"StudentNameRightToLeftOverride", "given_name", "changes the direction of the text (U+202E)", student(func(s *data.Student) { s.GivenName = "Ana\u202emadA" })},
		{"StudentFamilyNameIsolate", "family_name", "(U+2066)", student(func(s *data.Student) { s.FamilyName = "\u2066Ross\u2069" })},
		{"StudentPreferredNameEmbedding", "preferred_name", "(U+202B)", student(func(s *data.Student) { s.PreferredName = "\u202bAna" })},
		{"StudentBornYear1", "birth_date", "not between 1900 and 2100", student(func(s *data.Student) { s.BirthDate = data.Date{Year: 1, Month: 1, Day: 1} })},
		{"StudentBornYear1899", "birth_date", "not between 1900 and 2100", student(func(s *data.Student) { s.BirthDate = data.Date{Year: 1899, Month: 12, Day: 31} })},
		{"StudentLeftYear2101", "left_on", "not between 1900 and 2100", student(func(s *data.Student) {
			s.Active, s.LeftOn = false, data.Date{Year: 2101, Month: 1, Day: 1}
		})},
		{"GuardianNameBidi", "name", "changes the direction of the text", func(tx *data.Tx) error {
			return tx.CreateGuardian(&data.Guardian{Name: "Carmen \u202eGarcía"})
		}},
		{"MentorNameBidi", "name", "changes the direction of the text", func(tx *data.Tx) error {
			return tx.CreateMentor(&data.Mentor{Name: "Sam\u2067 Lee", Role: "staff", Capacity: 1})
		}},
		{"StudentDuplicateID", "school_id", "already has school ID", student(func(s *data.Student) { s.SchoolID = "S001" })},
		{"GuardianName", "name", "Guardian's name is required", func(tx *data.Tx) error { return tx.CreateGuardian(&data.Guardian{}) }},
		{"GuardianAddressLines", "address", "Guardian's address has 7 lines; an address takes at most 6", func(tx *data.Tx) error {
			return tx.CreateGuardian(&data.Guardian{Name: "Ana Ruiz", Address: "1\n2\n\n3\n4\n5\n6\n7"})
		}},
		{"SchoolAddressLines", "address", "Address has 7 lines", func(tx *data.Tx) error {
			return tx.SaveSchool(&data.School{Name: "Kōwhai Valley School", Address: "1\n2\n3\n4\n5\n6\n7", Paper: "A4"})
		}},
		{"MentorRole", "role", "Role must be one of", func(tx *data.Tx) error {
			return tx.CreateMentor(&data.Mentor{Name: "X", Role: "boss", Capacity: 1})
		}},
		{"MentorCapacity", "capacity", "between 0 and 50", func(tx *data.Tx) error {
			return tx.CreateMentor(&data.Mentor{Name: "X", Role: "staff", Capacity: 51})
		}},
		{"CheckExpiresBeforeChecked", "expires_on", "must be after", func(tx *data.Tx) error {
			return tx.AddCheck(&data.Check{MentorID: mid, Kind: "DBS", CheckedOn: data.MustDate("2026-01-10"), ExpiresOn: data.MustDate("2026-01-01")})
		}},
		{"CheckInFuture", "checked_on", "in the future", func(tx *data.Tx) error {
			return tx.AddCheck(&data.Check{MentorID: mid, Kind: "DBS", CheckedOn: data.MustDate("2026-12-01")})
		}},
		{"TrainingHours", "hours", "Hours", func(tx *data.Tx) error {
			return tx.AddTraining(&data.Training{MentorID: mid, Title: "Induction", HeldOn: data.MustDate("2026-01-01"), Hours: -2})
		}},
		{"MeetingMinutesZero", "minutes", "between 1 and 600", meeting(func(m *data.Meeting) { m.Minutes = 0 })},
		{"MeetingMinutesNegative", "minutes", "between 1 and 600", meeting(func(m *data.Meeting) { m.Minutes = -30 })},
		{"MeetingMinutesHuge", "minutes", "between 1 and 600", meeting(func(m *data.Meeting) { m.Minutes = 100000 })},
		{"MeetingNoDate", "at", "Date is required", meeting(func(m *data.Meeting) { m.At = time.Time{} })},
		{"MeetingYear0", "at", "not between 1900 and 2100", meeting(func(m *data.Meeting) { m.At = time.Date(0, 1, 1, 10, 0, 0, 0, time.Local) })},
		{"MeetingKind", "kind", "Kind must be one of", meeting(func(m *data.Meeting) { m.Kind = "séance" })},
		{"MeetingStatus", "status", "Status must be one of", meeting(func(m *data.Meeting) { m.Status = "maybe" })},
		{"MeetingNoteTooLong", "notes", "too long", meeting(func(m *data.Meeting) { m.Notes = long })},
		{"MeetingNote1MB", "notes", "too long", meeting(func(m *data.Meeting) { m.Notes = huge })},
		{"MeetingWellbeing", "wellbeing", "1 to 5", meeting(func(m *data.Meeting) { m.Wellbeing[1] = 6 })},
		{"MeetingTopicComma", "topics", "cannot contain a comma", meeting(func(m *data.Meeting) { m.Topics = []string{"a,b"} })},
		{"MeetingHeldInFuture", "at", "cannot be in the future", meeting(func(m *data.Meeting) { m.At = today.Add(48 * time.Hour) })},
		{"MeetingBeforePairing", "at", "before the pairing started", meeting(func(m *data.Meeting) { m.At = time.Date(2025, 9, 1, 9, 0, 0, 0, time.Local) })},
		{"MeetingUnknownPairing", "pairing", "Choose a mentee", meeting(func(m *data.Meeting) { m.PairingID = 9999 })},
		{"MeetingProgressRating", "rating", "between 1 and 5", meeting(func(m *data.Meeting) {
			m.Progress = []data.Progress{{GoalID: 1, Rating: 9, Percent: -1}}
		})},
		{"GoalTitle", "title", "Goal is required", func(tx *data.Tx) error {
			return tx.CreateGoal(&data.Goal{StudentID: sid, Area: "academic"})
		}},
		{"GoalArea", "area", "Area must be one of", func(tx *data.Tx) error {
			return tx.CreateGoal(&data.Goal{StudentID: sid, Title: "Read more", Area: "sport"})
		}},
		{"GoalTargetBeforeCreated", "target", "before the goal was set", func(tx *data.Tx) error {
			return tx.CreateGoal(&data.Goal{StudentID: sid, Title: "Read more", Area: "academic", Target: data.MustDate("2020-01-01")})
		}},
		{"ProgressNeither", "rating", "rating from 1 to 5 or a percentage", func(tx *data.Tx) error {
			return tx.AddProgress(&data.Progress{GoalID: 1, On: data.MustDate("2026-03-01"), Percent: -1})
		}},
		{"ProgressPercent", "percent", "between 0 and 100", func(tx *data.Tx) error {
			return tx.AddProgress(&data.Progress{GoalID: 1, On: data.MustDate("2026-03-01"), Percent: 140})
		}},
		{"PairingNoStart", "start", "Start date is required", func(tx *data.Tx) error {
			return tx.CreatePairing(&data.Pairing{StudentID: sid, MentorID: mid, Status: data.PairingProposed})
		}},
		{"PairingEndBeforeStart", "planned_end", "must be after", func(tx *data.Tx) error {
			return tx.CreatePairing(&data.Pairing{StudentID: sid, MentorID: mid, Status: data.PairingProposed,
				Start: data.MustDate("2026-03-01"), PlannedEnd: data.MustDate("2026-02-01")})
		}},
		{"PairingPlannedEndYear2200", "planned_end", "not between 1900 and 2100", func(tx *data.Tx) error {
			return tx.CreatePairing(&data.Pairing{StudentID: sid, MentorID: mid, Status: data.PairingProposed,
				Start: data.MustDate("2026-03-01"), PlannedEnd: data.Date{Year: 2200, Month: 1, Day: 1}})
		}},
		{"PairingCreatedClosed", "status", "Status must be one of", func(tx *data.Tx) error {
			return tx.CreatePairing(&data.Pairing{StudentID: sid, MentorID: mid, Status: data.PairingClosed, Start: data.MustDate("2026-03-01")})
		}},
		{"CloseReason", "reason", "Closure reason must be one of", func(tx *data.Tx) error {
			return tx.ClosePairing(pid, 0, data.Closure{On: data.MustDate("2026-03-01"), Reason: "bored"})
		}},
		{"CloseOtherNeedsWords", "reason_other", "reason in words is required", func(tx *data.Tx) error {
			return tx.ClosePairing(pid, 0, data.Closure{On: data.MustDate("2026-03-01"), Reason: data.ReasonOther})
		}},
		{"CloseBeforeStart", "closed_on", "before the pairing started", func(tx *data.Tx) error {
			return tx.ClosePairing(pid, 0, data.Closure{On: data.MustDate("2025-01-01"), Reason: data.ReasonGoalsMet})
		}},
		{"CloseInFuture", "closed_on", "in the future", func(tx *data.Tx) error {
			return tx.ClosePairing(pid, 0, data.Closure{On: data.MustDate("2026-06-01"), Reason: data.ReasonGoalsMet})
		}},
		{"ConsentSignedRequired", "signed_on", "Date signed is required", func(tx *data.Tx) error {
			return tx.SaveConsent(&data.Consent{StudentID: sid, Kind: data.ConsentPhotos, Status: data.ConsentGranted})
		}},
		{"ConsentValidUntilYear9999", "valid_until", "not between 1900 and 2100", func(tx *data.Tx) error {
			return tx.SaveConsent(&data.Consent{StudentID: sid, Kind: data.ConsentPhotos, Status: data.ConsentGranted,
				SignedOn: data.MustDate("2026-01-01"), ValidUntil: data.Date{Year: 9999, Month: 12, Day: 31}})
		}},
		{"ConsentKind", "kind", "Consent kind must be one of", func(tx *data.Tx) error {
			return tx.SaveConsent(&data.Consent{StudentID: sid, Kind: "tattoos", Status: data.ConsentGranted})
		}},
		{"ConsentSignedBeforeRequested", "signed_on", "before the date requested", func(tx *data.Tx) error {
			return tx.SaveConsent(&data.Consent{StudentID: sid, Kind: data.ConsentPhotos, Status: data.ConsentGranted,
				RequestedOn: data.MustDate("2026-02-01"), SignedOn: data.MustDate("2026-01-01")})
		}},
		{"ConsentGuardianNotLinked", "guardian", "not linked", func(tx *data.Tx) error {
			return tx.SaveConsent(&data.Consent{StudentID: sid, GuardianID: 999, Kind: data.ConsentPhotos, Status: data.ConsentRequested,
				RequestedOn: data.MustDate("2026-02-01")})
		}},
		{"DocumentNotPDF", "document", "not a PDF, PNG or JPEG", func(tx *data.Tx) error {
			return tx.AttachDocument(&data.Document{ConsentID: 1, Filename: "form.exe", Content: []byte("MZ\x90\x00 not a form")})
		}},
		{"DocumentTooLarge", "document", "the limit is 20 MB", func(tx *data.Tx) error {
			return tx.AttachDocument(&data.Document{ConsentID: 1, Filename: "big.pdf", Content: append([]byte("%PDF-1.4"), make([]byte, data.MaxDocument)...)})
		}},
		{"CheckinWith", "with", "With whom must be one of", func(tx *data.Tx) error {
			return tx.AddCheckin(&data.Checkin{PairingID: pid, On: data.MustDate("2026-03-01"), With: "dog"})
		}},
		{"TermOutsideYear", "start", "must lie within", func(tx *data.Tx) error {
			return tx.SaveTerm(&data.Term{YearID: 1, Name: "Extra", Start: data.MustDate("2027-01-01"), End: data.MustDate("2027-02-01")})
		}},
		{"YearEndBeforeStart", "end", "must be after", func(tx *data.Tx) error {
			return tx.SaveYear(&data.Year{Name: "Odd", Start: data.MustDate("2027-09-01"), End: data.MustDate("2027-01-01")})
		}},
		{"SchoolPaper", "paper", "Paper size must be one of", func(tx *data.Tx) error {
			return tx.SaveSchool(&data.School{Name: "Ridgeway", Paper: "A3"})
		}},
		{"SchoolLogo", "logo", "PNG or JPEG", func(tx *data.Tx) error {
			return tx.SaveSchool(&data.School{Name: "Ridgeway", Paper: "A4", Logo: []byte("GIF89a....")})
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := counts(t, w.s)
			err := w.s.Update(ctx, tc.write)
			if got := data.ErrorField(err); got != tc.field {
				t.Errorf("field = %q, want %q (error: %v)", got, tc.field, err)
			}
			if err == nil || !strings.Contains(err.Error(), tc.words) {
				t.Errorf("error = %v, want it to say %q", err, tc.words)
			}
			if after := counts(t, w.s); after != before {
				t.Errorf("rows changed from %v to %v on a refused write", before, after)
			}
		})
	}
}

func TestParseDate(t *testing.T) {
	for _, tc := range []struct {
		in   string
		ok   bool
		want string
	}{
		{"2026-02-28", true, "2026-02-28"},
		{"2028-02-29", true, "2028-02-29"},
		{"", true, ""},
		{"2026-02-31", false, ""},
		{"2026-02-29", false, ""},
		{"31/02/2026", false, ""},
		{"2026-2-3", false, ""},
		{"2026-13-01", false, ""},
		{"tomorrow", false, ""},
		{"2026-01-01'; DROP TABLE students;--", false, ""},
		{"1900-01-01", true, "1900-01-01"},
		{"2100-12-31", true, "2100-12-31"},
		{"1899-12-31", false, ""},
		{"2101-01-01", false, ""},
		{"0001-01-01", false, ""},
		{"0000-01-01", false, ""},
		{"9999-12-31", false, ""},
	} {
		d, err := data.ParseDate(tc.in)
		if (err == nil) != tc.ok || d.String() != tc.want {
			t.Errorf("ParseDate(%q) = %q, %v; want %q, ok=%v", tc.in, d, err, tc.want, tc.ok)
		}
	}
}

// TestHostileTextIsStoredVerbatim: names in any script, emoji and SQL are
// data, not errors, and come back exactly as typed.
func TestHostileTextIsStoredVerbatim(t *testing.T) {
	w := newWorld(t)
	for i, name := range []string{"Nguyễn Văn An", "山田太郎", "Robert'); DROP TABLE students;--", "🦄 Sparkle", "Σοφία-Алексей", "ليلى حداد"} {
		var got *data.Student
		update(t, w.s, func(tx *data.Tx) error {
			s := &data.Student{SchoolID: "H" + string(rune('0'+i)), GivenName: name, Active: true}
			if err := tx.CreateStudent(s); err != nil {
				return err
			}
			var err error
			got, err = tx.Student(s.ID)
			return err
		})
		if got.GivenName != name {
			t.Errorf("GivenName = %q, want %q", got.GivenName, name)
		}
	}
}
