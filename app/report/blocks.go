package report

import "strings"

// block is text laid out for a given width: its lines in logical order, and
// for each line whether its paragraph runs right to left.
type block struct {
	lines [][]glyph
	rtl   []bool
	style style
}

// layout prepares and wraps text to width millimetres. Each line of the
// input is a paragraph with its own direction.
func (d *doc) layout(text string, s style, width float64) block {
	set := d.fontSet(s)
	gs := set.prepare(text, true)
	limit := s.units(width)
	b := block{style: s}
	for start := 0; start <= len(gs); {
		end := start
		for end < len(gs) && gs[end].r != '\n' {
			end++
		}
		p := gs[start:end]
		rtl := isRTL(p)
		for _, l := range set.wrap(p, limit) {
			b.lines = append(b.lines, l)
			b.rtl = append(b.rtl, rtl)
		}
		start = end + 1
	}
	return b
}

// height is the height of lines [from, to) of b.
func (b block) height(from, to int) float64 {
	return float64(to-from) * b.style.lineHeight()
}

// drawLines draws lines [from, to) of b from the top of the box at (x, y).
func (d *doc) drawLines(x, y, w float64, b block, from, to, align int, color [3]int) {
	lh := b.style.lineHeight()
	for i := from; i < to; i++ {
		d.drawLine(x, y+float64(i-from)*lh, w, b.lines[i], b.rtl[i], b.style, align, color)
	}
}

// paragraph writes text across the content width, wrapped, continuing on new
// pages as needed. Right-to-left paragraphs are right-aligned.
func (d *doc) paragraph(text string, s style) {
	d.flow(d.left, d.right-d.left, d.layout(text, s, d.right-d.left), alignStart, ink)
	d.space(s.lineHeight() * 0.4)
}

// flow draws a block at the cursor, as many lines per page as fit.
func (d *doc) flow(x, w float64, b block, align int, color [3]int) {
	lh := b.style.lineHeight()
	for i := 0; i < len(b.lines); {
		d.ensure(lh)
		n := min(len(b.lines)-i, max(1, int((d.bottom-d.y)/lh)))
		d.drawLines(x, d.y, w, b, i, i+n, align, color)
		d.y += b.height(i, i+n)
		i += n
	}
}

// heading writes a section heading, moving to a new page first if the
// heading would otherwise end a page.
func (d *doc) heading(text string) {
	d.headingStyled(text, headingText, accent)
}

// subheading writes a heading one level below heading.
func (d *doc) subheading(text string) {
	d.headingStyled(text, subheadingText, ink)
}

func (d *doc) headingStyled(text string, s style, color [3]int) {
	gap := s.lineHeight() * 0.5
	// Keep the heading with at least two lines of what follows, or a
	// table's header row and first row.
	d.ensure(gap + s.lineHeight()*1.2 + smallBoldText.lineHeight() + bodyText.lineHeight() + 4*cellPadY)
	if d.y > d.top {
		d.y += gap
	}
	b := d.layout(text, s, d.right-d.left)
	// At the margin whatever the script, as every heading of the report:
	// a student's name in Arabic heads the page where a Latin one does.
	d.flow(d.left, d.right-d.left, b, alignLeft, color)
	d.y += s.lineHeight() * 0.2
}

// keyValues writes label–value pairs as two columns, the labels in bold;
// values wrap and may continue on the next page.
func (d *doc) keyValues(pairs [][2]string) {
	labelW := 0.0
	for _, p := range pairs {
		labelW = max(labelW, d.textWidth(p[0], boldText))
	}
	width := d.right - d.left
	labelW = min(labelW+4, width*0.4)
	for _, p := range pairs {
		label := d.layout(p[0], boldText, labelW-4)
		value := d.layout(p[1], bodyText, width-labelW)
		lh := bodyText.lineHeight()
		d.ensure(lh)
		page, top := d.pdf.PageNo(), d.y
		// The label may wrap too; it stays beside the value's first lines.
		n := min(len(label.lines), max(1, int((d.bottom-d.y)/lh)))
		d.drawLines(d.left, top, labelW-4, label, 0, n, alignLeft, muted)
		d.flow(d.left+labelW, width-labelW, value, alignStart, ink)
		if d.pdf.PageNo() == page {
			d.y = max(d.y, top+label.height(0, n))
		}
		d.y += lh * 0.25
	}
	d.space(bodyText.lineHeight() * 0.4)
}

// keep starts a new page unless h millimetres are left on this one, when h
// fits on a page at all: what must stay together moves together.
func (d *doc) keep(h float64) {
	if h <= d.bottom-d.top {
		d.ensure(h)
	}
}

// The heights of blocks, for keep: each as the block's writer moves the
// cursor on a page where it fits.

func (d *doc) headingHeight(s style) float64 { return s.lineHeight() * 1.7 }

func (d *doc) noticeHeight(text string) float64 {
	b := d.layout(text, bodyText, d.right-d.left)
	return b.height(0, len(b.lines)) + bodyText.lineHeight()*0.4
}

func (d *doc) bulletsHeight(items []string) float64 {
	h := bodyText.lineHeight() * 0.4
	for _, it := range items {
		b := d.layout(it, bodyText, d.right-d.left-bulletIndent)
		h += b.height(0, len(b.lines)) + bodyText.lineHeight()*0.2
	}
	return h
}

func (d *doc) signatureHeight() float64 { return 14 + smallText.lineHeight() }

// signatureLines draws a line to sign on above each label, side by side.
func (d *doc) signatureLines(labels ...string) {
	if len(labels) == 0 {
		return
	}
	h := d.signatureHeight()
	d.ensure(h)
	gap := 10.0
	// A lone line takes half the width, as a signature needs no more.
	n := float64(max(len(labels), 2))
	w := (d.right - d.left - gap*(n-1)) / n
	for i, l := range labels {
		x := d.left + float64(i)*(w+gap)
		d.hline(x, x+w, d.y+12, 0.3, ink)
		d.textLine(x, d.y+13, w, strings.TrimSpace(l), smallText, alignLeft, muted)
	}
	d.y += h
}

// figure is one headline number and what it counts.
type figure struct {
	value, label string
}

// figures draws headline numbers side by side in tinted boxes, the number
// large above its label, as a reader's eye goes to them first.
func (d *doc) figures(fs []figure) {
	if len(fs) == 0 {
		return
	}
	const gap, padY = 4.0, 2.0
	h := 2*padY + headingText.lineHeight() + 2*smallText.lineHeight()
	d.ensure(h + 2)
	w := (d.right - d.left - gap*float64(len(fs)-1)) / float64(len(fs))
	for i, f := range fs {
		x := d.left + float64(i)*(w+gap)
		d.fillRect(x, d.y, w, h, headFill)
		d.textLine(x+2, d.y+padY, w-4, f.value, headingText, alignLeft, accent)
		label := d.layout(f.label, smallText, w-4)
		d.drawLines(x+2, d.y+padY+headingText.lineHeight(), w-4, label, 0, min(2, len(label.lines)), alignLeft, ink)
	}
	d.y += h
	d.space(bodyText.lineHeight() * 0.6)
}

// notice writes a short remark in muted text, such as what a report leaves
// out.
func (d *doc) notice(text string) {
	d.flow(d.left, d.right-d.left, d.layout(text, bodyText, d.right-d.left), alignStart, muted)
	d.space(bodyText.lineHeight() * 0.4)
}

// bulletIndent is how far a bullet's text hangs from the margin.
const bulletIndent = 5.0

// bullets writes each item as a paragraph hanging from a bullet.
func (d *doc) bullets(items []string) {
	const indent = bulletIndent
	for _, it := range items {
		b := d.layout(it, bodyText, d.right-d.left-indent)
		d.ensure(bodyText.lineHeight())
		d.textLine(d.left, d.y, indent, "•", bodyText, alignLeft, accent)
		d.flow(d.left+indent, d.right-d.left-indent, b, alignStart, ink)
		d.y += bodyText.lineHeight() * 0.2
	}
	d.space(bodyText.lineHeight() * 0.4)
}
