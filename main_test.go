package main

import (
	"bytes"
	"os"
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
