package app

import (
	"fmt"
	"image"
	"slices"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
)

// TestKeyboardRowMarked tabs into the Students list, which opens with its
// first student selected: that row is marked where the keyboard is (Fyne's
// own mark was hidden under the selection colour, so nothing on screen
// changed); Down moves the mark to the next row and leaves the selection
// and the detail alone; Space opens the marked student.
func TestKeyboardRowMarked(t *testing.T) {
	w := newSchool(t)
	u, _ := newTestUI(t, w.store, screenStudents)
	s := u.students
	list := s.table.list
	if len(s.ids) < 2 || s.detail.wanted != s.ids[0] {
		t.Fatalf("students screen shows %d students, detail %d; want the first of several", len(s.ids), s.detail.wanted)
	}
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(list)
	area := image.Rect(int(pos.X), int(pos.Y), int(pos.X+list.Size().Width), int(pos.Y+list.Size().Height))

	before := u.win.Canvas().Capture()
	u.win.Canvas().Focus(list)
	if sameIn(before, u.win.Canvas().Capture(), area) {
		t.Errorf("tabbing into the list changed nothing on screen: the selected row under the keyboard is not marked")
	}
	if !marked(list, 0) {
		t.Errorf("row 0 (selected, under the keyboard) is not marked")
	}

	list.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown})
	u.wait()
	if marked(list, 0) || !marked(list, 1) {
		t.Errorf("after Down: row 0 marked %v, row 1 marked %v; want only row 1", marked(list, 0), marked(list, 1))
	}
	if s.detail.wanted != s.ids[0] {
		t.Errorf("Down opened student %d, want the detail to stay on %d until Space", s.detail.wanted, s.ids[0])
	}
	list.TypedKey(&fyne.KeyEvent{Name: fyne.KeySpace})
	u.wait()
	if s.detail.wanted != s.ids[1] {
		t.Errorf("Space opened student %d, want the marked one, %d", s.detail.wanted, s.ids[1])
	}

	u.win.Canvas().Unfocus()
	if marked(list, 1) {
		t.Errorf("the mark stays when the list has lost the keyboard")
	}
	test.Tap(s.search) // the keyboard elsewhere: no row claims it
	if marked(list, 1) {
		t.Errorf("the mark stays while the search has the keyboard")
	}

	// The navigation, whose selected row is the screen shown, the same way.
	students := slices.Index(screenOrder, screenStudents)
	u.win.Canvas().Focus(u.nav)
	if !marked(u.nav, students) {
		t.Errorf("navigation: the selected row under the keyboard is not marked")
	}
	u.nav.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown})
	if marked(u.nav, students) || !marked(u.nav, students+1) {
		t.Errorf("navigation after Down: the mark did not move to the next screen")
	}
}

// marked says whether row i of l is drawn with the keyboard's outline.
func marked(l *focusList, i int) bool {
	item := l.CreateItem()
	l.UpdateItem(i, item)
	return item.(*fyne.Container).Objects[1].(*canvas.Rectangle).Visible()
}

// sameIn says whether images a and b have the same pixels in r.
func sameIn(a, b image.Image, r image.Rectangle) bool {
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if a.At(x, y) != b.At(x, y) {
				return false
			}
		}
	}
	return true
}

// TestTabReachesList: from a screen's search, Tab goes through the
// controls beside it (steps of them) into its list. Fyne's Border put the
// list first, so Tab went past it to the detail form and beyond.
func TestTabReachesList(t *testing.T) {
	w := newSchool(t)
	for _, tc := range []struct {
		screen string
		steps  int
		search func(u *ui) fyne.Focusable
		list   func(u *ui) *focusList
	}{
		{screenStudents, 7, func(u *ui) fyne.Focusable { return u.students.search }, func(u *ui) *focusList { return u.students.table.list }},
		{screenMentors, 2, func(u *ui) fyne.Focusable { return u.mentors.search }, func(u *ui) *focusList { return u.mentors.table.list }},
		{screenPairings, 2, func(u *ui) fyne.Focusable { return u.pairings.search }, func(u *ui) *focusList { return u.pairings.table.list }},
	} {
		t.Run(tc.screen, func(t *testing.T) {
			u, _ := newTestUI(t, w.store, tc.screen)
			c := u.win.Canvas()
			c.Focus(tc.search(u))
			var path []string
			for range tc.steps {
				c.FocusNext()
				path = append(path, fmt.Sprintf("%T", c.Focused()))
			}
			if c.Focused() != tc.list(u) {
				t.Errorf("Tab %d times from the search went %v, want into the list last", tc.steps, path)
			}
		})
	}
}
