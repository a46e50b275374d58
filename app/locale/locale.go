// Package locale asks Fyne for English where the system's locale is
// "C.UTF-8" or the like (Debian's default for services, containers and CI).
//
// Fyne parses the locale's name as a language while its lang package is
// initialised, before main runs, and logs a timestamped "Error parsing user
// locale C" on stderr for every command. "C" means untranslated messages,
// which is English, and LANGUAGE is the variable Fyne reads before the
// locale's name. This package imports only os, so Go initialises it before
// Fyne's lang package (which waits for text/template and more, and packages
// are initialised in import-path order as soon as their imports are):
// main.go imports it for that effect alone.
package locale

import (
	"os"
	"strings"
)

func init() {
	for _, v := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if l := os.Getenv(v); l != "" {
			if strings.HasPrefix(l, "C.") && os.Getenv("LANGUAGE") == "" {
				os.Setenv("LANGUAGE", "en")
			}
			return
		}
	}
}
