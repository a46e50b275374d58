// Package app is Mentorbook's window: one small struct per screen, each
// loading its records off the UI goroutine through the data.Store.
package app

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"mentorbook/assets"
	"mentorbook/data"
	"mentorbook/data/demo"
)

// AppID is the application's ID; the folder of our preferences is named for it.
const AppID = "org.mentorbook.app"

// Run opens the database at dbPath and shows the main window until it is
// closed. A database that cannot be opened (damaged, newer, not ours,
// read-only) gets the reason in plain words instead.
//
// The window shows at once, saying that the database is being opened:
// opening checks the file (SQLite's quick_check reads all of it), which
// takes seconds for a large school.
//
// The environment variable MENTORBOOK_SCREEN (dashboard, students, mentors,
// pairings, meetings, consents, reports, settings, privacy) opens on that
// screen, and "students:TEXT" searches the students for TEXT; it is a
// testing aid for .ci/screenshots.
func Run(dbPath string) error {
	started := time.Now()
	a, prefsDir := newFyneApp()
	prefs := openPreferences(prefsDir)
	prefs.keepDialogs(a.Preferences())
	a.SetIcon(fyne.NewStaticResource("mentorbook.png", assets.Icon))
	a.Settings().SetTheme(newWindowTheme())
	win := a.NewWindow("Mentorbook")
	win.Resize(fyne.NewSize(1280, 800))
	ctx, stopBackups := context.WithCancel(context.Background())
	o := newOpening(a, win, dbPath)
	o.opened = func(store *data.Store) {
		u := newUI(a, win, store, prefs)
		u.started, u.timings = started, os.Getenv("MENTORBOOK_TIMINGS") != ""
		u.timing("database opened since start", started)
		u.start(os.Getenv("MENTORBOOK_SCREEN"))
		if !data.IsPostgres(dbPath) {
			// A server's backups are its administrator's (Settings says so).
			go u.keepBackedUpLater(ctx)
		}
		go u.followChanges(ctx) // others' changes, on a server
	}
	// The file is opened once the window is up, not beside it: its check
	// reads the whole file and would take a core from drawing the window.
	a.Lifecycle().SetOnStarted(func() { fyne.Do(func() { o.open("") }) })
	win.ShowAndRun()
	stopBackups()
	return o.close()
}

// keepBackedUpLater starts the automatic backups once the window has
// settled: a backup reads the whole file, and so do the first screen's
// figures.
func (u *ui) keepBackedUpLater(ctx context.Context) {
	select {
	case <-ctx.Done():
		return
	case <-time.After(backupDelay):
	}
	u.keepBackedUp(ctx)
}

// backupDelay is how long after the window opens the automatic backups
// start.
const backupDelay = 20 * time.Second

// showOpenError explains in win why the database could not be opened. The
// file is left exactly as it was. When the file is damaged and a backup of
// it exists, it offers to restore the newest one (Restore keeps a copy of
// the damaged file too).
//
// retry, when not nil, is offered as a Retry button: a server that could
// not be reached, or a password prompt cancelled.
func showOpenError(a fyne.App, win fyne.Window, path string, err error, retry func()) {
	win.SetTitle("Mentorbook — cannot open the database")
	o := &openError{app: a, win: win, path: path}
	unchanged := "The file has not been changed."
	if data.IsPostgres(path) {
		unchanged = "Nothing has been changed."
	}
	o.msg = widget.NewLabel(fmt.Sprintf("Mentorbook cannot open %s.\n\n%s\n\n%s", data.HidePassword(path), data.ErrorMessage(err), unchanged))
	o.msg.Wrapping = fyne.TextWrapWord
	buttons := container.NewHBox(&widget.Button{Text: "Close", OnTapped: a.Quit})
	if retry != nil {
		buttons.Add(&widget.Button{Text: "Retry", Icon: theme.ViewRefreshIcon(), Importance: widget.HighImportance, OnTapped: retry})
	}
	if errors.Is(err, data.ErrCorrupt) || errors.Is(err, data.ErrNotSQLite) {
		if o.backup, _ = data.NewestBackup(path); o.backup != "" {
			// The name, which says the school and the time, is too long for a button.
			o.msg.SetText(o.msg.Text + "\n\nThe newest backup of this database is " + filepath.Base(o.backup) + ".")
			o.restore = &widget.Button{Text: "Restore the newest backup", Importance: widget.HighImportance, OnTapped: o.onRestore}
			buttons.Add(o.restore)
		} else if bs, _ := data.Backups(path); len(bs) > 0 {
			// Only a database's own backups are offered: in a folder two
			// schools share, the newest may be the other school's.
			o.msg.SetText(o.msg.Text + "\n\nNone of the backups in " + filepath.Dir(bs[0].Path) + " is known to be of this database, " +
				"so none is offered. To restore one you have checked, run: mentorbook --db " + path + " restore FILE")
		}
	}
	win.SetContent(container.NewPadded(container.NewBorder(nil, buttons, nil, nil, o.msg)))
}

// openError is the window shown instead of the main one.
type openError struct {
	app     fyne.App
	win     fyne.Window
	path    string
	backup  string
	msg     *widget.Label
	restore *widget.Button
}

func (o *openError) onRestore() {
	o.restore.Disable()
	o.msg.SetText("Restoring " + filepath.Base(o.backup) + "…")
	go func() {
		err := data.Restore(context.Background(), o.path, o.backup)
		fyne.Do(func() {
			if err != nil {
				o.msg.SetText("The backup could not be restored: " + data.ErrorMessage(err))
				return
			}
			o.msg.SetText("The backup " + filepath.Base(o.backup) + " was restored; the damaged file was kept in the backups folder.\n\nClose this window and open Mentorbook again.")
		})
	}()
}

// start builds the window's content, menus and shortcuts, opens the
// chosen screen and, on an empty database, offers the demo school.
func (u *ui) start(screenName string) {
	u.win.SetContent(u.buildUI())
	u.win.SetMainMenu(u.mainMenu())
	u.addShortcuts()
	u.win.Canvas().SetOnTypedKey(u.onTypedKey)
	u.win.Resize(fyne.NewSize(1280, 800))
	// "students:S00006" opens the Students screen searching for S00006.
	screenName, search, _ := strings.Cut(strings.TrimSpace(screenName), ":")
	name := u.screens[0]
	for _, n := range u.screens {
		if strings.EqualFold(n, screenName) {
			name = n
		}
	}
	// The first screen waits for the school's date format, one row; on a
	// server, the change marker is read before it (followChanges).
	var dates data.DateFormat
	u.background(func() error {
		u.readFirstMarker()
		return u.store.View(context.Background(), func(tx *data.Tx) (err error) { dates, err = tx.DateFormat(); return })
	}, func(err error) {
		if err == nil {
			u.setDateFormat(dates)
		}
		u.show(name)
		if name == screenStudents && search != "" {
			u.students.search.SetText(search)
		}
	})
	u.refreshTitle()
	u.notePrivate()
	var students int
	u.view(func(tx *data.Tx) (err error) { students, err = tx.CountStudents(); return }, func(err error) {
		if err == nil && students == 0 {
			u.offerDemo()
		}
	})
}

// notePrivate says, once, that Open found the database readable by other
// users of the computer and made it private.
func (u *ui) notePrivate() {
	files := u.store.MadePrivate()
	if len(files) == 0 {
		return
	}
	u.info("The database is now private", "Other users of this computer could read the school's files:\n\n  "+
		strings.Join(files, "\n  ")+"\n\nMentorbook has made them readable by you only. "+
		"Copies made elsewhere (on a stick, in a shared folder) were not changed.")
}

// refreshTitle names the school and the current term in the title bar.
func (u *ui) refreshTitle() {
	var school, term string
	u.view(func(tx *data.Tx) error {
		s, err := tx.School()
		if err != nil {
			return err
		}
		school = s.Name
		if t, err := tx.Term(""); err == nil {
			term = t.Name
		}
		return nil
	}, func(err error) {
		title := "Mentorbook"
		for _, part := range []string{school, term} {
			if part != "" {
				title += " — " + part
			}
		}
		u.win.SetTitle(title)
	})
}

// offerDemo asks, on an empty database, whether to load the demo school.
func (u *ui) offerDemo() {
	msg := widget.NewLabel("This database is empty. Load a demo school to try Mentorbook,\nor start empty and import your roster or add students yourself.")
	d := dialog.NewCustomConfirm("Welcome to Mentorbook", "Load the demo school", "Start empty", msg, u.onDemoChoice, u.win)
	u.showDialog(d)
}

// onDemoChoice loads the demo school, or on "Start empty" shows the
// dashboard, whose checklist leads through setting the programme up.
func (u *ui) onDemoChoice(load bool) {
	if !load {
		u.show(u.screens[0])
		return
	}
	ctx, cancel := context.WithCancel(context.Background())
	p := newProgress(u, "Loading the demo school", cancel)
	u.background(func() error {
		return demo.Generate(ctx, u.store, demo.Options{Students: 200, Seed: 1, Progress: p.setCount})
	}, func(err error) {
		p.hide()
		if err != nil {
			u.showError("The demo school could not be loaded", err)
			return
		}
		u.refreshTitle()
		u.screen(u.current).refresh()
	})
}
