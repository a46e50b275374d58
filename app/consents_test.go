package app

import (
	"bytes"
	"io"
	"os"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"mentorbook/data"
)

func TestRecordConsentWithDocument(t *testing.T) {
	w := newSchool(t)
	u, opened := newTestUI(t, w.store, screenStudents)
	u.students.open(w.aroha.ID, tabConsents)
	u.wait()
	c := u.students.detail.consents
	if got := c.cells(0)[1]; got != "not recorded" {
		t.Fatalf("Aroha's participation consent = %q, want not recorded", got)
	}

	// A date that does not exist is refused beside its field.
	test.Tap(c.record)
	c.form.status.SetSelected(data.ConsentGranted)
	test.Type(c.form.signed, "2026-02-30")
	test.Tap(c.form.dialog.save)
	u.wait()
	if c.form.signed.shown == nil || !strings.Contains(c.form.dialog.errs.status.Text, "not a real date") {
		t.Errorf("bad date: field error %v, status %q", c.form.signed.shown, c.form.dialog.errs.status.Text)
	}
	c.form.signed.SetText("")
	test.Type(c.form.signed, "2026-03-02")
	c.form.method.SetSelected("paper")
	test.Tap(c.form.dialog.save)
	u.wait()

	var consents []data.Consent
	must(t, w.store, func(tx *data.Tx) (err error) { consents, err = tx.Consents(w.aroha.ID); return })
	if len(consents) != 1 || consents[0].Status != data.ConsentGranted || consents[0].ValidUntil.String() != "2026-08-31" {
		t.Fatalf("stored consents = %+v, want granted until the end of the year", consents)
	}
	if got := c.cells(0); got[1] != "granted" || got[3] != "2026-08-31" {
		t.Errorf("row after saving = %v", got)
	}

	// Attach a scanned form, then open it: it is written privately and
	// handed to the system viewer.
	scan := []byte("%PDF-1.4\n% a scanned consent form\n%%EOF\n")
	c.table.list.Select(0)
	c.attachFrom(consents[0].ID, "aroha-consent.pdf", io.NopCloser(bytes.NewReader(scan)))
	u.wait()
	if got := c.cells(0)[4]; got != "1" {
		t.Errorf("documents shown = %q, want 1", got)
	}
	c.table.list.Select(0)
	test.Tap(c.open)
	u.wait()
	if len(opened.urls) != 1 {
		t.Fatalf("opened %d documents, want 1", len(opened.urls))
	}
	path := opened.urls[0].Path
	t.Cleanup(func() { os.Remove(path) })
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 || !strings.HasSuffix(path, ".pdf") {
		t.Errorf("opened %s with mode %v, want a .pdf readable by its owner only", path, fi.Mode().Perm())
	}
	if strings.Contains(strings.ToLower(path), "aroha") {
		t.Errorf("the temporary copy %s carries the student's name, which anyone may read in the folder's list", path)
	}
	if b, _ := os.ReadFile(path); !bytes.Equal(b, scan) {
		t.Errorf("opened file differs from the stored document")
	}

	// A file that is not a PDF or a picture is refused in plain words.
	c.attachFrom(consents[0].ID, "notes.txt", io.NopCloser(strings.NewReader("just text")))
	u.wait()
	if len(u.dialogs) != 1 {
		t.Errorf("dialogs after a text file = %d, want the refusal", len(u.dialogs))
	}
}

func TestConsentsScreenListsMissing(t *testing.T) {
	w := newSchool(t)
	u, _ := newTestUI(t, w.store, screenConsents)
	s := u.consents
	var names []string
	for _, r := range s.rows {
		names = append(names, r.Subject)
	}
	if got := strings.Join(names, ","); got != "Aroha Ngata,José Ruiz" {
		t.Fatalf("missing consent = %s, want Aroha and José", got)
	}
	s.table.list.Select(0)
	u.wait()
	if u.current != screenStudents || u.students.detail.id != w.aroha.ID {
		t.Errorf("choosing a student opened %s / %d", u.current, u.students.detail.id)
	}
}
