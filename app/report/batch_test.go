package report

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"mentorbook/data"
)

// TestInterruptedFolderBatch: a batch of one PDF per student that is
// cancelled half-way removes the files it wrote, and the audit log says
// both that it began (before the first file, so that even a killed run is
// on record) and that it stopped; no temporary file, and no file name that
// carries a student's name, is left in the folder.
func TestInterruptedFolderBatch(t *testing.T) {
	s, _ := testSchool(t)
	dir := filepath.Join(t.TempDir(), "summaries")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var seen []string
	err := Print(ctx, s, Request{Kind: KindStudents, Out: dir + string(os.PathSeparator)}, func(done, total int) {
		if done == 5 {
			entries, _ := os.ReadDir(dir)
			for _, e := range entries {
				seen = append(seen, e.Name())
			}
			cancel()
		}
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Print(cancelled half-way) = %v, want context.Canceled", err)
	}
	if len(seen) < 5 {
		t.Fatalf("by the fifth student the folder held %q, want five summaries", seen)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("a cancelled batch left %q", names)
	}
	var log []data.AuditEntry
	s.View(context.Background(), func(tx *data.Tx) (err error) {
		log, err = tx.AuditLog(data.AuditFilter{Action: data.ActPrint, Query: dir})
		return
	})
	if len(log) != 2 || !strings.Contains(log[0].Detail, "cancelled after") || !strings.Contains(log[0].Detail, "removed") ||
		!strings.Contains(log[1].Detail, "one file each") {
		var lines []string
		for _, e := range log {
			lines = append(lines, e.Detail)
		}
		t.Errorf("audit lines for %s = %q, want the batch begun and then cancelled, its files removed", dir, lines)
	}
}
