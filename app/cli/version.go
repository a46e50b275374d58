package cli

import (
	"fmt"
	"io"
	"regexp"
	"runtime"
	"strings"

	"github.com/BurntSushi/toml"

	"mentorbook/data"
)

// AppInfo is what FyneApp.toml says about the program. That file is the one
// place the name and version are written: main.go embeds it and sets
// Program, `fyne package` reads it for the Linux package, and the Windows
// resources are made from it (see packaging/).
type AppInfo struct {
	Name    string
	ID      string
	Version string
	Build   int
	Icon    string
}

// Program is the running program's AppInfo; main.go sets it from the
// embedded FyneApp.toml. --version, Help › About and the reports show it.
var Program = AppInfo{Name: "Mentorbook", Version: "dev"}

// versionPattern is what Windows' version resource and Debian's package
// version both accept: three numbers.
var versionPattern = regexp.MustCompile(`^\d{1,5}\.\d{1,5}\.\d{1,5}$`)

// ParseAppInfo reads the [Details] of a FyneApp.toml.
func ParseAppInfo(fyneAppTOML []byte) (AppInfo, error) {
	var f struct{ Details AppInfo }
	if _, err := toml.Decode(string(fyneAppTOML), &f); err != nil {
		return AppInfo{}, fmt.Errorf("FyneApp.toml: %w", err)
	}
	d := f.Details
	switch {
	case d.Name == "":
		return AppInfo{}, fmt.Errorf("FyneApp.toml: [Details] has no Name")
	case !versionPattern.MatchString(d.Version):
		return AppInfo{}, fmt.Errorf("FyneApp.toml: [Details] Version %q is not three numbers such as 1.2.3", d.Version)
	case d.Build < 1 || d.Build > 65535:
		return AppInfo{}, fmt.Errorf("FyneApp.toml: [Details] Build %d is not a number from 1 to 65535", d.Build)
	}
	return d, nil
}

// printVersion writes what --version prints: the program, and the Go and
// SQLite it was built with, which is what a bug report needs.
func printVersion(w io.Writer) {
	fmt.Fprintf(w, "%s %s (build %d)\n", Program.Name, Program.Version, Program.Build)
	fmt.Fprintf(w, "Go %s (%s/%s)\n", strings.TrimPrefix(runtime.Version(), "go"), runtime.GOOS, runtime.GOARCH)
	fmt.Fprintf(w, "SQLite %s\n", data.SQLiteVersion())
}
