package app

import (
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

	list  *widget.List
	empty *widget.Label
}

func newTable(titles []string, weights []float32, length func() int, cells func(int) []string) *table {
	t := &table{titles: titles, weights: weights, length: length, cells: cells, cols: &columns{weights: weights}}
	t.list = &widget.List{
		Length:     length,
		CreateItem: t.createItem,
		UpdateItem: t.updateItem,
		OnSelected: t.onListSelected,
	}
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
