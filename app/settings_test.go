package app

import (
	"testing"

	"fyne.io/fyne/v2/test"

	"mentorbook/data"
)

// TestSettingsSortLanguage: the language whose alphabet orders names in
// reports is chosen on the School card, saved with the school, and shown
// again when the screen is opened anew.
func TestSettingsSortLanguage(t *testing.T) {
	w := newSchool(t)
	u, _ := newTestUI(t, w.store, screenSettings)
	sel := u.settings.sortLang
	if sel.Selected != "English (en)" {
		t.Errorf("sort language shown = %q, want the default English (en)", sel.Selected)
	}
	if len(sel.Options) != len(data.SortLanguages) {
		t.Errorf("the sort language offers %d choices, want the %d of data.SortLanguages", len(sel.Options), len(data.SortLanguages))
	}
	sel.SetSelected("Norwegian (nb)")
	test.Tap(u.settings.saveSchool)
	u.wait()
	var got string
	must(t, w.store, func(tx *data.Tx) error {
		tag, err := tx.SortLanguage()
		got = tag.String()
		return err
	})
	if got != "nb" {
		t.Errorf("SortLanguage after saving = %q, want nb", got)
	}
	again, _ := newTestUI(t, w.store, screenSettings)
	if s := again.settings.sortLang.Selected; s != "Norwegian (nb)" {
		t.Errorf("sort language shown after reopening = %q, want Norwegian (nb)", s)
	}
}
