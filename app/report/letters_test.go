package report

import (
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
