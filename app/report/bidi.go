package report

import "golang.org/x/text/unicode/bidi"

// PDF text is drawn left to right, glyph after glyph, so right-to-left text
// (Hebrew, Arabic) must be put in visual order before it is drawn. This file
// implements the parts of the Unicode Bidirectional Algorithm (UAX #9) that
// plain single-paragraph text needs: the weak and neutral type rules, implicit
// levels and reordering, and directional isolates, which the reports put
// around a name in a sentence (see isolate). prepare drops the other explicit
// controls, which is why rules X1–X10 are otherwise absent, and levels are
// resolved for each line rather than each paragraph, which differs from
// UAX #9 only for neutral characters at the very ends of a wrapped line.

// mayBeRTL reports whether r belongs to a right-to-left block; it lets text
// without any such rune skip the algorithm entirely.
func mayBeRTL(r rune) bool {
	return r >= 0x0590 && (r <= 0x08FF || r >= 0xFB1D && r <= 0xFDFF || r >= 0xFE70 && r <= 0xFEFF)
}

func class(r rune) bidi.Class {
	p, _ := bidi.LookupRune(r)
	return p.Class()
}

// isRTL reports whether a paragraph runs right to left. The reports are
// written in English, so a paragraph runs left to right, the direction of
// the document, unless it is wholly right to left: it holds a right-to-left
// letter and no left-to-right one (the higher-level protocol of UAX #9,
// HL1, in place of rule P2's first strong letter). A name alone, such as
// "ليلى حداد", is right to left; "ليلى Haddad (S00168)" or "Pupil ليلى" is
// an English line with the Arabic run reordered inside it. P2 would have
// turned it right to left as a whole, putting "Haddad (S00168" before the
// name and its brackets the wrong way round. As in P2, the letters of an
// isolate do not count; the same rule gives an isolate its own direction.
func isRTL(gs []glyph) bool {
	rtl := false
	for _, g := range gs {
		if g.iso != 0 {
			continue
		}
		switch class(g.r) {
		case bidi.L:
			return false
		case bidi.R, bidi.AL:
			rtl = true
		}
	}
	return rtl
}

// isolate marks text put into a sentence, such as a name, as a directional
// isolate (FSI … PDI): it runs in its own direction, and the sentence
// around it sees it as one neutral character, so that "Year 9" or a date
// after an Arabic name stays after it instead of joining its run. Only the
// report's own text should call it; prepare drops the marks.
func isolate(text string) string { return "\u2068" + text + "\u2069" }

// visual returns a line of a paragraph, given in logical order, in the order
// its glyphs are drawn from left to right. rtl is the paragraph's direction.
func visual(line []glyph, rtl bool) []glyph {
	if !rtl {
		plain := true
		for _, g := range line {
			if mayBeRTL(g.r) {
				plain = false
				break
			}
		}
		if plain {
			return line
		}
	}
	levels := resolveLevels(line, rtl)
	out := make([]glyph, len(line))
	copy(out, line)
	maxLevel, lowestOdd := uint8(0), uint8(255)
	for i, l := range levels {
		if l%2 == 1 {
			out[i].r = mirror(out[i].r)
			lowestOdd = min(lowestOdd, l)
		}
		maxLevel = max(maxLevel, l)
	}
	// Rule L2: from the highest level down to the lowest odd one, reverse
	// every run at that level or above.
	for lvl := maxLevel; lvl >= lowestOdd && lvl > 0; lvl-- {
		for i := 0; i < len(out); {
			if levels[i] < lvl {
				i++
				continue
			}
			j := i
			for j < len(out) && levels[j] >= lvl {
				j++
			}
			reverseClusters(out[i:j])
			reverseLevels(levels[i:j])
			i = j
		}
	}
	return out
}

// resolveLevels gives each glyph its embedding level: even for left to
// right, odd for right to left.
func resolveLevels(line []glyph, rtl bool) []uint8 {
	n := len(line)
	base := uint8(0)
	if rtl {
		base = 1
	}
	// The line sees each isolate as neutral (rule X6a and BD13: initiator
	// and PDI are neutral, what is between them is resolved apart).
	types := make([]bidi.Class, n)
	for i, g := range line {
		types[i] = class(g.r)
		if g.iso != 0 {
			types[i] = bidi.ON
		}
	}
	levels := implicitLevels(types, base)
	// Each isolate is resolved on its own, one level up in its direction
	// (X5c, X5a, X5b).
	for i := 0; i < n; {
		if line[i].iso == 0 {
			i++
			continue
		}
		j := i
		for j < n && line[j].iso == line[i].iso {
			j++
		}
		l := base + 1
		if (line[i].iso&isoRTL != 0) != (l%2 == 1) {
			l++
		}
		for k := i; k < j; k++ {
			types[k] = class(line[k].r)
		}
		copy(levels[i:j], implicitLevels(types[i:j], l))
		i = j
	}
	// L1: spaces at the end of a line go back to the paragraph level.
	for i := n - 1; i >= 0 && isBreakSpace(line[i].r); i-- {
		levels[i] = base
	}
	return levels
}

// isoRTL is the bit of glyph.iso set in an isolate that runs right to left.
const isoRTL = 0x80

// clearIso returns gs outside any isolate, so that isRTL reads its letters.
func clearIso(gs []glyph) []glyph {
	out := make([]glyph, len(gs))
	for i, g := range gs {
		out[i] = glyph{r: g.r, f: g.f}
	}
	return out
}

// implicitLevels resolves the weak and neutral types of a run at embedding
// level base (changing types) and returns its levels (rules W1–W7, N1, N2,
// I1, I2).
func implicitLevels(types []bidi.Class, base uint8) []uint8 {
	n := len(types)
	sos := bidi.L
	if base%2 == 1 {
		sos = bidi.R
	}
	// W1: a mark takes the type of what it marks.
	prev := sos
	for i, t := range types {
		if t == bidi.NSM {
			types[i] = prev
		}
		prev = types[i]
	}
	// W2, W3: European digits after Arabic letters are Arabic numbers; the
	// Arabic letter type becomes R.
	strong := sos
	for i, t := range types {
		switch t {
		case bidi.L, bidi.R, bidi.AL:
			strong = t
		case bidi.EN:
			if strong == bidi.AL {
				types[i] = bidi.AN
			}
		}
	}
	for i, t := range types {
		if t == bidi.AL {
			types[i] = bidi.R
		}
	}
	// W4: one separator between two numbers of the same kind joins them.
	for i := 1; i+1 < n; i++ {
		a, t, b := types[i-1], types[i], types[i+1]
		if a == b && (a == bidi.EN && (t == bidi.ES || t == bidi.CS) || a == bidi.AN && t == bidi.CS) {
			types[i] = a
		}
	}
	// W5: currency and percent signs next to European numbers join them.
	for i := 0; i < n; {
		if types[i] != bidi.ET {
			i++
			continue
		}
		j := i
		for j < n && types[j] == bidi.ET {
			j++
		}
		if i > 0 && types[i-1] == bidi.EN || j < n && types[j] == bidi.EN {
			for k := i; k < j; k++ {
				types[k] = bidi.EN
			}
		}
		i = j
	}
	// W6, W7: leftover separators are neutral; European numbers in a left
	// to right context are treated like letters.
	strong = sos
	for i, t := range types {
		switch t {
		case bidi.ES, bidi.ET, bidi.CS:
			types[i] = bidi.ON
		case bidi.L, bidi.R:
			strong = t
		case bidi.EN:
			if strong == bidi.L {
				types[i] = bidi.L
			}
		}
	}
	// N1, N2: neutrals between two runs of the same direction take it,
	// other neutrals take the paragraph's.
	for i := 0; i < n; {
		if !neutral(types[i]) {
			i++
			continue
		}
		j := i
		for j < n && neutral(types[j]) {
			j++
		}
		before, after := sos, sos
		if i > 0 {
			before = strongDirection(types[i-1])
		}
		if j < n {
			after = strongDirection(types[j])
		}
		dir := sos
		if before == after {
			dir = before
		}
		for k := i; k < j; k++ {
			types[k] = dir
		}
		i = j
	}
	// I1, I2: implicit levels.
	levels := make([]uint8, n)
	for i, t := range types {
		l := base
		switch {
		case base%2 == 0 && t == bidi.R:
			l++
		case base%2 == 0 && (t == bidi.AN || t == bidi.EN):
			l += 2
		case base%2 == 1 && (t == bidi.L || t == bidi.AN || t == bidi.EN):
			l++
		}
		levels[i] = l
	}
	return levels
}

func neutral(t bidi.Class) bool {
	switch t {
	case bidi.B, bidi.S, bidi.WS, bidi.ON, bidi.BN, bidi.NSM:
		return true
	}
	return t > bidi.AL // explicit controls and anything unknown
}

// strongDirection maps a resolved type to L or R; numbers count as R (N1).
func strongDirection(t bidi.Class) bidi.Class {
	if t == bidi.L {
		return bidi.L
	}
	return bidi.R
}

// reverseClusters reverses gs in place but keeps each combining mark after
// the letter it belongs to.
func reverseClusters(gs []glyph) {
	tmp := make([]glyph, len(gs))
	copy(tmp, gs)
	end := len(gs)
	for i := 0; i < len(tmp); {
		j := i + 1
		for j < len(tmp) && isMark(tmp[j].r) {
			j++
		}
		end -= j - i
		copy(gs[end:], tmp[i:j])
		i = j
	}
}

func reverseLevels(ls []uint8) {
	for i, j := 0, len(ls)-1; i < j; i, j = i+1, j-1 {
		ls[i], ls[j] = ls[j], ls[i]
	}
}

// mirror returns the glyph a paired bracket shows in right-to-left text.
func mirror(r rune) rune {
	switch r {
	case '(':
		return ')'
	case ')':
		return '('
	case '[':
		return ']'
	case ']':
		return '['
	case '{':
		return '}'
	case '}':
		return '{'
	case '<':
		return '>'
	case '>':
		return '<'
	case '«':
		return '»'
	case '»':
		return '«'
	case '‹':
		return '›'
	case '›':
		return '‹'
	}
	return r
}
