package app

import (
	"errors"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"mentorbook/data"
)

// opening opens the database for the window. A file is opened, or its
// refusal explained. A server may also ask for the login's password
// (when neither the URL, PGPASSWORD nor the password file gives one),
// which is asked in a dialog and kept only in the open connection pool:
// never in preferences, the title, Settings or the log. A server that
// cannot be reached is named, with Retry.
type opening struct {
	a   fyne.App
	win fyne.Window
	db  string
	// opened builds the main window on the open store.
	opened func(*data.Store)
	// post runs a function on the UI goroutine (fyne.Do); work runs the
	// opening off it (go). Tests run both at once.
	post, work func(func())

	mu     sync.Mutex
	busy   sync.WaitGroup
	quit   bool
	store  *data.Store
	err    error                // the last refusal, Run's result when nothing opened
	asking *dialog.CustomDialog // the password dialog on show
}

func newOpening(a fyne.App, win fyne.Window, db string) *opening {
	return &opening{a: a, win: win, db: db, post: fyne.Do, work: func(f func()) { go f() }}
}

// open opens the database, with password when not empty.
func (o *opening) open(password string) {
	o.win.SetTitle("Mentorbook")
	o.win.SetContent(container.NewCenter(widget.NewLabel("Opening " + data.HidePassword(o.db) + "…")))
	o.busy.Add(1)
	o.work(func() {
		defer o.busy.Done()
		store, err := data.Open(o.db, data.Options{Password: password})
		o.mu.Lock()
		if o.quit {
			o.mu.Unlock()
			if store != nil {
				store.Close() // the window was closed while the file was checked
			}
			return
		}
		o.store, o.err = store, err
		o.mu.Unlock()
		o.post(func() { o.done(store, err, password != "") })
	})
}

// done shows the main window, the password dialog or the refusal.
func (o *opening) done(store *data.Store, err error, typed bool) {
	switch {
	case err == nil:
		o.opened(store)
	case errors.Is(err, data.ErrNeedPassword):
		o.askPassword(false)
	case errors.Is(err, data.ErrWrongPassword):
		o.askPassword(true)
	case errors.Is(err, data.ErrUnreachable):
		showOpenError(o.a, o.win, o.db, err, func() { o.open("") })
	default:
		showOpenError(o.a, o.win, o.db, err, nil)
	}
}

// askPassword asks for the login's password; wrong says the last one was
// refused. Enter opens, Cancel leaves the window saying why it could not
// open, with Retry.
func (o *opening) askPassword(wrong bool) {
	server, login := data.ServerOf(o.db)
	text := "The school's server (" + server + ") asks for the password of the login " + login + "."
	if wrong {
		text = "The school's server (" + server + ") refused that password, or there is no login " + login + ".\n\nType the password again."
	}
	msg := widget.NewLabel(text)
	msg.Wrapping = fyne.TextWrapWord
	password := widget.NewPasswordEntry()
	password.SetPlaceHolder("password")
	var d *dialog.CustomDialog
	submit := func() {
		if password.Text == "" {
			return
		}
		typed := password.Text
		password.SetText("")
		o.asking = nil
		d.Hide()
		o.open(typed)
	}
	password.OnSubmitted = func(string) { submit() }
	cancel := &widget.Button{Text: "Cancel", OnTapped: func() {
		o.asking = nil
		d.Hide()
		showOpenError(o.a, o.win, o.db, data.ErrNeedPassword, func() { o.open("") })
	}}
	ok := &widget.Button{Text: "Open", Importance: widget.HighImportance, OnTapped: submit}
	content := container.NewVBox(msg, password)
	d = dialog.NewCustomWithoutButtons("Password for the school's server", container.NewGridWrap(fyne.NewSize(460, content.MinSize().Height+40), content), o.win)
	d.SetButtons([]fyne.CanvasObject{cancel, ok})
	o.asking = d
	d.Show()
	o.win.Canvas().Focus(password)
}

// close is Run's end: it waits for an opening under way, closes the
// database, and returns why it could not be opened, if it was not.
func (o *opening) close() error {
	o.mu.Lock()
	o.quit = true
	o.mu.Unlock()
	o.busy.Wait()
	if o.store != nil {
		o.store.Close()
		return nil
	}
	return o.err
}
