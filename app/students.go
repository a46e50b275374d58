package app

import (
	"slices"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"mentorbook/data"
)

// Filter choices as the Students screen offers them.
var (
	statusChoices  = []string{"Active students", "Left the school", "Active and left"}
	pairingChoices = []string{"Mentor: any", "Mentor: yes", "Mentor: waiting"}
	consentChoices = []string{"Consent: any", "Consent: granted", "Consent: missing"}
	sortChoices    = []string{"Sort by name", "Sort by ID", "Sort by year", "Sort by room"}
	allYears       = "All year groups"
)

// studentsScreen is the searchable student list with a student's detail
// beside it.
type studentsScreen struct {
	u *ui

	search  *entry
	year    *widget.Select
	status  *widget.Select
	pairing *widget.Select
	consent *widget.Select
	sort    *widget.Select
	count   *widget.Label
	table   *table
	add     *widget.Button

	pages[data.StudentRow] // the matching students, read a page at a time

	shown data.StudentFilter // the filter the list shows

	detail *studentDetail

	// debounce is how long typing must pause before the list is queried;
	// zero in tests.
	debounce time.Duration
	timer    *time.Timer
}

func newStudentsScreen(u *ui) *studentsScreen {
	s := &studentsScreen{u: u, debounce: 150 * time.Millisecond}
	s.pages = pages[data.StudentRow]{u: u, read: (*data.Tx).StudentRows, id: func(r data.StudentRow) int64 { return r.ID },
		failed: "The student list could not be loaded", redraw: func() { s.table.list.Refresh() }}
	s.detail = newStudentDetail(u)
	return s
}

func (s *studentsScreen) buildUI() fyne.CanvasObject {
	s.search = newEntry("Search by name or school ID  (Ctrl+F)")
	s.search.OnChanged = s.onSearchChanged
	s.year = newSelect([]string{allYears}, allYears)
	s.status = newSelect(statusChoices, statusChoices[0])
	s.pairing = newSelect(pairingChoices, pairingChoices[0])
	s.consent = newSelect(consentChoices, consentChoices[0])
	s.sort = newSelect(sortChoices, sortChoices[0])
	for _, sel := range []*widget.Select{s.year, s.status, s.pairing, s.consent, s.sort} {
		sel.OnChanged = s.onFilterChanged
	}
	s.count = widget.NewLabel("")
	s.table = newTable([]string{"Name", "ID", "Year", "Mentor", "Consent"},
		[]float32{3, 1.2, 0.75, 1.1, 1.15}, s.length, s.cells)
	s.table.warn = s.warn
	s.table.onSelected = s.onSelected
	s.add = &widget.Button{Text: "Add student", Icon: theme.ContentAddIcon(), OnTapped: s.onAdd, Importance: widget.HighImportance}
	if !s.u.isCoordinator() {
		s.add.Hide()
	}
	filters := []fyne.CanvasObject{s.year, s.status, s.pairing, s.consent, s.sort, s.count}
	if s.u.store.Role() == data.RoleMentor {
		// A mentor's list holds only its own mentees: "Mentor: any,
		// yes, waiting" would filter nothing it can use.
		s.pairing.Hide()
		filters = slices.Delete(filters, 2, 3)
	}
	top := container.NewVBox(
		container.NewBorder(nil, nil, nil, s.add, s.search),
		container.NewGridWithColumns(3, filters[:3]...),
		container.NewGridWithColumns(3, filters[3:]...),
	)
	left := topFirst(top, nil, s.table.object())
	split := container.NewHSplit(left, s.detail.buildUI())
	split.Offset = 0.46
	return split
}

func (s *studentsScreen) cells(i int) []string {
	r, ok := s.row(i)
	if !ok {
		return []string{"…", "", "", "", ""}
	}
	mentor, consent := "waiting", "missing"
	if r.Paired {
		mentor = "yes"
	}
	if r.HasConsent {
		consent = "granted"
	}
	name := r.Name
	if !r.Active {
		name += " (left)"
	}
	return []string{name, r.SchoolID, r.YearGroup, mentor, consent}
}

func (s *studentsScreen) warn(i int) int {
	if r, ok := s.row(i); ok && r.Active && !r.HasConsent {
		return 4
	}
	return -1
}

// refresh reloads the year groups and the list.
func (s *studentsScreen) refresh() {
	s.refreshList()
	if s.detail.wanted != 0 {
		s.detail.load(s.detail.wanted)
	}
}

// refreshList reads the year groups and the list again, not the open
// student (see othersChanged).
func (s *studentsScreen) refreshList() {
	var years []string
	s.u.view(func(tx *data.Tx) (err error) { years, err = tx.YearGroups(); return }, func(err error) {
		if err == nil {
			s.year.SetOptions(append([]string{allYears}, years...))
		}
	})
	s.query()
}

func (s *studentsScreen) onSearchChanged(string) {
	if s.debounce == 0 {
		s.query()
		return
	}
	if s.timer != nil {
		s.timer.Stop()
	}
	s.timer = time.AfterFunc(s.debounce, func() { s.u.post(s.query) })
}

func (s *studentsScreen) onFilterChanged(string) {
	if s.table != nil {
		s.query()
	}
}

// filter reads the search box and the filters.
func (s *studentsScreen) filter() data.StudentFilter {
	f := data.StudentFilter{Query: s.search.Text}
	if s.year.Selected != allYears {
		f.YearGroup = s.year.Selected
	}
	f.Status = map[string]string{statusChoices[0]: "active", statusChoices[1]: "left"}[s.status.Selected]
	f.HasPairing = map[string]string{pairingChoices[1]: "yes", pairingChoices[2]: "no"}[s.pairing.Selected]
	f.Consent = map[string]string{consentChoices[1]: "granted", consentChoices[2]: "missing"}[s.consent.Selected]
	f.Sort = map[string]string{sortChoices[1]: "school_id", sortChoices[2]: "year_group", sortChoices[3]: "homeroom"}[s.sort.Selected]
	return f
}

// query runs the list query for the current filter in the background.
func (s *studentsScreen) query() {
	f := s.filter()
	s.pages.query(func(tx *data.Tx) ([]int64, error) { return tx.StudentIDs(f) }, func() {
		s.table.refresh()
		if f != s.shown {
			s.table.list.ScrollToTop() // a new search starts at its first match
			s.shown = f
		}
		s.count.SetText(countOf(len(s.ids), "student"))
		s.showSelected()
	})
}

// showSelected keeps the detail and the list in step after the list
// changed: the student on the right is selected on the left, and a
// student the results no longer hold gives way to the first match, or
// to nothing, so that an edit never lands on a child the list hides.
func (s *studentsScreen) showSelected() {
	if s.detail.creating {
		return
	}
	if id := s.detail.wanted; id != 0 {
		for i, x := range s.ids {
			if x == id {
				s.table.list.Select(i) // onSelected sees the same student and does not reload
				s.table.list.ScrollTo(i)
				return
			}
		}
	}
	if len(s.ids) == 0 {
		s.detail.clear()
		return
	}
	s.table.list.Select(0) // a master–detail screen opens on its first record
}

func (s *studentsScreen) onSelected(i int) {
	if i < len(s.ids) && (s.ids[i] != s.detail.wanted || s.detail.creating) {
		s.detail.load(s.ids[i])
	}
}

func (s *studentsScreen) onAdd() {
	s.table.list.UnselectAll()
	s.detail.newStudent()
}

// yearLabel names a year group for a sentence: "8" is "Year 8", while
// "Year 8" (as many rosters write it), "Reception" or "Grade 8" stay as
// they are.
func yearLabel(y string) string {
	if y != "" && y[0] >= '0' && y[0] <= '9' {
		return "Year " + y
	}
	return y
}

// includeLeft widens the list to students who have left, quietly: the
// caller's write makes the screen read the list again.
func (s *studentsScreen) includeLeft() {
	if s.status.Selected == statusChoices[0] {
		s.status.Selected = statusChoices[2]
		s.status.Refresh()
	}
}

// open shows one student's detail, on the tab named (or the first). The
// search and the filters are cleared, left students included, so that the
// list holds the student it shows.
func (s *studentsScreen) open(id int64, tab string) {
	s.detail.openTab = tab
	s.detail.load(id)
	for _, f := range []struct {
		sel *widget.Select
		to  string
	}{{s.year, allYears}, {s.status, statusChoices[2]}, {s.pairing, pairingChoices[0]}, {s.consent, consentChoices[0]}} {
		f.sel.Selected = f.to // set quietly: one query below, not one per filter
		f.sel.Refresh()
	}
	s.search.Text = ""
	s.search.Refresh()
	s.query()
}
