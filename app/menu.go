package app

import (
	"context"
	"fmt"
	"path/filepath"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"
)

// mainMenu is File and Help. Fyne adds Quit to the first menu itself.
func (u *ui) mainMenu() *fyne.MainMenu {
	newMeeting := &fyne.MenuItem{Label: "Log a meeting…", Action: u.onNewMeeting,
		Shortcut: &desktop.CustomShortcut{KeyName: fyne.KeyM, Modifier: fyne.KeyModifierShortcutDefault}}
	file := fyne.NewMenu("File",
		newMeeting,
		fyne.NewMenuItemSeparator(),
		fyne.NewMenuItem("Backup…", u.onBackup),
		fyne.NewMenuItem("Restore…", u.onRestore),
		fyne.NewMenuItemSeparator(),
		fyne.NewMenuItem("Import roster…", u.onImport),
		fyne.NewMenuItem("Export…", u.onExport),
	)
	help := fyne.NewMenu("Help", fyne.NewMenuItem("About Mentorbook", u.onAbout))
	return fyne.NewMainMenu(file, help)
}

// addShortcuts binds Ctrl+M (log a meeting) and Ctrl+F (search students).
func (u *ui) addShortcuts() {
	c := u.win.Canvas()
	c.AddShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyM, Modifier: fyne.KeyModifierShortcutDefault},
		func(fyne.Shortcut) { u.onNewMeeting() })
	c.AddShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyF, Modifier: fyne.KeyModifierShortcutDefault},
		func(fyne.Shortcut) { u.onFind() })
}

func (u *ui) onNewMeeting() {
	u.show(screenMeetings)
	u.meetings.focusLog()
}

func (u *ui) onFind() {
	u.show(screenStudents)
	u.win.Canvas().Focus(u.students.search)
}

func (u *ui) onAbout() {
	u.info("About Mentorbook", fmt.Sprintf("Mentorbook %s\n\nA school's mentoring programme in one file:\npairings, meetings, consent and termly reports.\n\nDatabase: %s",
		Version, u.store.Path()))
}

func (u *ui) onBackup() {
	if u.actions.Backup == nil {
		u.info("Backup", notAvailable)
		return
	}
	ctx, cancel := context.WithCancel(context.Background())
	p := newProgress(u, "Making a backup", cancel)
	var path string
	u.background(func() (err error) {
		path, err = u.actions.Backup(ctx, u.store, p.set)
		return err
	}, func(err error) {
		p.hide()
		if err != nil {
			u.showError("The backup failed", err)
			return
		}
		u.info("Backup made", "The backup was checked and saved as\n"+path)
	})
}

func (u *ui) onRestore() {
	if u.actions.Restore == nil {
		u.info("Restore", notAvailable)
		return
	}
	d := dialog.NewFileOpen(u.onRestoreFile, u.win)
	d.SetFilter(storage.NewExtensionFileFilter([]string{".db", ".bak", ".age"}))
	u.showDialog(d)
}

func (u *ui) onRestoreFile(r fyne.URIReadCloser, err error) {
	if err != nil || r == nil {
		u.showError("Restore", err)
		return
	}
	path := r.URI().Path()
	r.Close()
	confirm := dialog.NewConfirm("Restore this backup?",
		"Everything recorded since "+filepath.Base(path)+" was made will be replaced.\nA backup of the database as it is now is made first.",
		func(ok bool) {
			if ok {
				u.restore(path)
			}
		}, u.win)
	u.showDialog(confirm)
}

func (u *ui) restore(path string) {
	ctx, cancel := context.WithCancel(context.Background())
	p := newProgress(u, "Restoring", cancel)
	u.background(func() error { return u.actions.Restore(ctx, u.store, path) }, func(err error) {
		p.hide()
		if err != nil {
			u.showError("The restore failed", err)
			return
		}
		u.info("Restored", "The backup was restored. Mentorbook will now close; open it again to continue.")
		u.app.Quit()
	})
}

func (u *ui) onImport() {
	if u.actions.Import == nil {
		u.info("Import", notAvailable)
		return
	}
	d := dialog.NewFileOpen(u.onImportFile, u.win)
	d.SetFilter(storage.NewExtensionFileFilter([]string{".zip", ".csv"}))
	u.showDialog(d)
}

// onImportFile runs a dry run first and imports only after the coordinator
// has read what would change.
func (u *ui) onImportFile(r fyne.URIReadCloser, err error) {
	if err != nil || r == nil {
		u.showError("Import", err)
		return
	}
	path := r.URI().Path()
	r.Close()
	u.runImport(path, true)
}

func (u *ui) runImport(path string, dryRun bool) {
	ctx, cancel := context.WithCancel(context.Background())
	title := "Importing"
	if dryRun {
		title = "Checking the file"
	}
	p := newProgress(u, title, cancel)
	var summary string
	u.background(func() (err error) {
		summary, err = u.actions.Import(ctx, u.store, path, dryRun, p.set)
		return err
	}, func(err error) {
		p.hide()
		if err != nil {
			u.showError("The import failed; nothing was changed", err)
			return
		}
		if !dryRun {
			u.info("Import finished", summary)
			u.screen(u.current).refresh()
			return
		}
		text := widget.NewLabel(summary)
		d := dialog.NewCustomConfirm("What the import would do", "Import", "Cancel", scrollBox(text, 520, 320), func(ok bool) {
			if ok {
				u.runImport(path, false)
			}
		}, u.win)
		u.showDialog(d)
	})
}

func (u *ui) onExport() {
	if u.actions.Export == nil {
		u.info("Export", notAvailable)
		return
	}
	kind := widget.NewSelect([]string{"students", "pairings", "meetings", "goals"}, nil)
	kind.SetSelected("students")
	d := dialog.NewCustomConfirm("Export as CSV", "Choose file…", "Cancel", kind, func(ok bool) {
		if ok {
			u.chooseExportFile(kind.Selected)
		}
	}, u.win)
	u.showDialog(d)
}

func (u *ui) chooseExportFile(kind string) {
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil || w == nil {
			u.showError("Export", err)
			return
		}
		out := w.URI().Path()
		w.Close()
		u.background(func() error { return u.actions.Export(context.Background(), u.store, kind, out) }, func(err error) {
			if err != nil {
				u.showError("The export failed", err)
				return
			}
			u.info("Exported", "Saved "+out)
		})
	}, u.win)
	d.SetFileName(kind + "-" + time.Now().Format("2006-01-02") + ".csv")
	u.showDialog(d)
}
