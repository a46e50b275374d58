package app

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// TestPreferencesRoundTrip: what is remembered is there in the next run,
// in a file of mode 0600 with no temporary file left beside it.
func TestPreferencesRoundTrip(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "org.mentorbook.app") // made by the first save
	p := openPreferences(dir)
	if got := p.String(prefSaveFolder); got != "" {
		t.Errorf("a first run remembers folder %q, want none", got)
	}
	p.SetString(prefSaveFolder, "/home/ana/Documents/Yr 8 — Zoë")
	p.SetString(prefMentorPrefix+"db1", "42")

	again := openPreferences(dir)
	for key, want := range map[string]string{prefSaveFolder: "/home/ana/Documents/Yr 8 — Zoë", prefMentorPrefix + "db1": "42"} {
		if got := again.String(key); got != want {
			t.Errorf("next run: String(%q) = %q, want %q", key, got, want)
		}
	}
	fi, err := os.Stat(filepath.Join(dir, preferencesFile))
	if err != nil {
		t.Fatal(err)
	}
	if runtime.GOOS != "windows" && fi.Mode().Perm() != 0o600 {
		t.Errorf("preferences file mode = %v, want 0600", fi.Mode().Perm())
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("files in %s = %v, want only %s", dir, entries, preferencesFile)
	}
}

// TestPreferencesWrittenAtomically reads the file while it is rewritten
// again and again, as Fyne's watcher read its own file at every quit:
// every read finds a whole file, never an empty or half-written one.
func TestPreferencesWrittenAtomically(t *testing.T) {
	dir := t.TempDir()
	p := openPreferences(dir)
	p.SetString(prefSaveFolder, "start")
	path := filepath.Join(dir, preferencesFile)

	stop := make(chan struct{})
	var reads int
	var bad []string
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			select {
			case <-stop:
				return
			default:
			}
			b, err := os.ReadFile(path)
			var v map[string]string
			if err == nil {
				err = json.Unmarshal(b, &v)
			}
			if err != nil {
				bad = append(bad, fmt.Sprintf("%v (%d bytes)", err, len(b)))
			}
			reads++
		}
	}()
	for i := range 100 {
		p.SetString(prefSaveFolder, strings.Repeat("folder/", i%40)+fmt.Sprint(i))
	}
	close(stop)
	wg.Wait()
	if len(bad) > 0 {
		t.Errorf("%d of %d reads during 100 saves found a broken file, first: %s", len(bad), reads, bad[0])
	}
}

// TestPreferencesCarriedOverOnce: the preferences an earlier Mentorbook
// kept in Fyne's preferences.json, and its file dialogs' folder and view,
// are carried over into ours at the first run, and only then; Fyne's file
// is left as it is.
func TestPreferencesCarriedOverOnce(t *testing.T) {
	dir := t.TempDir()
	fyneFile := filepath.Join(dir, fynePreferencesFile)
	old := `{"fyne:fileDialogLastFolder":"file:///home/ana","fyne:fileDialogViewLayout":1,"fyne:colorRecents":"#fff",` +
		`"import.csv.column.email":"Mail","meetings.mentor.3f2a":17,"save.folder":"/home/ana/Reports"}` + "\n"
	if err := os.WriteFile(fyneFile, []byte(old), 0o600); err != nil {
		t.Fatal(err)
	}
	p := openPreferences(dir)
	for key, want := range map[string]string{"import.csv.column.email": "Mail", "meetings.mentor.3f2a": "17",
		prefSaveFolder: "/home/ana/Reports", prefDialogFolder: "file:///home/ana", prefDialogView: "1", "fyne:colorRecents": ""} {
		if got := p.String(key); got != want {
			t.Errorf("carried over: String(%q) = %q, want %q", key, got, want)
		}
	}
	if b, _ := os.ReadFile(fyneFile); string(b) != old {
		t.Errorf("Fyne's file was changed: %s", b)
	}

	p.SetString(prefSaveFolder, "/home/ana/New")
	if err := os.WriteFile(fyneFile, []byte(`{"save.folder":"/stale"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	if got := openPreferences(dir).String(prefSaveFolder); got != "/home/ana/New" {
		t.Errorf("second run: folder = %q, want /home/ana/New (carried over once only)", got)
	}
}

// TestPreferencesDamaged: a damaged file is read as no preferences, and
// the next change replaces it with a good one.
func TestPreferencesDamaged(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, preferencesFile)
	if err := os.WriteFile(path, []byte(`{"save.folder": "/ho`), 0o600); err != nil {
		t.Fatal(err)
	}
	p := openPreferences(dir)
	if got := p.String(prefSaveFolder); got != "" {
		t.Errorf("damaged file: folder = %q, want none", got)
	}
	p.SetString(prefSaveFolder, "/home/ana")
	if got := openPreferences(dir).String(prefSaveFolder); got != "/home/ana" {
		t.Errorf("after a change: folder = %q, want /home/ana", got)
	}
}

// TestFynePreferencesNeverWritten creates the window's Fyne app and our
// preferences as Run does, changes a Fyne preference as its file dialog
// does, and runs what Fyne runs when the app stops: Fyne's
// preferences.json, which Fyne 2.7 rewrote in place at every quit while
// its watcher could read it half written ("Preferences load error: EOF"),
// is never written, and ours, with the dialog's folder, sit in the folder
// Fyne used for the app.
func TestFynePreferencesNeverWritten(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Fatalf("this test reads Fyne's folder through XDG_CONFIG_HOME, which only Linux uses; run it on Linux")
	}
	config := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", config)
	previous := fyne.CurrentApp()
	t.Cleanup(func() { fyne.SetCurrentApp(previous) })

	a, dir := newFyneApp()
	if want := filepath.Join(config, "fyne", AppID); dir != want {
		t.Errorf("preferences folder = %s, want %s, where Fyne kept the app's preferences", dir, want)
	}
	if a.UniqueID() != AppID {
		t.Errorf("app ID = %q, want %q", a.UniqueID(), AppID)
	}
	prefs := openPreferences(dir)
	prefs.keepDialogs(a.Preferences())
	a.Preferences().SetString(prefDialogFolder, "file://"+config) // as Fyne's file dialog does
	prefs.SetString(prefSaveFolder, config)
	stopped, ok := a.Lifecycle().(interface{ OnStopped() func() })
	if !ok {
		t.Fatalf("Fyne's lifecycle %T has no OnStopped: check how this Fyne saves its preferences at quit", a.Lifecycle())
	}
	if f := stopped.OnStopped(); f != nil {
		f()
	}
	if _, err := os.Stat(filepath.Join(dir, fynePreferencesFile)); !os.IsNotExist(err) {
		t.Errorf("Fyne's %s was written (%v), want never", fynePreferencesFile, err)
	}
	again := openPreferences(dir)
	if got := again.String(prefSaveFolder); got != config {
		t.Errorf("our preferences: folder = %q, want %q", got, config)
	}
	if got := again.String(prefDialogFolder); got != "file://"+config {
		t.Errorf("our preferences: the file dialog's folder = %q, want %q", got, "file://"+config)
	}
}

// TestFileDialogFolderKept: the folder Fyne's file dialog was last in is
// given to it in the next run, from our file, as Fyne's own file did.
func TestFileDialogFolderKept(t *testing.T) {
	dir := t.TempDir()
	p := openPreferences(dir)
	fyneRun := test.NewTempApp(t).Preferences()
	p.keepDialogs(fyneRun)
	fyneRun.SetString(prefDialogFolder, "file:///home/ana/Rosters") // what the dialog does
	fyneRun.SetInt(prefDialogView, 1)

	next := test.NewTempApp(t).Preferences() // Fyne's, empty at the start of a run
	openPreferences(dir).keepDialogs(next)
	if got := next.String(prefDialogFolder); got != "file:///home/ana/Rosters" {
		t.Errorf("next run: the dialog's folder = %q, want file:///home/ana/Rosters", got)
	}
	if got := next.Int(prefDialogView); got != 1 {
		t.Errorf("next run: the dialog's view = %d, want 1", got)
	}
}
