package roster

import (
	"context"
	"encoding/csv"
	"os"
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

// TestExportFollowUps: the dashboard's alert list as CSV, one kind or all,
// mode 0600 and recorded in the audit log like every export.
func TestExportFollowUps(t *testing.T) {
	s := openStore(t)
	mustImport(t, s, filepath.Join(fixtures, "oneroster11"), Options{})
	out := filepath.Join(t.TempDir(), "follow-ups.csv")
	res, err := ExportFile(context.Background(), s, ExportOptions{Kind: ExportFollowUps, AlertKind: data.AlertWaiting, Out: out})
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	records, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(b), "\ufeff"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	// Every imported student waits for a mentor: none has a pairing.
	if len(records) != res.Rows+1 || res.Rows == 0 || strings.Join(records[0], ",") != "Kind,Name,School ID,Mentor email,Reason" {
		t.Fatalf("follow-ups CSV = %q, want a header and %d waiting students", records, res.Rows)
	}
	for _, r := range records[1:] {
		if r[0] != data.AlertWaiting || r[2] == "" || r[4] == "" {
			t.Errorf("follow-up row %q, want a waiting student with school ID and reason", r)
		}
	}
	if fi, err := os.Stat(out); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("follow-ups CSV mode = %v (%v), want 0600", fi.Mode().Perm(), err)
	}
}
