package app

import (
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"
	"weak"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"mentorbook/data"
)

func layoutSpacer() fyne.CanvasObject { return layout.NewSpacer() }

// scrollBox scrolls o inside a box of at least w×h, for dialogs whose
// content can be long.
func scrollBox(o fyne.CanvasObject, w, h float32) fyne.CanvasObject {
	s := container.NewVScroll(o)
	s.SetMinSize(fyne.NewSize(w, h))
	return s
}

// heading is a bold title for a section of a screen.
func heading(text string) *widget.Label {
	return &widget.Label{Text: text, TextStyle: fyne.TextStyle{Bold: true}, SizeName: theme.SizeNameSubHeadingText}
}

// entry is a text entry that passes Esc to the window, so that Esc closes a
// dialog even while the cursor is in one of its fields, and that can show
// the store's validation message under itself.
type entry struct {
	widget.Entry
	shown error // the validation error on show, for tests
	// u is set on date entries: the school's date format and today's
	// date are the window's.
	u *ui
	// calendar is the date picker on show, for tests.
	calendar *widget.PopUp
}

// SetValidationError shows err under the field and remembers it.
func (e *entry) SetValidationError(err error) {
	e.shown = err
	e.Entry.SetValidationError(err)
}

func newEntry(placeholder string) *entry {
	e := &entry{}
	e.PlaceHolder = placeholder
	e.AlwaysShowValidationError = true
	e.ExtendBaseWidget(e)
	return e
}

func newNoteEntry(placeholder string) *entry {
	e := newEntry(placeholder)
	e.MultiLine = true
	e.Wrapping = fyne.TextWrapWord
	e.SetMinRowsVisible(3)
	return e
}

// TypedKey hands Esc to the canvas, which closes the top dialog.
func (e *entry) TypedKey(k *fyne.KeyEvent) {
	if k.Name == fyne.KeyEscape && passEscape(e, k) {
		return
	}
	e.Entry.TypedKey(k)
}

// passEscape hands Esc from the field o to its window, which closes the
// top dialog, and reports whether the window took it.
func passEscape(o fyne.CanvasObject, k *fyne.KeyEvent) bool {
	c := fyne.CurrentApp().Driver().CanvasForObject(o)
	if c == nil || c.OnTypedKey() == nil {
		return false
	}
	c.Unfocus()
	c.OnTypedKey()(k)
	return true
}

// AcceptsTab is false even for a notes field: Tab moves to the next
// field, as everywhere else, and never types a tab into a note.
func (e *entry) AcceptsTab() bool { return false }

// TypedRune clears a shown validation error as soon as the field changes.
func (e *entry) TypedRune(r rune) {
	e.SetValidationError(nil)
	e.Entry.TypedRune(r)
}

// newDateEntry returns the window's one kind of date field: typed in the
// school's date format (Settings › School), with a calendar beside it.
func (u *ui) newDateEntry() *entry {
	e := newEntry(u.dates.Pattern())
	e.u = u
	e.ActionItem = &widget.Button{Icon: theme.CalendarIcon(), Importance: widget.LowImportance, OnTapped: e.onCalendar}
	u.dateEntries = append(slices.DeleteFunc(u.dateEntries, func(p weak.Pointer[entry]) bool { return p.Value() == nil }), weak.Make(e))
	return e
}

// setDateFormat makes f the window's date format and rewrites every date
// field still open into it, so that a date filled in or typed before the
// change (the Meetings filter, a meeting being logged) keeps its day.
func (u *ui) setDateFormat(f data.DateFormat) {
	old := u.dates
	u.dates = f
	for _, p := range u.dateEntries {
		e := p.Value()
		if e == nil {
			continue
		}
		e.PlaceHolder = strings.Replace(e.PlaceHolder, old.Pattern(), f.Pattern(), 1)
		if d, err := old.Parse(strings.TrimSpace(e.Text)); err == nil {
			e.SetText(f.Format(d))
		} else {
			e.Refresh()
		}
	}
}

// dateFormat is the format a date entry reads and writes.
func (e *entry) dateFormat() data.DateFormat {
	if e.u == nil {
		return data.DateISO
	}
	return e.u.dates
}

// onCalendar shows a month under the field, opened on the date typed (or
// today); choosing a day writes it into the field.
func (e *entry) onCalendar() {
	c := fyne.CurrentApp().Driver().CanvasForObject(e)
	if c == nil {
		return
	}
	start := e.u.store.Now()
	if d, err := e.dateFormat().Parse(strings.TrimSpace(e.Text)); err == nil && !d.IsZero() {
		start = d.Time()
	}
	cal := widget.NewCalendar(start, e.onCalendarDay)
	e.calendar = widget.NewPopUp(cal, c)
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(e)
	e.calendar.ShowAtPosition(pos.Add(fyne.NewPos(0, e.Size().Height)))
}

func (e *entry) onCalendarDay(t time.Time) {
	setDate(e, data.DateOf(t))
	e.SetValidationError(nil)
	if e.calendar != nil {
		e.calendar.Hide()
		e.calendar = nil
	}
}

// date reads a date entry; the error names the field in words.
func (e *entry) date(label, field string) (data.Date, error) {
	d, err := e.dateFormat().Parse(strings.TrimSpace(e.Text))
	if err != nil {
		return d, &data.Error{Code: data.EINVALID, Field: field, Message: label + ": " + err.Error() + "."}
	}
	return d, nil
}

// number reads a whole number; empty is zero.
func (e *entry) number(label, field string) (int, error) {
	t := strings.TrimSpace(e.Text)
	if t == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(t)
	if err != nil {
		return 0, &data.Error{Code: data.EINVALID, Field: field, Message: label + " must be a whole number (it is " + strconv.Quote(t) + ")."}
	}
	return n, nil
}

// setDate writes d into a date entry in the school's format.
func setDate(e *entry, d data.Date) {
	e.SetText(e.dateFormat().Format(d))
}

// day writes d for display, in the school's date format.
func (u *ui) day(d data.Date) string { return u.dates.Format(d) }

// dayTime writes a meeting's time: the day in the school's format and
// the time of day.
func (u *ui) dayTime(t time.Time) string {
	return u.dates.Format(data.DateOf(t)) + " " + t.Format("15:04")
}

// done shows a confirmation in the status line.
func (f *fieldErrors) done(msg string) {
	f.clear()
	f.status.Importance = widget.SuccessImportance
	f.status.SetText(msg)
	f.status.Show()
}

// fieldErrors shows a store error beside the field it names and, in
// plain words, in a status line under the form.
type fieldErrors struct {
	fields map[string]*entry
	status *widget.Label
}

func newFieldErrors(fields map[string]*entry) *fieldErrors {
	st := widget.NewLabel("")
	st.Importance = widget.DangerImportance
	st.Wrapping = fyne.TextWrapWord
	st.Hide()
	return &fieldErrors{fields: fields, status: st}
}

// show marks the field err names and reports whether err was a store
// error a person can fix in the form; other errors need a dialog.
func (f *fieldErrors) show(err error) bool {
	f.clear()
	if err == nil {
		return true
	}
	msg := data.ErrorMessage(err)
	if e, ok := f.fields[data.ErrorField(err)]; ok {
		e.SetValidationError(errors.New(msg))
	}
	f.status.Importance = widget.DangerImportance
	f.status.SetText(msg)
	f.status.Show()
	code := data.ErrorCode(err)
	// A server out of reach is said under the form, which keeps what was
	// typed for the person to save again.
	return code == data.EINVALID || code == data.ECONFLICT || errors.Is(err, data.ErrUnreachable)
}

func (f *fieldErrors) clear() {
	for _, e := range f.fields {
		e.SetValidationError(nil)
	}
	f.status.SetText("")
	f.status.Hide()
}

// columns lays a list row out as a table: each column gets its share of
// the width, but never less than mins (the width of its title), so that
// the header and every row line up and no title is cut to "Relati…".
type columns struct{ weights, mins []float32 }

func (c *columns) min(i int) float32 {
	if i < len(c.mins) {
		return c.mins[i]
	}
	return 40
}

func (c *columns) MinSize(objs []fyne.CanvasObject) fyne.Size {
	w, h := float32(0), float32(0)
	for i, o := range objs {
		w += c.min(i)
		h = max(h, o.MinSize().Height)
	}
	return fyne.NewSize(w, h)
}

// widths shares width out by weight; a column whose share is below its
// minimum gets the minimum, and the others share what is left.
func (c *columns) widths(n int, width float32) []float32 {
	ws := make([]float32, n)
	fixed := make([]bool, n)
	for {
		left, total := width, float32(0)
		for i := range n {
			if fixed[i] {
				left -= c.min(i)
			} else {
				total += c.weights[i]
			}
		}
		changed := false
		for i := range n {
			if fixed[i] {
				ws[i] = c.min(i)
				continue
			}
			ws[i] = max(0, left) * c.weights[i] / total
			if ws[i] < c.min(i) {
				fixed[i], changed = true, true
			}
		}
		if !changed || total == 0 {
			return ws
		}
	}
}

func (c *columns) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	x := float32(0)
	for i, w := range c.widths(len(objs), size.Width) {
		objs[i].Move(fyne.NewPos(x, 0))
		objs[i].Resize(fyne.NewSize(w, size.Height))
		x += w
	}
}

// newRow returns a row of truncating labels laid out by weights, the
// template of a list item.
func newRow(weights ...float32) *fyne.Container {
	return newColumnsRow(&columns{weights: weights})
}

func newColumnsRow(c *columns) *fyne.Container {
	objs := make([]fyne.CanvasObject, len(c.weights))
	for i := range c.weights {
		objs[i] = &widget.Label{Truncation: fyne.TextTruncateEllipsis}
	}
	return container.New(c, objs...)
}

// newHeader returns the bold header row of a table whose columns are at
// least as wide as their titles.
func newHeader(titles []string, c *columns) *fyne.Container {
	c.mins = make([]float32, len(titles))
	row := newColumnsRow(c)
	for i, t := range titles {
		l := row.Objects[i].(*widget.Label)
		l.Text = t
		l.TextStyle.Bold = true
		l.Truncation = fyne.TextTruncateOff
		c.mins[i] = l.MinSize().Width
	}
	return row
}

// setRow fills a row made by newRow.
func setRow(row fyne.CanvasObject, texts ...string) {
	for i, t := range texts {
		row.(*fyne.Container).Objects[i].(*widget.Label).SetText(leftToRight(t))
	}
}

// setRowImportance colours one cell of a row, e.g. an expired check in red.
func setRowImportance(row fyne.CanvasObject, col int, imp widget.Importance) {
	l := row.(*fyne.Container).Objects[col].(*widget.Label)
	if l.Importance != imp {
		l.Importance = imp
		l.Refresh()
	}
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "—"
}

// selectOr returns a Select over options with the first chosen.
func newSelect(options []string, selected string) *widget.Select {
	s := widget.NewSelect(options, nil)
	s.SetSelected(selected)
	return s
}

// buttonRow lays buttons out in a row that wraps onto a second line when
// the pane is narrow, so that a row of actions never forces a pane wider.
func buttonRow(buttons ...fyne.CanvasObject) *fyne.Container {
	return container.New(layout.NewRowWrapLayout(), buttons...)
}

// setEnabled enables or disables buttons together: a screen offers only
// the actions its current selection allows.
// hideUnless hides the buttons when the login may not do what they do
// (the server would refuse it): see ui.isCoordinator.
func hideUnless(may bool, buttons ...*widget.Button) {
	for _, b := range buttons {
		if !may {
			b.Hide()
		}
	}
}

func setEnabled(on bool, buttons ...*widget.Button) {
	for _, b := range buttons {
		if on {
			b.Enable()
		} else {
			b.Disable()
		}
	}
}

// readOnlyText is a field shown as text, for a login whose role may not
// change it (the server would refuse the save): a form of entries that
// look editable, with no Save, would only mislead. It shows its entry's
// text, which fill keeps writing, when show is called.
type readOnlyText struct {
	*widget.Label
	of *entry
}

func newReadOnlyText(of *entry) *readOnlyText {
	return &readOnlyText{Label: &widget.Label{Wrapping: fyne.TextWrapWord, Selectable: true}, of: of}
}

// show copies the entry's text; an empty field reads "—".
func (r *readOnlyText) show() {
	text := strings.TrimSpace(r.of.Text)
	if text == "" {
		text = "—"
	}
	r.SetText(text)
}

// countOf writes a count for people: "1 student", "9,492 students".
func countOf(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return data.Grouped(n) + " " + noun + "s"
}

// topFirst is container.NewBorder(top, bottom, nil, nil, center) with its
// parts in reading order: top, centre, bottom. Tab follows that order,
// and Fyne's Border puts the centre first, so Tab went from a screen's
// search and filters past its list, which only Shift+Tab reached.
func topFirst(top, bottom, center fyne.CanvasObject) *fyne.Container {
	var objs []fyne.CanvasObject
	for _, o := range []fyne.CanvasObject{top, center, bottom} {
		if o != nil {
			objs = append(objs, o)
		}
	}
	return container.New(layout.NewBorderLayout(top, bottom, nil, nil), objs...)
}
