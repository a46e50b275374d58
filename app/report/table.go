package report

import "strings"

// column describes one column of a table.
type column struct {
	title  string
	weight float64 // share of the table's width; 0 counts as 1
	align  int     // alignLeft, alignRight, alignCenter or alignStart
}

const (
	cellPadX       = 1.5
	cellPadY       = 1.0
	maxHeaderLines = 3
)

// tableOptions are what some tables need beyond columns and rows.
type tableOptions struct {
	// continued names the table on every page it continues on, above the
	// repeated header row: "Aisha Novak, continued".
	continued string
	// text is the style of the cells; the zero value is bodyText. A table
	// of many long cells reads well in smallText and takes less room.
	text style
	// keep is the height, in millimetres, of what must follow the last
	// row on the same page (a signature block): the last row moves to the
	// next page with it rather than leave it alone there.
	keep float64
}

// table draws rows under a header row. Cells wrap; a row that does not fit
// on the page moves to the next, and a row taller than a whole page is split
// between pages. The header row repeats at the top of every page the table
// reaches. Missing cells are empty and extra cells are ignored.
func (d *doc) table(cols []column, rows [][]string) { d.tableWith(tableOptions{}, cols, rows) }

// tableWith draws a table as table does, with the options o.
func (d *doc) tableWith(o tableOptions, cols []column, rows [][]string) {
	if len(cols) == 0 {
		return
	}
	text := o.text
	if text.size == 0 {
		text = bodyText
	}
	widths := d.columnWidths(cols)
	d.fitWords(widths, cols, rows, text)
	head := make([]block, len(cols))
	for i, c := range cols {
		head[i] = d.layout(c.title, smallBoldText, widths[i]-2*cellPadX)
		// A header must leave room for rows on every page it repeats on.
		if len(head[i].lines) > maxHeaderLines {
			head[i].lines, head[i].rtl = head[i].lines[:maxHeaderLines], head[i].rtl[:maxHeaderLines]
		}
	}
	headH := rowHeight(head)
	caption := 0.0
	if o.continued != "" {
		caption = boldText.lineHeight() + 1
	}
	// A new page repeats the caption and the header row.
	newPage := func() {
		d.addPage()
		if o.continued != "" {
			d.textLine(d.left, d.y, d.right-d.left, o.continued, boldText, alignLeft, muted)
			d.y += caption
		}
		d.tableHeader(cols, widths, head, headH)
	}
	lh := text.lineHeight()
	// A header with no room for a row under it moves to the next page.
	if d.pdf.PageNo() == 0 {
		d.addPage()
	}
	if d.y+headH+lh+2*cellPadY > d.bottom {
		newPage()
	} else {
		d.tableHeader(cols, widths, head, headH)
	}
	top := d.top + caption + headH // where rows start on a new page
	for r, row := range rows {
		cells := make([]block, len(cols))
		for i := range cols {
			cell := ""
			if i < len(row) {
				cell = row[i]
			}
			cells[i] = d.layout(cell, text, widths[i]-2*cellPadX)
		}
		lines := 0
		for _, c := range cells {
			lines = max(lines, len(c.lines))
		}
		fresh := d.bottom - top // room on a new page
		if h := float64(lines)*lh + 2*cellPadY; r == len(rows)-1 && o.keep > 0 &&
			d.y+h+o.keep > d.bottom && h+o.keep <= fresh && d.y > top+0.01 {
			newPage()
		}
		for from := 0; from < lines; {
			fit := int((d.bottom - d.y - 2*cellPadY) / lh)
			whole := float64(lines-from)*lh+2*cellPadY <= fresh
			atTop := d.y <= top+0.01
			// Start the row on a new page rather than split it, unless it
			// is too tall for any page. A new page always takes a line.
			if fit < lines-from && !atTop && (fit < 1 || from == 0 && whole) {
				newPage()
				continue
			}
			n := max(1, min(fit, lines-from))
			h := float64(n)*lh + 2*cellPadY
			if r%2 == 1 {
				d.fillRect(d.left, d.y, d.right-d.left, h, zebraFill)
			}
			x := d.left
			for i, c := range cells {
				if from < len(c.lines) {
					d.drawLines(x+cellPadX, d.y+cellPadY, widths[i]-2*cellPadX, c, from, min(from+n, len(c.lines)), cols[i].align, ink)
				}
				x += widths[i]
			}
			d.y += h
			d.hline(d.left, d.right, d.y, 0.1, ruleColor)
			from += n
			if from < lines {
				newPage()
			}
		}
	}
	d.space(bodyText.lineHeight() * 0.6)
}

// fitWords widens the columns too narrow for their longest word (a status,
// a date held together by no-break spaces) with room taken from columns
// that have some to spare, so that no word is cut in two: "Paused", never
// "Pause / d". A word longer than a third of the table may still be cut.
func (d *doc) fitWords(widths []float64, cols []column, rows [][]string, text style) {
	total := d.right - d.left
	need := make([]float64, len(cols))
	for i, c := range cols {
		need[i] = d.longestWord(c.title, smallBoldText)
		for _, r := range rows {
			if i < len(r) {
				need[i] = max(need[i], d.longestWord(r[i], text))
			}
		}
		need[i] = min(need[i]+2*cellPadX+0.1, total/3)
	}
	short, spare := 0.0, 0.0
	for i, w := range widths {
		if w < need[i] {
			short += need[i] - w
		} else {
			spare += w - need[i]
		}
	}
	if short == 0 || spare == 0 {
		return
	}
	f := min(1, spare/short) // the share of the shortfall that can be met
	take := short * f / spare
	for i, w := range widths {
		if w < need[i] {
			widths[i] += (need[i] - w) * f
		} else {
			widths[i] -= (w - need[i]) * take
		}
	}
}

// longestWord is the width of the widest run of text between places a line
// may break at a space.
func (d *doc) longestWord(text string, s style) float64 {
	w := 0.0
	for _, word := range strings.FieldsFunc(text, func(r rune) bool { return r == '\n' || isBreakSpace(r) }) {
		w = max(w, d.textWidth(word, s))
	}
	return w
}

// columnWidths shares the content width among columns by weight.
func (d *doc) columnWidths(cols []column) []float64 {
	total := 0.0
	for _, c := range cols {
		total += weight(c)
	}
	widths := make([]float64, len(cols))
	for i, c := range cols {
		widths[i] = (d.right - d.left) * weight(c) / total
	}
	return widths
}

func weight(c column) float64 {
	if c.weight <= 0 {
		return 1
	}
	return c.weight
}

// rowHeight is the height of a row of cells, padding included.
func rowHeight(cells []block) float64 {
	h := 0.0
	for _, c := range cells {
		h = max(h, c.height(0, len(c.lines)))
	}
	return h + 2*cellPadY
}

func (d *doc) tableHeader(cols []column, widths []float64, head []block, h float64) {
	d.fillRect(d.left, d.y, d.right-d.left, h, headFill)
	x := d.left
	for i, c := range head {
		d.drawLines(x+cellPadX, d.y+cellPadY, widths[i]-2*cellPadX, c, 0, len(c.lines), cols[i].align, ink)
		x += widths[i]
	}
	d.y += h
}
