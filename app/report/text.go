package report

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// glyph is one rune ready to draw, with the face of its fontSet that draws it.
type glyph struct {
	r rune
	f uint8
	// iso, when not 0, numbers the directional isolate the glyph is in:
	// text the report put between FSI (U+2068, see isolate) and PDI
	// (U+2069), such as a name in a sentence. Neighbouring isolates have
	// different numbers, from 1 to 127, plus isoRTL when the isolate runs
	// right to left.
	iso uint8
}

// prepare turns arbitrary input into glyphs the set can draw. Invalid UTF-8
// becomes U+FFFD, text is composed (NFC) so that accents use the fonts'
// precomposed letters, Arabic is shaped, control and invisible formatting
// characters are dropped, and a rune no face covers becomes the set's
// placeholder. Line breaks survive as '\n' when multiline is set and become
// spaces otherwise. The directional isolates' marks are dropped too, but
// the glyphs between them keep their isolate in glyph.iso; an LRI or RLI
// counts as an FSI, whose direction follows the rule of isRTL.
func (s *fontSet) prepare(text string, multiline bool) []glyph {
	if !utf8.ValidString(text) {
		text = strings.ToValidUTF8(text, "\uFFFD")
	}
	text = norm.NFC.String(text)
	runes := make([]rune, 0, len(text))
	prevCR := false
	for _, r := range text {
		cr := r == '\r'
		switch {
		case r == '\n' && prevCR:
			// The LF of a CRLF pair; the CR already made the break.
		case cr || r == '\n' || r == '\v' || r == '\f' || r == 0x85 || r == 0x2028 || r == 0x2029:
			if multiline {
				runes = append(runes, '\n')
			} else {
				runes = append(runes, ' ')
			}
		case r == '\t':
			runes = append(runes, ' ')
		case unicode.Is(unicode.Cc, r):
		default:
			runes = append(runes, r)
		}
		prevCR = cr
	}
	// Shaping still needs the joiners that the loop below drops.
	runes = s.shapeArabic(runes)
	out := make([]glyph, 0, len(runes))
	// An isolate ends at its PDI or with its paragraph; one inside another
	// counts as part of it.
	var iso, depth uint8
	for _, r := range runes {
		if r == '\n' {
			out = append(out, glyph{r: '\n'})
			depth = 0
			continue
		}
		switch {
		case r >= 0x2066 && r <= 0x2068: // LRI, RLI, FSI
			if depth == 0 {
				iso = iso%127 + 1
			}
			depth = min(depth+1, 255)
			continue
		case r == 0x2069: // PDI
			depth -= min(depth, 1)
			continue
		}
		if invisible(r) {
			continue
		}
		in := uint8(0)
		if depth > 0 {
			in = iso
		}
		f := s.faceFor(r)
		if f == noFace {
			r, f = s.placeholder, 0
		} else if len(out) > 0 && isMark(r) {
			prev := &out[len(out)-1]
			// An accent on a space is shown on a no-break space, as Unicode
			// advises, so that a line cannot break between the two.
			if nb := s.faceFor(0xA0); isBreakSpace(prev.r) && nb != noFace {
				prev.r, prev.f = 0xA0, nb
			}
			// Keep an accent in its letter's font when that font has it,
			// so the two are drawn as one.
			if p := prev.f; p != f && s.faces[p].covers(r) {
				f = p
			}
		}
		out = append(out, glyph{r: r, f: f, iso: in})
	}
	// An isolate has one direction however its paragraph is wrapped.
	for i := 0; i < len(out); {
		j := i + 1
		for j < len(out) && out[j].iso == out[i].iso {
			j++
		}
		if out[i].iso != 0 && isRTL(clearIso(out[i:j])) {
			for k := i; k < j; k++ {
				out[k].iso |= isoRTL
			}
		}
		i = j
	}
	return out
}

// invisible reports whether r is a formatting character that prints nothing
// and that the engine does not act on: zero-width joiners and spaces, the
// byte order mark, soft hyphens, explicit direction marks (the engine orders
// text itself, and prepare reads the isolates' marks before it drops them),
// variation selectors and emoji skin-tone modifiers.
func invisible(r rune) bool {
	return unicode.Is(unicode.Cf, r) ||
		r >= 0xFE00 && r <= 0xFE0F || r >= 0xE0100 && r <= 0xE01EF ||
		r >= 0x1F3FB && r <= 0x1F3FF
}

// isMark reports whether r is a combining mark, drawn over the rune before it.
func isMark(r rune) bool {
	return r >= 0x0300 && unicode.In(r, unicode.Mn, unicode.Me)
}

// isBreakSpace reports whether a line may break at r, a space.
func isBreakSpace(r rune) bool {
	// No-break spaces keep "10 km" and "Mr X" together.
	return r == ' ' || r == 0x3000 || r >= 0x2000 && r <= 0x200A && r != 0x2007
}

// advance returns the width of g in thousandths of an em.
func (s *fontSet) advance(g glyph) int {
	if int(g.f) >= len(s.faces) {
		return 0
	}
	a := s.faces[g.f].adv[g.r]
	if a == noGlyph {
		return 0
	}
	return int(a)
}

// width returns the width of gs in thousandths of an em.
func (s *fontSet) width(gs []glyph) int {
	w := 0
	for _, g := range gs {
		w += s.advance(g)
	}
	return w
}

// ellipsis shortens gs to fit within limit thousandths of an em, ending it
// with "…" when something had to go.
func (s *fontSet) ellipsis(gs []glyph, limit int) []glyph {
	if s.width(gs) <= limit {
		return gs
	}
	dots := glyph{r: '…', f: s.faceFor('…')}
	if dots.f == noFace {
		dots = glyph{r: '.', f: s.faceFor('.')}
	}
	room := limit - s.advance(dots)
	w, n := 0, 0
	for n < len(gs) {
		a := s.advance(gs[n])
		if w+a > room {
			break
		}
		w += a
		n++
	}
	// Never leave a letter without its accent.
	for n > 0 && n < len(gs) && isMark(gs[n].r) {
		n--
	}
	for n > 0 && isBreakSpace(gs[n-1].r) {
		n--
	}
	out := make([]glyph, n, n+1)
	copy(out, gs[:n])
	return append(out, dots)
}

// actualText returns, for a line in logical order that holds right-to-left
// or shaped text, the text a reader should find there, in the UTF-16BE hex
// a PDF string takes: each presentation form back to the letters it shows,
// in the visual order of the glyphs it replaces, as text extractors read a
// page and then put right-to-left runs back into reading order themselves.
// ok is false for a line drawn as it reads, which needs none.
func actualText(line []glyph, rtl bool) (hex string, ok bool) {
	for _, g := range line {
		if mayBeRTL(g.r) {
			ok = true
			break
		}
	}
	if !ok {
		return "", false
	}
	letters := make([]glyph, 0, len(line)+2)
	for _, g := range line {
		if !isPresentationForm(g.r) {
			letters = append(letters, g)
			continue
		}
		for _, r := range norm.NFKC.String(string(g.r)) {
			letters = append(letters, glyph{r: r, f: g.f, iso: g.iso})
		}
	}
	var b strings.Builder
	b.WriteString("FEFF")
	for _, g := range visual(letters, rtl) {
		for _, u := range utf16.Encode([]rune{g.r}) {
			fmt.Fprintf(&b, "%04X", u)
		}
	}
	return b.String(), true
}

// isPresentationForm reports whether r is one of the Arabic presentation
// forms the shaper draws in place of a letter.
func isPresentationForm(r rune) bool { return r >= 0xFB50 && r <= 0xFDFF || r >= 0xFE70 && r <= 0xFEFF }
