package app

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"mentorbook/data"
)

// settingsScreen edits the school's letterhead, its academic years and
// terms, and the programme-health thresholds.
type settingsScreen struct {
	u *ui

	school  *data.School
	name    *entry
	address *entry
	phone   *entry
	email   *entry
	// coordinator is the programme coordinator's name, which consent
	// letters sign with.
	coordinator *entry
	paper       *widget.Select
	dates       *widget.Select
	sortLang    *widget.Select // the language whose alphabet orders names in reports
	saveSchool  *widget.Button
	logo        *widget.Label
	errs        *fieldErrors

	years     []data.Year
	terms     []data.Term
	termTable *table

	health      *data.Settings
	thresholds  []*entry
	checkTypes  *entry
	rules       *widget.Label // each rule in plain words, with the saved thresholds
	healthErrs  *fieldErrors
	healthSaved *widget.Button

	logins *loginsCard // on a PostgreSQL database only
}

func newSettingsScreen(u *ui) *settingsScreen { return &settingsScreen{u: u, school: &data.School{}} }

// thresholdLabels follow the order of thresholdFields.
var thresholdLabels = []string{"Alert after days without a meeting", "Meetings a week", "Minutes a month",
	"Check-ins in the first month", "Check-ins a month after that", "Planned length of a pairing (months)",
	"Warn days before consent expires", "Warn days before a vetting check expires",
	"Years after leaving before a student is offered for erasure"}

var thresholdKeys = []string{"no_meeting_days", "weekly_meetings", "monthly_minutes", "first_month_checkins",
	"monthly_checkins", "commitment_months", "consent_expiry_days", "check_expiry_days", "erase_after_years"}

func thresholdFields(s *data.Settings) []*int {
	return []*int{&s.NoMeetingDays, &s.WeeklyMeetings, &s.MonthlyMinutes, &s.FirstMonthCheckins,
		&s.MonthlyCheckins, &s.CommitmentMonths, &s.ConsentExpiryDays, &s.CheckExpiryDays, &s.EraseAfterYears}
}

func (s *settingsScreen) buildUI() fyne.CanvasObject {
	s.name, s.address = newEntry(""), newNoteEntry("")
	s.phone, s.email, s.coordinator = newEntry(""), newEntry(""), newEntry("the name consent letters are signed with")
	s.paper = newSelect([]string{"A4", "Letter"}, "A4")
	s.dates = newSelect(dateFormatChoices(), dateFormatChoice(data.DateISO))
	s.sortLang = newSelect(languageChoices(), languageChoice("en"))
	s.logo = widget.NewLabel("No logo")
	s.errs = newFieldErrors(map[string]*entry{"name": s.name, "address": s.address, "phone": s.phone, "email": s.email,
		"coordinator": s.coordinator})
	chooseLogo := &widget.Button{Text: "Choose logo…", Icon: theme.FileImageIcon(), OnTapped: s.onChooseLogo}
	clearLogo := &widget.Button{Text: "Remove", OnTapped: s.onClearLogo}
	s.saveSchool = &widget.Button{Text: "Save school", Icon: theme.DocumentSaveIcon(), Importance: widget.HighImportance, OnTapped: s.onSaveSchool}
	school := widget.NewCard("School", "Printed at the top of every report; letters give the contacts", container.NewVBox(
		widget.NewForm(widget.NewFormItem("Name", s.name), widget.NewFormItem("Address", s.address),
			widget.NewFormItem("Phone", s.phone), widget.NewFormItem("Email", s.email),
			widget.NewFormItem("Programme coordinator", s.coordinator),
			widget.NewFormItem("Paper size", s.paper), widget.NewFormItem("Dates", s.dates),
			widget.NewFormItem("Sort names as in", s.sortLang), widget.NewFormItem("Logo", container.NewHBox(s.logo, chooseLogo, clearLogo))),
		s.errs.status, container.NewHBox(s.saveSchool)))

	s.termTable = newTable([]string{"Term", "Year", "Starts", "Ends"}, []float32{2, 1.2, 1, 1},
		func() int { return len(s.terms) }, s.termCells)
	addYear := &widget.Button{Text: "Add academic year…", Icon: theme.ContentAddIcon(), OnTapped: s.onAddYear}
	addTerm := &widget.Button{Text: "Add term…", Icon: theme.ContentAddIcon(), OnTapped: s.onAddTerm}
	terms := widget.NewCard("Academic years and terms", "Reports and the title bar use the term that contains today",
		container.NewBorder(nil, container.NewHBox(addYear, addTerm), nil, nil, container.NewGridWrap(fyne.NewSize(520, 200), s.termTable.object())))

	form := widget.NewForm()
	var fields = map[string]*entry{}
	for i, label := range thresholdLabels {
		e := newEntry("")
		s.thresholds = append(s.thresholds, e)
		fields[thresholdKeys[i]] = e
		form.Append(label, e)
	}
	s.checkTypes = newEntry("e.g. DBS, Safeguarding training")
	fields["required_checks"] = s.checkTypes
	form.Append("Check types every mentor needs", s.checkTypes)
	s.healthErrs = newFieldErrors(fields)
	s.healthSaved = &widget.Button{Text: "Save thresholds", Icon: theme.DocumentSaveIcon(), Importance: widget.HighImportance, OnTapped: s.onSaveHealth}
	defaults := &widget.Button{Text: "Restore defaults", OnTapped: s.onDefaults}
	s.rules = &widget.Label{Wrapping: fyne.TextWrapWord}
	health := widget.NewCard("Programme health", "What the dashboard, alerts and reports check",
		container.NewVBox(form, s.healthErrs.status, container.NewHBox(s.healthSaved, defaults),
			widget.NewSeparator(), &widget.Label{Text: "The rules as they stand", TextStyle: fyne.TextStyle{Bold: true}}, s.rules))

	database := widget.NewCard("Database", "Where the school's records are kept", s.databaseInfo())
	left := container.NewVBox(school, terms, database)
	right := container.NewVBox(health)
	if s.u.onServer() {
		s.logins = newLoginsCard(s.u)
		right.Add(s.logins.buildUI())
	} else {
		right.Add(&widget.Label{Wrapping: fyne.TextWrapWord, TextStyle: fyne.TextStyle{Italic: true},
			Text: "Logins and roles exist only on a shared PostgreSQL database; a database file is one person's."})
	}
	return container.NewVScroll(container.NewPadded(container.NewGridWithColumns(2, left, right)))
}

// databaseInfo says where the records are, as whom they are changed on a
// server (the audit log's name), and how they are backed up.
func (s *settingsScreen) databaseInfo() fyne.CanvasObject {
	path := s.u.store.Path()
	text := "File: " + path + "\n\nAutomatic backups: once a day while Mentorbook is open, into the backups folder beside the file. File ▸ Backup makes one now."
	if data.IsPostgres(path) {
		server, _ := data.ServerOf(path)
		text = "Server: " + server + "\nLogin: " + s.u.store.User + " (the name the audit log records)\n\n" +
			"Automatic backups are off: the server's own backups are its administrator's (IT). " +
			"A snapshot of the school in a file: File ▸ Encrypted backup…, or mentorbook --db URL backup --out FILE"
	}
	return &widget.Label{Text: text, Wrapping: fyne.TextWrapWord}
}

func (s *settingsScreen) termCells(i int) []string {
	t := s.terms[i]
	year := ""
	for _, y := range s.years {
		if y.ID == t.YearID {
			year = y.Name
		}
	}
	return []string{t.Name, year, s.u.day(t.Start), s.u.day(t.End)}
}

func (s *settingsScreen) refresh() {
	if s.logins != nil {
		s.logins.refresh()
	}
	var school *data.School
	var years []data.Year
	var terms []data.Term
	var health *data.Settings
	var dates data.DateFormat
	var sortLang string
	s.u.view(func(tx *data.Tx) error {
		var err error
		if school, err = tx.School(); err != nil {
			return err
		}
		if dates, err = tx.DateFormat(); err != nil {
			return err
		}
		tag, err := tx.SortLanguage()
		if err != nil {
			return err
		}
		sortLang = tag.String()
		if years, err = tx.Years(); err != nil {
			return err
		}
		if terms, err = tx.Terms(); err != nil {
			return err
		}
		health, err = tx.Settings()
		return err
	}, func(err error) {
		if err != nil {
			s.u.showError("The settings could not be loaded", err)
			return
		}
		s.school, s.years, s.terms, s.health = school, years, terms, health
		s.dates.SetSelected(dateFormatChoice(dates))
		s.showSortLanguage(sortLang)
		s.fill()
	})
}

func (s *settingsScreen) fill() {
	s.name.SetText(s.school.Name)
	s.address.SetText(s.school.Address)
	s.phone.SetText(s.school.Phone)
	s.email.SetText(s.school.Email)
	s.coordinator.SetText(s.school.Coordinator)
	if s.school.Paper != "" {
		s.paper.SetSelected(s.school.Paper)
	}
	s.showLogo()
	s.termTable.refresh()
	s.fillHealth(s.health)
}

func (s *settingsScreen) fillHealth(h *data.Settings) {
	for i, v := range thresholdFields(h) {
		s.thresholds[i].SetText(fmt.Sprint(*v))
	}
	s.checkTypes.SetText(h.RequiredChecks)
	s.showRules()
}

// showRules states the saved rules, so that what is written is what the
// dashboard applies.
func (s *settingsScreen) showRules() {
	if s.health == nil {
		return
	}
	s.rules.SetText("• " + strings.Join(s.health.Rules(), "\n• "))
}

func (s *settingsScreen) showLogo() {
	if len(s.school.Logo) == 0 {
		s.logo.SetText("No logo")
		return
	}
	s.logo.SetText(fmt.Sprintf("%s logo, %d KB", strings.ToUpper(s.school.LogoType), len(s.school.Logo)/1024))
}

func (s *settingsScreen) onSaveSchool() {
	x := *s.school
	x.Name, x.Address, x.Paper = strings.TrimSpace(s.name.Text), s.address.Text, s.paper.Selected
	x.Phone, x.Email, x.Coordinator = strings.TrimSpace(s.phone.Text), strings.TrimSpace(s.email.Text), strings.TrimSpace(s.coordinator.Text)
	dates := data.DateFormats[max(0, s.dates.SelectedIndex())]
	sortLang := languageTag(s.sortLang.Selected)
	s.u.update(func(tx *data.Tx) error {
		if err := tx.SaveSchool(&x); err != nil {
			return err
		}
		if err := tx.SaveDateFormat(dates); err != nil {
			return err
		}
		return tx.SaveSortLanguage(sortLang)
	}, func(err error) {
		if err != nil {
			if !s.errs.show(err) {
				s.u.showError("The school was not saved", err)
			}
			return
		}
		s.school = &x
		s.u.setDateFormat(dates)
		s.errs.done("Saved.")
	})
}

func (s *settingsScreen) onChooseLogo() {
	d := dialog.NewFileOpen(s.onLogoFile, s.u.win)
	d.SetFilter(storage.NewExtensionFileFilter([]string{".png", ".jpg", ".jpeg", ".PNG", ".JPG", ".JPEG"}))
	s.u.showDialog(d)
}

// onLogoFile reads the picture; it is stored with the school on Save.
func (s *settingsScreen) onLogoFile(r fyne.URIReadCloser, err error) {
	if err != nil || r == nil {
		s.u.showError("The logo could not be read", err)
		return
	}
	var b []byte
	s.u.background(func() error {
		defer r.Close()
		var err error
		b, err = io.ReadAll(io.LimitReader(r, 5<<20+1))
		return err
	}, func(err error) {
		if err != nil {
			s.u.showError("The logo could not be read", err)
			return
		}
		s.school.Logo, s.school.LogoType = b, "chosen"
		s.logo.SetText(fmt.Sprintf("new logo, %d KB — press Save school", len(b)/1024))
	})
}

func (s *settingsScreen) onClearLogo() {
	s.school.Logo, s.school.LogoType = nil, ""
	s.logo.SetText("No logo — press Save school")
}

func (s *settingsScreen) onAddYear() {
	name, start, end := newEntry("e.g. 2026–27"), s.u.newDateEntry(), s.u.newDateEntry()
	form := formOf(widget.NewFormItem("Name", name), widget.NewFormItem("Starts", start), widget.NewFormItem("Ends", end))
	submit := func() (func(*data.Tx) error, error) {
		y := &data.Year{Name: strings.TrimSpace(name.Text)}
		var err error
		if y.Start, err = start.date("Start", "start"); err != nil {
			return nil, err
		}
		if y.End, err = end.date("End", "end"); err != nil {
			return nil, err
		}
		return func(tx *data.Tx) error { return tx.SaveYear(y) }, nil
	}
	s.u.showForm("Add an academic year", "Save", form, map[string]*entry{"name": name, "start": start, "end": end}, submit, nil)
}

// addYearOrTerm adds the academic year or, once there is one, a term.
func (s *settingsScreen) addYearOrTerm() {
	var years []data.Year
	s.u.view(func(tx *data.Tx) (err error) { years, err = tx.Years(); return }, func(err error) {
		if err != nil {
			s.u.showError("The academic years could not be read", err)
			return
		}
		s.years = years
		if len(years) == 0 {
			s.onAddYear()
		} else {
			s.onAddTerm()
		}
	})
}

func (s *settingsScreen) onAddTerm() {
	if len(s.years) == 0 {
		s.u.info("Add term", "Add the academic year first.")
		return
	}
	var names []string
	for _, y := range s.years {
		names = append(names, y.Name)
	}
	year := newSelect(names, names[0])
	name, start, end := newEntry("e.g. 2026–27 Autumn"), s.u.newDateEntry(), s.u.newDateEntry()
	form := formOf(widget.NewFormItem("Academic year", year), widget.NewFormItem("Name", name),
		widget.NewFormItem("Starts", start), widget.NewFormItem("Ends", end))
	submit := func() (func(*data.Tx) error, error) {
		t := &data.Term{YearID: s.years[year.SelectedIndex()].ID, Name: strings.TrimSpace(name.Text)}
		var err error
		if t.Start, err = start.date("Start", "start"); err != nil {
			return nil, err
		}
		if t.End, err = end.date("End", "end"); err != nil {
			return nil, err
		}
		return func(tx *data.Tx) error { return tx.SaveTerm(t) }, nil
	}
	s.u.showForm("Add a term", "Save", form, map[string]*entry{"name": name, "start": start, "end": end}, submit, nil)
}

func (s *settingsScreen) onDefaults() {
	d := data.DefaultSettings
	s.fillHealth(&d)
}

func (s *settingsScreen) onSaveHealth() {
	h := data.DefaultSettings
	for i, v := range thresholdFields(&h) {
		n, err := s.thresholds[i].number(thresholdLabels[i], thresholdKeys[i])
		if err != nil {
			s.healthErrs.show(err)
			return
		}
		*v = n
	}
	h.RequiredChecks = s.checkTypes.Text
	s.u.update(func(tx *data.Tx) error { return tx.SaveSettings(&h) }, func(err error) {
		if err != nil {
			if !s.healthErrs.show(err) {
				s.u.showError("The thresholds were not saved", err)
			}
			return
		}
		s.health = &h
		s.checkTypes.SetText(h.RequiredChecks)
		s.showRules()
		s.healthErrs.done("Saved. The dashboard, alerts and reports use the new thresholds.")
	})
}

// dateFormatChoices are the date formats as the School card offers them,
// each with an example, in the order of data.DateFormats.
func dateFormatChoices() []string {
	var c []string
	for _, f := range data.DateFormats {
		c = append(c, dateFormatChoice(f))
	}
	return c
}

func dateFormatChoice(f data.DateFormat) string {
	return f.Pattern() + "  (" + f.Format(data.MustDate("2026-11-30")) + ")"
}

// languageChoices are the languages the School card offers for ordering names,
// in the order of data.SortLanguages.
func languageChoices() []string {
	var c []string
	for _, l := range data.SortLanguages {
		c = append(c, languageChoice(l.Tag))
	}
	return c
}

// languageChoice names a language tag as the School card shows it, "Norwegian
// (nb)"; a tag not in the list (set outside the program) shows as itself.
func languageChoice(tag string) string {
	for _, l := range data.SortLanguages {
		if l.Tag == tag {
			return l.Name + " (" + l.Tag + ")"
		}
	}
	return tag
}

// languageTag returns the tag of a choice made by languageChoice.
func languageTag(choice string) string {
	if i := strings.LastIndex(choice, "("); i >= 0 && strings.HasSuffix(choice, ")") {
		return choice[i+1 : len(choice)-1]
	}
	return choice
}

// showSortLanguage selects the stored language, offering it too when it
// is not one of the list, so that saving the school keeps it.
func (s *settingsScreen) showSortLanguage(tag string) {
	choice := languageChoice(tag)
	if !slices.Contains(s.sortLang.Options, choice) {
		s.sortLang.SetOptions(append(languageChoices(), choice))
	}
	s.sortLang.SetSelected(choice)
}
