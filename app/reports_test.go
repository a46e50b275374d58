package app

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestPrintReport prints the programme report from the Reports screen
// through the shipped hook and checks the file.
func TestPrintReport(t *testing.T) {
	w := newSchool(t)
	u, _ := newTestUI(t, w.store, screenReports)
	s := u.reports
	if s.term.Selected != "2025–26 Spring" {
		t.Errorf("term = %q, want the current term", s.term.Selected)
	}
	out := filepath.Join(t.TempDir(), "programme.pdf")
	s.run(reports[2], out)
	u.wait()
	b, err := os.ReadFile(out)
	if err != nil || !strings.HasPrefix(string(b), "%PDF-") {
		t.Fatalf("report file: %v (%d bytes)", err, len(b))
	}
	if !strings.HasPrefix(s.status.Text, "Saved ") || s.bar.Visible() {
		t.Errorf("status %q, bar visible %v; want saved and the bar hidden", s.status.Text, s.bar.Visible())
	}
}

func TestBackupFromMenu(t *testing.T) {
	w := newSchool(t)
	u, _ := newTestUI(t, w.store, screenDashboard)
	u.onBackup()
	u.wait()
	files, _ := filepath.Glob(filepath.Join(filepath.Dir(w.store.Path()), "backups", "mentorbook-*.db"))
	if len(files) != 1 {
		t.Fatalf("backups written = %v, want one", files)
	}
	if fi, err := os.Stat(files[0]); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("backup file mode = %v (%v), want 0600", fi.Mode().Perm(), err)
	}
	if len(u.dialogs) != 1 {
		t.Errorf("dialogs = %d, want the confirmation", len(u.dialogs))
	}
}
