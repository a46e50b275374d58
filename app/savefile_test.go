package app

import (
	"os"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// tapButton taps the button labelled text in the window's top overlay.
func tapButton(t *testing.T, u *ui, text string) {
	t.Helper()
	top := u.win.Canvas().Overlays().Top()
	if top == nil {
		t.Fatalf("no dialog is open to tap %q in", text)
	}
	for _, o := range test.LaidOutObjects(top) {
		if b, ok := o.(*widget.Button); ok && b.Text == text && b.Visible() {
			test.Tap(b)
			return
		}
	}
	t.Fatalf("the dialog on top has no button %q", text)
}

// dialogText is every label of the window's top overlay.
func dialogText(u *ui) string {
	var b strings.Builder
	if top := u.win.Canvas().Overlays().Top(); top != nil {
		for _, o := range test.LaidOutObjects(top) {
			if l, ok := o.(*widget.Label); ok {
				b.WriteString(l.Text + "\n")
			}
		}
	}
	return b.String()
}

// TestSaveDialogNeverEmptiesTheDatabase: choosing the school's database
// as the place for an export, and confirming the replacement, is refused
// with the reason, and the database stays whole.
func TestSaveDialogNeverEmptiesTheDatabase(t *testing.T) {
	w := newSchool(t)
	u, _ := newTestUI(t, w.store, screenDashboard)
	db := w.store.Path()
	info, err := os.Stat(db)
	if err != nil {
		t.Fatal(err)
	}
	students := w.count(t, "students")

	d := newExportDialog(u)
	d.chooseFile("")
	sa := dialogEntries(u)
	if len(sa) != 1 {
		t.Fatalf("the save dialog has %d entries, want the path", len(sa))
	}
	sa[0].SetText(db)
	tapButton(t, u, "Save")
	tapButton(t, u, "Yes") // "Replace the file?"
	u.wait()
	if msg := dialogText(u); !strings.Contains(msg, db) || !strings.Contains(msg, "school's database") {
		t.Errorf("exporting over the database says %q, want a refusal naming it", msg)
	}
	if now, err := os.Stat(db); err != nil || now.Size() != info.Size() {
		t.Fatalf("after the export the database is %v (%v), was %d bytes", now, err, info.Size())
	}
	if n := w.count(t, "students"); n != students {
		t.Fatalf("students after = %d, want %d", n, students)
	}
}
