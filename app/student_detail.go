package app

import (
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"mentorbook/data"
)

// Tabs of a student's detail.
const (
	tabProfile   = "Profile"
	tabGuardians = "Guardians"
	tabPairings  = "Pairings"
	tabMeetings  = "Meetings"
	tabGoals     = "Goals"
	tabConsents  = "Consents"
	tabCheckins  = "Check-ins"
)

// studentRecords is everything the detail shows, read in one snapshot.
type studentRecords struct {
	student   *data.Student
	guardians []data.StudentGuardian
	pairings  []data.PairingRow
	meetings  []data.MeetingRow
	goals     []goalWithProgress
	consents  []data.Consent
	checkins  []checkinRow
	// contactsWithheld: a mentor's login, where the school shares no
	// guardian's email, phone or address with mentors (roles.sql's
	// guardian_contacts_shown gives them as empty).
	contactsWithheld bool
}

type goalWithProgress struct {
	data.Goal
	progress []data.Progress
	// mayCorrect holds the entries this login may correct
	// (Tx.MayChangeProgress): all for a coordinator, some for a mentor.
	mayCorrect map[int64]bool
}

type checkinRow struct {
	data.Checkin
	mentor string
}

// studentDetail is the right-hand side of the Students screen: one
// student's records in tabs.
type studentDetail struct {
	u       *ui
	id      int64
	rec     *studentRecords
	openTab string
	// creating is set while the form holds a new, unsaved student.
	creating bool
	// wanted is the student last asked for; an older load that answers
	// later is dropped.
	wanted int64

	title       *widget.Label
	subtitle    *widget.Label
	placeholder fyne.CanvasObject
	tabs        *container.AppTabs
	root        *fyne.Container

	profile   *studentForm
	guardians *guardiansTab
	pairings  *table
	meetings  *table
	// pairing is the row chosen in the Pairings tab (-1: none), and
	// comment the button that opens its term comment.
	pairing     int
	comment     *widget.Button
	termComment *termCommentForm // the form last opened, for tests
	goals       *goalsTab
	consents    *consentsTab
	checkins    *checkinsTab
}

func newStudentDetail(u *ui) *studentDetail {
	d := &studentDetail{u: u, rec: &studentRecords{}, pairing: -1}
	d.profile = newStudentForm(u, d)
	d.guardians = newGuardiansTab(u, d)
	d.goals = newGoalsTab(u, d)
	d.consents = newConsentsTab(u, d)
	d.checkins = newCheckinsTab(u, d)
	return d
}

func (d *studentDetail) buildUI() fyne.CanvasObject {
	d.title = heading("")
	d.subtitle = widget.NewLabel("")
	d.subtitle.Truncation = fyne.TextTruncateEllipsis
	d.pairings = newTable([]string{"Mentor", "Started", "Status", "Ended", "Reason"}, []float32{1.6, 1.2, 0.9, 1.2, 1.4},
		func() int { return len(d.rec.pairings) }, d.pairingCells)
	d.meetings = newTable([]string{"Date", "Mentor", "Min", "Status", "Topics"}, []float32{1.1, 1.4, 0.5, 1.4, 1.5},
		func() int { return len(d.rec.meetings) }, d.meetingCells)
	d.meetings.onSelected = d.onMeetingSelected
	d.pairings.onSelected = d.onPairingSelected
	d.comment = &widget.Button{Text: "Term comment…", Icon: theme.DocumentCreateIcon(), OnTapped: d.onTermComment}
	d.comment.Disable()
	newPairing := &widget.Button{Text: "New pairing…", Icon: theme.ContentAddIcon(), OnTapped: d.onNewPairing}
	logMeeting := &widget.Button{Text: "Log a meeting…", Icon: theme.ContentAddIcon(), OnTapped: d.onLogMeeting}
	if !d.u.isCoordinator() {
		newPairing.Hide() // only a coordinator makes pairings (the Pairings screen has no form for others)
	}
	hideUnless(d.u.logsMeetings(), logMeeting) // a reader's Meetings screen is the list alone
	d.tabs = container.NewAppTabs(
		container.NewTabItem(tabProfile, d.profile.buildUI()),
		container.NewTabItem(tabGuardians, d.guardians.buildUI()),
		container.NewTabItem(tabPairings, container.NewBorder(nil, container.NewHBox(newPairing, d.comment), nil, nil, d.pairings.object())),
		container.NewTabItem(tabMeetings, container.NewBorder(nil, container.NewHBox(logMeeting), nil, nil, d.meetings.object())),
		container.NewTabItem(tabGoals, d.goals.buildUI()),
		container.NewTabItem(tabConsents, d.consents.buildUI()),
	)
	// The staff check-ins are the coordinator's monitoring of the
	// pairing, which a mentor may not read: an empty tab would say there
	// were none.
	checkins := d.checkins.buildUI()
	if d.u.store.Role() != data.RoleMentor {
		d.tabs.Append(container.NewTabItem(tabCheckins, checkins))
	}
	// Tabs down the side: seven tabs across a half-width pane would hide
	// some behind an overflow menu.
	d.tabs.SetTabLocation(container.TabLocationLeading)
	hint := widget.NewLabel("Choose a student on the left, or add one.")
	hint.Alignment = fyne.TextAlignCenter
	d.placeholder = container.NewCenter(hint)
	body := container.NewBorder(container.NewVBox(d.title, d.subtitle), nil, nil, nil, d.tabs)
	d.root = container.NewStack(d.placeholder, body)
	body.Hide()
	return container.NewPadded(d.root)
}

func (d *studentDetail) showBody() {
	d.placeholder.Hide()
	d.root.Objects[1].Show()
}

// load reads the student's records in one snapshot and fills every tab.
func (d *studentDetail) load(id int64) {
	rec := &studentRecords{}
	d.wanted = id
	t := time.Now()
	mentor := d.u.store.Role() == data.RoleMentor
	d.u.view(func(tx *data.Tx) error {
		if mentor {
			shared, err := tx.MentorGuardianContacts()
			if err != nil {
				return err
			}
			rec.contactsWithheld = !shared
		}
		return readStudentRecords(tx, id, rec)
	}, func(err error) {
		if id != d.wanted {
			return
		}
		defer d.u.timing("student detail", t)
		if err != nil {
			d.u.showError("The student could not be opened", err)
			return
		}
		d.id, d.rec, d.creating = id, rec, false
		d.fill()
	})
}

func readStudentRecords(tx *data.Tx, id int64, rec *studentRecords) error {
	var err error
	if rec.student, err = tx.Student(id); err != nil {
		return err
	}
	if rec.guardians, err = tx.GuardiansOf(id); err != nil {
		return err
	}
	if rec.pairings, err = tx.Pairings(data.PairingFilter{StudentID: id}); err != nil {
		return err
	}
	if rec.meetings, err = tx.Meetings(data.MeetingFilter{StudentID: id, Limit: 500}); err != nil {
		return err
	}
	goals, err := tx.Goals(id)
	if err != nil {
		return err
	}
	for _, g := range goals {
		p, err := tx.ProgressOf(g.ID)
		if err != nil {
			return err
		}
		gp := goalWithProgress{Goal: g, progress: p, mayCorrect: map[int64]bool{}}
		for _, e := range p {
			if gp.mayCorrect[e.ID], err = tx.MayChangeProgress(e.ID); err != nil {
				return err
			}
		}
		rec.goals = append(rec.goals, gp)
	}
	if rec.consents, err = tx.Consents(id); err != nil {
		return err
	}
	for _, p := range rec.pairings {
		cs, err := tx.Checkins(p.ID)
		if err != nil {
			return err
		}
		for _, c := range cs {
			rec.checkins = append(rec.checkins, checkinRow{c, p.MentorName})
		}
	}
	return nil
}

func (d *studentDetail) fill() {
	st := d.rec.student
	d.title.SetText(leftToRight(st.DisplayName()))
	parts := []string{"School ID " + st.SchoolID}
	if st.YearGroup != "" {
		parts = append(parts, yearLabel(st.YearGroup))
	}
	if st.Homeroom != "" {
		parts = append(parts, "Homeroom "+st.Homeroom)
	}
	if !st.Active {
		parts = append(parts, "left on "+d.u.day(st.LeftOn))
	}
	d.subtitle.SetText(strings.Join(parts, "  ·  "))
	d.profile.fill(st)
	d.guardians.refresh()
	d.pairings.refresh()
	d.pairing = -1
	d.comment.Disable()
	d.meetings.refresh()
	d.goals.refresh()
	d.consents.refresh()
	d.checkins.refresh()
	d.showBody()
	if d.openTab != "" {
		for _, t := range d.tabs.Items {
			if t.Text == d.openTab {
				d.tabs.Select(t)
			}
		}
		d.openTab = ""
	}
}

// newStudent shows an empty profile form for a new student.
func (d *studentDetail) newStudent() {
	d.id, d.wanted, d.rec, d.creating = 0, 0, &studentRecords{}, true
	d.title.SetText("New student")
	d.subtitle.SetText("Fill in at least the school ID and the given name, then press Create.")
	d.profile.fill(&data.Student{Active: true})
	d.tabs.SelectIndex(0)
	d.showBody()
}

func (d *studentDetail) pairingCells(i int) []string {
	p := d.rec.pairings[i]
	reason := p.Closure.Reason
	if reason == data.ReasonOther {
		reason = p.Closure.Other
	}
	return []string{p.MentorName, d.u.day(p.Start), p.Status, d.u.day(p.Closure.On), reason}
}

func (d *studentDetail) meetingCells(i int) []string {
	m := d.rec.meetings[i]
	return []string{d.u.day(data.DateOf(m.At)), m.MentorName, fmt.Sprint(m.Minutes), m.Status, strings.Join(m.Topics, ", ")}
}

// onPairingSelected offers the chosen pairing's term comment.
func (d *studentDetail) onPairingSelected(i int) {
	d.pairing = i
	setEnabled(i < len(d.rec.pairings) && d.rec.pairings[i].Status != data.PairingProposed, d.comment)
}

// onTermComment opens the mentor's comment on the chosen pairing for a
// term (term_comment.go).
func (d *studentDetail) onTermComment() {
	if d.pairing >= 0 && d.pairing < len(d.rec.pairings) {
		d.termComment = d.u.showTermComment(d.rec.pairings[d.pairing])
	}
}

// onMeetingSelected opens the meeting clicked (meeting_view.go).
func (d *studentDetail) onMeetingSelected(i int) {
	if i < len(d.rec.meetings) {
		d.u.openMeeting(d.rec.meetings[i].ID)
	}
	d.meetings.list.UnselectAll()
}

func (d *studentDetail) onNewPairing() {
	if d.id == 0 || !d.u.isCoordinator() {
		return
	}
	d.u.show(screenPairings)
	d.u.pairings.openCreate(d.id, d.rec.student.DisplayName())
}

func (d *studentDetail) onLogMeeting() {
	d.u.show(screenMeetings)
	d.u.meetings.focusLog()
}

// reload reads the open student again after a change.
func (d *studentDetail) reload() {
	if d.id != 0 {
		d.load(d.id)
	}
}

// forget closes the detail when it shows student id, who has just been
// erased: reloading them would only fail.
func (d *studentDetail) forget(id int64) {
	if d.id == id || d.wanted == id {
		d.clear()
	}
}

// clear shows no student.
func (d *studentDetail) clear() {
	d.id, d.wanted, d.rec, d.creating = 0, 0, &studentRecords{}, false
	d.root.Objects[1].Hide()
	d.placeholder.Show()
}
