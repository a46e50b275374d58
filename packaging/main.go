// Command packaging makes the parts of Mentorbook's installers that come
// from FyneApp.toml, and checks the Windows program once it is built. The
// Makefile's dist and dist-check targets run it (through .ci/dist); it is
// run from the repository's top folder.
//
//	go run ./packaging version             the version, for file names
//	go run ./packaging deb-control ARCH DEPENDS  the .deb's control file, to stdout
//	go run ./packaging winres SYSO         the Windows resources (icon, version, manifest) as an object go build links
//	go run ./packaging winzip EXE ZIP      the zip a Windows user downloads
//	go run ./packaging check-exe EXE       fails unless EXE is the Windows program we mean to ship
package main

import (
	"fmt"
	"os"

	"github.com/BurntSushi/toml"

	"mentorbook/app/cli"
)

const usage = "usage: go run ./packaging version | deb-control ARCH DEPENDS | winres SYSO | winzip EXE ZIP | check-exe EXE"

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "packaging:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	if len(args) == 0 {
		return fmt.Errorf("%s", usage)
	}
	info, linux, err := readFyneApp("FyneApp.toml")
	if err != nil {
		return err
	}
	switch cmd, n := args[0], len(args)-1; {
	case cmd == "version" && n == 0:
		fmt.Println(info.Version)
		return nil
	case cmd == "deb-control" && n == 2:
		_, err := fmt.Print(debControl(info, linux, args[1], args[2]))
		return err
	case cmd == "winres" && n == 1:
		return writeSyso(info, args[1])
	case cmd == "winzip" && n == 2:
		return writeWinzip(info, args[1], args[2])
	case cmd == "check-exe" && n == 1:
		if err := checkExe(info, args[1]); err != nil {
			return fmt.Errorf("%s: %w", args[1], err)
		}
		fmt.Printf("%s: a Windows GUI program for x86-64 (PE32+), %s %s with its icon, version and manifest, needing only Windows' own DLLs\n", args[1], info.Name, info.Version)
		return nil
	}
	return fmt.Errorf("%s", usage)
}

// linuxInfo is FyneApp.toml's [LinuxAndBSD], which the .deb's description
// shares with the desktop entry `fyne package` writes.
type linuxInfo struct {
	GenericName string
	Comment     string
}

func readFyneApp(path string) (cli.AppInfo, linuxInfo, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return cli.AppInfo{}, linuxInfo{}, fmt.Errorf("%w (run from the repository's top folder)", err)
	}
	info, err := cli.ParseAppInfo(b)
	if err != nil {
		return cli.AppInfo{}, linuxInfo{}, err
	}
	var f struct{ LinuxAndBSD linuxInfo }
	if _, err := toml.Decode(string(b), &f); err != nil {
		return cli.AppInfo{}, linuxInfo{}, fmt.Errorf("%s: %w", path, err)
	}
	if f.LinuxAndBSD.Comment == "" || f.LinuxAndBSD.GenericName == "" {
		return cli.AppInfo{}, linuxInfo{}, fmt.Errorf("%s: [LinuxAndBSD] needs GenericName and Comment (the package's description)", path)
	}
	return info, f.LinuxAndBSD, nil
}

// debControl is the control file of the .deb. Depends comes from
// dpkg-shlibdeps, which reads the libraries the program links to.
func debControl(info cli.AppInfo, linux linuxInfo, arch, depends string) string {
	return fmt.Sprintf(`Package: mentorbook
Version: %s-%d
Architecture: %s
Maintainer: %s <packages@mentorbook.invalid>
Section: education
Priority: optional
Depends: %s
Homepage: https://mentorbook.invalid
Description: %s
 %s.
 Everything stays in one SQLite file on this computer; nothing needs a
 server or a network.
`, info.Version, info.Build, arch, info.Name, depends, linux.GenericName, linux.Comment)
}
