package app

import (
	"errors"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"mentorbook/data"
)

// formDialog is a dialog holding a form whose Save button keeps it open
// until the store has accepted the record; a refusal shows beside the
// field it names.
type formDialog struct {
	*dialog.CustomDialog
	u      *ui
	dialog *dialog.CustomDialog
	errs   *fieldErrors
	save   *widget.Button
	// submit reads the form and returns the write to run, or an error in
	// the input (such as a date that does not exist).
	submit func() (func(tx *data.Tx) error, error)
	// after runs on the UI goroutine once the write committed.
	after func()
	// reload, when set, reopens the form with the record as now saved:
	// offered when the save is refused because someone else saved the
	// record since the form read it (data.ErrChanged).
	reload func()
}

// showForm opens a form dialog. fields maps the store's field names to
// the entries that show their errors. The first field has the cursor;
// Enter in a one-line field saves, as Ctrl+S does anywhere in the form.
func (u *ui) showForm(title, confirm string, body fyne.CanvasObject, fields map[string]*entry,
	submit func() (func(tx *data.Tx) error, error), after func()) *formDialog {
	f := &formDialog{u: u, errs: newFieldErrors(fields), submit: submit, after: after}
	content := container.NewVBox(body, f.errs.status)
	f.save = &widget.Button{Text: confirm, Importance: widget.HighImportance, OnTapped: f.onSave}
	cancel := &widget.Button{Text: "Cancel", OnTapped: f.onCancel}
	f.dialog = dialog.NewCustomWithoutButtons(title, container.NewGridWrap(fyne.NewSize(500, content.MinSize().Height+60), content), u.win)
	f.dialog.SetButtons([]fyne.CanvasObject{cancel, f.save})
	f.CustomDialog = f.dialog
	for _, e := range fields {
		if !e.MultiLine && e.OnSubmitted == nil {
			e.OnSubmitted = func(string) { f.onSave() }
		}
	}
	u.showDialog(f)
	u.win.Canvas().FocusNext() // the dialog's first field
	return f
}

// saveKey is Ctrl+S.
func (f *formDialog) saveKey() { f.onSave() }

func (f *formDialog) onCancel() { f.dialog.Hide() }

func (f *formDialog) onSave() {
	if f.save.Disabled() {
		return // saving already: Enter pressed again
	}
	write, err := f.submit()
	if err != nil {
		f.errs.show(err)
		return
	}
	f.save.Disable()
	f.u.update(write, f.onSaved)
}

func (f *formDialog) onSaved(err error) {
	f.save.Enable()
	if errors.Is(err, data.ErrChanged) && f.reload != nil {
		f.u.showChanged("Not saved", err, func() {
			f.dialog.Hide()
			f.reload()
		})
		return
	}
	if err != nil {
		if !f.errs.show(err) {
			f.u.showError("Not saved", err)
		}
		return
	}
	f.dialog.Hide()
	if f.after != nil {
		f.after()
	}
}

// formOf lays out labelled fields.
func formOf(items ...*widget.FormItem) *widget.Form { return widget.NewForm(items...) }
