package report

import (
	"bytes"
	"strings"
	"testing"

	"mentorbook/data"
)

// TestLetterOfWithheldStudentReachesOnlyTheirGuardian: a student whose
// data-sharing consent was declined is named in the consent letters, the
// one report that does, but only on the letter to their own guardian.
func TestLetterOfWithheldStudentReachesOnlyTheirGuardian(t *testing.T) {
	w := newWorld(t)
	w.update(t, func(tx *data.Tx) error {
		for _, st := range []struct{ id, given, family, guardian string }{
			{"S002", "Mele", "Fifita", "Sione Fifita"},
			{"S003", "Ana", "Lopez", "Rosa Lopez"},
		} {
			s := &data.Student{SchoolID: st.id, GivenName: st.given, FamilyName: st.family, YearGroup: "7", Active: true}
			if err := tx.CreateStudent(s); err != nil {
				return err
			}
			g := &data.Guardian{Name: st.guardian}
			if err := tx.CreateGuardian(g); err != nil {
				return err
			}
			if err := tx.LinkGuardian(s.ID, g.ID, "father"); err != nil {
				return err
			}
			if st.id == "S002" {
				if err := tx.SaveConsent(&data.Consent{StudentID: s.ID, GuardianID: g.ID, Kind: data.ConsentDataSharing,
					Status: data.ConsentDeclined, SignedOn: data.MustDate("2026-09-02"), Method: "paper"}); err != nil {
					return err
				}
			}
		}
		return nil
	})
	text := printText(t, w.s, Request{Kind: KindConsentLetters})
	named := 0
	for i, page := range strings.Split(text, "\f") {
		if !strings.Contains(page, "Mele Fifita") && !strings.Contains(page, "S002") {
			continue
		}
		named++
		if !strings.Contains(page, "Dear Sione Fifita,") || strings.Contains(page, "Ana Lopez") || strings.Contains(page, "Rosa Lopez") {
			t.Errorf("page %d names the withheld student but is not only her guardian's letter:\n%s", i+1, page)
		}
	}
	if named != 1 {
		t.Errorf("the withheld student is named on %d pages, want 1 (her guardian's letter)", named)
	}
	if !strings.Contains(text, "Dear Rosa Lopez,") {
		t.Errorf("no letter to Rosa Lopez:\n%s", text)
	}
}

// TestConsentLetterAsksForEveryKindLacking: a letter asks for each kind of
// consent its student lacks (missing, expired, declined), with a Yes and a
// No box for each on the slip, and none it has; it carries the guardian's
// postal address and names the coordinator and how to reach the school;
// every letter stays on one page, on Letter paper too; a student with
// every consent in place gets none; the blank form asks for every kind.
func TestConsentLetterAsksForEveryKindLacking(t *testing.T) {
	w := newWorld(t)
	w.update(t, func(tx *data.Tx) error {
		// The school's address as long as it may be: six lines.
		if err := tx.SaveSchool(&data.School{Name: "Kōwhai Valley School", Address: "Kōwhai Valley School\nAttn. Mentoring\n1 Kōwhai Road\nRD 4\nHamilton 3200\nNew Zealand",
			Phone: "07 555 0100", Email: "office@kowhai.example", Coordinator: "Mere Tūhoe", Paper: "Letter"}); err != nil {
			return err
		}
		for _, k := range data.ConsentKinds[1:] { // S001 has participation already
			if err := tx.SaveConsent(&data.Consent{StudentID: w.student.ID, Kind: k, Status: data.ConsentGranted,
				SignedOn: data.MustDate("2026-09-02"), Method: "paper"}); err != nil {
				return err
			}
		}
		s := &data.Student{SchoolID: "S002", GivenName: "Mele", FamilyName: "Fifita", YearGroup: "7", Active: true}
		if err := tx.CreateStudent(s); err != nil {
			return err
		}
		g := &data.Guardian{Name: "Sione Fifita", Address: "Flat 2, 14 Rātā Street\nFrankton\nHamilton 3204"}
		if err := tx.CreateGuardian(g); err != nil {
			return err
		}
		if err := tx.LinkGuardian(s.ID, g.ID, "father"); err != nil {
			return err
		}
		// The longest letter: a six-line address of long lines, every
		// kind asked for, each with a note on where it stands.
		s3 := &data.Student{SchoolID: "S003", GivenName: "Hēmi", FamilyName: "Wiremu", YearGroup: "9", Active: true}
		if err := tx.CreateStudent(s3); err != nil {
			return err
		}
		g3 := &data.Guardian{Name: "Aroha Wiremu", Address: "Flat 2, Rātā Court Retirement and Family Apartments\n14 Rātā Street\nFrankton Industrial and Residential Estate\nFrankton\nHamilton 3204\nNew Zealand"}
		if err := tx.CreateGuardian(g3); err != nil {
			return err
		}
		if err := tx.LinkGuardian(s3.ID, g3.ID, "mother"); err != nil {
			return err
		}
		for _, c := range []data.Consent{
			{Kind: data.ConsentParticipation, Status: data.ConsentRequested, RequestedOn: data.MustDate("2026-09-02")},
			{Kind: data.ConsentDataSharing, Status: data.ConsentWithdrawn},
			{Kind: data.ConsentPhotos, Status: data.ConsentDeclined, SignedOn: data.MustDate("2026-09-02")},
			{Kind: data.ConsentOffSite, Status: data.ConsentGranted, SignedOn: data.MustDate("2025-09-01"), ValidUntil: data.MustDate("2026-08-31")},
		} {
			c.StudentID, c.GuardianID = s3.ID, g3.ID
			if err := tx.SaveConsent(&c); err != nil {
				return err
			}
		}
		for _, c := range []data.Consent{
			{Kind: data.ConsentParticipation, Status: data.ConsentGranted, SignedOn: data.MustDate("2025-09-01"), ValidUntil: data.MustDate("2026-08-31")},
			{Kind: data.ConsentDataSharing, Status: data.ConsentDeclined, SignedOn: data.MustDate("2026-09-02")},
			{Kind: data.ConsentPhotos, Status: data.ConsentGranted, SignedOn: data.MustDate("2026-09-02")},
		} {
			c.StudentID, c.GuardianID, c.Method = s.ID, g.ID, "paper"
			if err := tx.SaveConsent(&c); err != nil {
				return err
			}
		}
		return nil
	})
	text := printText(t, w.s, Request{Kind: KindConsentLetters})
	pages := strings.Split(strings.TrimSuffix(text, "\f"), "\f")
	if strings.Contains(text, "Ada Okafor") || strings.Contains(text, "Zoë Okafor") {
		t.Errorf("a letter went to S001, who has every consent:\n%s", text)
	}
	if len(pages) != 4 {
		t.Fatalf("%d pages, want the cover, two letters of a page each and the blank form:\n%s", len(pages), text)
	}
	longest := strings.Join(strings.Fields(pages[2]), " ")
	if n := strings.Count(longest, "Yes No"); n != 4 || !strings.Contains(longest, "Dear Aroha Wiremu,") {
		t.Errorf("the second letter has %d Yes boxes, want 4, and is to Aroha Wiremu:\n%s", n, longest)
	}
	for _, want := range []string{"Flat 2, Rātā Court Retirement and Family Apartments", "Hamilton 3200 New Zealand 27 November 2026"} {
		if !strings.Contains(longest, want) {
			t.Errorf("the second letter's heading lacks %q, whole:\n%s", want, longest)
		}
	}
	letter := strings.Join(strings.Fields(pages[1]), " ")
	for _, want := range []string{
		"Sione Fifita Flat 2, 14 Rātā Street Frankton Hamilton 3204", // the envelope window
		"Dear Sione Fifita,",
		"Taking part: Mele Fifita meeting a mentor as described above (the consent you gave has expired",
		"Data sharing: naming Mele Fifita in the programme's reports, which only school staff read (you said no before",
		"Off-site activities: outings away from the school",
		"please contact Mere Tūhoe, the programme coordinator, on 07 555 0100 or at office@kowhai.example.",
		"Yours sincerely, Mere Tūhoe Programme coordinator, Kōwhai Valley School",
		"Reply slip: mentoring programme",
		"My child may take part in the mentoring programme.",
		"My child may be named in the programme's progress reports to school staff.",
		"My child may join mentoring activities away from the school.",
	} {
		if !strings.Contains(letter, normalize(want)) {
			t.Errorf("the letter lacks %q:\n%s", want, letter)
		}
	}
	if strings.Contains(letter, "Photo") || strings.Contains(letter, "photo") {
		t.Errorf("the letter asks for photo consent, which is in place:\n%s", letter)
	}
	if n := strings.Count(letter, "Yes No"); n != 3 {
		t.Errorf("the slip has %d Yes boxes, want one for each of the 3 kinds lacking", n)
	}
	blankForm := strings.Join(strings.Fields(pages[3]), " ")
	if n := strings.Count(blankForm, "Yes No"); n != len(data.ConsentKinds) || !strings.Contains(blankForm, "Photographs of my child") {
		t.Errorf("the blank form has %d Yes boxes, want %d:\n%s", n, len(data.ConsentKinds), blankForm)
	}
	cover := strings.Join(strings.Fields(pages[0]), " ")
	for _, want := range []string{"Participation 2 students lack it", "Photos 1 student lacks it"} {
		if !strings.Contains(cover, want) {
			t.Errorf("the cover sheet lacks %q:\n%s", want, cover)
		}
	}
}

// TestAddressFoldedToSixLines: an address stored before the six-line limit
// prints on six lines, the rest joined onto the last, none of it dropped,
// so the letter stays on one page.
func TestAddressFoldedToSixLines(t *testing.T) {
	got := lines("1 Road\n\nFlat 2\nBlock C\nEstate\nTown\nCounty\nPostcode\nCountry")
	want := []string{"1 Road", "Flat 2", "Block C", "Estate", "Town", "County, Postcode, Country"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("lines = %q, want %q", got, want)
	}
}

// TestLetterToArabicNamedStudentReadsLeftToRight: the letter's sentences
// are English and read left to right. "ليلى Haddad takes part…" was laid
// out right to left, its words and punctuation out of order, when a
// paragraph ran in the direction of its first letter (see isRTL).
func TestLetterToArabicNamedStudentReadsLeftToRight(t *testing.T) {
	w := newWorld(t)
	w.update(t, func(tx *data.Tx) error {
		s := &data.Student{SchoolID: "S077", GivenName: "ليلى", FamilyName: "Haddad", YearGroup: "9", Active: true}
		if err := tx.CreateStudent(s); err != nil {
			return err
		}
		g := &data.Guardian{Name: "Thanh Haddad"}
		if err := tx.CreateGuardian(g); err != nil {
			return err
		}
		if err := tx.LinkGuardian(s.ID, g.ID, "mother"); err != nil {
			return err
		}
		return tx.SaveConsent(&data.Consent{StudentID: s.ID, GuardianID: g.ID, Kind: data.ConsentParticipation,
			Status: data.ConsentGranted, SignedOn: data.MustDate("2026-09-02"), Method: "paper"})
	})
	text := printText(t, w.s, Request{Kind: KindConsentLetters})
	for _, line := range strings.Split(text, "\n") {
		if strings.Contains(line, "takes part in the programme") && !strings.HasPrefix(line, "To complete our records for") {
			t.Errorf("the sentence about the programme reads %q; want it to begin in English, left to right", line)
		}
	}
	if !strings.Contains(text, "To complete our records for") {
		t.Errorf("no letter says it completes the records of ليلى Haddad:\n%s", text)
	}
}

// TestReplySlipNamesArabicPupilInOrder: the reply slip's pupil cell, an
// Arabic given name then a Latin family name and the school ID, is drawn
// as an English line: the name first, its letters reversed for drawing,
// then "Haddad (S00168)". Its first letter being Arabic, the cell was laid
// out right to left as a whole: "(Haddad (S00168 ىليل". The letter's
// sentences keep "(Year 9)" after the name.
func TestReplySlipNamesArabicPupilInOrder(t *testing.T) {
	rep := &data.ConsentLetters{
		ReportHeader: masterHeader,
		Letters: []data.ConsentLetter{{
			Student:  data.Student{SchoolID: "S00168", GivenName: "ليلى", FamilyName: "Haddad", YearGroup: "9", Active: true},
			Guardian: data.StudentGuardian{Guardian: data.Guardian{Name: "Thanh Haddad"}, Relationship: "mother"},
			Needs:    []data.ConsentNeed{{Kind: data.ConsentParticipation}},
		}, {
			Student:  data.Student{SchoolID: "S00169", GivenName: "ليلى", FamilyName: "حداد", YearGroup: "9", Active: true},
			Guardian: data.StudentGuardian{Guardian: data.Guardian{Name: "Thanh Haddad"}, Relationship: "mother"},
			Needs:    []data.ConsentNeed{{Kind: data.ConsentPhotos}},
		}},
	}
	var buf bytes.Buffer
	if err := ConsentLetters(&buf, rep, masterOptions); err != nil {
		t.Fatal(err)
	}
	words, _, _ := pdfWords(t, buf.Bytes())
	drawn := map[string]bool{}
	var lines []string
	for _, w := range drawnRTL(words) {
		drawn[w.text] = true
		lines = append(lines, w.text)
	}
	for _, want := range []string{
		"ىليل Haddad (S00168)",
		"We would like ىليل Haddad (Year 9) to take part this year, and we ask for your consent to:",
		"دادح ىليل (S00169)",
		"To complete our records for دادح ىليل (Year 9), who takes part in the programme, we ask for your",
	} {
		if !drawn[want] {
			t.Errorf("no line is drawn %q; the lines holding Arabic are %q", want, lines)
		}
	}
}
