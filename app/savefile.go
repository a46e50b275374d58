package app

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"
)

// prefSaveFolder remembers the folder of the last file saved.
const prefSaveFolder = "save.folder"

// saveAs is the one way the window asks where to write a file (a report,
// an export, a backup): a path the person can read and type in full, with
// a folder chooser beside it. Fyne's own save dialog put a typed full path
// inside the folder on show, failed to create it, and said nothing.
type saveAs struct {
	u      *ui
	path   *entry
	dialog *dialog.CustomDialog
	save   func(path string)
}

// askSavePath asks where to save name; save runs with the path chosen,
// whose folder exists. Writing the file is save's, and so is reporting
// its failure.
func (u *ui) askSavePath(title, name string, save func(path string)) *saveAs {
	s := &saveAs{u: u, path: newEntry(""), save: save}
	s.path.SetText(filepath.Join(u.saveFolder(), name))
	s.path.OnSubmitted = func(string) { s.onSave() }
	browse := &widget.Button{Text: "Choose folder…", OnTapped: s.onBrowse}
	msg := widget.NewLabel("Type a full path, a name for the folder shown, or choose a folder.")
	msg.Wrapping = fyne.TextWrapWord
	body := container.NewVBox(msg, container.NewBorder(nil, nil, nil, browse, s.path))
	s.dialog = dialog.NewCustomWithoutButtons(title, container.NewGridWrap(fyne.NewSize(620, body.MinSize().Height+40), body), u.win)
	s.dialog.SetButtons([]fyne.CanvasObject{
		&widget.Button{Text: "Cancel", OnTapped: s.dialog.Hide},
		&widget.Button{Text: "Save", Importance: widget.HighImportance, OnTapped: s.onSave},
	})
	u.showDialog(s.dialog)
	u.win.Canvas().Focus(s.path)
	return s
}

// saveFolder is the folder of the last file saved, or the Documents
// folder, or the home folder.
func (u *ui) saveFolder() string {
	if d := u.prefs.String(prefSaveFolder); d != "" {
		if fi, err := os.Stat(d); err == nil && fi.IsDir() {
			return d
		}
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return os.TempDir()
	}
	if fi, err := os.Stat(filepath.Join(home, "Documents")); err == nil && fi.IsDir() {
		return filepath.Join(home, "Documents")
	}
	return home
}

func (s *saveAs) onBrowse() {
	d := dialog.NewFolderOpen(func(dir fyne.ListableURI, err error) {
		if err != nil {
			s.u.showError("The folder could not be opened", err)
			return
		}
		if dir != nil {
			s.path.SetText(filepath.Join(dir.Path(), filepath.Base(strings.TrimSpace(s.path.Text))))
		}
	}, s.u.win)
	if l, err := listableFolder(filepath.Dir(strings.TrimSpace(s.path.Text))); err == nil {
		d.SetLocation(l)
	}
	s.u.showDialog(d)
}

func (s *saveAs) onSave() {
	path, err := resolveSavePath(s.path.Text, s.u.saveFolder())
	if err != nil {
		s.path.SetValidationError(err)
		return
	}
	s.path.SetText(path)
	if _, err := os.Stat(path); err == nil {
		c := dialog.NewConfirm("Replace the file?", filepath.Base(path)+" already exists in "+filepath.Dir(path)+". Replace it?",
			func(ok bool) {
				if ok {
					s.done(path)
				}
			}, s.u.win)
		s.u.showDialog(c)
		return
	}
	s.done(path)
}

func (s *saveAs) done(path string) {
	s.dialog.Hide()
	s.u.prefs.SetString(prefSaveFolder, filepath.Dir(path))
	s.save(path)
}

// resolveSavePath reads a typed path: "~" is the home folder, and a name
// or relative path is taken inside dir. The folder must exist and the
// path must not be a folder; the error says which, naming it.
func resolveSavePath(typed, dir string) (string, error) {
	p := strings.TrimSpace(typed)
	if p == "" {
		return "", errors.New("type where to save the file")
	}
	if p == "~" || strings.HasPrefix(p, "~/") || strings.HasPrefix(p, `~\`) {
		home, err := os.UserHomeDir()
		if err != nil {
			return "", fmt.Errorf("the home folder is not known: %w", err)
		}
		p = filepath.Join(home, p[1:])
	}
	if !filepath.IsAbs(p) {
		p = filepath.Join(dir, p)
	}
	p = filepath.Clean(p)
	if fi, err := os.Stat(p); err == nil && fi.IsDir() {
		return "", fmt.Errorf("%s is a folder: add a file name", p)
	}
	parent := filepath.Dir(p)
	fi, err := os.Stat(parent)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return "", fmt.Errorf("the folder %s does not exist", parent)
	case err != nil:
		return "", fmt.Errorf("the folder %s cannot be read: %w", parent, err)
	case !fi.IsDir():
		return "", fmt.Errorf("%s is a file, not a folder", parent)
	}
	return p, nil
}

// listableFolder is dir as the folder chooser takes it.
func listableFolder(dir string) (fyne.ListableURI, error) {
	return storage.ListerForURI(storage.NewFileURI(dir))
}
