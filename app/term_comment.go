package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"mentorbook/data"
)

// termCommentShared tells the mentor what the comment is for and who
// reads it: it is the one free-text field with no confidential choice.
const termCommentShared = "Shared, not confidential: printed in the student's progress summary for this term " +
	"and exported with the pairings. Write nothing confidential here; a confidential meeting note is the place for that."

// termCommentForm is the mentor's comment on one pairing for a term,
// opened from the Pairings screen or a student's Pairings tab.
type termCommentForm struct {
	u       *ui
	pairing data.PairingRow
	terms   []data.Term
	term    *widget.Select
	comment *entry
	form    *formDialog
	loading int // the term whose comment is being read, so that a late answer for another is dropped
	// shown is the comment as text when the login may not write it (a
	// reader's, or a mentor's on another mentor's pairing): the form is
	// then to read, with Close and no Save. nil otherwise.
	shown *readOnlyText
	read  *dialog.CustomDialog
}

// showTermComment reads the terms and the current term's comment, then
// opens the form; it returns the form, whose dialog appears once read.
func (u *ui) showTermComment(p data.PairingRow) *termCommentForm {
	f := &termCommentForm{u: u, pairing: p}
	var current *data.Term
	var comment *data.TermComment
	var own int64
	u.view(func(tx *data.Tx) (err error) {
		if f.terms, err = tx.Terms(); err != nil {
			return err
		}
		if own, err = tx.OwnMentor(); err != nil {
			return err
		}
		if current, err = tx.Term(""); err != nil {
			return err
		}
		comment, err = tx.TermComment(p.ID, current.ID)
		return err
	}, func(err error) {
		if err != nil {
			u.showError("The term comment could not be opened", err)
			return
		}
		f.open(current, comment.Comment, u.writesTermComment(p, own))
	})
	return f
}

// writesTermComment says whether the login may write pairing p's term
// comments, as roles.sql lets it: a coordinator any, a mentor (whose
// own mentor is own) those of its own pairings, a reader none.
func (u *ui) writesTermComment(p data.PairingRow, own int64) bool {
	switch u.store.Role() {
	case data.RoleCoordinator:
		return true
	case data.RoleMentor:
		return own != 0 && p.MentorID == own
	}
	return false
}

func (f *termCommentForm) open(current *data.Term, text string, writes bool) {
	names := make([]string, len(f.terms))
	for i, t := range f.terms {
		names[i] = t.Name
	}
	f.term = newSelect(names, current.Name)
	f.term.OnChanged = f.onTerm
	f.comment = newNoteEntry("How the term went, what comes next")
	f.comment.SetMinRowsVisible(6)
	f.comment.SetText(text)
	shared := &widget.Label{Text: termCommentShared, Wrapping: fyne.TextWrapWord, Importance: widget.WarningImportance}
	pairing := widget.NewFormItem("Pairing", widget.NewLabel(leftToRight(f.pairing.StudentName+" with "+f.pairing.MentorName)))
	if !writes {
		// To read: the term can be changed, the comment not.
		f.shown = newReadOnlyText(f.comment)
		f.shown.show()
		who := &widget.Label{Text: "Only " + f.pairing.MentorName + ", the pairing's mentor, or a coordinator writes this comment.",
			Wrapping: fyne.TextWrapWord}
		form := formOf(pairing, widget.NewFormItem("Term", f.term), widget.NewFormItem("Term comment", f.shown), widget.NewFormItem("", who))
		f.read = dialog.NewCustom("Term comment", "Close", scrollBox(form, 500, 240), f.u.win)
		f.u.showDialog(f.read)
		return
	}
	form := formOf(pairing, widget.NewFormItem("Term", f.term), widget.NewFormItem("Term comment", f.comment), widget.NewFormItem("", shared))
	f.form = f.u.showForm("Term comment", "Save", form, map[string]*entry{"term_comment": f.comment}, f.submit, nil)
	f.u.win.Canvas().Focus(f.comment) // the comment is what the mentor came to write
}

// selected returns the term chosen, or nil.
func (f *termCommentForm) selected() *data.Term {
	if i := f.term.SelectedIndex(); i >= 0 && i < len(f.terms) {
		return &f.terms[i]
	}
	return nil
}

// onTerm shows the chosen term's comment.
func (f *termCommentForm) onTerm(string) {
	t := f.selected()
	if t == nil {
		return
	}
	f.loading++
	seq, pairingID, termID := f.loading, f.pairing.ID, t.ID
	var c *data.TermComment
	f.u.view(func(tx *data.Tx) (err error) { c, err = tx.TermComment(pairingID, termID); return }, func(err error) {
		if seq != f.loading {
			return // another term was chosen meanwhile
		}
		if err != nil {
			f.u.showError("The term comment could not be read", err)
			return
		}
		f.comment.SetText(c.Comment)
		if f.shown != nil {
			f.shown.show()
		}
	})
}

func (f *termCommentForm) submit() (func(*data.Tx) error, error) {
	t := f.selected()
	if t == nil {
		return nil, &data.Error{Code: data.EINVALID, Field: "term_comment", Message: "Choose the term the comment is for."}
	}
	c := &data.TermComment{PairingID: f.pairing.ID, TermID: t.ID, Comment: f.comment.Text}
	return func(tx *data.Tx) error { return tx.SaveTermComment(c) }, nil
}
