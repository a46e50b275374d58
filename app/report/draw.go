package report

import "bytes"

// style is a size in points and a weight.
type style struct {
	size float64
	bold bool
}

// The styles reports use.
var (
	bodyText       = style{size: 10}
	boldText       = style{size: 10, bold: true}
	smallText      = style{size: 8}
	smallBoldText  = style{size: 8, bold: true}
	titleText      = style{size: 15, bold: true}
	headingText    = style{size: 13, bold: true}
	subheadingText = style{size: 11, bold: true}
)

// lineHeight is the distance between baselines, in millimetres.
func (s style) lineHeight() float64 { return s.size * ptToMM * lineFactor }

// mm converts a width in thousandths of an em to millimetres.
func (s style) mm(units int) float64 { return float64(units) * s.size * ptToMM / 1000 }

// units converts millimetres to thousandths of an em, rounding down so that
// text measured against it always fits.
func (s style) units(mm float64) int {
	if mm <= 0 {
		return 0
	}
	return int(mm * 1000 / (s.size * ptToMM))
}

// baseline returns the baseline of a line whose box starts at top.
func (s style) baseline(top float64) float64 {
	// DejaVu's ascent is 0.93 em; the rest centres it in the line box.
	return top + s.size*ptToMM*((lineFactor-1.16)/2+0.93)
}

func (d *doc) fontSet(s style) *fontSet {
	if s.bold {
		return d.bold
	}
	return d.reg
}

// Horizontal alignments. alignStart is left for left-to-right text and right
// for right-to-left text.
const (
	alignLeft = iota
	alignRight
	alignCenter
	alignStart
)

// textWidth measures text as textLine would draw it, in millimetres.
func (d *doc) textWidth(text string, s style) float64 {
	set := d.fontSet(s)
	return s.mm(set.width(set.prepare(text, false)))
}

// textLine draws text on one line in the box at (x, y) w wide, shortened
// with "…" if it does not fit.
func (d *doc) textLine(x, y, w float64, text string, s style, align int, color [3]int) {
	set := d.fontSet(s)
	gs := set.ellipsis(set.prepare(text, false), s.units(w))
	d.drawLine(x, y, w, gs, isRTL(gs), s, align, color)
}

// drawLine draws one prepared line, given in logical order, in the box at
// (x, y) w wide.
func (d *doc) drawLine(x, y, w float64, line []glyph, rtl bool, s style, align int, color [3]int) {
	if len(line) == 0 {
		return
	}
	set := d.fontSet(s)
	width := s.mm(set.width(line))
	if align == alignStart {
		align = alignLeft
		if rtl {
			align = alignRight
		}
	}
	switch align {
	case alignRight:
		x += w - width
	case alignCenter:
		x += (w - width) / 2
	}
	d.setText(color)
	base := s.baseline(y)
	// Shaped and reordered text is drawn as glyphs a reader cannot search
	// for; marked content says what the line reads as: the text as stored.
	if actual, ok := actualText(line, rtl); ok {
		d.pdf.RawWriteStr("/Span <</ActualText <" + actual + ">>> BDC")
		defer d.pdf.RawWriteStr("EMC")
	}
	line = visual(line, rtl)
	// Draw each run of glyphs that share a face with one text operator.
	runes := make([]rune, 0, len(line))
	for i := 0; i < len(line); {
		j, f, units := i, line[i].f, 0
		runes = runes[:0]
		for ; j < len(line) && line[j].f == f; j++ {
			runes = append(runes, line[j].r)
			units += set.advance(line[j])
		}
		d.useFont(set.faces[f], s.size)
		d.pdf.Text(x, base, string(runes))
		x += s.mm(units)
		i = j
	}
}

// useFont selects a face in fpdf, registering it with this document the
// first time: a document without CJK text never pays for the CJK font.
func (d *doc) useFont(f *face, size float64) {
	if !d.used[f] {
		// fpdf pads the font's tables in place when it writes the
		// subset (generateChecksum appends to slices of the bytes it is
		// given), so documents drawn at once must not share the bytes.
		d.pdf.AddUTF8FontFromBytes(f.family, f.style, bytes.Clone(f.data))
		d.used[f] = true
	}
	if f != d.curFace || size != d.curSize {
		d.pdf.SetFont(f.family, f.style, size)
		d.curFace, d.curSize = f, size
	}
	if d.pageFonts != nil {
		d.pageFonts[d.pdf.PageNo()] |= 1 << f.index
	}
}

// The colour setters skip what fpdf already has, since each call adds an
// operator to the page.

func (d *doc) setText(c [3]int) {
	if c != d.curText {
		d.pdf.SetTextColor(c[0], c[1], c[2])
		d.curText = c
	}
}

func (d *doc) setFill(c [3]int) {
	if c != d.curFill {
		d.pdf.SetFillColor(c[0], c[1], c[2])
		d.curFill = c
	}
}

func (d *doc) setDraw(c [3]int) {
	if c != d.curDraw {
		d.pdf.SetDrawColor(c[0], c[1], c[2])
		d.curDraw = c
	}
}

// hline draws a horizontal rule.
func (d *doc) hline(x1, x2, y, width float64, c [3]int) {
	d.setDraw(c)
	d.pdf.SetLineWidth(width)
	d.pdf.Line(x1, y, x2, y)
}

// fillRect paints a rectangle without an outline.
func (d *doc) fillRect(x, y, w, h float64, c [3]int) {
	d.setFill(c)
	d.pdf.Rect(x, y, w, h, "F")
}
