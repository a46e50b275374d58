package cli

import (
	"os"
	"regexp"
	"testing"
)

// TestFyneAppTOML: the packaged app carries the same version and ID as the
// program, so an installer never says one version and About another.
func TestFyneAppTOML(t *testing.T) {
	b, err := os.ReadFile("../../FyneApp.toml")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ key, want string }{{"Version", Version}, {"ID", "org.mentorbook.app"}, {"Icon", "assets/icon.png"}} {
		m := regexp.MustCompile(`(?m)^\s*` + tc.key + `\s*=\s*"([^"]*)"`).FindSubmatch(b)
		if m == nil || string(m[1]) != tc.want {
			t.Errorf("FyneApp.toml %s = %q, want %q", tc.key, m, tc.want)
		}
	}
	if _, err := os.Stat("../../assets/icon.png"); err != nil {
		t.Errorf("the icon FyneApp.toml names is missing: %v", err)
	}
}
