package app

import (
	"errors"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"mentorbook/data"
)

// auditPage is how many audit lines one query reads: a busy school's log
// runs to hundreds of thousands, so older lines come on request.
const auditPage = 200

// Filter choices of the audit log that stand for "no filter".
const (
	anyUser   = "Anyone"
	anyAction = "Any action"
)

// auditActions are the actions the log records, as the filter offers them.
var auditActions = []string{anyAction, data.ActCreate, data.ActUpdate, data.ActDelete, data.ActPrint,
	data.ActExport, data.ActErase, data.ActImport, data.ActRestore, data.ActBackup}

// privacyScreen shows the audit log (who did what to which record, when)
// and the students who left long enough ago to be offered for erasure.
type privacyScreen struct {
	u *ui

	user, action *widget.Select
	from, to     *entry
	words        *entry
	logTable     *table
	entries      []data.AuditEntry
	older        *widget.Button
	logCount     *widget.Label
	logQuery     newest // the newest audit query wins, as on the Students screen

	leftTitle *widget.Label
	leftTable *table
	left      []data.Student
	chosen    int // index into left, or -1
	erase     *widget.Button
}

func newPrivacyScreen(u *ui) *privacyScreen { return &privacyScreen{u: u, chosen: -1} }

func (s *privacyScreen) buildUI() fyne.CanvasObject {
	s.user = newSelect([]string{anyUser}, anyUser)
	s.action = newSelect(auditActions, anyAction)
	s.user.OnChanged, s.action.OnChanged = s.onFilterChanged, s.onFilterChanged
	s.from, s.to = s.u.newDateEntry(), s.u.newDateEntry()
	s.from.OnChanged, s.to.OnChanged = s.onFilterChanged, s.onFilterChanged
	s.words = newEntry("Words in the detail")
	s.words.OnChanged = s.onFilterChanged
	s.logTable = newTable([]string{"When", "Who", "What", "Record", "Detail"}, []float32{1.3, 0.9, 0.7, 1.1, 3.5},
		func() int { return len(s.entries) }, s.logCells)
	s.older = &widget.Button{Text: "Show older…", Icon: theme.MoveDownIcon(), OnTapped: s.onOlder}
	s.older.Disable()
	s.logCount = widget.NewLabel("")
	filters := container.NewVBox(
		container.NewGridWithColumns(3, s.user, s.action, s.words),
		container.NewGridWithColumns(2, widget.NewForm(widget.NewFormItem("From", s.from)),
			widget.NewForm(widget.NewFormItem("To", s.to))),
	)
	logPane := topFirst(container.NewVBox(heading("Audit log"), filters), container.NewHBox(s.older, s.logCount), s.logTable.object())

	s.leftTitle = heading("Students who left long ago")
	s.leftTable = newTable([]string{"Name", "School ID", "Left on"}, []float32{2, 1, 1},
		func() int { return len(s.left) }, s.leftCells)
	s.leftTable.onSelected = s.onLeftSelected
	s.erase = &widget.Button{Text: "Erase…", Icon: theme.DeleteIcon(), Importance: widget.DangerImportance, OnTapped: s.onErase}
	s.erase.Disable()
	hint := &widget.Label{Wrapping: fyne.TextWrapWord, Text: "Review them and erase those the school no longer needs. " +
		"The number of years is a setting."}
	leftPane := container.NewBorder(container.NewVBox(s.leftTitle, hint), buttonRow(s.erase), nil, nil, s.leftTable.object())

	split := container.NewVSplit(logPane, leftPane)
	split.Offset = 0.62
	return container.NewPadded(split)
}

func (s *privacyScreen) logCells(i int) []string {
	e := s.entries[i]
	record := e.Entity
	if e.EntityID != 0 {
		record = fmt.Sprintf("%s #%d", e.Entity, e.EntityID)
	}
	return []string{s.u.dayTime(e.At.Local()), e.User, e.Action, record, e.Detail}
}

func (s *privacyScreen) leftCells(i int) []string {
	st := s.left[i]
	return []string{st.DisplayName(), st.SchoolID, s.u.day(st.LeftOn)}
}

// refresh reloads the users of the filter, the log and the list to review.
func (s *privacyScreen) refresh() {
	var users []string
	s.u.view(func(tx *data.Tx) (err error) { users, err = tx.AuditUsers(); return }, func(err error) {
		if err == nil {
			s.user.SetOptions(append([]string{anyUser}, users...))
		}
	})
	s.queryLog(false)
	s.loadLeft()
}

// onFilterChanged reruns the log query, unless a date is half-typed or
// wrong: then the field says so and the list stays as it was.
func (s *privacyScreen) onFilterChanged(string) {
	if s.logTable == nil {
		return // still building
	}
	s.queryLog(false)
}

// filter reads the filters; a bad date is shown beside its field.
func (s *privacyScreen) filter() (data.AuditFilter, bool) {
	f := data.AuditFilter{Query: s.words.Text, Limit: auditPage}
	if s.user.Selected != anyUser {
		f.User = s.user.Selected
	}
	if s.action.Selected != anyAction {
		f.Action = s.action.Selected
	}
	ok := true
	for _, d := range []struct {
		e     *entry
		label string
		day   *data.Date
	}{{s.from, "From", &f.From}, {s.to, "To", &f.To}} {
		if strings.TrimSpace(d.e.Text) == "" {
			d.e.SetValidationError(nil)
			continue
		}
		day, err := d.e.date(d.label, "")
		if err != nil {
			d.e.SetValidationError(errors.New(data.ErrorMessage(err)))
			ok = false
			continue
		}
		d.e.SetValidationError(nil)
		*d.day = day
	}
	return f, ok
}

// queryLog reads the first page of the log for the filters, or with more
// set the page after the last line shown.
func (s *privacyScreen) queryLog(more bool) {
	f, ok := s.filter()
	if !ok {
		return
	}
	if more && len(s.entries) > 0 {
		f.BeforeID = s.entries[len(s.entries)-1].ID
	}
	ctx, current := s.logQuery.start()
	var page []data.AuditEntry
	s.u.background(func() error {
		return s.u.store.View(ctx, func(tx *data.Tx) (err error) { page, err = tx.AuditLog(f); return })
	}, func(err error) {
		if !current(err) {
			return // a newer query is on its way
		}
		if err != nil {
			s.u.showError("The audit log could not be loaded", err)
			return
		}
		s.showLog(page, more)
	})
}

func (s *privacyScreen) showLog(page []data.AuditEntry, more bool) {
	if more {
		s.entries = append(s.entries, page...)
		s.logTable.list.Refresh()
	} else {
		s.entries = page
		s.logTable.refresh()
		s.logTable.list.ScrollToTop()
	}
	setEnabled(len(page) == auditPage, s.older)
	text := countOf(len(s.entries), "line")
	if len(page) == auditPage {
		text += " — there are older ones"
	}
	s.logCount.SetText(text)
}

func (s *privacyScreen) onOlder() { s.queryLog(true) }

// loadLeft reads the erase threshold and the students past it.
func (s *privacyScreen) loadLeft() {
	var years int
	var left []data.Student
	s.u.view(func(tx *data.Tx) error {
		set, err := tx.Settings()
		if err != nil {
			return err
		}
		years = set.EraseAfterYears
		left, err = tx.StudentsLeftBefore(tx.Today().AddMonths(-12 * years))
		return err
	}, func(err error) {
		if err != nil {
			s.u.showError("The students who left could not be loaded", err)
			return
		}
		s.left, s.chosen = left, -1
		s.leftTitle.SetText(fmt.Sprintf("Students who left more than %s ago (%d)", countOf(years, "year"), len(left)))
		s.leftTable.refresh()
		s.erase.Disable()
	})
}

func (s *privacyScreen) onLeftSelected(i int) {
	s.chosen = i
	setEnabled(i >= 0 && i < len(s.left), s.erase)
}

func (s *privacyScreen) onErase() {
	if s.chosen < 0 || s.chosen >= len(s.left) {
		return
	}
	s.u.eraseStudent(s.left[s.chosen])
}
