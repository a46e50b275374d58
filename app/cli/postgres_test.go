package cli

import (
	"strings"
	"testing"
)

// TestPostgresURLRefused: a PostgreSQL URL is recognised and refused in
// plain words by every command, without its password.
func TestPostgresURLRefused(t *testing.T) {
	t.Chdir(t.TempDir())
	for _, cmd := range [][]string{{"check"}, {"demo"}, {"backup"}, {"alerts"}} {
		code, stdout, stderr := runCLI(t, "postgres://ann:s3cret@localhost/school", cmd...)
		if code != 1 || !strings.Contains(stderr, "PostgreSQL support is not finished in this version") {
			t.Errorf("%s on a PostgreSQL URL: exit %d, stderr %q, want 1 and the refusal", cmd[0], code, stderr)
		}
		if strings.Contains(stdout+stderr, "s3cret") {
			t.Errorf("%s printed the URL's password: %q %q", cmd[0], stdout, stderr)
		}
	}
}
