package app

import (
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"mentorbook/data"
)

// TestCopyToFromMenu: File ▸ Copy to… copies the open school into a new
// file, which opens as the same database; a second copy there is refused
// in words, and the first stays.
func TestCopyToFromMenu(t *testing.T) {
	w := newSchool(t)
	u, _ := newTestUI(t, w.store, screenDashboard)
	target := filepath.Join(t.TempDir(), "copy.db")
	u.onCopyTo()
	test.Type(u.win.Canvas().Focused(), target)
	tapButton(t, u, "Copy")
	u.wait()
	if got := dialogText(u); !strings.Contains(got, "were copied to\n"+target+"\nand read back the same.") {
		t.Errorf("after the copy the window says %q", got)
	}
	copied, err := data.Open(target)
	if err != nil {
		t.Fatal(err)
	}
	if copied.ID() != w.store.ID() {
		t.Errorf("the copy's identity is %s, want %s", copied.ID(), w.store.ID())
	}
	copied.Close()
	u.copyTo(target)
	u.wait()
	if got := dialogText(u); !strings.Contains(got, "already holds records") {
		t.Errorf("a second copy into %s: the window says %q, want the refusal", target, got)
	}
}
