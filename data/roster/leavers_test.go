package roster

import (
	"path/filepath"
	"strings"
	"testing"

	"mentorbook/data"
)

// TestLeaverPairingsClosed: a student a newer roster no longer lists is
// marked as left, their open pairing closes the same day with the reason
// "student left school", and the summary (dry run and real) names them.
func TestLeaverPairingsClosed(t *testing.T) {
	s := openStore(t)
	mustImport(t, s, filepath.Join(fixtures, "oneroster11"), Options{})
	seun := studentBySchoolID(t, s, "24009")
	var pairing data.Pairing
	update(t, s, func(tx *data.Tx) error {
		m := &data.Mentor{Name: "Ms Okoro", Role: "staff", Capacity: 3, Active: true}
		if err := tx.CreateMentor(m); err != nil {
			return err
		}
		if err := tx.AddCheck(&data.Check{MentorID: m.ID, Kind: "DBS", CheckedOn: data.MustDate("2025-09-01")}); err != nil {
			return err
		}
		if err := tx.SaveConsent(&data.Consent{StudentID: seun.ID, Kind: data.ConsentParticipation, Status: data.ConsentGranted,
			SignedOn: data.MustDate("2025-09-10")}); err != nil {
			return err
		}
		pairing = data.Pairing{StudentID: seun.ID, MentorID: m.ID, Start: data.MustDate("2025-10-01"), Status: data.PairingActive}
		return tx.CreatePairing(&pairing)
	})
	want := "Oluwaseun Adeyemi (24009): active pairing with Ms Okoro closed (student left school)"
	dry := mustImport(t, s, filepath.Join(fixtures, "oneroster11-changed"), Options{DryRun: true})
	if !strings.Contains(dry.Summary(), want) {
		t.Errorf("dry-run summary lacks %q:\n%s", want, dry.Summary())
	}
	res := mustImport(t, s, filepath.Join(fixtures, "oneroster11-changed"), Options{})
	if !strings.Contains(res.Summary(), want) {
		t.Errorf("summary lacks %q:\n%s", want, res.Summary())
	}
	view(t, s, func(tx *data.Tx) error {
		p, err := tx.Pairing(pairing.ID)
		if err != nil {
			return err
		}
		if p.Status != data.PairingClosed || p.Closure.Reason != data.ReasonStudentLeft || p.Closure.On != data.DateOf(testNow) {
			t.Errorf("the leaver's pairing = %s, %q on %s; want closed today, %q", p.Status, p.Closure.Reason, p.Closure.On, data.ReasonStudentLeft)
		}
		return nil
	})
}
