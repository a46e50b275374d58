package app

import (
	"fmt"
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
// tell a family something untrue. A server's backups are not ours: its
// administrator keeps them and purges them.
func backupsWarning(onServer bool) string {
	if onServer {
		return "The server's own backups and logs still hold this student's records until its administrator (IT) purges them; tell them the student was erased."
	}
	return "Backups taken before today still hold this student's records. " +
		"They are removed as the backups rotate, about 12 months from now."
}

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

	// mentions are the student's names in other students' records, and
	// redact says which of them the coordinator chose to redact.
	mentions     []data.Mention
	redact       []bool
	mentionsList *widget.List
	review       *dialog.CustomDialog
	toConfirm    *widget.Button
	// erased is set once the store has erased the student; for tests.
	erased bool
}

// eraseStudent starts the erase flow for st. The flow is kept in
// u.erasing so that tests can drive its dialogs.
func (u *ui) eraseStudent(st data.Student) {
	f := &eraseFlow{u: u, st: st}
	u.erasing = f
	f.showOffer()
	f.next.Disable() // until the other records have been searched for the name
	var mentions []data.Mention
	u.view(func(tx *data.Tx) (err error) { mentions, err = tx.Mentions(st.ID); return }, func(err error) {
		if err != nil {
			f.offer.Hide()
			u.showError("Mentorbook could not look for "+st.DisplayName()+" in other records", err)
			return
		}
		f.mentions, f.redact = mentions, make([]bool, len(mentions))
		for i := range f.redact {
			f.redact[i] = true
		}
		f.next.Enable()
	})
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
	msg := &widget.Label{Wrapping: fyne.TextWrapWord, Text: eraseExplained(f.st, data.IsPostgres(f.u.store.Path()))}
	f.export = &widget.Button{Text: "Export records first…", Icon: theme.DownloadIcon(), OnTapped: f.u.onExport}
	f.next = &widget.Button{Text: "Continue to erase…", Importance: widget.DangerImportance, OnTapped: f.onContinue}
	cancel := &widget.Button{Text: "Cancel", OnTapped: f.onCancelOffer}
	f.offer = dialog.NewCustomWithoutButtons("Erase "+f.st.DisplayName(), container.NewGridWrap(fyne.NewSize(560, 300), msg), f.u.win)
	f.offer.SetButtons([]fyne.CanvasObject{cancel, f.export, f.next})
	f.u.showDialog(f.offer)
}

func (f *eraseFlow) onCancelOffer() { f.offer.Hide() }

// eraseExplained says exactly what erasing st removes and what it cannot
// reach: a coordinator answers a family from it.
func eraseExplained(st data.Student, onServer bool) string {
	backups := "backups taken before today (they go as the backups rotate, in about 12 months)"
	if onServer {
		backups = "the server's own backups and logs (its administrator, IT, purges them)"
	}
	return "Erasing " + st.DisplayName() + " (" + st.SchoolID + ") removes from this database: their student record, " +
		"pairings, meetings, check-ins, goals and progress, consents and scanned forms, their links to guardians, " +
		"the guardians linked to no other student, and their name in the audit log. It cannot be undone.\n\n" +
		"It does not remove: " + backups + "; " +
		"files already exported or printed (CSV, PDF, calendars); guardians linked to another student; " +
		"and their name in other students' notes and follow-ups, unless you choose to redact it in the next step.\n\n" +
		"If the school must keep anything, export it first. The export holds every student; keep the file safe."
}

// onContinue shows where other students' records name the student, if
// anywhere, and then asks for the school ID.
func (f *eraseFlow) onContinue() {
	f.offer.Hide()
	if len(f.mentions) == 0 {
		f.showConfirm()
		return
	}
	f.showMentions()
}

// showMentions lists each place in other students' records that names the
// student, in context, each with a choice to redact it.
func (f *eraseFlow) showMentions() {
	msg := &widget.Label{Wrapping: fyne.TextWrapWord, Text: fmt.Sprintf("%s is named in %s in other students' records. "+
		"Ticked ones will read %q once you erase; unticked ones stay as they are, and the name with them.",
		f.st.DisplayName(), countOf(len(f.mentions), "place"), data.Redacted)}
	f.mentionsList = widget.NewList(func() int { return len(f.mentions) }, f.newMentionItem, f.updateMentionItem)
	for i := range f.mentions {
		f.mentionsList.SetItemHeight(i, mentionItemHeight())
	}
	f.toConfirm = &widget.Button{Text: "Continue to erase…", Importance: widget.DangerImportance, OnTapped: f.onMentionsChosen}
	cancel := &widget.Button{Text: "Cancel", OnTapped: func() { f.review.Hide() }}
	content := container.NewBorder(container.NewGridWrap(fyne.NewSize(600, 60), msg), nil, nil, nil, f.mentionsList)
	f.review = dialog.NewCustomWithoutButtons("Where other records name "+f.st.DisplayName(),
		container.NewGridWrap(fyne.NewSize(620, 420), content), f.u.win)
	f.review.SetButtons([]fyne.CanvasObject{cancel, f.toConfirm})
	f.u.showDialog(f.review)
}

// mentionItemHeight fits a line of where the mention is and two of context.
func mentionItemHeight() float32 {
	return 3*widget.NewLabel("Mg").MinSize().Height - 2*theme.Padding()
}

func (f *eraseFlow) newMentionItem() fyne.CanvasObject {
	where := &widget.Label{TextStyle: fyne.TextStyle{Bold: true}, Truncation: fyne.TextTruncateEllipsis}
	text := &widget.Label{Wrapping: fyne.TextWrapWord, TextStyle: fyne.TextStyle{Italic: true}}
	return container.NewBorder(nil, nil, widget.NewCheck("Redact", nil), nil, container.NewBorder(where, nil, nil, nil, text))
}

func (f *eraseFlow) updateMentionItem(id widget.ListItemID, o fyne.CanvasObject) {
	row := o.(*fyne.Container)
	check := row.Objects[1].(*widget.Check)
	inner := row.Objects[0].(*fyne.Container)
	m := f.mentions[id]
	inner.Objects[1].(*widget.Label).SetText(m.Field + " — " + m.Of)
	inner.Objects[0].(*widget.Label).SetText(m.Context)
	check.OnChanged = nil
	check.SetChecked(f.redact[id])
	check.OnChanged = func(on bool) { f.redact[id] = on }
}

func (f *eraseFlow) onMentionsChosen() {
	f.review.Hide()
	f.showConfirm()
}

// chosen are the mentions ticked for redaction.
func (f *eraseFlow) chosen() []data.Mention {
	var out []data.Mention
	for i, m := range f.mentions {
		if f.redact[i] {
			out = append(out, m)
		}
	}
	return out
}

// showConfirm asks for the school ID to be typed: a click alone must never
// erase a child's records.
func (f *eraseFlow) showConfirm() {
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
	id, redact := f.st.ID, f.chosen()
	f.u.background(func() error { return f.u.store.EraseStudent(f.u.ctx(), id, redact...) }, f.onErased)
}

func (f *eraseFlow) onErased(err error) {
	f.progress.Hide()
	if err != nil {
		f.u.showError(f.st.DisplayName()+" was not erased", err)
		return
	}
	f.erased = true
	msg := f.st.DisplayName() + " (" + f.st.SchoolID + ") has been erased from this database.\n\n"
	if n := len(f.chosen()); n > 0 {
		msg += "Their name was redacted in " + countOf(n, "place") + " in other students' records.\n\n"
	}
	if n := len(f.mentions) - len(f.chosen()); n > 0 {
		msg += "It is still in " + countOf(n, "place") + " in other students' records, as you chose.\n\n"
	}
	f.u.info("Erased", msg+backupsWarning(data.IsPostgres(f.u.store.Path())))
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
