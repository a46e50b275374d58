package cli

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"mentorbook/data/datatest"
)

func TestReportCommand(t *testing.T) {
	db := demoDB(t)
	dir := t.TempDir()
	tests := []struct {
		name     string
		args     []string
		code     int
		out      string // the file that must exist afterwards, mode 0600
		inStderr string
	}{
		{"Programme", []string{"report", "programme", "--out", filepath.Join(dir, "p.pdf")}, 0, "p.pdf", ""},
		{"Mentors", []string{"report", "mentors", "--out", filepath.Join(dir, "m.pdf")}, 0, "m.pdf", ""},
		{"Letters", []string{"report", "consent-letters", "--out", filepath.Join(dir, "c.pdf")}, 0, "c.pdf", ""},
		{"Students", []string{"report", "students", "--out", filepath.Join(dir, "all.pdf"), "--confidential"}, 0, "all.pdf", ""},
		{"StudentsFolder", []string{"report", "students", "--out", filepath.Join(dir, "each") + "/"}, 0, "each", ""},
		{"Student", []string{"report", "student", "--student", "S00001", "--confidential", "--out", filepath.Join(dir, "s.pdf")}, 0, "s.pdf", ""},
		{"NoKind", []string{"report", "--out", filepath.Join(dir, "x.pdf")}, 2, "", "name one report"},
		{"UnknownKind", []string{"report", "everything", "--out", filepath.Join(dir, "x.pdf")}, 2, "", "unknown report"},
		{"NoOut", []string{"report", "programme"}, 2, "", "--out is required"},
		{"StudentWithoutID", []string{"report", "student", "--out", filepath.Join(dir, "x.pdf")}, 2, "", "--student"},
		{"StudentFlagElsewhere", []string{"report", "mentors", "--student", "S00001", "--out", filepath.Join(dir, "x.pdf")}, 2, "", "--student"},
		{"BadFlag", []string{"report", "programme", "--colour", "--out", filepath.Join(dir, "x.pdf")}, 2, "", "colour"},
		{"UnknownStudent", []string{"report", "student", "--student", "NOPE", "--out", filepath.Join(dir, "x.pdf")}, 1, "", "mentorbook report:"},
		{"UnknownTerm", []string{"report", "programme", "--term", "Never", "--out", filepath.Join(dir, "x.pdf")}, 1, "", "The terms are: 2026–27 Summer, 2026–27 Spring, 2026–27 Autumn"},
		{"TermTypedWithHyphen", []string{"report", "mentors", "--term", "2026-27 autumn", "--out", filepath.Join(dir, "t.pdf")}, 0, "t.pdf", ""},
		{"SchoolIDInLowerCase", []string{"report", "student", "--student", "s00001", "--out", filepath.Join(dir, "lower.pdf")}, 0, "lower.pdf", ""},
		{"MissingFolder", []string{"report", "programme", "--out", filepath.Join(dir, "no", "x.pdf")}, 1, "", "does not exist; nothing was saved"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := runMentorbook(t, append([]string{"--db", db}, tt.args...)...)
			if code != tt.code {
				t.Fatalf("mentorbook %s: exit %d, want %d; stderr: %s", strings.Join(tt.args, " "), code, tt.code, stderr)
			}
			if !strings.Contains(stderr, tt.inStderr) {
				t.Errorf("mentorbook %s: stderr %q lacks %q", strings.Join(tt.args, " "), stderr, tt.inStderr)
			}
			if tt.out == "" {
				return
			}
			path := filepath.Join(dir, tt.out)
			fi, err := os.Stat(path)
			if err != nil {
				t.Fatal(err)
			}
			files := []string{path}
			if fi.IsDir() {
				entries, _ := os.ReadDir(path)
				if len(entries) == 0 {
					t.Fatalf("%s is empty", path)
				}
				files = files[:0]
				for _, e := range entries {
					files = append(files, filepath.Join(path, e.Name()))
				}
			}
			for _, f := range files {
				fi, err := os.Stat(f)
				if err != nil || fi.Mode().Perm() != 0o600 {
					t.Errorf("%s: mode %v (%v), want 0600", f, fi.Mode().Perm(), err)
				}
				b, _ := os.ReadFile(f)
				if !strings.HasPrefix(string(b), "%PDF-") {
					t.Errorf("%s is not a PDF", f)
				}
			}
		})
	}
	if _, err := exec.LookPath("pdftotext"); err == nil {
		out, err := exec.Command("pdftotext", filepath.Join(dir, "s.pdf"), "-").Output()
		if err != nil || !strings.Contains(string(out), "Zoë Okafor") {
			t.Errorf("pdftotext of the student summary lacks \"Zoë Okafor\" (%v):\n%s", err, out)
		}
	}
}

// TestReportFileFaults: a report that cannot be saved says why in one
// plain sentence naming the place, with no log timestamp and no temporary
// file's name, and exits 1.
func TestReportFileFaults(t *testing.T) {
	db := demoDB(t)
	dir := t.TempDir()
	readOnly := datatest.SmallDisk(t, "1m", "ro")
	for _, c := range []struct {
		name string
		args []string
		want string
	}{
		{"MissingFolder", []string{"report", "mentors", "--out", filepath.Join(dir, "no", "m.pdf")}, "The folder " + filepath.Join(dir, "no") + " does not exist"},
		{"FolderAsOut", []string{"report", "programme", "--out", dir}, dir + " is a folder"},
		{"ReadOnly", []string{"report", "student", "--student", "S00001", "--out", filepath.Join(readOnly, "s.pdf")}, "may not write in " + readOnly},
		{"ReadOnlyFolderBatch", []string{"report", "students", "--out", filepath.Join(readOnly, "each") + "/"}, "may not write in " + filepath.Join(readOnly, "each")},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, _, stderr := runMentorbook(t, append([]string{"--db", db}, c.args...)...)
			if code != 1 || !strings.Contains(stderr, c.want) || strings.Count(stderr, "\n") != 1 ||
				strings.Contains(stderr, ".tmp") || regexp.MustCompile(`\d{4}/\d\d/\d\d \d\d:\d\d`).MatchString(stderr) {
				t.Errorf("mentorbook %s: exit %d, stderr %q; want one plain line saying %q", strings.Join(c.args, " "), code, stderr, c.want)
			}
		})
	}
}
