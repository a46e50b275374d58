package app

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"mentorbook/data"
)

// pickItem is one choice of a picker: the person's name and what tells
// namesakes apart (school ID and year, or role and email).
type pickItem struct {
	ID     int64
	Name   string
	Detail string
}

// pickerShown is how many matches a picker lists; typing more narrows
// them, and the hint says how many there are in all.
const pickerShown = 50

// picker is the one widget for choosing a person: type part of a name (or
// a school ID, or an email), and the matches show under the field as you
// type; Down and Up move through them, Enter or a click chooses. Every
// screen that chooses a student, a mentor or a mentee uses it.
//
// It either filters a list it holds (setItems: a mentor's mentees, the
// school's mentors, read once) or asks the store on every change (query:
// ten thousand students).
type picker struct {
	u      *ui
	search *pickerEntry
	list   *widget.List
	box    *fyne.Container // the list, shown while choosing
	hint   *widget.Label
	noun   string
	// none is the hint while nothing is chosen; listEmpty lists the
	// choices before anything is typed (a mentor's few mentees).
	none      string
	listEmpty bool

	all     []pickItem // what typing filters, without query
	query   func(tx *data.Tx, text string) ([]pickItem, int, error)
	items   []pickItem // the matches listed
	matched int        // how many matched in all
	current int        // the match Enter chooses
	chosen  pickItem   // ID 0: none
	seq     int
	quiet   bool // the text is being set by the program, not typed
	// onChosen is called on the UI goroutine when a choice is made, and
	// with the zero item when typing undoes it.
	onChosen func(pickItem)
}

// pickerEntry is the picker's field: it passes Down, Up and Enter to the
// list of matches.
type pickerEntry struct {
	entry
	p *picker
}

func newPicker(u *ui, noun, placeholder string) *picker {
	p := &picker{u: u, noun: noun, none: "No " + noun + " chosen"}
	p.search = &pickerEntry{p: p}
	p.search.PlaceHolder = placeholder
	p.search.AlwaysShowValidationError = true
	p.search.ExtendBaseWidget(p.search)
	p.search.OnChanged = p.onChanged
	p.search.OnSubmitted = p.onSubmitted
	p.hint = &widget.Label{Text: p.none, TextStyle: fyne.TextStyle{Italic: true}, Truncation: fyne.TextTruncateEllipsis}
	p.list = &widget.List{
		Length:     func() int { return len(p.items) },
		CreateItem: func() fyne.CanvasObject { return newRow(1.2, 2) },
		UpdateItem: p.updateItem,
		OnSelected: p.onSelected,
	}
	p.box = container.New(&rowsHigh{p: p}, p.list)
	p.box.Hide()
	return p
}

// newStudentPicker chooses among active students, searched in the store
// by name or by school ID (or its digits).
func newStudentPicker(u *ui) *picker {
	p := newPicker(u, "student", "Type a name or school ID")
	p.query = func(tx *data.Tx, text string) ([]pickItem, int, error) {
		ids, err := tx.StudentIDs(data.StudentFilter{Query: text, Status: "active"})
		if err != nil {
			return nil, 0, err
		}
		rows, err := tx.StudentRows(ids[:min(len(ids), pickerShown)])
		items := make([]pickItem, len(rows))
		for i, r := range rows {
			items[i] = studentItem(r)
		}
		return items, len(ids), err
	}
	return p
}

func studentItem(r data.StudentRow) pickItem {
	detail := r.SchoolID
	if r.YearGroup != "" {
		detail += " · Year " + strings.TrimPrefix(r.YearGroup, "Year ")
	}
	return pickItem{ID: r.ID, Name: r.Name, Detail: detail}
}

// mentorItem tells namesakes apart by role and email.
func mentorItem(m data.MentorRow) pickItem {
	detail := m.Role
	if m.Email != "" {
		detail += " · " + m.Email
	}
	return pickItem{ID: m.ID, Name: m.Name, Detail: detail}
}

func (p *picker) buildUI() fyne.CanvasObject { return container.NewVBox(p.search, p.box, p.hint) }

func (p *picker) updateItem(i widget.ListItemID, o fyne.CanvasObject) {
	it := p.items[i]
	setRow(o, it.Name, it.Detail)
	name := o.(*fyne.Container).Objects[0].(*widget.Label)
	if bold := i == p.current; name.TextStyle.Bold != bold {
		name.TextStyle.Bold = bold
		name.Refresh()
	}
}

// setItems gives the picker the list typing filters, and shows it when
// nothing is typed yet.
func (p *picker) setItems(items []pickItem) {
	p.all = items
	if p.chosen.ID == 0 {
		p.filter(p.search.Text)
	}
}

func (p *picker) onChanged(text string) {
	if p.quiet {
		return
	}
	if p.chosen.ID != 0 {
		p.chosen = pickItem{}
		p.showHint()
		if p.onChosen != nil {
			p.onChosen(p.chosen)
		}
	}
	p.filter(text)
}

// filter lists the matches of text: from the held list at once, or from
// the store in the background, where only the newest answer is shown.
func (p *picker) filter(text string) {
	p.seq++
	if p.query == nil {
		var out []pickItem
		for _, it := range p.all {
			if matchesWords(text, it.Name+" "+it.Detail) {
				out = append(out, it)
			}
		}
		p.show(out[:min(len(out), pickerShown)], len(out))
		return
	}
	if strings.TrimSpace(text) == "" {
		p.show(nil, 0)
		return
	}
	seq := p.seq
	var items []pickItem
	var n int
	p.u.view(func(tx *data.Tx) (err error) { items, n, err = p.query(tx, text); return }, func(err error) {
		if seq != p.seq || errors.Is(err, context.Canceled) {
			return
		}
		if err != nil {
			p.u.showError("The "+p.noun+"s could not be searched", err)
			return
		}
		p.show(items, n)
	})
}

// matchesWords reports whether every typed word begins a word of text,
// accents and case ignored: "tan" finds "Mr Tanaka", "k ta" finds
// "Kenji Tanaka".
func matchesWords(typed, text string) bool {
	words := strings.FieldsFunc(data.Fold(text), func(r rune) bool { return r == ' ' || r == '·' || r == '@' || r == '.' || r == '(' || r == ')' })
	for _, t := range strings.Fields(data.Fold(typed)) {
		found := false
		for _, w := range words {
			if strings.HasPrefix(w, t) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

func (p *picker) show(items []pickItem, matched int) {
	p.items, p.matched, p.current = items, matched, 0
	p.list.UnselectAll()
	p.list.Refresh()
	p.list.ScrollTo(0) // not ScrollToTop, which panics before the list is first drawn
	p.box.Refresh()
	if strings.TrimSpace(p.search.Text) == "" && (len(items) == 0 || !p.listEmpty) {
		p.box.Hide()
	} else {
		p.box.Show()
	}
	p.showHint()
}

func (p *picker) showHint() {
	switch {
	case p.chosen.ID != 0:
		text := "Chosen: " + p.chosen.Name
		if p.chosen.Detail != "" {
			text += " (" + p.chosen.Detail + ")"
		}
		p.hint.SetText(text)
		p.hint.Importance = widget.HighImportance
	case strings.TrimSpace(p.search.Text) == "" && (p.query != nil || !p.listEmpty || p.matched == 0):
		p.hint.SetText(p.none)
		p.hint.Importance = widget.MediumImportance
	case p.matched == 0:
		p.hint.SetText("No " + p.noun + " matches; check the spelling.")
		p.hint.Importance = widget.WarningImportance
	case p.matched > len(p.items):
		p.hint.SetText(fmt.Sprintf("%s; the first %d are listed. Keep typing to narrow them.", matchCount(p.matched), len(p.items)))
		p.hint.Importance = widget.MediumImportance
	default:
		p.hint.SetText(matchCount(p.matched) + ": Down and Enter, or click, to choose.")
		p.hint.Importance = widget.MediumImportance
	}
	p.hint.Refresh()
}

func (p *picker) onSelected(i widget.ListItemID) {
	if i < len(p.items) {
		p.choose(p.items[i])
	}
}

// onSubmitted chooses the match in bold and moves on to the next field,
// so that a form can be filled without the mouse.
func (p *picker) onSubmitted(string) {
	if p.current < len(p.items) && p.box.Visible() {
		p.choose(p.items[p.current])
		if c := fyne.CurrentApp().Driver().CanvasForObject(p.search); c != nil {
			c.FocusNext()
		}
	}
}

// move changes the match Enter chooses.
func (p *picker) move(by int) {
	if len(p.items) == 0 {
		return
	}
	p.current = max(0, min(len(p.items)-1, p.current+by))
	p.list.ScrollTo(p.current)
	p.list.Refresh()
}

// choose sets the choice, as Enter, a click or another screen does.
func (p *picker) choose(it pickItem) {
	p.chosen = it
	p.setText(it.Name)
	p.box.Hide()
	p.list.UnselectAll()
	p.showHint()
	if p.onChosen != nil {
		p.onChosen(it)
	}
}

// clear undoes the choice and the typing, without telling onChosen.
func (p *picker) clear() {
	p.chosen = pickItem{}
	p.setText("")
	p.filter("")
	p.showHint()
}

func (p *picker) setText(text string) {
	p.quiet = true
	p.search.SetText(text)
	p.quiet = false
}

// TypedKey moves through the matches with Down and Up.
func (e *pickerEntry) TypedKey(k *fyne.KeyEvent) {
	switch k.Name {
	case fyne.KeyDown:
		if !e.p.box.Visible() {
			e.p.filter(e.Text)
			return
		}
		e.p.move(1)
	case fyne.KeyUp:
		e.p.move(-1)
	case fyne.KeyEscape:
		if e.p.box.Visible() && e.p.chosen.ID == 0 && e.Text != "" {
			e.p.box.Hide() // the first Esc closes the matches, the next the dialog
			return
		}
		if !passEscape(e, k) {
			e.entry.TypedKey(k)
		}
	default:
		e.entry.TypedKey(k)
	}
}

// rowsHigh gives the list of matches the height of its rows, up to five,
// and the width of its container.
type rowsHigh struct{ p *picker }

func (r *rowsHigh) MinSize(objs []fyne.CanvasObject) fyne.Size {
	row := newRow(1).MinSize().Height + theme.Padding()
	return fyne.NewSize(0, float32(max(1, min(5, len(r.p.items))))*row)
}

func (r *rowsHigh) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Resize(size)
		o.Move(fyne.NewPos(0, 0))
	}
}

func matchCount(n int) string {
	if n == 1 {
		return "1 match"
	}
	return data.Grouped(n) + " matches"
}
