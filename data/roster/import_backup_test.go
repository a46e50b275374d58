package roster

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"mentorbook/data"
)

// TestImportBackupHoldsTheSchoolAsItWas: the automatic backup of an
// import is taken inside the import's transaction, just before it commits
// (so that a refused import leaves none); it must still hold the school as
// it was before the import, not the import's uncommitted rows.
func TestImportBackupHoldsTheSchoolAsItWas(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	mustImport(t, s, filepath.Join(fixtures, "oneroster11"), Options{})
	before, err := data.Backups(s.Path())
	if err != nil {
		t.Fatal(err)
	}
	snap := snapshot(t, s)
	csv := filepath.Join(t.TempDir(), "students.csv")
	os.WriteFile(csv, []byte("Student ID,First Name,Last Name\n90001,Al,Long\n90002,Ann,Short\n"), 0o600)
	headers, err := CSVHeaders(csv)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ImportCSV(ctx, s, csv, GuessMapping(headers), Options{}); err != nil {
		t.Fatal(err)
	}
	after, _ := data.Backups(s.Path())
	if len(after) != len(before)+1 {
		t.Fatalf("the import left %d backups, there were %d; want one more", len(after), len(before))
	}
	b, err := data.Open(copyOf(t, after[0].Path))
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if snapshot(t, b) != snap {
		t.Error("the backup taken before the import does not hold the school as it was")
	}
	lines := auditLines(t, s)
	if !strings.HasPrefix(lines, "import roster") || !strings.Contains(lines, "\nbackup database automatic backup") {
		t.Errorf("audit log, newest first:\n%s\nwant the import, then below it the backup taken before it", lines)
	}
}

func auditLines(t *testing.T, s *data.Store) string {
	t.Helper()
	var b strings.Builder
	view(t, s, func(tx *data.Tx) error {
		lines, err := tx.AuditLog(data.AuditFilter{})
		for _, l := range lines {
			b.WriteString(l.Action + " " + l.Entity + " " + l.Detail + "\n")
		}
		return err
	})
	return b.String()
}

// copyOf copies the file at path into a new temporary folder.
func copyOf(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), filepath.Base(path))
	if err := os.WriteFile(p, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}
