package report

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestFolderFilesReadAsSingleSummaries: each file of a folder batch, split
// from a run drawn as one document, reads exactly as the same student's
// summary printed alone, in every script, has its own properties, and
// embeds only the fonts its pages use.
func TestFolderFilesReadAsSingleSummaries(t *testing.T) {
	smallRuns(t)
	s, _ := testSchool(t)
	dir := filepath.Join(t.TempDir(), "each") + string(os.PathSeparator)
	if err := Print(context.Background(), s, Request{Kind: KindStudents, Out: dir, Confidential: true}, nil); err != nil {
		t.Fatal(err)
	}
	files, _ := os.ReadDir(dir)
	if len(files) <= folderRun {
		t.Fatalf("%d files: the test needs more than one run of %d", len(files), folderRun)
	}
	for _, id := range []string{"S00001", "S00006", "S00010", "S00004", "S00040", "S00070"} {
		var file string
		for _, f := range files {
			if strings.HasPrefix(f.Name(), id+" ") {
				file = filepath.Join(dir, f.Name())
			}
		}
		if file == "" {
			continue // not paired this term
		}
		t.Run(id, func(t *testing.T) {
			alone := printText(t, s, Request{Kind: KindStudent, StudentSchoolID: id, Confidential: true})
			pdf, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			split := normalize(strings.Join(pdfText(t, pdf), "\f"))
			if split != alone {
				t.Errorf("%s reads differently from the summary printed alone:\n%s\n---- alone:\n%s", file, split, alone)
			}
			info := pdfInfo(t, pdf)
			if !strings.Contains(info, "Subject:         Termly progress summary of ") || !strings.Contains(info, "Title:           Student progress summary") {
				t.Errorf("%s: properties\n%s", file, info)
			}
			fonts, err := exec.Command("pdffonts", file).CombinedOutput()
			if err != nil || strings.Contains(string(fonts), "Error") {
				t.Fatalf("pdffonts %s: %v\n%s", file, err, fonts)
			}
			if cjk := strings.ContainsFunc(alone, func(r rune) bool { return r >= 0x3040 && r <= 0x9FFF }); cjk != strings.Contains(string(fonts), "droid") {
				t.Errorf("%s: CJK text %v, but fonts:\n%s", file, cjk, fonts)
			}
		})
	}
}

// TestFolderCancelledLeavesNothing: a folder batch cancelled after its
// first files were written removes them, temporary files included.
func TestFolderCancelledLeavesNothing(t *testing.T) {
	smallRuns(t)
	s, _ := testSchool(t)
	dir := filepath.Join(t.TempDir(), "each") + string(os.PathSeparator)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	err := Print(ctx, s, Request{Kind: KindStudents, Out: dir}, func(done, total int) {
		if done == folderRun+5 {
			cancel()
		}
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Print cancelled = %v, want context.Canceled", err)
	}
	if files, _ := os.ReadDir(dir); len(files) != 0 {
		t.Errorf("the cancelled batch left %d files, such as %s", len(files), files[0].Name())
	}
}

// smallRuns makes a Folder split its document every 16 summaries for the
// test, so that the test school's 61 summaries make several runs.
func smallRuns(t *testing.T) {
	n := folderRun
	folderRun = 16
	t.Cleanup(func() { folderRun = n })
}
