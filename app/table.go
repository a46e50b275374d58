package app

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// table is a list with a header whose rows are columns of text, drawn from
// a slice through callbacks: one template row is reused for every record,
// so ten thousand students cost no more than twenty.
type table struct {
	titles  []string
	weights []float32
	// cols is the layout of the header and of every row.
	cols *columns
	// length and cells read the screen's slice; they run on the UI goroutine.
	length func() int
	cells  func(i int) []string
	// warn, when set, names a column to show in red for row i, or -1.
	warn func(i int) int
	// onSelected is called when a row is chosen.
	onSelected func(i int)

	list  *focusList
	empty *widget.Label
}

func newTable(titles []string, weights []float32, length func() int, cells func(int) []string) *table {
	t := &table{titles: titles, weights: weights, length: length, cells: cells, cols: &columns{weights: weights}}
	t.list = newFocusList(length, t.createItem, t.updateItem, t.onListSelected)
	t.empty = &widget.Label{Text: "Nothing to show.", TextStyle: fyne.TextStyle{Italic: true}, Alignment: fyne.TextAlignCenter}
	return t
}

func (t *table) createItem() fyne.CanvasObject { return newColumnsRow(t.cols) }

func (t *table) updateItem(i widget.ListItemID, o fyne.CanvasObject) {
	setRow(o, t.cells(i)...)
	col := -1
	if t.warn != nil {
		col = t.warn(i)
	}
	for c := range t.weights {
		imp := widget.MediumImportance
		if c == col {
			imp = widget.DangerImportance
		}
		setRowImportance(o, c, imp)
	}
}

func (t *table) onListSelected(i widget.ListItemID) {
	if t.onSelected != nil {
		t.onSelected(i)
	}
}

// refresh redraws the rows after the slice changed.
func (t *table) refresh() {
	t.list.UnselectAll()
	t.list.focus = 0 // new rows: the keyboard starts at the first
	t.list.Refresh()
	if t.length() == 0 {
		t.empty.Show()
	} else {
		t.empty.Hide()
	}
}

// object is the header above the rows.
func (t *table) object() fyne.CanvasObject {
	line := canvas.NewRectangle(theme.Color(theme.ColorNameSeparator))
	line.SetMinSize(fyne.NewSize(1, 1))
	header := container.NewVBox(newHeader(t.titles, t.cols), line)
	return container.NewBorder(header, nil, nil, nil, container.NewStack(t.list, container.NewVBox(t.empty)))
}

// focusList is a widget.List that outlines the row the keyboard is on, in
// the theme's focus colour, whether or not that row is selected. Fyne 2.7
// marks it with the hover colour, which the selection colour covers: a
// master–detail list opens with its first record selected, so tabbing
// into it showed no sign of where the keyboard was, and a teacher could
// not tell which row Space would open. The keyboard's row follows the
// selection, so Up and Down start from the record on screen.
type focusList struct {
	widget.List
	focused bool
	focus   widget.ListItemID
}

// newFocusList is widget.NewList with OnSelected: each row that create
// makes is drawn with the outline over it, and update gets the row as
// create made it.
func newFocusList(length func() int, create func() fyne.CanvasObject,
	update func(widget.ListItemID, fyne.CanvasObject), selected func(widget.ListItemID),
) *focusList {
	l := &focusList{}
	l.Length = length
	l.CreateItem = func() fyne.CanvasObject {
		mark := &canvas.Rectangle{StrokeWidth: 2, CornerRadius: theme.SelectionRadiusSize()}
		mark.Hide()
		return container.NewStack(create(), mark)
	}
	l.UpdateItem = func(i widget.ListItemID, o fyne.CanvasObject) {
		objs := o.(*fyne.Container).Objects
		l.mark(objs[1].(*canvas.Rectangle), i)
		update(i, objs[0])
	}
	l.OnSelected = func(i widget.ListItemID) {
		l.moveFocus(i)
		selected(i)
	}
	l.ExtendBaseWidget(l)
	return l
}

// FocusGained outlines the keyboard's row. widget.List's own is not
// called: its hover-coloured mark would show on a row of its choosing.
func (l *focusList) FocusGained() {
	l.focused = true
	l.RefreshItem(l.focus)
}

// FocusLost removes the outline.
func (l *focusList) FocusLost() {
	l.focused = false
	l.RefreshItem(l.focus)
}

// TypedKey moves the keyboard's row with Up and Down and opens it with
// Space or Enter.
func (l *focusList) TypedKey(k *fyne.KeyEvent) {
	n := l.Length()
	if n == 0 {
		return
	}
	switch k.Name {
	case fyne.KeyDown:
		l.moveFocus(min(l.focus+1, n-1))
	case fyne.KeyUp:
		l.moveFocus(max(l.focus-1, 0))
	case fyne.KeySpace, fyne.KeyReturn, fyne.KeyEnter:
		l.Select(min(l.focus, n-1))
	}
}

// moveFocus puts the keyboard on row i and scrolls it into view.
func (l *focusList) moveFocus(i widget.ListItemID) {
	if i == l.focus {
		return
	}
	old := l.focus
	l.focus = i
	l.RefreshItem(old)
	l.ScrollTo(i)
	l.RefreshItem(i)
}

// mark shows the outline over row i when the keyboard is on it.
func (l *focusList) mark(r *canvas.Rectangle, i widget.ListItemID) {
	if !l.focused || i != l.focus {
		r.Hide()
		return
	}
	// The focus colour is made to be blended over a control; a line two
	// pixels wide needs it at full strength.
	c := color.NRGBAModel.Convert(theme.Color(theme.ColorNameFocus)).(color.NRGBA)
	c.A = 0xff
	r.StrokeColor = c
	r.Show()
	r.Refresh()
}
