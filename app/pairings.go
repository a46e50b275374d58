package app

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"mentorbook/data"
)

var pairingStatusChoices = []string{"Open (proposed, active, paused)", "Active", "Paused", "Proposed", "Closed", "All"}

// pairingsScreen lists pairings, pauses, resumes and closes them, and
// makes new ones with the matching assistant.
type pairingsScreen struct {
	u        *ui
	search   *entry
	seq      int
	status   *widget.Select
	table    *table
	rows     []data.PairingRow
	count    *widget.Label
	selected int
	pause    *widget.Button
	resume   *widget.Button
	close    *widget.Button
	comment  *widget.Button

	create *pairingCreate

	// closeForm and closeReason are the open close dialog, for tests.
	closeForm   *formDialog
	closeReason *widget.Select
	termComment *termCommentForm // the term comment form last opened
}

func newPairingsScreen(u *ui) *pairingsScreen {
	s := &pairingsScreen{u: u, selected: -1}
	s.create = newPairingCreate(u, s)
	return s
}

func (s *pairingsScreen) buildUI() fyne.CanvasObject {
	s.status = newSelect(pairingStatusChoices, pairingStatusChoices[0])
	s.status.OnChanged = s.onStatus
	s.search = newEntry("Search by student, school ID or mentor")
	s.search.OnChanged = s.onStatus
	s.count = widget.NewLabel("")
	s.table = newTable([]string{"Mentee", "Mentor", "Started", "Status", "Last met", "Closed"}, []float32{1.7, 1.5, 1.2, 1.2, 1.2, 1.4},
		func() int { return len(s.rows) }, s.cells)
	s.table.onSelected = s.onSelected
	s.pause = &widget.Button{Text: "Pause", Icon: theme.MediaPauseIcon(), OnTapped: s.onPause}
	s.resume = &widget.Button{Text: "Resume", Icon: theme.MediaPlayIcon(), OnTapped: s.onResume}
	s.close = &widget.Button{Text: "Close pairing…", Icon: theme.CancelIcon(), OnTapped: s.onClose}
	s.comment = &widget.Button{Text: "Term comment…", Icon: theme.DocumentCreateIcon(), OnTapped: s.onTermComment}
	s.enable()
	top := container.NewVBox(heading("Pairings"), s.search, container.NewBorder(nil, nil, nil, s.count, s.status))
	bottom := buttonRow(s.pause, s.resume, s.close, s.comment)
	list := topFirst(top, bottom, s.table.object())
	if !s.u.isCoordinator() {
		// Only a coordinator makes, pauses and closes pairings; a mentor
		// writes the term comments of its own.
		s.pause.Hide()
		s.resume.Hide()
		s.close.Hide()
		if s.u.store.Role() != data.RoleMentor {
			s.comment.Hide()
		}
		return list
	}
	split := container.NewHSplit(container.NewPadded(list), container.NewPadded(s.create.buildUI()))
	split.Offset = 0.62
	return split
}

func (s *pairingsScreen) cells(i int) []string {
	p := s.rows[i]
	closed := ""
	if p.Status == data.PairingClosed {
		reason := p.Closure.Reason
		if reason == data.ReasonOther {
			reason = p.Closure.Other
		}
		closed = s.u.day(p.Closure.On) + " " + reason
	}
	return []string{p.StudentName, p.MentorName, s.u.day(p.Start), p.Status, s.u.day(p.LastMeeting), closed}
}

func (s *pairingsScreen) refresh() {
	s.query()
}

func (s *pairingsScreen) onStatus(string) { s.query() }

func (s *pairingsScreen) query() {
	if s.table == nil {
		return
	}
	f := data.PairingFilter{Status: map[string]string{pairingStatusChoices[0]: "open", pairingStatusChoices[1]: data.PairingActive,
		pairingStatusChoices[2]: data.PairingPaused, pairingStatusChoices[3]: data.PairingProposed, pairingStatusChoices[4]: data.PairingClosed}[s.status.Selected],
		Query: s.search.Text}
	s.seq++
	seq := s.seq
	var rows []data.PairingRow
	s.u.view(func(tx *data.Tx) (err error) { rows, err = tx.Pairings(f); return }, func(err error) {
		if seq != s.seq {
			return // typing went on: a newer search is on its way
		}
		if err != nil {
			s.u.showError("The pairings could not be loaded", err)
			return
		}
		s.rows = rows
		s.selected = -1
		s.table.refresh()
		s.enable()
		s.count.SetText(countOf(len(rows), "pairing"))
	})
}

func (s *pairingsScreen) onSelected(i int) {
	s.selected = i
	s.enable()
}

func (s *pairingsScreen) current() *data.PairingRow {
	if s.selected < 0 || s.selected >= len(s.rows) {
		return nil
	}
	return &s.rows[s.selected]
}

// enable offers only the moves the chosen pairing's status allows.
func (s *pairingsScreen) enable() {
	p := s.current()
	setEnabled(p != nil && p.Status == data.PairingActive, s.pause)
	setEnabled(p != nil && (p.Status == data.PairingPaused || p.Status == data.PairingProposed), s.resume)
	setEnabled(p != nil && p.Status != data.PairingClosed, s.close)
	setEnabled(p != nil && p.Status != data.PairingProposed, s.comment)
}

// onTermComment opens the mentor's comment on the chosen pairing for a
// term (term_comment.go): a closed pairing's last term may need one too.
func (s *pairingsScreen) onTermComment() {
	if p := s.current(); p != nil {
		s.termComment = s.u.showTermComment(*p)
	}
}

func (s *pairingsScreen) onPause()  { s.setStatus(data.PairingPaused) }
func (s *pairingsScreen) onResume() { s.setStatus(data.PairingActive) }

func (s *pairingsScreen) setStatus(status string) {
	p := s.current()
	if p == nil {
		return
	}
	id, version := p.ID, p.Version
	s.u.update(func(tx *data.Tx) error { return tx.SetPairingStatus(id, version, status) }, s.changed)
}

func (s *pairingsScreen) changed(err error) {
	if err != nil {
		s.u.showError("The pairing was not changed", err)
		return
	}
	s.query()
}

// onClose asks for the closure's date, reason and note.
func (s *pairingsScreen) onClose() {
	p := s.current()
	if p == nil {
		return
	}
	on, other, note := s.u.newDateEntry(), newEntry("the reason in words"), newNoteEntry("")
	setDate(on, data.DateOf(s.u.store.Now()))
	reason := newSelect(data.ClosureReasons, data.ReasonGoalsMet)
	sharing := widget.NewRadioGroup([]string{noteShared, noteConfidential}, nil)
	sharing.Required = true
	sharing.SetSelected(noteConfidential)
	form := formOf(widget.NewFormItem("Pairing", widget.NewLabel(leftToRight(p.StudentName+" with "+p.MentorName))),
		widget.NewFormItem("Closure date", on), widget.NewFormItem("Reason", reason), widget.NewFormItem("Other reason", other),
		widget.NewFormItem("Closing note", container.NewVBox(note, sharing)))
	id, version := p.ID, p.Version
	submit := func() (func(*data.Tx) error, error) {
		cl := data.Closure{Reason: reason.Selected, Note: note.Text, NoteConfidential: sharing.Selected == noteConfidential}
		if cl.Reason == data.ReasonOther {
			cl.Other = strings.TrimSpace(other.Text)
		}
		var err error
		if cl.On, err = on.date("Closure date", "closed_on"); err != nil {
			return nil, err
		}
		return func(tx *data.Tx) error { return tx.ClosePairing(id, version, cl) }, nil
	}
	s.closeForm = s.u.showForm("Close the pairing", "Close pairing", form,
		map[string]*entry{"closed_on": on, "reason_other": other, "closing_note": note}, submit, s.query)
	s.closeReason = reason
}
