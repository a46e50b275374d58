package app

import (
	"errors"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"mentorbook/data"
)

// studentForm is the Profile tab: create, edit and mark as left.
type studentForm struct {
	u      *ui
	detail *studentDetail
	st     *data.Student

	schoolID, given, family, preferred, birth, year, homeroom, pronouns *entry
	interests, languages, preferences, email, needs                     *entry
	needsConfidential                                                   *widget.Check
	errs                                                                *fieldErrors
	save, left, erase                                                   *widget.Button
	// shown are the fields as text, for a login that may not change a
	// student (a mentor's or a reader's): nil for a coordinator.
	shown []*readOnlyText
	// saved is shown once the form is refilled after a save.
	saved string
}

func newStudentForm(u *ui, d *studentDetail) *studentForm {
	f := &studentForm{u: u, detail: d, st: &data.Student{Active: true}}
	f.schoolID, f.given, f.family, f.preferred = newEntry(""), newEntry(""), newEntry(""), newEntry("")
	f.birth, f.year, f.homeroom, f.pronouns = u.newDateEntry(), newEntry(""), newEntry(""), newEntry("")
	f.interests, f.languages, f.email = newEntry("comma-separated, e.g. football, drawing"), newEntry("e.g. English, Polish"), newEntry("")
	f.preferences = newEntry("e.g. a peer mentor, lunchtimes")
	f.needs = newNoteEntry("")
	f.needsConfidential = widget.NewCheck("Confidential (never printed)", nil)
	f.errs = newFieldErrors(map[string]*entry{"school_id": f.schoolID, "given_name": f.given, "family_name": f.family,
		"preferred_name": f.preferred, "birth_date": f.birth, "year_group": f.year, "homeroom": f.homeroom,
		"pronouns": f.pronouns, "interests": f.interests, "languages": f.languages, "preferences": f.preferences, "email": f.email, "needs": f.needs})
	return f
}

func (f *studentForm) buildUI() fyne.CanvasObject {
	items := []*widget.FormItem{
		widget.NewFormItem("School ID", f.schoolID),
		widget.NewFormItem("Given name", f.given),
		widget.NewFormItem("Family name", f.family),
		widget.NewFormItem("Preferred name", f.preferred),
		widget.NewFormItem("Date of birth", f.birth),
		widget.NewFormItem("Year group", f.year),
		widget.NewFormItem("Homeroom", f.homeroom),
		widget.NewFormItem("Pronouns", f.pronouns),
		widget.NewFormItem("Interests", f.interests),
		widget.NewFormItem("Languages", f.languages),
		widget.NewFormItem("Mentor preferences", f.preferences),
		widget.NewFormItem("Email", f.email),
		widget.NewFormItem("Notes on needs", container.NewVBox(f.needs, f.needsConfidential)),
	}
	if !f.u.isCoordinator() {
		// Only a coordinator changes a student: the others read the
		// profile as text (the server would refuse a save).
		for _, it := range items {
			e, ok := it.Widget.(*entry)
			if !ok {
				e = f.needs
			}
			r := newReadOnlyText(e)
			f.shown = append(f.shown, r)
			it.Widget = r
		}
	}
	form := widget.NewForm(items...)
	f.save = &widget.Button{Text: "Save", Icon: theme.DocumentSaveIcon(), Importance: widget.HighImportance, OnTapped: f.onSave}
	f.left = &widget.Button{Text: "Mark as left…", OnTapped: f.onMarkLeft}
	// Erase sits beside Mark as left but shows only once the student has
	// left: the records of a pupil still at school are never erased.
	f.erase = &widget.Button{Text: "Erase…", Icon: theme.DeleteIcon(), Importance: widget.DangerImportance, OnTapped: f.onErase}
	buttons := container.NewHBox(f.save, f.left, f.erase)
	if !f.u.isCoordinator() {
		buttons.Hide()
	}
	return container.NewBorder(nil, container.NewVBox(f.errs.status, buttons), nil, nil, container.NewVScroll(form))
}

// fill shows st in the form.
func (f *studentForm) fill(st *data.Student) {
	f.st = st
	f.errs.clear()
	if f.saved != "" {
		f.errs.done(f.saved)
		f.saved = ""
	}
	f.schoolID.SetText(st.SchoolID)
	f.given.SetText(st.GivenName)
	f.family.SetText(st.FamilyName)
	f.preferred.SetText(st.PreferredName)
	setDate(f.birth, st.BirthDate)
	f.year.SetText(st.YearGroup)
	f.homeroom.SetText(st.Homeroom)
	f.pronouns.SetText(st.Pronouns)
	f.interests.SetText(st.Interests)
	f.languages.SetText(st.Languages)
	f.preferences.SetText(st.Preferences)
	f.email.SetText(st.Email)
	f.needs.SetText(st.Needs)
	f.needsConfidential.SetChecked(st.NeedsConfidential || st.ID == 0)
	for _, r := range f.shown {
		r.show()
	}
	if n := len(f.shown); n > 0 && st.NeedsConfidential {
		// A mentor or reader is never given confidential needs (the
		// server's student_needs_shown): say that there are some.
		f.shown[n-1].SetText("Kept confidential: only a coordinator reads it")
	}
	if st.ID == 0 {
		f.save.SetText("Create")
		f.left.Hide()
		f.erase.Hide()
	} else {
		f.save.SetText("Save")
		f.left.Show()
		f.erase.Hide()
		if !st.Active {
			f.left.Hide()
			f.erase.Show()
		}
	}
}

// read copies the form into a new Student, keeping what the form does not show.
func (f *studentForm) read() (*data.Student, error) {
	st := *f.st
	st.SchoolID = strings.TrimSpace(f.schoolID.Text)
	st.GivenName = strings.TrimSpace(f.given.Text)
	st.FamilyName = strings.TrimSpace(f.family.Text)
	st.PreferredName = strings.TrimSpace(f.preferred.Text)
	st.YearGroup = strings.TrimSpace(f.year.Text)
	st.Homeroom = strings.TrimSpace(f.homeroom.Text)
	st.Pronouns = strings.TrimSpace(f.pronouns.Text)
	st.Interests = strings.TrimSpace(f.interests.Text)
	st.Languages = strings.TrimSpace(f.languages.Text)
	st.Preferences = strings.TrimSpace(f.preferences.Text)
	st.Email = strings.TrimSpace(f.email.Text)
	st.Needs = f.needs.Text
	st.NeedsConfidential = f.needsConfidential.Checked
	var err error
	st.BirthDate, err = f.birth.date("Date of birth", "birth_date")
	return &st, err
}

func (f *studentForm) onSave() {
	st, err := f.read()
	if err != nil {
		f.errs.show(err)
		return
	}
	f.save.Disable()
	f.u.update(func(tx *data.Tx) error {
		if st.ID == 0 {
			return tx.CreateStudent(st)
		}
		return tx.UpdateStudent(st)
	}, func(err error) {
		f.save.Enable()
		if errors.Is(err, data.ErrChanged) {
			f.u.showChanged("The student was not saved", err, f.detail.reload)
			return
		}
		if !f.errs.show(err) {
			f.u.showError("The student was not saved", err)
			return
		}
		if err != nil {
			return
		}
		f.saved = "Saved."
		// The screen reads the list and this student again (ui.changed).
		f.detail.wanted, f.detail.creating = st.ID, false
	})
}

// onMarkLeft asks for the leaving date, naming the open pairings the
// store will close on it.
func (f *studentForm) onMarkLeft() {
	id := f.st.ID
	var open []data.PairingRow
	f.u.view(func(tx *data.Tx) (err error) {
		open, err = tx.Pairings(data.PairingFilter{StudentID: id, Status: "open"})
		return err
	}, func(err error) {
		if err != nil {
			f.u.showError("The student's pairings could not be read", err)
			return
		}
		f.askLeft(open)
	})
}

func (f *studentForm) askLeft(open []data.PairingRow) {
	on := f.u.newDateEntry()
	setDate(on, data.DateOf(f.u.store.Now()))
	text := "Their records stay. They have no open pairing."
	if len(open) > 0 {
		text = "Their records stay. These open pairings close on the leaving date with the reason \"" + data.ReasonStudentLeft + "\":\n" +
			f.u.pairingList(open, false)
	}
	msg := widget.NewLabel(text)
	msg.Wrapping = fyne.TextWrapWord
	content := container.NewVBox(msg, widget.NewForm(widget.NewFormItem("Leaving date", on)))
	d := dialog.NewCustomConfirm("Mark "+f.st.DisplayName()+" as left", "Mark as left", "Cancel",
		container.NewGridWrap(fyne.NewSize(440, content.MinSize().Height), content), func(ok bool) {
			if ok {
				f.markLeft(on)
			}
		}, f.u.win)
	f.u.showDialog(d)
}

func (f *studentForm) markLeft(on *entry) {
	day, err := on.date("Leaving date", "left_on")
	if err != nil {
		f.u.showError("The student was not marked as left", err)
		return
	}
	id := f.st.ID
	f.u.update(func(tx *data.Tx) error { return tx.MarkStudentLeft(id, day) }, func(err error) {
		if err != nil {
			f.u.showError("The student was not marked as left", err)
			return
		}
		f.u.students.includeLeft() // they stay in the list, and so on the right
	})
}

// onErase starts the erase flow that the Privacy screen uses too.
func (f *studentForm) onErase() {
	if f.st.ID != 0 && !f.st.Active {
		f.u.eraseStudent(*f.st)
	}
}
