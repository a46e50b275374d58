package main

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"image/png"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"mentorbook/app/cli"
)

// fyneApp reads the repository's FyneApp.toml, as the Makefile's run does.
func fyneApp(t *testing.T) (cli.AppInfo, linuxInfo) {
	t.Helper()
	info, linux, err := readFyneApp("../FyneApp.toml")
	if err != nil {
		t.Fatal(err)
	}
	info.Icon = filepath.Join("..", info.Icon)
	return info, linux
}

// buildTinyExe cross-compiles an empty Windows program, with the resources
// in syso if it is not "", so that checkExe can be tried without the real
// program's fifteen-minute cgo build.
func buildTinyExe(t *testing.T, syso string, gui bool) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{"go.mod": "module tiny\n\ngo 1.21\n", "main.go": "package main\n\nfunc main() {}\n"}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if syso != "" {
		b, err := os.ReadFile(syso)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "rsrc_windows_amd64.syso"), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	args := []string{"build", "-o", "tiny.exe"}
	if gui {
		args = append(args, "-ldflags=-H=windowsgui")
	}
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOOS=windows", "GOARCH=amd64", "CGO_ENABLED=0", "GOFLAGS=")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build for Windows: %v\n%s", err, out)
	}
	return filepath.Join(dir, "tiny.exe")
}

// TestCheckExe: the resources made from FyneApp.toml are what checkExe
// (the CI's inspection of mentorbook.exe) finds, and it refuses a program
// without them, a console program, and one of another version.
func TestCheckExe(t *testing.T) {
	info, _ := fyneApp(t)
	syso := filepath.Join(t.TempDir(), "rsrc.syso")
	if err := writeSyso(info, syso); err != nil {
		t.Fatal(err)
	}
	good := buildTinyExe(t, syso, true)
	if err := checkExe(info, good); err != nil {
		t.Errorf("checkExe on a program with the resources: %v", err)
	}
	other := info
	other.Version = "9.8.7"
	for _, tc := range []struct {
		name string
		info cli.AppInfo
		exe  string
		says string
	}{
		{"no resources", info, buildTinyExe(t, "", true), "no resources"},
		{"console program", info, buildTinyExe(t, syso, false), "not a Windows GUI program"},
		{"another version", other, good, "file version " + info.Version + ".1, FyneApp.toml says 9.8.7.1"},
	} {
		if err := checkExe(tc.info, tc.exe); err == nil || !strings.Contains(err.Error(), tc.says) {
			t.Errorf("%s: checkExe = %v, want an error saying %q", tc.name, err, tc.says)
		}
	}
	if err := checkExe(info, syso); err == nil {
		t.Error("checkExe accepted an object file that is no program")
	}
}

// TestICO: the icon file holds the PNG icon at each size Windows shows.
func TestICO(t *testing.T) {
	info, _ := fyneApp(t)
	b, err := makeICO(info.Icon, iconSizes)
	if err != nil {
		t.Fatal(err)
	}
	le := binary.LittleEndian
	if le.Uint16(b[2:]) != 1 || int(le.Uint16(b[4:])) != len(iconSizes) {
		t.Fatalf("ICO header % x: want type 1 and %d images", b[:6], len(iconSizes))
	}
	for i, n := range iconSizes {
		e := b[6+16*i:]
		size, off := le.Uint32(e[8:]), le.Uint32(e[12:])
		img, err := png.Decode(bytes.NewReader(b[off : off+size]))
		if err != nil {
			t.Fatalf("image %d: %v", i, err)
		}
		if got := img.Bounds().Dx(); got != n || int(e[0]) != n%256 {
			t.Errorf("image %d is %d pixels wide (directory says %d), want %d", i, got, e[0], n)
		}
	}
}

// TestWinzip: the zip holds the program and a "How to start" text for
// Notepad, naming the version and where the data is kept.
func TestWinzip(t *testing.T) {
	info, _ := fyneApp(t)
	dir := t.TempDir()
	exe := filepath.Join(dir, "mentorbook.exe")
	if err := os.WriteFile(exe, []byte("MZ not really a program"), 0o755); err != nil {
		t.Fatal(err)
	}
	zipPath := filepath.Join(dir, "mentorbook.zip")
	if err := writeWinzip(info, exe, zipPath); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.OpenReader(zipPath)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	got := map[string]string{}
	for _, f := range zr.File {
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(r)
		if err != nil {
			t.Fatal(err)
		}
		got[f.Name] = string(b)
	}
	if len(got) != 2 || got["Mentorbook/mentorbook.exe"] != "MZ not really a program" {
		t.Errorf("the zip holds %q", got)
	}
	text := got["Mentorbook/How to start.txt"]
	for _, want := range []string{"Mentorbook " + info.Version + " for Windows\r\n", "double-click mentorbook.exe", `%AppData%\Mentorbook\mentorbook.db`, `%AppData%\Mentorbook\backups`} {
		if !strings.Contains(text, want) {
			t.Errorf("How to start.txt lacks %q:\n%s", want, text)
		}
	}
	if strings.Count(text, "\n") != strings.Count(text, "\r\n") || strings.Contains(text, "{{") {
		t.Errorf("How to start.txt has bare line ends or an unfilled template:\n%q", text)
	}
}

// TestDebControl: the control file names the version and build, and keeps
// dpkg's format (a field per line; the long description indented).
func TestDebControl(t *testing.T) {
	info, linux := fyneApp(t)
	c := debControl(info, linux, "amd64", "libc6 (>= 2.34), libgl1")
	for _, want := range []string{"Package: mentorbook\n", "Version: " + info.Version + "-1\n", "Architecture: amd64\n", "Depends: libc6 (>= 2.34), libgl1\n", "Description: School mentoring programme\n"} {
		if !strings.Contains(c, want) {
			t.Errorf("control lacks %q:\n%s", want, c)
		}
	}
	for _, line := range strings.Split(strings.TrimSuffix(c, "\n"), "\n") {
		if line == "" || !(strings.HasPrefix(line, " ") || strings.Contains(line, ": ")) {
			t.Errorf("control line %q is neither a field nor a continuation", line)
		}
	}
}
