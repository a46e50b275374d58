package app

import (
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"mentorbook/data"
	"mentorbook/data/roster"
)

const rosterFixtures = "../testdata/roster"

// testWizard opens the wizard in a test window, remembering its choices in
// prefsDir; wait blocks until the wizard has shown the outcome of its
// background work.
func testWizard(t *testing.T, s *data.Store, prefsDir string) (w *importWizard, wait func()) {
	t.Helper()
	win := test.NewTempWindow(t, widget.NewLabel("Mentorbook"))
	w = newImportWizard(win, s, openPreferences(prefsDir))
	done := make(chan struct{}, 8)
	w.done = func() { done <- struct{}{} }
	w.show()
	return w, func() {
		t.Helper()
		select {
		case <-done:
		case <-time.After(30 * time.Second):
			t.Fatalf("the wizard did not finish: %v", w)
		}
	}
}

func countStudents(t *testing.T, s *data.Store) int {
	t.Helper()
	var n int
	if err := s.View(context.Background(), func(tx *data.Tx) (err error) {
		all, err := tx.AllStudents()
		n = len(all)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestImportWizardOneRoster(t *testing.T) {
	test.NewTempApp(t)
	s := openStore(t)
	w, wait := testWizard(t, s, t.TempDir())
	if w.at != atChoose || w.next.Visible() {
		t.Fatalf("the wizard opens at %v with Next visible %v, want the choice of file", w.at, w.next.Visible())
	}

	w.choose(filepath.Join(rosterFixtures, "oneroster11"))
	wait()
	if w.at != atResult || w.result == nil || !w.result.DryRun {
		t.Fatalf("after choosing a roster: %v, result %+v; want the preview", w, w.result)
	}
	if !strings.Contains(w.summary.Text, "Students: 12 added") || w.next.Text != "Import" || !w.next.Visible() {
		t.Errorf("preview = %q, Next %q visible %v; want 12 students and Import", w.summary.Text, w.next.Text, w.next.Visible())
	}
	if n := countStudents(t, s); n != 0 {
		t.Fatalf("the preview wrote %d students", n)
	}

	test.Tap(w.next)
	wait()
	if w.result == nil || w.result.DryRun || w.step.Text != "The import is finished." || w.cancel.Text != "Close" {
		t.Errorf("after Import: %v, result %+v", w, w.result)
	}
	if n := countStudents(t, s); n != 12 {
		t.Errorf("after Import the database has %d students, want 12", n)
	}
	if w.bar.Value != 1 {
		t.Errorf("progress bar = %v at the end, want 1", w.bar.Value)
	}
	test.Tap(w.cancel)
}

func TestImportWizardRejected(t *testing.T) {
	test.NewTempApp(t)
	s := openStore(t)
	w, wait := testWizard(t, s, t.TempDir())
	w.choose(filepath.Join(rosterFixtures, "students-broken.csv"))
	wait()
	test.Tap(w.next) // accept the guessed columns
	wait()
	if w.at != atResult || w.list.Length() != 6 || w.next.Visible() {
		t.Fatalf("preview of a broken file: %v, %d rejected rows, Import visible %v; want 6 rows and no Import",
			w, w.list.Length(), w.next.Visible())
	}
	item := w.list.CreateItem()
	w.list.UpdateItem(0, item)
	if got := item.(*widget.Label).Text; !strings.HasPrefix(got, "students-broken.csv:3: ") {
		t.Errorf("first rejected row = %q, want students-broken.csv:3: …", got)
	}
	test.Tap(w.back)
	if w.at != atMapping {
		t.Errorf("Back from the preview of a CSV file goes to %v, want the mapping", w.at)
	}
}

// TestImportWizardManyRejected: past the rows listed one by one, the
// list ends by saying how many more were rejected, as the command line does.
func TestImportWizardManyRejected(t *testing.T) {
	test.NewTempApp(t)
	s := openStore(t)
	w, wait := testWizard(t, s, t.TempDir())
	var b strings.Builder
	b.WriteString("Student ID,First Name,Last Name,Date of Birth\n")
	for i := range 1005 {
		fmt.Fprintf(&b, "%d,Ann,Lee,2011-02-31\n", 30000+i)
	}
	path := filepath.Join(t.TempDir(), "bad.csv")
	if err := os.WriteFile(path, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	w.choose(path)
	wait()
	test.Tap(w.next)
	wait()
	n := w.list.Length()
	item := w.list.CreateItem()
	w.list.UpdateItem(n-1, item)
	if got := item.(*widget.Label).Text; got != "… and 5 more rows rejected" {
		t.Errorf("last of %d lines = %q, want … and 5 more rows rejected", n, got)
	}
}

func TestImportWizardMapping(t *testing.T) {
	test.NewTempApp(t)
	s := openStore(t)
	path := filepath.Join(rosterFixtures, "students-crlf-bom.csv")
	prefsDir := t.TempDir()

	w, wait := testWizard(t, s, prefsDir)
	w.choose(path)
	wait()
	if w.at != atMapping {
		t.Fatalf("after choosing a CSV file: %v, want the mapping step", w)
	}
	tests := []struct {
		field roster.Field
		want  string
	}{
		{roster.FieldSchoolID, "UPN"},
		{roster.FieldGivenName, "Forename"},
		{roster.FieldPreferredName, "Known As"},
		{roster.FieldHomeroom, "Tutor Group"},
		{roster.FieldGuardianLanguage, "Contact 1 Language"},
		{roster.FieldEmail, noColumn},
	}
	for _, tt := range tests {
		if got := w.selects[tt.field].Selected; got != tt.want {
			t.Errorf("column for %s = %q, want %q (guessed)", tt.field, got, tt.want)
		}
	}
	// The coordinator does not want tutor groups as homerooms.
	w.selects[roster.FieldHomeroom].SetSelected(noColumn)
	test.Tap(w.next)
	wait()
	if w.result == nil || !strings.Contains(w.summary.Text, "Students: 3 added") {
		t.Fatalf("preview = %q, want 3 students", w.summary.Text)
	}
	if got := w.prefs.String(mappingPref(roster.FieldHomeroom)); got != noColumn {
		t.Errorf("remembered homeroom column = %q, want %q", got, noColumn)
	}
	test.Tap(w.next)
	wait()
	var st *data.Student
	if err := s.View(context.Background(), func(tx *data.Tx) (err error) {
		st, err = tx.StudentBySchoolID("K801234567014")
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if st.GivenName != "Łukasz" || st.PreferredName != "Łuki" || st.Homeroom != "" {
		t.Errorf("imported student = %+v, want Łukasz (Łuki) without a homeroom", st)
	}

	// The next import of the same kind of file, in the next run of the
	// program, starts from those choices.
	w2, wait2 := testWizard(t, s, prefsDir)
	w2.choose(path)
	wait2()
	if got := w2.selects[roster.FieldHomeroom].Selected; got != noColumn {
		t.Errorf("second wizard: homeroom column = %q, want the remembered %q", got, noColumn)
	}
	if got := w2.selects[roster.FieldSchoolID].Selected; got != "UPN" {
		t.Errorf("second wizard: school ID column = %q, want UPN", got)
	}
}

func TestImportWizardUnreadable(t *testing.T) {
	test.NewTempApp(t)
	s := openStore(t)
	w, wait := testWizard(t, s, t.TempDir())
	w.choose(filepath.Join(t.TempDir(), "missing"))
	wait()
	if w.at != atResult || w.result != nil || w.err == nil || !w.back.Visible() {
		t.Errorf("after choosing a missing folder: %v, err %v; want a failure with Back", w, w.err)
	}
}

func TestExportDialog(t *testing.T) {
	s := openStore(t)
	if _, err := roster.ImportOneRoster(context.Background(), s, filepath.Join(rosterFixtures, "oneroster11"), roster.Options{}); err != nil {
		t.Fatal(err)
	}
	u, _ := newTestUI(t, s, screenDashboard)
	d := newExportDialog(u)
	u.showDialog(d.dlg)
	u.wait()
	if len(d.mentor.Options) != 4 {
		t.Errorf("mentor choices = %q, want the 4 imported teachers", d.mentor.Options)
	}

	if d.confidential.Checked || d.warning.Visible() || !d.mentor.Disabled() {
		t.Errorf("the dialog opens with confidential %v, warning %v, mentor disabled %v; want the safe defaults",
			d.confidential.Checked, d.warning.Visible(), d.mentor.Disabled())
	}
	test.Tap(d.confidential)
	if !d.warning.Visible() {
		t.Error("ticking confidential shows no warning")
	}
	test.Tap(d.confidential)

	out := filepath.Join(t.TempDir(), "students.csv")
	d.dlg.Hide()
	d.export(out, "")
	u.wait()
	if info, err := os.Stat(out); err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("exported file: %v, %v; want mode 0600", info, err)
	}
	if records := readCSVFile(t, out); len(records) != 1+12 {
		t.Errorf("students.csv has %d rows, want the header and 12 students", len(records))
	}
	if len(u.dialogs) != 1 {
		t.Errorf("dialogs after the export = %d, want the one that says where it was saved", len(u.dialogs))
	}

	u.dialogs[0].Hide()

	// Encrypted: the passphrase is asked twice, and the file is age.
	test.Tap(d.encrypt)
	d.onConfirm(true)
	pd := d.ask
	pd.pass.SetText("short")
	pd.again.SetText("short")
	test.Tap(pd.ok)
	if !strings.HasPrefix(pd.status.Text, "Passphrase:") {
		t.Errorf("a short passphrase: status %q", pd.status.Text)
	}
	pd.pass.SetText("correct horse battery")
	pd.again.SetText("correct horse batery")
	test.Tap(pd.ok)
	if !strings.HasPrefix(pd.status.Text, "Again:") {
		t.Errorf("mismatched passphrases: status %q", pd.status.Text)
	}
	pd.dialog.Hide()
	enc := filepath.Join(t.TempDir(), "students.csv.age")
	d.export(enc, "correct horse battery")
	u.wait()
	if b, err := os.ReadFile(enc); err != nil || !strings.HasPrefix(string(b), "age-encryption.org/v1") || strings.Contains(string(b), "Okafor") {
		t.Errorf("encrypted export: %v, starts %q; want an age file with no name in plain text", err, b[:min(len(b), 24)])
	}

	d.kind.SetSelectedIndex(len(exportChoices) - 1)
	if d.mentor.Disabled() || !d.confidential.Disabled() {
		t.Errorf("calendar chosen: mentor disabled %v, confidential disabled %v; want the mentor offered and confidential off",
			d.mentor.Disabled(), d.confidential.Disabled())
	}
}

func readCSVFile(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	records, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return records
}
