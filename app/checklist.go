package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"mentorbook/data"
)

// checklist is the dashboard's "Getting started" card for a school that
// started empty: each step of setting the programme up, one click from
// the place where it is done, ticked once the database shows it done. It
// hides itself once every step is done.
type checklist struct {
	u     *ui
	card  *widget.Card
	steps []*checkStep
	// complete is set once every step was seen done: the card stays
	// hidden and the database is not asked again.
	complete bool
	last     *progressOf
}

// checkStep is one line of the checklist.
type checkStep struct {
	label   string
	done    func(p *progressOf) bool
	actions []*widget.Button
	icon    *widget.Icon
	text    *widget.Label
}

// progressOf is what the checklist reads to tick its steps.
type progressOf struct {
	school          bool
	years, terms    int
	students        int
	mentors, vetted int
	consentAlerts   int
	activePairings  int
}

func newChecklist(u *ui) *checklist {
	c := &checklist{u: u}
	c.steps = []*checkStep{
		{label: "Name the school (Settings)", done: func(p *progressOf) bool { return p.school },
			actions: []*widget.Button{{Text: "Open Settings", OnTapped: c.onSchool}}},
		{label: "Add the academic year and its terms", done: func(p *progressOf) bool { return p.years > 0 && p.terms > 0 },
			actions: []*widget.Button{{Text: "Add…", OnTapped: c.onYear}}},
		{label: "Import the roster, or add students", done: func(p *progressOf) bool { return p.students > 0 },
			actions: []*widget.Button{{Text: "Import roster…", OnTapped: u.onImport}, {Text: "Add a student", OnTapped: c.onStudent}}},
		{label: "Add mentors and record their vetting checks", done: func(p *progressOf) bool { return p.vetted > 0 },
			actions: []*widget.Button{{Text: "Open Mentors", OnTapped: c.onMentors}}},
		{label: "Record the guardians' consent", done: func(p *progressOf) bool { return p.students > 0 && p.consentAlerts < p.students },
			actions: []*widget.Button{{Text: "Open Consents", OnTapped: func() { u.show(screenConsents) }}}},
		{label: "Pair students with mentors", done: func(p *progressOf) bool { return p.activePairings > 0 },
			actions: []*widget.Button{{Text: "Open Pairings", OnTapped: func() { u.show(screenPairings) }}}},
	}
	return c
}

func (c *checklist) buildUI() fyne.CanvasObject {
	rows := container.NewVBox()
	for _, s := range c.steps {
		s.icon = widget.NewIcon(theme.CheckButtonIcon())
		s.text = widget.NewLabel(s.label)
		buttons := make([]fyne.CanvasObject, len(s.actions))
		for i, b := range s.actions {
			buttons[i] = b
		}
		rows.Add(container.NewBorder(nil, nil, s.icon, container.NewHBox(buttons...), s.text))
	}
	c.card = widget.NewCard("Getting started", "Each step is ticked once it is done; the list goes when all are.", rows)
	c.card.Hide()
	return c.card
}

// refresh reads what is done and ticks the steps.
func (c *checklist) refresh() {
	if c.complete {
		return
	}
	p := &progressOf{}
	c.u.view(func(tx *data.Tx) error { return readProgress(tx, p) }, func(err error) {
		if err != nil {
			c.u.showError("The checklist could not be read", err)
			return
		}
		c.show(p)
	})
}

func readProgress(tx *data.Tx, p *progressOf) error {
	school, err := tx.School()
	if err != nil {
		return err
	}
	p.school = school.Name != ""
	years, err := tx.Years()
	if err != nil {
		return err
	}
	terms, err := tx.Terms()
	if err != nil {
		return err
	}
	p.years, p.terms = len(years), len(terms)
	if p.students, err = tx.CountStudents(); err != nil {
		return err
	}
	mentors, err := tx.Mentors("")
	if err != nil {
		return err
	}
	p.mentors = len(mentors)
	for _, m := range mentors {
		if m.Vetted {
			p.vetted++
		}
	}
	counts, err := tx.DashboardCounts(tx.Today())
	if err != nil {
		return err
	}
	p.consentAlerts, p.activePairings = counts.ConsentAlerts, counts.ActivePairings
	return nil
}

func (c *checklist) show(p *progressOf) {
	c.last = p
	all := true
	for _, s := range c.steps {
		done := s.done(p)
		all = all && done
		if done {
			s.icon.SetResource(theme.CheckButtonCheckedIcon())
			s.text.Importance = widget.SuccessImportance
		} else {
			s.icon.SetResource(theme.CheckButtonIcon())
			s.text.Importance = widget.MediumImportance
		}
		s.text.Refresh()
	}
	c.complete = all
	if all {
		c.card.Hide()
	} else {
		c.card.Show()
	}
}

func (c *checklist) onSchool() {
	c.u.show(screenSettings)
	c.u.win.Canvas().Focus(c.u.settings.name)
}

func (c *checklist) onYear() {
	c.u.show(screenSettings)
	c.u.settings.addYearOrTerm()
}

func (c *checklist) onStudent() {
	c.u.show(screenStudents)
	c.u.students.onAdd()
}

// onMentors opens the Mentors screen, and the form for the first mentor
// when there is none.
func (c *checklist) onMentors() {
	c.u.show(screenMentors)
	if c.last != nil && c.last.mentors == 0 {
		c.u.mentors.onAdd()
	}
}
