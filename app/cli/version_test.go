package cli

import (
	"bytes"
	"os"
	"regexp"
	"runtime"
	"strings"
	"testing"
)

// TestFyneAppTOML: the file the installers and --version are made from
// parses, with the same ID as the program (app.AppID) and an icon that is
// there.
func TestFyneAppTOML(t *testing.T) {
	b, err := os.ReadFile("../../FyneApp.toml")
	if err != nil {
		t.Fatal(err)
	}
	info, err := ParseAppInfo(b)
	if err != nil {
		t.Fatal(err)
	}
	if info.Name != "Mentorbook" || info.ID != "org.mentorbook.app" || info.Icon != "assets/icon.png" {
		t.Errorf("FyneApp.toml [Details] = %+v, want Name Mentorbook, ID org.mentorbook.app, Icon assets/icon.png", info)
	}
	if _, err := os.Stat("../../" + info.Icon); err != nil {
		t.Errorf("the icon FyneApp.toml names is missing: %v", err)
	}
}

// TestParseAppInfoRefuses: a version that Windows' version resource or a
// Debian package could not carry is refused with the field's name.
func TestParseAppInfoRefuses(t *testing.T) {
	for _, tc := range []struct{ toml, says string }{
		{"[Details]\nName = \"Mentorbook\"\nBuild = 1\n", `Version ""`},
		{"[Details]\nName = \"Mentorbook\"\nVersion = \"1.0-beta\"\nBuild = 1\n", `Version "1.0-beta"`},
		{"[Details]\nName = \"Mentorbook\"\nVersion = \"1.0\"\nBuild = 1\n", `Version "1.0"`},
		{"[Details]\nName = \"Mentorbook\"\nVersion = \"1.0.0\"\n", "Build 0"},
		{"[Details]\nName = \"Mentorbook\"\nVersion = \"1.0.0\"\nBuild = 70000\n", "Build 70000"},
		{"[Details]\nVersion = \"1.0.0\"\nBuild = 1\n", "no Name"},
		{"[Details\nName = \"Mentorbook\"\n", "FyneApp.toml: "},
	} {
		_, err := ParseAppInfo([]byte(tc.toml))
		if err == nil || !strings.Contains(err.Error(), tc.says) || !strings.HasPrefix(err.Error(), "FyneApp.toml: ") {
			t.Errorf("ParseAppInfo(%q) = %v, want an error naming FyneApp.toml and saying %s", tc.toml, err, tc.says)
		}
	}
}

// TestVersion: `mentorbook --version` names the program and its version,
// and the Go and SQLite it was built with, without opening a database.
func TestVersion(t *testing.T) {
	saved := Program
	defer func() { Program = saved }()
	Program = AppInfo{Name: "Mentorbook", Version: "4.5.6", Build: 7}
	t.Setenv("MENTORBOOK_DB", t.TempDir()+"/never-opened.db")
	var out, errb bytes.Buffer
	if code := Main([]string{"--version"}, &out, &errb, nil); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	want := regexp.MustCompile(`^Mentorbook 4\.5\.6 \(build 7\)\nGo ` + regexp.QuoteMeta(strings.TrimPrefix(runtime.Version(), "go")) +
		` \(` + runtime.GOOS + `/` + runtime.GOARCH + `\)\nSQLite 3\.\d+\.\d+\n$`)
	if !want.MatchString(out.String()) {
		t.Errorf("--version printed\n%s\nwant it to match %s", out.String(), want)
	}
	if _, err := os.Stat(os.Getenv("MENTORBOOK_DB")); err == nil {
		t.Error("--version created the database")
	}
}
