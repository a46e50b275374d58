package app

import (
	"fmt"
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"

	"mentorbook/data"
)

// shortcut is one line of the window's shortcut table, pressed with Ctrl
// (Cmd on a Mac).
type shortcut struct {
	label string
	key   fyne.KeyName
	run   func()
}

// shortcuts is the window's one table of keyboard shortcuts. Each is a
// File menu item, because the window tries menu shortcuts before the
// focused field (an entry would otherwise swallow Ctrl+S), and is bound
// on the canvas too.
func (u *ui) shortcuts() []shortcut {
	return []shortcut{
		{"Log a meeting…", fyne.KeyM, u.onNewMeeting},
		{"Save", fyne.KeyS, u.onSaveKey},
		{"Find a student…", fyne.KeyF, u.onFind},
	}
}

func (sc shortcut) keys() *desktop.CustomShortcut {
	return &desktop.CustomShortcut{KeyName: sc.key, Modifier: fyne.KeyModifierShortcutDefault}
}

// mainMenu is File and Help. Quit is ours so that it carries Ctrl+Q
// (Fyne's own Quit item has no shortcut on Linux); its Action is left nil
// for Fyne to fill in, so quitting closes every window the way Fyne does.
func (u *ui) mainMenu() *fyne.MainMenu {
	var items []*fyne.MenuItem
	for _, sc := range u.shortcuts() {
		items = append(items, &fyne.MenuItem{Label: sc.label, Action: sc.run, Shortcut: sc.keys()})
	}
	// Backups, restore, copy, import and export are the whole school's:
	// a mentor or reader may not do them (the server refuses).
	if u.store.Role() == data.RoleCoordinator {
		items = append(items,
			fyne.NewMenuItemSeparator(),
			fyne.NewMenuItem("Backup…", u.onBackup),
			fyne.NewMenuItem("Encrypted backup…", u.onEncryptedBackup),
			fyne.NewMenuItem("Restore…", u.onRestore),
			fyne.NewMenuItem("Copy to…", u.onCopyTo),
			fyne.NewMenuItemSeparator(),
			fyne.NewMenuItem("Import roster…", u.onImport),
			fyne.NewMenuItem("Export…", u.onExport))
	}
	file := fyne.NewMenu("File", append(items, fyne.NewMenuItemSeparator(), quitItem())...)
	help := fyne.NewMenu("Help", fyne.NewMenuItem("About Mentorbook", u.onAbout))
	return fyne.NewMainMenu(file, help)
}

func quitItem() *fyne.MenuItem {
	q := fyne.NewMenuItem("Quit", nil)
	q.IsQuit = true
	q.Shortcut = &desktop.CustomShortcut{KeyName: fyne.KeyQ, Modifier: fyne.KeyModifierShortcutDefault}
	return q
}

// addShortcuts binds the shortcut table on the canvas.
func (u *ui) addShortcuts() {
	for _, sc := range u.shortcuts() {
		run := sc.run
		u.win.Canvas().AddShortcut(sc.keys(), func(fyne.Shortcut) { run() })
	}
}

// saveKeyer is a dialog or a screen whose form Ctrl+S saves.
type saveKeyer interface{ saveKey() }

// onSaveKey saves the form in front: the dialog on top if it is a form,
// or else the screen's form.
func (u *ui) onSaveKey() {
	var front any = u.screen(u.current)
	if n := len(u.dialogs); n > 0 {
		front = u.dialogs[n-1]
	}
	if s, ok := front.(saveKeyer); ok {
		s.saveKey()
	}
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
		Version, data.HidePassword(u.store.Path())))
}

// onBackup writes a backup into the backups folder beside the database.
func (u *ui) onBackup() { u.backup("", "") }

func (u *ui) onRestore() {
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
	encrypted, err := data.IsEncrypted(path)
	if err != nil {
		u.showError("Restore", err)
		return
	}
	content := container.NewVBox(widget.NewLabel("Everything recorded since " + filepath.Base(path) +
		" was made will be replaced.\nA backup of the database as it is now is made first."))
	pass := widget.NewPasswordEntry()
	if encrypted {
		pass.SetPlaceHolder("the passphrase chosen when it was made")
		content.Add(widget.NewForm(widget.NewFormItem("Passphrase", pass)))
	}
	confirm := dialog.NewCustomConfirm("Restore this backup?", "Restore", "Cancel", content, func(ok bool) {
		if ok {
			u.restore(path, pass.Text)
		}
	}, u.win)
	u.showDialog(confirm)
	if encrypted {
		u.win.Canvas().Focus(pass)
	}
}

// onImport opens the import wizard (import_wizard.go): choose a OneRoster
// folder or .zip, or a plain CSV file and its columns; read the preview (a
// dry run: counts and every rejected row); then import, with a progress bar
// and Cancel. Esc closes it like every dialog.
// onImport opens the import wizard; an import writes outside ui.update,
// so the screen on show reads its records again once the wizard closes.
func (u *ui) onImport() {
	d := newImportWizard(u.win, u.store, u.prefs).dlg
	u.showDialog(d)
	d.SetOnClosed(func() {
		u.forgetDialog(d)
		u.changed()
	})
}

// onExport opens the export dialog (export_dialog.go).
func (u *ui) onExport() { u.showDialog(newExportDialog(u).dlg) }
