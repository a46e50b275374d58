package report

import (
	"fmt"
	"sync"
	"unicode"

	"mentorbook/assets"
)

// face is one embedded TrueType font, named as it is registered with fpdf.
type face struct {
	family string
	style  string // "" or "B"
	data   []byte
	// owns is a script this face draws wherever it covers a rune, even
	// when an earlier face of the chain covers it too: Droid Sans Fallback
	// has a handful of Hangul syllables, and a Korean name drawn half in
	// one font and half in another looks broken.
	owns *unicode.RangeTable
	*metrics
	index int // among the embedded faces, for doc.pageFonts
}

// noFace marks a rune that no face of a fontSet covers.
const noFace = 0xFF

// fontSet is a fallback chain of faces: each rune is drawn in the first face
// that has a glyph for it.
type fontSet struct {
	faces []*face
	pick  []uint8 // indexed by rune; the face to draw it in, or noFace
	// placeholder stands in for a rune no face covers. It is always drawn
	// in faces[0].
	placeholder rune
}

// faceFor returns the index of the face that draws r, or noFace. Only the
// Basic Multilingual Plane can be drawn: fpdf writes text as UTF-16 into a
// font with two-byte character codes, so a rune beyond U+FFFF would print as
// two wrong glyphs (and U+10000 itself crashes fpdf's width lookup).
func (s *fontSet) faceFor(r rune) uint8 {
	if r < 0 || int(r) >= len(s.pick) {
		return noFace
	}
	return s.pick[r]
}

func newFontSet(faces ...*face) *fontSet {
	s := &fontSet{faces: faces, pick: make([]uint8, 0x10000), placeholder: '?'}
	for r := range s.pick {
		s.pick[r] = noFace
		for i := len(faces) - 1; i >= 0; i-- {
			if faces[i].covers(rune(r)) {
				s.pick[r] = uint8(i)
			}
		}
		for i, f := range faces {
			if f.owns != nil && f.covers(rune(r)) && unicode.Is(f.owns, rune(r)) {
				s.pick[r] = uint8(i)
			}
		}
	}
	// White square is the customary "missing character" mark; it must come
	// from the first face so a placeholder never needs a font of its own.
	if s.pick['□'] == 0 {
		s.placeholder = '□'
	}
	return s
}

// The faces are parsed once per process: the CJK fallback alone is 4 MB and
// a batch prints hundreds of documents.
var (
	fontsOnce sync.Once
	fontsErr  error
	regular   *fontSet
	bold      *fontSet
)

// fontSets returns the regular and bold fallback chains.
func fontSets() (reg, b *fontSet, err error) {
	fontsOnce.Do(func() {
		var faces [4]*face
		for i, f := range []face{
			{family: "dejavu", data: assets.SansRegular},
			{family: "dejavu", style: "B", data: assets.SansBold},
			// Droid has no bold, so bold text falls back to the regular face.
			{family: "droid", data: assets.CJKFallback},
			// Droid lacks Hangul; Nanum fills the gap, in regular weight.
			{family: "nanum", data: assets.KoreanFallback, owns: unicode.Hangul},
		} {
			m, err := parseMetrics(f.data)
			if err != nil {
				fontsErr = fmt.Errorf("embedded font %s %s: %w", f.family, f.style, err)
				return
			}
			f.metrics, f.index = m, i
			faces[i] = &f
		}
		regular = newFontSet(faces[0], faces[2], faces[3])
		bold = newFontSet(faces[1], faces[2], faces[3])
	})
	return regular, bold, fontsErr
}
