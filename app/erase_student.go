package app

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"mentorbook/data"
)

// backupsWarning is said after every erasure: the store cannot reach into
// backups already written, and a coordinator who thinks otherwise would
// tell a family something untrue.
const backupsWarning = "Backups taken before today still hold this student's records. " +
	"They are removed as the backups rotate, about 12 months from now."

// eraseFlow is the one way to erase a student, whether it starts from the
// Privacy screen or from the student's own detail. Erasure cannot be
// undone, so it takes three deliberate steps: an offer to export first,
// typing the student's school ID, then a button that only works once the
// ID matches.
type eraseFlow struct {
	u  *ui
	st data.Student

	offer    *dialog.CustomDialog
	export   *widget.Button
	next     *widget.Button
	confirm  *dialog.CustomDialog
	typed    *entry
	erase    *widget.Button
	progress *dialog.CustomDialog
	// erased is set once the store has erased the student; for tests.
	erased bool
}

// eraseStudent starts the erase flow for st. The flow is kept in
// u.erasing so that tests can drive its dialogs.
func (u *ui) eraseStudent(st data.Student) {
	u.erasing = &eraseFlow{u: u, st: st}
	u.erasing.showOffer()
}

// word is what the coordinator must type: the school ID, which is short
// and unique, or the full name for a record that somehow has no ID.
func (f *eraseFlow) word() string {
	if id := strings.TrimSpace(f.st.SchoolID); id != "" {
		return id
	}
	return f.st.FullName()
}

// showOffer explains what erasing means and offers the export before
// anything is lost.
func (f *eraseFlow) showOffer() {
	msg := &widget.Label{Wrapping: fyne.TextWrapWord, Text: "Erasing " + f.st.DisplayName() + " (" + f.st.SchoolID + ") removes " +
		"every trace of them from this database: their meetings, goals, consents and scanned forms, notes, check-ins, " +
		"guardians linked to no other student, and their name in the audit log. It cannot be undone.\n\n" +
		"If the school must keep anything, export it first. The export holds every student; keep the file safe."}
	f.export = &widget.Button{Text: "Export records first…", Icon: theme.DownloadIcon(), OnTapped: f.u.onExport}
	f.next = &widget.Button{Text: "Continue to erase…", Importance: widget.DangerImportance, OnTapped: f.onContinue}
	cancel := &widget.Button{Text: "Cancel", OnTapped: f.onCancelOffer}
	f.offer = dialog.NewCustomWithoutButtons("Erase "+f.st.DisplayName(), container.NewGridWrap(fyne.NewSize(480, 190), msg), f.u.win)
	f.offer.SetButtons([]fyne.CanvasObject{cancel, f.export, f.next})
	f.u.showDialog(f.offer)
}

func (f *eraseFlow) onCancelOffer() { f.offer.Hide() }

// onContinue asks for the school ID to be typed: a click alone must never
// erase a child's records.
func (f *eraseFlow) onContinue() {
	f.offer.Hide()
	msg := &widget.Label{Wrapping: fyne.TextWrapWord, Text: "To confirm, type " + f.st.DisplayName() + "'s school ID, " +
		f.word() + ", below. Nothing is erased until you press Erase for ever."}
	f.typed = newEntry("School ID")
	f.typed.OnChanged = f.onTyped
	f.erase = &widget.Button{Text: "Erase for ever", Icon: theme.DeleteIcon(), Importance: widget.DangerImportance, OnTapped: f.onErase}
	f.erase.Disable()
	cancel := &widget.Button{Text: "Cancel", OnTapped: f.onCancelConfirm}
	content := container.NewVBox(container.NewGridWrap(fyne.NewSize(440, 80), msg), f.typed)
	f.confirm = dialog.NewCustomWithoutButtons("Erase "+f.st.DisplayName()+" for ever", content, f.u.win)
	f.confirm.SetButtons([]fyne.CanvasObject{cancel, f.erase})
	f.u.showDialog(f.confirm)
	f.u.win.Canvas().Focus(f.typed)
}

func (f *eraseFlow) onCancelConfirm() { f.confirm.Hide() }

// matches reports whether the typed text is the school ID; exact, apart
// from spaces around it, because a near miss means the wrong student.
func (f *eraseFlow) matches() bool { return strings.TrimSpace(f.typed.Text) == f.word() }

func (f *eraseFlow) onTyped(string) { setEnabled(f.matches(), f.erase) }

// onErase erases in the background behind a progress bar: rewriting the
// file takes a while on a large database.
func (f *eraseFlow) onErase() {
	if !f.matches() {
		f.typed.SetValidationError(errMismatch)
		return
	}
	f.confirm.Hide()
	bar := widget.NewProgressBarInfinite()
	msg := widget.NewLabel("Erasing " + f.st.DisplayName() + " and rewriting the database file…")
	f.progress = dialog.NewCustomWithoutButtons("Erasing", container.NewVBox(msg, bar), f.u.win)
	f.u.showDialog(f.progress)
	id := f.st.ID
	f.u.background(func() error { return f.u.store.EraseStudent(f.u.ctx(), id) }, f.onErased)
}

func (f *eraseFlow) onErased(err error) {
	f.progress.Hide()
	if err != nil {
		f.u.showError(f.st.DisplayName()+" was not erased", err)
		return
	}
	f.erased = true
	f.u.info("Erased", f.st.DisplayName()+" ("+f.st.SchoolID+") has been erased from this database.\n\n"+backupsWarning)
	f.u.afterErase(f.st.ID)
}

// afterErase takes the erased student off every screen that shows them.
func (u *ui) afterErase(id int64) {
	if _, ok := u.built[screenStudents]; ok {
		u.students.detail.forget(id)
	}
	u.changed()
}

var errMismatch = &data.Error{Code: data.EINVALID, Field: "school_id", Message: "That is not the student's school ID."}
