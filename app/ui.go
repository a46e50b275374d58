package app

import (
	"context"
	"errors"
	"log"
	"net/url"
	"slices"
	"strconv"
	"sync"
	"time"
	"weak"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"mentorbook/data"
)

// Screen names, as the navigation shows them and as MENTORBOOK_SCREEN
// accepts them (lower case).
const (
	screenDashboard = "Dashboard"
	screenStudents  = "Students"
	screenMentors   = "Mentors"
	screenPairings  = "Pairings"
	screenMeetings  = "Meetings"
	screenConsents  = "Consents"
	screenReports   = "Reports"
	screenSettings  = "Settings"
	screenPrivacy   = "Privacy"
)

var screenOrder = []string{screenDashboard, screenStudents, screenMentors, screenPairings, screenMeetings,
	screenConsents, screenReports, screenSettings, screenPrivacy}

// screensFor are the screens a login's role can use, the first opening the
// window. The server enforces the role whatever the window shows; hiding
// the rest spares a mentor or reader screens that would only be refused.
//   - mentor: its own mentees (the Students screen, which the server
//     filters, as "My mentees"), the meeting log and its pairings; not the
//     other mentors, consents, reports of the school, settings or the
//     audit log (Privacy).
//   - reader: the reports, and the lists they come from, read only.
//   - coordinator (and every database file): everything.
func screensFor(role string) []string {
	switch role {
	case data.RoleMentor:
		return []string{screenStudents, screenMeetings, screenPairings}
	case data.RoleReader:
		return []string{screenReports, screenStudents, screenPairings, screenMeetings}
	}
	return screenOrder
}

// label is a screen's name in the navigation: a mentor's Students screen
// holds only its own mentees, and says so.
func (u *ui) label(name string) string {
	if name == screenStudents && u.store.Role() == data.RoleMentor {
		return "My mentees"
	}
	return name
}

// isCoordinator says whether the login may add and change the school's
// students and pairings: a coordinator's (and a file's); a mentor's and a
// reader's changes would only be refused by the server, so the window
// does not offer them.
func (u *ui) isCoordinator() bool { return u.store.Role() == data.RoleCoordinator }

// logsMeetings says whether the login may log meetings: a reader's may
// not, and its Meetings screen is the list alone.
func (u *ui) logsMeetings() bool { return u.store.Role() != data.RoleReader }

// may says whether the login's role can use the named screen.
func (u *ui) may(name string) bool { return slices.Contains(u.screens, name) }

// screenIcon is a function, not a map, because theme icons need the app,
// which does not exist yet when package variables are set.
func screenIcon(name string) fyne.Resource {
	switch name {
	case screenStudents:
		return theme.AccountIcon()
	case screenMentors:
		return theme.ContentAddIcon()
	case screenPairings:
		return theme.MailForwardIcon()
	case screenMeetings:
		return theme.HistoryIcon()
	case screenConsents:
		return theme.DocumentIcon()
	case screenReports:
		return theme.DocumentPrintIcon()
	case screenSettings:
		return theme.SettingsIcon()
	case screenPrivacy:
		return theme.VisibilityOffIcon()
	}
	return theme.HomeIcon()
}

// screen is what every screen offers the window: its content, built once,
// and a way to reload its data when it is shown again.
type screen interface {
	buildUI() fyne.CanvasObject
	refresh()
}

// ui is the main window: the navigation, the screens and what they share
// (the store, the hooks of other packages, the dialogs on show).
type ui struct {
	app   fyne.App
	win   fyne.Window
	store *data.Store
	// prefs is what this computer remembers between runs.
	prefs *preferences
	// dates is the school's date format, read when the window opens and
	// when Settings saves it; data.DateISO until then.
	dates data.DateFormat
	// dateEntries are the date fields made, so that a change of format
	// rewrites those still open; weak, so closed dialogs' fields go.
	dateEntries []weak.Pointer[entry]

	// openURL opens a file or link with the system's viewer; tests replace it.
	openURL func(*url.URL) error

	// tasks counts the goroutines still working, so that tests can wait for
	// the screen to settle.
	tasks   sync.WaitGroup
	dialogs []dialog.Dialog
	// post runs a function on the UI goroutine: fyne.Do in the program.
	// The test driver's fyne.Do runs at once on the calling goroutine, so
	// tests queue instead and run the queue from wait, on the test's own
	// goroutine, as the real event loop would.
	post    func(func())
	queueMu sync.Mutex
	queue   []func()

	nav     *focusList
	screens []string // screensFor the store's role, in the navigation's order
	content *fyne.Container
	current string
	// shows counts the screens shown, so that a write whose callback
	// moved to another screen (which read its records as it appeared)
	// does not read them again.
	shows int
	built map[string]fyne.CanvasObject

	dashboard *dashboardScreen
	students  *studentsScreen
	mentors   *mentorsScreen
	pairings  *pairingsScreen
	meetings  *meetingsScreen
	consents  *consentsScreen
	reports   *reportsScreen
	settings  *settingsScreen
	privacy   *privacyScreen

	// started is when Run began; timings, set by MENTORBOOK_TIMINGS,
	// logs how long the window takes to show each screen's records
	// (a measuring aid for docs/BENCHMARKS.md).
	started time.Time
	timings bool

	// erasing is the erase flow last started (erase_student.go).
	erasing *eraseFlow

	// pollEvery is how often followChanges asks about others' changes;
	// tests shorten it.
	pollEvery time.Duration
	// firstMarker hands followChanges the change marker that start read
	// before the first screen's records.
	firstMarker chan changeMarker
}

func newUI(a fyne.App, win fyne.Window, store *data.Store, prefs *preferences) *ui {
	u := &ui{app: a, win: win, store: store, prefs: prefs, openURL: a.OpenURL, built: map[string]fyne.CanvasObject{}, post: fyne.Do,
		dates: data.DateISO, screens: screensFor(store.Role()), pollEvery: pollEvery, firstMarker: make(chan changeMarker, 1)}
	u.dashboard = newDashboardScreen(u)
	u.students = newStudentsScreen(u)
	u.mentors = newMentorsScreen(u)
	u.pairings = newPairingsScreen(u)
	u.meetings = newMeetingsScreen(u)
	u.consents = newConsentsScreen(u)
	u.reports = newReportsScreen(u)
	u.settings = newSettingsScreen(u)
	u.privacy = newPrivacyScreen(u)
	return u
}

func (u *ui) screen(name string) screen {
	switch name {
	case screenStudents:
		return u.students
	case screenMentors:
		return u.mentors
	case screenPairings:
		return u.pairings
	case screenMeetings:
		return u.meetings
	case screenConsents:
		return u.consents
	case screenReports:
		return u.reports
	case screenSettings:
		return u.settings
	case screenPrivacy:
		return u.privacy
	}
	return u.dashboard
}

// buildUI returns the window's content: the navigation on the left and the
// current screen beside it.
func (u *ui) buildUI() fyne.CanvasObject {
	u.nav = newFocusList(func() int { return len(u.screens) }, newNavItem, u.updateNavItem, u.onNavSelected)
	u.content = container.NewStack()
	split := container.NewHSplit(u.nav, u.content)
	split.Offset = 0.12
	return split
}

func newNavItem() fyne.CanvasObject {
	return container.NewHBox(widget.NewIcon(nil), widget.NewLabel("Consents and forms"))
}

func (u *ui) updateNavItem(i widget.ListItemID, o fyne.CanvasObject) {
	box := o.(*fyne.Container)
	box.Objects[0].(*widget.Icon).SetResource(screenIcon(u.screens[i]))
	box.Objects[1].(*widget.Label).SetText(u.label(u.screens[i]))
}

func (u *ui) onNavSelected(i widget.ListItemID) { u.show(u.screens[i]) }

// show switches to the named screen, building it the first time, and
// reloads its data. A screen the login's role cannot use is not shown.
func (u *ui) show(name string) {
	if u.current == name || !u.may(name) {
		return
	}
	u.current = name
	u.shows++
	for i, n := range u.screens {
		if n == name {
			u.nav.Select(i)
		}
	}
	obj, ok := u.built[name]
	if !ok {
		obj = u.screen(name).buildUI()
		u.built[name] = obj
	}
	u.content.Objects = []fyne.CanvasObject{obj}
	u.content.Refresh()
	t := time.Now()
	u.screen(name).refresh()
	if u.timings {
		go func() {
			u.tasks.Wait()
			u.post(func() { u.timing(name+" screen", t) })
		}()
	}
}

// timing logs how long something took since t, with MENTORBOOK_TIMINGS.
func (u *ui) timing(what string, t time.Time) {
	if u.timings {
		log.Printf("timing: %s: %d ms", what, time.Since(t).Milliseconds())
	}
}

// background runs work off the UI goroutine and hands its error to done on
// the UI goroutine. Every database and file operation goes through here.
func (u *ui) background(work func() error, done func(error)) {
	u.tasks.Add(1)
	go func() {
		defer u.tasks.Done()
		err := work()
		u.post(func() { done(err) })
	}()
}

// view reads in one consistent snapshot, off the UI goroutine.
func (u *ui) view(fn func(tx *data.Tx) error, done func(error)) {
	u.background(func() error { return u.store.View(context.Background(), fn) }, done)
}

// update writes in one transaction, off the UI goroutine; done sees nil
// only after the transaction committed. Then the screen on show reads its
// records again (see changed).
func (u *ui) update(fn func(tx *data.Tx) error, done func(error)) {
	u.background(func() error { return u.store.Update(context.Background(), fn) }, func(err error) {
		shows := u.shows
		done(err)
		if err == nil && shows == u.shows {
			u.changed()
		}
	})
}

// changed is called after the database changed: the screen on show reads
// its records again, so that every list on it (not only the part that
// made the change) shows the change, and so does the title bar. Other
// screens read theirs when they are shown.
func (u *ui) changed() {
	if u.current != "" {
		u.screen(u.current).refresh()
	}
	u.refreshTitle()
}

// enqueue is post for tests: the function waits for wait to run it.
func (u *ui) enqueue(fn func()) {
	u.queueMu.Lock()
	u.queue = append(u.queue, fn)
	u.queueMu.Unlock()
}

// wait lets background work finish and applies its results, until none
// is left; for tests.
func (u *ui) wait() {
	for {
		u.tasks.Wait()
		u.queueMu.Lock()
		fns := u.queue
		u.queue = nil
		u.queueMu.Unlock()
		if len(fns) == 0 {
			return
		}
		for _, fn := range fns {
			fn()
		}
	}
}

// showError shows err in plain words. Errors that are not the store's are
// logged by data.ErrorMessage and shown as an internal error.
func (u *ui) showError(title string, err error) {
	if err == nil || errors.Is(err, context.Canceled) {
		return
	}
	msg := widget.NewLabel(data.ErrorMessage(err))
	msg.Wrapping = fyne.TextWrapWord
	d := dialog.NewCustom(title, "OK", container.NewGridWrap(fyne.NewSize(420, msg.MinSize().Height*3), msg), u.win)
	u.showDialog(d)
}

// showChanged says that someone else saved the record since the form read
// it (data.ErrChanged: who and when). What was typed stays in the form,
// to copy from; Reload puts the record as it now stands in the form.
func (u *ui) showChanged(title string, err error, reload func()) {
	msg := widget.NewLabel(data.ErrorMessage(err))
	msg.Wrapping = fyne.TextWrapWord
	d := dialog.NewCustomConfirm(title, "Reload", "Keep what I typed", container.NewGridWrap(fyne.NewSize(420, msg.MinSize().Height*3), msg),
		func(ok bool) {
			if ok {
				reload()
			}
		}, u.win)
	u.showDialog(d)
}

// showDialog shows d and remembers it so that Esc can close it.
func (u *ui) showDialog(d dialog.Dialog) {
	u.dialogs = append(u.dialogs, d)
	d.SetOnClosed(func() { u.forgetDialog(d) })
	d.Show()
}

func (u *ui) forgetDialog(d dialog.Dialog) {
	for i, o := range u.dialogs {
		if o == d {
			u.dialogs = append(u.dialogs[:i], u.dialogs[i+1:]...)
			return
		}
	}
}

// onTypedKey closes the top dialog on Esc.
func (u *ui) onTypedKey(k *fyne.KeyEvent) {
	if k.Name != fyne.KeyEscape || len(u.dialogs) == 0 {
		return
	}
	u.dialogs[len(u.dialogs)-1].Hide()
}

// info shows a short message that needs no answer.
func (u *ui) info(title, message string) {
	u.showDialog(dialog.NewInformation(title, message, u.win))
}

// The mentor who last logged a meeting on this laptop is remembered, so
// that a teacher finds their own mentees first every time. Preferences
// belong to the laptop and may serve several databases (a school's, the
// demo, a restored copy), so the key names the database by its stable
// identity and the value is the mentor's ID, never a position in a list.
func (u *ui) mentorPref() string { return prefMentorPrefix + u.store.ID() }

// prefMentorPrefix begins the keys of the remembered mentors.
const prefMentorPrefix = "meetings.mentor."

// rememberedMentor is the mentor remembered for this database, or 0.
func (u *ui) rememberedMentor() int64 {
	id, _ := strconv.ParseInt(u.prefs.String(u.mentorPref()), 10, 64)
	return id
}

func (u *ui) rememberMentor(id int64) { u.prefs.SetString(u.mentorPref(), strconv.FormatInt(id, 10)) }

// ctx is the context of work that the person cannot cancel, such as one
// save: it is short, and stopping it half-way would help nobody.
func (u *ui) ctx() context.Context { return context.Background() }
