package report

import (
	"math"
	"strconv"
)

// barChart is a vertical bar chart, such as meetings per week.
type barChart struct {
	title  string
	labels []string  // one per bar, printed under it
	values []float64 // negative, NaN and infinite values count as 0
	height float64   // of the plotting area in mm; 0 means 40
	// partial marks the last bar as a period cut short (the week of the
	// day printed): drawn pale, and explained under the chart.
	partial string
	// targets, when given, are drawn as a benchmark over each bar (the
	// meetings the dose asks for), named by targetName in a legend; a
	// target of 0 draws nothing over its bar.
	targets    []float64
	targetName string
}

// series is one line of a lineChart.
type series struct {
	name   string
	values []float64 // one per label; NaN where there is no value
}

// lineChart plots series over a shared axis of labels, such as wellbeing
// ratings from 1 to 5 at each meeting.
type lineChart struct {
	title    string
	labels   []string
	series   []series
	min, max float64 // the value axis; values outside are clamped
	height   float64 // of the plotting area in mm; 0 means 40
}

// palette colours series and bars; the first is the report accent.
var palette = [][3]int{
	{0, 121, 121}, {230, 140, 30}, {110, 80, 170}, {40, 110, 190}, {200, 60, 80}, {90, 150, 60},
}

const axisW = 10.0 // room for the value axis labels, in mm

// plot is the rectangle a chart draws into and its value range.
type plot struct {
	x, y, w, h float64
	lo, hi     float64
	slot       float64 // width per label
}

func (p plot) vy(v float64) float64 {
	v = min(max(v, p.lo), p.hi)
	return p.y + p.h - (v-p.lo)/(p.hi-p.lo)*p.h
}

func (p plot) cx(i int) float64 { return p.x + (float64(i)+0.5)*p.slot }

// barChart draws c across the content width.
func (d *doc) barChart(c barChart) {
	values := make([]float64, len(c.values))
	top := 0.0
	for i, v := range c.values {
		if v > 0 && !math.IsInf(v, 1) {
			values[i] = v
			top = max(top, v)
		}
	}
	for i, v := range c.targets {
		if i < len(values) && v > 0 && !math.IsInf(v, 1) {
			top = max(top, v)
		}
	}
	notes := 0.0
	if c.targetName != "" {
		notes += smallText.lineHeight() + 2
	}
	if c.partial != "" {
		notes += smallText.lineHeight() + 2
	}
	step := niceStep(top)
	p, ok := d.chartFrame(c.title, c.height, len(values), 0, math.Max(step, math.Ceil(top/step)*step), step, notes)
	if !ok {
		return
	}
	bw := p.slot * 0.65
	for i, v := range values {
		x := p.cx(i)
		if v > 0 {
			col := palette[0]
			if c.partial != "" && i == len(values)-1 {
				col = paleAccent
			}
			d.fillRect(x-bw/2, p.vy(v), bw, p.y+p.h-p.vy(v), col)
		}
		label := formatValue(v)
		// An empty week needs no "0" over it: the missing bar says it.
		if v > 0 && d.textWidth(label, smallText) <= p.slot {
			d.textLine(x-p.slot/2, p.vy(v)-smallText.lineHeight(), p.slot, label, smallText, alignCenter, ink)
		}
	}
	// The benchmark: a short rule over each slot at its target, joined
	// from slot to slot, so that a step in the pairings running shows.
	if len(c.targets) > 0 {
		d.pdf.SetLineWidth(0.4)
		d.setDraw(palette[1])
	}
	px, py, have := 0.0, 0.0, false
	for i := range values {
		if i >= len(c.targets) || !(c.targets[i] > 0) || math.IsInf(c.targets[i], 1) {
			have = false
			continue
		}
		x0, x1, y := p.x+float64(i)*p.slot, p.x+float64(i+1)*p.slot, p.vy(c.targets[i])
		if have {
			d.pdf.Line(px, py, x0, y)
		}
		d.pdf.Line(x0, y, x1, y)
		px, py, have = x1, y, true
	}
	d.axisLabels(p, c.labels, len(values))
	d.y = p.y + p.h + smallText.lineHeight() + 4
	if c.targetName != "" {
		d.hline(p.x, p.x+4, d.y+smallText.lineHeight()/2, 0.4, palette[1])
		d.textLine(p.x+5.5, d.y, p.w-5.5, c.targetName, smallText, alignLeft, ink)
		d.y += smallText.lineHeight() + 2
	}
	if c.partial != "" {
		d.fillRect(p.x, d.y+1, 3, 2, paleAccent)
		d.textLine(p.x+5.5, d.y, p.w-5.5, c.partial, smallText, alignLeft, ink)
		d.y += smallText.lineHeight() + 2
	}
}

// paleAccent fills a bar for a period not yet over.
var paleAccent = [3]int{160, 210, 210}

// lineChart draws c across the content width, with a legend when there is
// more than one series.
func (d *doc) lineChart(c lineChart) {
	lo, hi := c.min, c.max
	if !(hi > lo) || math.IsInf(hi-lo, 0) {
		lo, hi = 0, 1
	}
	step := 1.0
	if hi-lo > 10 || hi-lo < 2 {
		step = niceStep(hi - lo)
	}
	legend := 0.0
	if len(c.series) > 1 {
		legend = smallText.lineHeight() + 2
	}
	p, ok := d.chartFrame(c.title, c.height, len(c.labels), lo, hi, step, legend)
	if !ok {
		return
	}
	d.pdf.SetLineWidth(0.5)
	for s, ser := range c.series {
		col := palette[s%len(palette)]
		d.setDraw(col)
		d.setFill(col)
		px, py, have := 0.0, 0.0, false
		for i, v := range ser.values {
			if i >= len(c.labels) {
				break
			}
			if math.IsNaN(v) {
				continue
			}
			x, y := p.cx(i), p.vy(v)
			// Gaps are bridged: ratings are seldom taken at every meeting.
			if have {
				d.pdf.Line(px, py, x, y)
			}
			d.pdf.Circle(x, y, 0.8, "F")
			px, py, have = x, y, true
		}
	}
	d.axisLabels(p, c.labels, len(c.labels))
	d.y = p.y + p.h + smallText.lineHeight() + 4
	if legend > 0 {
		// Entries run on to further lines rather than be cut short.
		x := p.x
		for s, ser := range c.series {
			w := min(d.textWidth(ser.name, smallText), p.w-4)
			if x > p.x && x+w+4 > d.right {
				x = p.x
				d.y += legend
				d.ensure(legend)
			}
			d.fillRect(x, d.y+1, 3, 2, palette[s%len(palette)])
			d.textLine(x+4, d.y, w, ser.name, smallText, alignLeft, ink)
			x += w + 10
		}
		d.y += legend + 2
	}
}

// chartFrame reserves room for a chart with n slots, draws its title, grid
// and value axis, and returns the plotting area. extra is room reserved
// below the labels. With no data it writes "No data" and returns false.
func (d *doc) chartFrame(title string, height float64, n int, lo, hi, step, extra float64) (plot, bool) {
	if height <= 0 {
		height = 40
	}
	titleH := 0.0
	if title != "" {
		titleH = boldText.lineHeight() + 1
	}
	// Room above the plot for the value over the tallest bar.
	pad := smallText.lineHeight() + 0.5
	d.ensure(titleH + pad + height + smallText.lineHeight() + 4 + extra)
	if title != "" {
		d.textLine(d.left, d.y, d.right-d.left, title, boldText, alignStart, ink)
		d.y += titleH
	}
	if n == 0 {
		d.textLine(d.left, d.y, d.right-d.left, "No data", bodyText, alignLeft, muted)
		d.y += bodyText.lineHeight() + 2
		return plot{}, false
	}
	p := plot{x: d.left + axisW, y: d.y + pad, w: d.right - d.left - axisW, h: height, lo: lo, hi: hi}
	p.slot = p.w / float64(n)
	// Never more than ten grid lines, whatever the range.
	step = max(step, (hi-lo)/10)
	for k := 0; k <= 10; k++ {
		v := lo + float64(k)*step
		if v > hi+step/1000 {
			break
		}
		y := p.vy(v)
		d.hline(p.x, p.x+p.w, y, 0.1, ruleColor)
		d.textLine(d.left, y-smallText.lineHeight()/2, axisW-1.5, formatValue(v), smallText, alignRight, muted)
	}
	d.hline(p.x, p.x+p.w, p.y+p.h, 0.3, muted)
	return p, true
}

// axisLabels writes labels under the slots, skipping some when they would
// collide.
func (d *doc) axisLabels(p plot, labels []string, n int) {
	widest := 0.0
	for i := 0; i < n && i < len(labels); i++ {
		widest = max(widest, d.textWidth(labels[i], smallText))
	}
	// Labels may be shortened to 3 slots' width before some are skipped.
	every := max(1, int(math.Ceil(min(widest+1, 3*p.slot)/p.slot)))
	w := min(p.slot*float64(every), p.w)
	for i := 0; i < n && i < len(labels); i += every {
		// Labels at the ends keep within the plot's width, aligned to the
		// edge they would cross.
		x, align := p.cx(i)-w/2, alignCenter
		if x < p.x {
			x, align = p.x, alignLeft
		} else if x+w > p.x+p.w {
			x, align = p.x+p.w-w, alignRight
		}
		d.textLine(x, p.y+p.h+0.5, w, labels[i], smallText, align, muted)
	}
}

// niceStep returns a grid step of 1, 2 or 5 times a power of ten that splits
// 0..top into at most five parts.
func niceStep(top float64) float64 {
	if !(top > 0) || math.IsInf(top, 0) {
		return 1
	}
	raw := top / 5
	pow := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 5, 10} {
		if m*pow >= raw {
			return max(m*pow, 1)
		}
	}
	return max(10*pow, 1)
}

// formatValue prints whole numbers without decimals and others with one.
func formatValue(v float64) string {
	if v == math.Trunc(v) && math.Abs(v) < 1e15 {
		return strconv.FormatFloat(v, 'f', 0, 64)
	}
	return strconv.FormatFloat(v, 'f', 1, 64)
}

// hbars draws one horizontal bar per label, the label on the left and the
// value at the bar's end: long category names, such as closure reasons, read
// better this way than under vertical bars.
func (d *doc) hbars(title string, labels []string, values []int) {
	lh := bodyText.lineHeight() + 1
	titleH := 0.0
	if title != "" {
		titleH = boldText.lineHeight() + 1
	}
	d.ensure(titleH + lh*float64(min(len(labels), 3)))
	if title != "" {
		d.textLine(d.left, d.y, d.right-d.left, title, boldText, alignStart, ink)
		d.y += titleH
	}
	if len(labels) == 0 {
		d.textLine(d.left, d.y, d.right-d.left, "None", bodyText, alignLeft, muted)
		d.y += lh + 2
		return
	}
	top := 1
	for _, v := range values {
		top = max(top, v)
	}
	labelW := (d.right - d.left) * 0.35
	barX := d.left + labelW + 2
	barW := d.right - barX - 12
	for i, l := range labels {
		d.ensure(lh)
		v := 0
		if i < len(values) {
			v = max(0, values[i])
		}
		d.textLine(d.left, d.y, labelW, l, bodyText, alignLeft, ink)
		w := barW * float64(v) / float64(top)
		if w > 0 {
			d.fillRect(barX, d.y+0.8, w, lh-2.6, palette[0])
		}
		d.textLine(barX+w+1.5, d.y, 12, count(v), bodyText, alignLeft, ink)
		d.y += lh
	}
	d.space(bodyText.lineHeight() * 0.6)
}
