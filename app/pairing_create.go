package app

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"mentorbook/data"
)

// pairingCreate makes a pairing: choose the student, read the matching
// assistant's ranked mentors and their reasons, see what would block the
// pairing, then save. Nothing is matched automatically.
type pairingCreate struct {
	u       *ui
	screen  *pairingsScreen
	picker  *picker
	student pickItem

	matches  []data.Match
	table    *table
	chosen   int
	reasons  *widget.Label
	blockers *widget.Label
	start    *entry
	status   *widget.Select
	errs     *fieldErrors
	save     *widget.Button
}

func newPairingCreate(u *ui, s *pairingsScreen) *pairingCreate {
	c := &pairingCreate{u: u, screen: s, chosen: -1}
	c.picker = newStudentPicker(u)
	c.picker.onChosen = c.onStudent
	return c
}

func (c *pairingCreate) buildUI() fyne.CanvasObject {
	c.table = newTable([]string{"Suggested mentor", "Score", "Mentees"}, []float32{2.5, 0.7, 1},
		func() int { return len(c.matches) }, c.cells)
	c.table.onSelected = c.onMentor
	c.reasons = widget.NewLabel("")
	c.reasons.Wrapping = fyne.TextWrapWord
	c.blockers = widget.NewLabel("")
	c.blockers.Wrapping = fyne.TextWrapWord
	c.blockers.Importance = widget.DangerImportance
	c.start = c.u.newDateEntry()
	setDate(c.start, data.DateOf(c.u.store.Now()))
	c.status = newSelect([]string{data.PairingActive, data.PairingProposed}, data.PairingActive)
	c.errs = newFieldErrors(map[string]*entry{"start": c.start, "planned_end": c.start})
	c.save = &widget.Button{Text: "Create pairing", Icon: theme.ContentAddIcon(), Importance: widget.HighImportance, OnTapped: c.onSave}
	c.save.Disable()
	form := widget.NewForm(widget.NewFormItem("Start date", c.start), widget.NewFormItem("Status", c.status))
	top := container.NewVBox(heading("New pairing"), widget.NewLabel("1. Choose the student"), c.picker.buildUI(),
		widget.NewLabel("2. Choose a mentor: eligible mentors, best match first"))
	bottom := container.NewVBox(c.reasons, c.blockers, form, c.errs.status, container.NewHBox(c.save))
	return topFirst(top, bottom, c.table.object())
}

func (c *pairingCreate) cells(i int) []string {
	m := c.matches[i]
	return []string{m.Mentor.Name, fmt.Sprint(m.Score), fmt.Sprintf("%d of %d", m.Mentor.Mentees, m.Mentor.Capacity)}
}

// openCreate starts a pairing for a student chosen elsewhere.
func (s *pairingsScreen) openCreate(studentID int64, name string) {
	s.create.picker.choose(pickItem{ID: studentID, Name: name})
}

func (c *pairingCreate) onStudent(r pickItem) {
	c.student = r
	c.chosen = -1
	c.reasons.SetText("")
	c.blockers.SetText("")
	c.save.Disable()
	if r.ID == 0 {
		c.matches = nil
		c.table.refresh()
		return
	}
	var matches []data.Match
	c.u.view(func(tx *data.Tx) (err error) { matches, err = tx.MatchMentors(r.ID); return }, func(err error) {
		if err != nil {
			c.u.showError("The matching assistant could not rank mentors", err)
			return
		}
		c.matches = matches
		c.table.refresh()
		if len(matches) == 0 {
			c.reasons.SetText("No mentor is active, vetted and under capacity.")
		}
	})
}

// onMentor shows why the mentor ranks where it does and what, if
// anything, stands in the way, before anything is saved.
func (c *pairingCreate) onMentor(i int) {
	if i >= len(c.matches) {
		return
	}
	c.chosen = i
	m := c.matches[i]
	c.reasons.SetText("Why " + m.Mentor.Name + ": " + strings.Join(m.Reasons, "; ") + ".")
	studentID, mentorID := c.student.ID, m.Mentor.ID
	var blockers []string
	var taken error
	c.u.view(func(tx *data.Tx) (err error) {
		if taken = tx.OpenPairingConflict(studentID, mentorID); data.ErrorCode(taken) != data.ECONFLICT {
			taken = nil
		}
		blockers, err = tx.PairingBlockers(studentID, mentorID)
		return
	}, func(err error) {
		if err != nil {
			c.u.showError("The pairing could not be checked", err)
			return
		}
		c.showBlockers(blockers, taken)
	})
}

// showBlockers says what stands in the way. Two open pairings of the same
// student and mentor are never allowed, so that one leaves Save disabled;
// the rest only stop the pairing from being active.
func (c *pairingCreate) showBlockers(blockers []string, taken error) {
	if taken != nil {
		c.blockers.SetText(data.ErrorMessage(taken))
		return
	}
	c.save.Enable()
	if len(blockers) == 0 {
		c.blockers.SetText("")
		return
	}
	c.blockers.SetText("Cannot be made active yet:\n• " + strings.Join(blockers, "\n• ") + "\nYou can still save it as proposed.")
	c.status.SetSelected(data.PairingProposed)
}

func (c *pairingCreate) onSave() {
	if c.chosen < 0 || c.student.ID == 0 {
		return
	}
	start, err := c.start.date("Start date", "start")
	if err != nil {
		c.errs.show(err)
		return
	}
	p := &data.Pairing{StudentID: c.student.ID, MentorID: c.matches[c.chosen].Mentor.ID, Start: start, Status: c.status.Selected}
	c.save.Disable()
	c.u.update(func(tx *data.Tx) error { return tx.CreatePairing(p) }, func(err error) {
		c.save.Enable()
		if err != nil {
			if !c.errs.show(err) {
				c.u.showError("The pairing was not created", err)
			}
			return
		}
		c.errs.done(fmt.Sprintf("Paired %s with %s (%s).", c.student.Name, c.matches[c.chosen].Mentor.Name, p.Status))
		c.screen.query()
		c.onStudent(c.student)
	})
}
