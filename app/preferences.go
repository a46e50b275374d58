package app

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"
)

// preferences are the few things Mentorbook remembers on this computer
// between runs: the mentor last chosen in each database, the folder of the
// last file saved, the import wizard's column choices and the folder Fyne's
// file dialogs were last in.
//
// They live in a file of our own, rewritten whole through a temporary
// file that is synced and then renamed over the old one, so that a reader
// finds the old contents or the new, never half of them. Fyne's own
// preferences are not used: Fyne 2.7 rewrites its preferences.json in
// place on every quit (os.Create, then write), and its own file watcher
// may reload the file half-written, which logged "Preferences load error:
// EOF" on about one normal quit in five (fyne-io/fyne#2936). newFyneApp
// keeps Fyne from ever reading, watching or writing that file, and
// keepDialogs keeps here the little that Fyne's file dialogs remember.
type preferences struct {
	path string

	mu     sync.Mutex
	values map[string]string
}

// preferencesFile is the name of our file, in the folder where Fyne keeps
// its own preferences.json for the app.
const preferencesFile = "mentorbook-preferences.json"

// fynePreferencesFile is where Fyne 2.7 kept preferences for our app ID;
// openPreferences carries ours over from it once.
const fynePreferencesFile = "preferences.json"

// ourPreferences says which keys of Fyne's old file are carried over.
var ourPreferences = []string{prefMentorPrefix, prefSaveFolder, prefImportColumnPrefix, prefDialogFolder, prefDialogView}

// Fyne's file dialogs remember the folder they were last in, and how they
// showed it, in Fyne's preferences under these keys (dialog/file.go's
// lastFolderKey and viewLayoutKey, the second an int).
const (
	prefDialogFolder = "fyne:fileDialogLastFolder"
	prefDialogView   = "fyne:fileDialogViewLayout"
)

// newFyneApp creates the Fyne app, whose preferences stay in memory.
//
// Fyne 2.7 decides when the app is created whether its preferences live in
// a file: only when the app has an ID then, from NewWithID or from the
// metadata (which `fyne package` sets, and which development builds read
// from a FyneApp.toml beside the program). So the app is created with
// metadata that has a name and no ID, and the ID is given right after, for
// what else uses it (the folder that dir returns, the desktop's
// screensaver inhibition).
func newFyneApp() (a fyne.App, dir string) {
	fyneapp.SetMetadata(fyne.AppMetadata{Name: "Mentorbook", Version: Version})
	a = fyneapp.NewWithID("")
	fyneapp.SetMetadata(fyne.AppMetadata{ID: AppID, Name: "Mentorbook", Version: Version})
	return a, a.Storage().RootURI().Path()
}

// keepDialogs keeps what Fyne's file dialogs remember in our file, since
// Fyne's preferences fp now last one run: fp gets it now, and our file
// each change, so that next term's roster import opens where this one's did.
func (p *preferences) keepDialogs(fp fyne.Preferences) {
	if v := p.String(prefDialogFolder); v != "" {
		fp.SetString(prefDialogFolder, v)
	}
	if v, err := strconv.Atoi(p.String(prefDialogView)); err == nil {
		fp.SetInt(prefDialogView, v)
	}
	fp.AddChangeListener(func() {
		if v := fp.String(prefDialogFolder); v != "" {
			p.SetString(prefDialogFolder, v)
		}
		if v := fp.Int(prefDialogView); v != 0 || p.String(prefDialogView) != "" {
			p.SetString(prefDialogView, strconv.Itoa(v))
		}
	})
}

// openPreferences reads the preferences kept in dir. A missing file is no
// preferences yet (and then those in Fyne's old file are carried over); a
// damaged one is logged and replaced at the next change.
func openPreferences(dir string) *preferences {
	p := &preferences{path: filepath.Join(dir, preferencesFile), values: map[string]string{}}
	b, err := os.ReadFile(p.path)
	if errors.Is(err, os.ErrNotExist) {
		p.carryOver(filepath.Join(dir, fynePreferencesFile))
		return p
	}
	if err == nil {
		err = json.Unmarshal(b, &p.values)
	}
	if err != nil {
		fyne.LogError("the preferences in "+p.path+" cannot be read; they start again empty", err)
		p.values = map[string]string{}
	}
	return p
}

// carryOver copies our keys from Fyne's preferences file at path, where
// Mentorbook kept them before, and saves them in ours.
func (p *preferences) carryOver(path string) {
	b, err := os.ReadFile(path)
	if err != nil {
		return
	}
	var old map[string]any
	if json.Unmarshal(b, &old) != nil {
		return // Fyne's file half-written, as this file's doc says: nothing to carry
	}
	for k, v := range old {
		if !isOurPreference(k) {
			continue
		}
		switch v := v.(type) {
		case string:
			p.values[k] = v
		case float64: // Fyne's SetInt, as JSON has it
			p.values[k] = strconv.FormatInt(int64(v), 10)
		}
	}
	if len(p.values) > 0 {
		if err := p.save(); err != nil {
			fyne.LogError("the preferences could not be saved", err)
		}
	}
}

func isOurPreference(key string) bool {
	for _, prefix := range ourPreferences {
		if strings.HasPrefix(key, prefix) {
			return true
		}
	}
	return false
}

// String is the value remembered under key, or "".
func (p *preferences) String(key string) string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.values[key]
}

// SetString remembers value under key and saves the file. A file that
// cannot be written is logged: the value is still remembered until the
// program quits, and nothing a person saved depends on it.
func (p *preferences) SetString(key, value string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if v, ok := p.values[key]; ok && v == value {
		return
	}
	p.values[key] = value
	if err := p.save(); err != nil {
		fyne.LogError("the preferences could not be saved", err)
	}
}

// save writes the file whole, mode 0600 (a saved folder may name a
// pupil): a temporary file beside it, synced, renamed over it.
func (p *preferences) save() error {
	b, err := json.MarshalIndent(p.values, "", "  ")
	if err != nil {
		return err
	}
	dir := filepath.Dir(p.path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, "."+preferencesFile+"-*")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name()) // after the rename there is nothing to remove
	_, err = f.Write(append(b, '\n'))
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("cannot write %s: %w", f.Name(), err)
	}
	if err := os.Rename(f.Name(), p.path); err != nil {
		return err
	}
	if runtime.GOOS == "windows" {
		return nil // a folder cannot be opened to sync it there
	}
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}
