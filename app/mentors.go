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

// mentorsScreen lists mentors with their caseload and vetting, and shows
// one mentor's checks, training and mentees.
type mentorsScreen struct {
	u      *ui
	search *entry
	table  *table
	rows   []data.MentorRow
	count  *widget.Label
	today  data.Date
	// warnDays is the settings' CheckExpiryDays, read with today.
	warnDays int

	id       int64
	mentor   *data.MentorRow
	title    *widget.Label
	summary  *widget.Label
	checks   []data.Check
	training []data.Training
	mentees  []data.PairingRow
	checkT   *table
	trainT   *table
	menteeT  *table
	detail   *fyne.Container
	hint     fyne.CanvasObject
}

func newMentorsScreen(u *ui) *mentorsScreen { return &mentorsScreen{u: u} }

func (s *mentorsScreen) buildUI() fyne.CanvasObject {
	s.search = newEntry("Search by name or email")
	s.search.OnChanged = s.onSearch
	s.count = widget.NewLabel("")
	s.table = newTable([]string{"Name", "Role", "Mentees", "Vetted until", "Training"}, []float32{2.2, 1.2, 1, 1.3, 1},
		func() int { return len(s.rows) }, s.cells)
	s.table.warn = s.warn
	s.table.onSelected = s.onSelected
	add := &widget.Button{Text: "Add mentor", Icon: theme.ContentAddIcon(), Importance: widget.HighImportance, OnTapped: s.onAdd}
	left := topFirst(container.NewVBox(container.NewBorder(nil, nil, nil, add, s.search), s.count), nil, s.table.object())

	s.title, s.summary = heading(""), widget.NewLabel("")
	s.summary.Wrapping = fyne.TextWrapWord
	s.checkT = newTable([]string{"Check", "Reference", "Checked", "Expires"}, []float32{2, 1.5, 1.2, 1.2},
		func() int { return len(s.checks) }, s.checkCells)
	s.checkT.warn = s.checkWarn
	s.trainT = newTable([]string{"Training", "Date", "Hours"}, []float32{3, 1.2, 0.8},
		func() int { return len(s.training) }, s.trainingCells)
	s.menteeT = newTable([]string{"Mentee", "Since", "Status", "Last met"}, []float32{2.2, 1.2, 1, 1.2},
		func() int { return len(s.mentees) }, s.menteeCells)
	s.menteeT.onSelected = s.onMenteeSelected
	buttons := container.NewHBox(
		&widget.Button{Text: "Edit mentor…", Icon: theme.DocumentCreateIcon(), OnTapped: s.onEdit},
		&widget.Button{Text: "Add vetting check…", Icon: theme.ContentAddIcon(), OnTapped: s.onAddCheck},
		&widget.Button{Text: "Add training…", Icon: theme.ContentAddIcon(), OnTapped: s.onAddTraining},
		&widget.Button{Text: "Meetings", Icon: theme.HistoryIcon(), OnTapped: s.onMeetings},
	)
	tabs := container.NewAppTabs(
		container.NewTabItem("Vetting checks", s.checkT.object()),
		container.NewTabItem("Training", s.trainT.object()),
		container.NewTabItem("Mentees", s.menteeT.object()),
	)
	s.detail = container.NewBorder(container.NewVBox(s.title, s.summary, buttons), nil, nil, nil, tabs)
	s.detail.Hide()
	s.hint = container.NewCenter(widget.NewLabel("Choose a mentor on the left."))
	split := container.NewHSplit(left, container.NewPadded(container.NewStack(s.hint, s.detail)))
	split.Offset = 0.5
	return split
}

func (s *mentorsScreen) cells(i int) []string {
	r := s.rows[i]
	vetted := "not vetted"
	if r.Vetted {
		vetted = "no expiry"
		if !r.CheckExpiry.IsZero() {
			vetted = s.u.day(r.CheckExpiry)
		}
	}
	name := r.Name
	if !r.Active {
		name += " (inactive)"
	}
	return []string{name, r.Role, fmt.Sprintf("%d of %d", r.Mentees, r.Capacity), vetted, fmt.Sprintf("%.1f h", r.TrainingHrs)}
}

// warn marks a caseload over capacity, or vetting that is missing or expires soon.
func (s *mentorsScreen) warn(i int) int {
	r := s.rows[i]
	switch {
	case r.Mentees > r.Capacity:
		return 2
	case r.Active && (!r.Vetted || s.expiresSoon(r.CheckExpiry)):
		return 3
	}
	return -1
}

// expiresSoon is the vetting rule's "expiring": within the settings'
// CheckExpiryDays of today, as the dashboard's alert says.
func (s *mentorsScreen) expiresSoon(d data.Date) bool {
	return !d.IsZero() && !d.After(s.today.AddDays(s.warnDays))
}

func (s *mentorsScreen) refresh() {
	s.query()
	if s.id != 0 {
		s.open(s.id)
	}
}

func (s *mentorsScreen) onSearch(string) { s.query() }

func (s *mentorsScreen) query() {
	if s.table == nil {
		return
	}
	q := s.search.Text
	var rows []data.MentorRow
	var today data.Date
	var set *data.Settings
	s.u.view(func(tx *data.Tx) (err error) {
		today = tx.Today()
		if set, err = tx.Settings(); err != nil {
			return err
		}
		rows, err = tx.Mentors(q)
		return
	}, func(err error) {
		if err != nil {
			s.u.showError("The mentors could not be loaded", err)
			return
		}
		if q != s.search.Text {
			return // the person typed on; a newer query follows
		}
		s.rows, s.today, s.warnDays = rows, today, set.CheckExpiryDays
		s.table.refresh()
		s.count.SetText(countOf(len(rows), "mentor"))
		if s.id == 0 && len(rows) > 0 {
			s.table.list.Select(0) // open on the first mentor rather than an empty half
		}
	})
}

func (s *mentorsScreen) onSelected(i int) {
	if i < len(s.rows) {
		s.open(s.rows[i].ID)
	}
}

// open shows one mentor's detail.
func (s *mentorsScreen) open(id int64) {
	var m *data.MentorRow
	var checks []data.Check
	var training []data.Training
	var mentees []data.PairingRow
	s.u.view(func(tx *data.Tx) error {
		rows, err := tx.Mentors("")
		if err != nil {
			return err
		}
		for i := range rows {
			if rows[i].ID == id {
				m = &rows[i]
			}
		}
		if m == nil {
			return data.Errorf(data.ENOTFOUND, "That mentor does not exist.")
		}
		if checks, err = tx.Checks(id); err != nil {
			return err
		}
		if training, err = tx.TrainingOf(id); err != nil {
			return err
		}
		mentees, err = tx.Pairings(data.PairingFilter{MentorID: id})
		return err
	}, func(err error) {
		if err != nil {
			s.u.showError("The mentor could not be opened", err)
			return
		}
		s.id, s.mentor, s.checks, s.training, s.mentees = id, m, checks, training, mentees
		s.fill()
	})
}

func (s *mentorsScreen) fill() {
	m := s.mentor
	s.title.SetText(leftToRight(m.Name))
	parts := []string{strings.ToUpper(m.Role[:1]) + m.Role[1:], fmt.Sprintf("%d of %d mentees", m.Mentees, m.Capacity),
		fmt.Sprintf("%.1f hours of training", m.TrainingHrs)}
	for _, contact := range []string{m.Email, m.Phone} {
		if contact != "" {
			parts = append(parts, contact)
		}
	}
	if !m.Vetted {
		parts = append(parts, "NOT VETTED: cannot be given a new pairing")
	}
	text := strings.Join(parts, "  ·  ")
	if m.Interests != "" {
		text += "\nInterests: " + m.Interests
	}
	if m.Languages != "" {
		text += "\nLanguages: " + m.Languages
	}
	s.summary.SetText(text)
	s.checkT.refresh()
	s.trainT.refresh()
	s.menteeT.refresh()
	s.hint.Hide()
	s.detail.Show()
}

func (s *mentorsScreen) checkCells(i int) []string {
	c := s.checks[i]
	exp := s.u.day(c.ExpiresOn)
	if c.ExpiresOn.IsZero() {
		exp = "does not expire"
	}
	return []string{c.Kind, c.Reference, s.u.day(c.CheckedOn), exp}
}

func (s *mentorsScreen) checkWarn(i int) int {
	if s.expiresSoon(s.checks[i].ExpiresOn) {
		return 3
	}
	return -1
}

func (s *mentorsScreen) trainingCells(i int) []string {
	t := s.training[i]
	return []string{t.Title, s.u.day(t.HeldOn), fmt.Sprintf("%.1f", t.Hours)}
}

func (s *mentorsScreen) menteeCells(i int) []string {
	p := s.mentees[i]
	return []string{p.StudentName, s.u.day(p.Start), p.Status, s.u.day(p.LastMeeting)}
}

func (s *mentorsScreen) onMenteeSelected(i int) {
	if i < len(s.mentees) {
		s.u.show(screenStudents)
		s.u.students.open(s.mentees[i].StudentID, tabPairings)
	}
}

// onMeetings lists the mentor's meetings, each of which opens.
func (s *mentorsScreen) onMeetings() {
	if s.mentor != nil {
		s.u.show(screenMeetings)
		s.u.meetings.showMentor(s.mentor.ID, s.mentor.Name)
	}
}

func (s *mentorsScreen) onAdd() {
	s.showMentorForm(&data.Mentor{Role: data.MentorRoles[0], Capacity: 3, Active: true})
}

func (s *mentorsScreen) onEdit() {
	if s.mentor != nil {
		m := s.mentor.Mentor
		s.showMentorForm(&m)
	}
}

func (s *mentorsScreen) showMentorForm(m *data.Mentor) {
	name, email, phone, interests, languages, capacity, avail := newEntry(""), newEntry(""), newEntry(""),
		newEntry("comma-separated"), newEntry("comma-separated"), newEntry(""), newNoteEntry("")
	name.SetText(m.Name)
	email.SetText(m.Email)
	phone.SetText(m.Phone)
	interests.SetText(m.Interests)
	languages.SetText(m.Languages)
	capacity.SetText(fmt.Sprint(m.Capacity))
	avail.SetText(m.Availability)
	role := newSelect(data.MentorRoles, m.Role)
	active := widget.NewCheck("Active", nil)
	active.SetChecked(m.Active)
	if m.ID != 0 && m.Active {
		active.OnChanged = func(on bool) {
			if !on {
				s.confirmInactive(m, active)
			}
		}
	}
	form := formOf(widget.NewFormItem("Name", name), widget.NewFormItem("Role", role), widget.NewFormItem("Email", email),
		widget.NewFormItem("Phone", phone), widget.NewFormItem("Interests", interests), widget.NewFormItem("Languages", languages),
		widget.NewFormItem("Capacity (mentees)", capacity), widget.NewFormItem("Availability", avail), widget.NewFormItem("", active))
	submit := func() (func(*data.Tx) error, error) {
		x := *m
		x.Name, x.Role, x.Email, x.Phone = strings.TrimSpace(name.Text), role.Selected, strings.TrimSpace(email.Text), strings.TrimSpace(phone.Text)
		x.Interests, x.Languages, x.Availability, x.Active = strings.TrimSpace(interests.Text), strings.TrimSpace(languages.Text), avail.Text, active.Checked
		var err error
		if x.Capacity, err = capacity.number("Capacity", "capacity"); err != nil {
			return nil, err
		}
		return func(tx *data.Tx) error {
			if x.ID == 0 {
				return tx.CreateMentor(&x)
			}
			return tx.UpdateMentor(&x)
		}, nil
	}
	fd := s.u.showForm("Mentor", "Save", form, map[string]*entry{"name": name, "email": email, "phone": phone,
		"interests": interests, "languages": languages, "capacity": capacity, "availability": avail}, submit, nil)
	if m.ID != 0 {
		fd.reload = func() { s.reloadForm(m.ID) }
	}
}

// reloadForm opens the mentor form again with the mentor as now saved,
// after a save refused because someone else saved them meanwhile, and
// shows that change on the screen.
func (s *mentorsScreen) reloadForm(id int64) {
	var m *data.Mentor
	s.u.view(func(tx *data.Tx) (err error) {
		m, err = tx.Mentor(id)
		return
	}, func(err error) {
		if err != nil {
			s.u.showError("The mentor could not be read", err)
			return
		}
		s.refresh()
		s.showMentorForm(m)
	})
}

// confirmInactive asks before a mentor with open pairings is made
// inactive: saving closes those pairings today, "mentor left".
func (s *mentorsScreen) confirmInactive(m *data.Mentor, active *widget.Check) {
	var open []data.PairingRow
	s.u.view(func(tx *data.Tx) (err error) {
		open, err = tx.Pairings(data.PairingFilter{MentorID: m.ID, Status: "open"})
		return err
	}, func(err error) {
		if err != nil {
			s.u.showError("The mentor's pairings could not be read", err)
			active.SetChecked(true)
			return
		}
		if len(open) == 0 {
			return
		}
		msg := leftToRight(m.Name + " has " + countOf(len(open), "open pairing") + ":\n" + s.u.pairingList(open, true) +
			"\n\nSaving closes them today with the reason \"" + data.ReasonMentorLeft + "\".")
		s.u.showDialog(dialog.NewConfirm("Make "+m.Name+" inactive?", msg, func(ok bool) {
			if !ok {
				active.SetChecked(true)
			}
		}, s.u.win))
	})
}

// pairingList names open pairings one a line, by the other person.
func (u *ui) pairingList(ps []data.PairingRow, byStudent bool) string {
	lines := make([]string, 0, len(ps))
	for _, p := range ps {
		who := "with " + p.MentorName
		if byStudent {
			who = p.StudentName + " (" + p.StudentSchool + ")"
		}
		lines = append(lines, leftToRight("• "+who+", "+p.Status+" since "+u.day(p.Start)))
	}
	return strings.Join(lines, "\n")
}

func (s *mentorsScreen) onAddCheck() {
	if s.mentor == nil {
		return
	}
	kind, ref, by, on, exp := newEntry("DBS, background check, WWCC…"), newEntry(""), newEntry(""), s.u.newDateEntry(), s.u.newDateEntry()
	setDate(on, s.today)
	exp.PlaceHolder += "; empty if it does not expire"
	form := formOf(widget.NewFormItem("Check type", kind), widget.NewFormItem("Reference", ref), widget.NewFormItem("Checked by", by),
		widget.NewFormItem("Date checked", on), widget.NewFormItem("Expiry", exp))
	id := s.mentor.ID
	submit := func() (func(*data.Tx) error, error) {
		c := &data.Check{MentorID: id, Kind: strings.TrimSpace(kind.Text), Reference: strings.TrimSpace(ref.Text), CheckedBy: strings.TrimSpace(by.Text)}
		var err error
		if c.CheckedOn, err = on.date("Date checked", "checked_on"); err != nil {
			return nil, err
		}
		if c.ExpiresOn, err = exp.date("Expiry", "expires_on"); err != nil {
			return nil, err
		}
		return func(tx *data.Tx) error { return tx.AddCheck(c) }, nil
	}
	s.u.showForm("Add a vetting check", "Save", form, map[string]*entry{"kind": kind, "reference": ref, "checked_by": by,
		"checked_on": on, "expires_on": exp}, submit, nil)
}

func (s *mentorsScreen) onAddTraining() {
	if s.mentor == nil {
		return
	}
	title, on, hours := newEntry(""), s.u.newDateEntry(), newEntry("e.g. 1.5")
	setDate(on, s.today)
	form := formOf(widget.NewFormItem("Training", title), widget.NewFormItem("Date", on), widget.NewFormItem("Hours", hours))
	id := s.mentor.ID
	submit := func() (func(*data.Tx) error, error) {
		t := &data.Training{MentorID: id, Title: strings.TrimSpace(title.Text)}
		var err error
		if t.HeldOn, err = on.date("Date", "held_on"); err != nil {
			return nil, err
		}
		if _, err := fmt.Sscan(strings.ReplaceAll(hours.Text, ",", "."), &t.Hours); err != nil {
			return nil, &data.Error{Code: data.EINVALID, Field: "hours", Message: "Hours must be a number, such as 1.5."}
		}
		return func(tx *data.Tx) error { return tx.AddTraining(t) }, nil
	}
	s.u.showForm("Add training", "Save", form, map[string]*entry{"title": title, "held_on": on, "hours": hours}, submit, nil)
}
