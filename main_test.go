package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"testing"

	"mentorbook/app"
)

// TestVersionIsFyneAppTOML: --version and Help › About show the version
// written in FyneApp.toml, the file the installers are made from, so an
// installer never says one version and the program another.
func TestVersionIsFyneAppTOML(t *testing.T) {
	b, err := os.ReadFile("FyneApp.toml")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^\s*Version\s*=\s*"([^"]+)"\s*$`).FindSubmatch(b)
	if m == nil {
		t.Fatal(`FyneApp.toml has no Version = "..." line`)
	}
	want := string(m[1])
	var out, errb bytes.Buffer
	if code := run([]string{"--version"}, &out, &errb); code != 0 {
		t.Fatalf("mentorbook --version exited %d: %s", code, errb.String())
	}
	first := regexp.MustCompile(`^Mentorbook (\S+) \(build \d+\)\n`).FindStringSubmatch(out.String())
	if first == nil || first[1] != want {
		t.Errorf("mentorbook --version printed\n%s\nwant a first line \"Mentorbook %s (build N)\"", out.String(), want)
	}
	if app.Version != want {
		t.Errorf("Help › About shows %q, FyneApp.toml says %q", app.Version, want)
	}
}

// TestNoLocaleErrorInCLocale: under "C.UTF-8" (CI's and many servers'
// locale) a command prints its own words and nothing from Fyne: no
// timestamped "Error parsing user locale C" on stderr. The program is built
// and run as itself, since Fyne reads the locale in its own process.
func TestNoLocaleErrorInCLocale(t *testing.T) {
	dir := t.TempDir()
	bin := filepath.Join(dir, "mentorbook")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	cmd := exec.Command(bin, "--db", filepath.Join(dir, "school.db"), "check")
	cmd.Env = []string{"LANG=C.UTF-8", "HOME=" + dir, "PATH=" + os.Getenv("PATH")}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("mentorbook check: %v: %s", err, stderr.String())
	}
	if stderr.Len() > 0 {
		t.Errorf("mentorbook check under LANG=C.UTF-8 wrote on stderr:\n%s\nwant nothing", stderr.String())
	}
}
