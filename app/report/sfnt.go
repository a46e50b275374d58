package report

import (
	"encoding/binary"
	"errors"
	"math"
)

// noGlyph marks a rune a font does not cover in metrics.adv.
const noGlyph = math.MaxUint16

// metrics is what the text engine needs to know about one TrueType font:
// which runes of the Basic Multilingual Plane it covers and how wide each
// one is, in thousandths of an em.
type metrics struct {
	adv []uint16 // indexed by rune; noGlyph where the font has no glyph
}

// covers reports whether the font has a glyph for r.
func (m *metrics) covers(r rune) bool {
	return r >= 0 && int(r) < len(m.adv) && m.adv[r] != noGlyph
}

var errFont = errors.New("font file is not a usable TrueType font")

// parseMetrics reads the cmap and hmtx tables of a TrueType font.
//
// It deliberately reads the font the way fpdf does, so that the two always
// agree: only the first format 4 subtable for Unicode (platform 0, or
// platform 3 encoding 1) counts, a glyph address past the subtable's stated
// length means "no glyph", and widths are rounded to thousandths of an em
// with the last long metric standing in for the glyphs beyond
// numberOfHMetrics. A rune fpdf would draw as .notdef is thus one the
// engine replaces with a placeholder, and measured widths equal drawn ones.
func parseMetrics(font []byte) (*metrics, error) {
	tables, err := tableDirectory(font)
	if err != nil {
		return nil, err
	}
	head, hhea, maxp, hmtx, cmap := tables["head"], tables["hhea"], tables["maxp"], tables["hmtx"], tables["cmap"]
	if len(head) < 20 || len(hhea) < 36 || len(maxp) < 6 || cmap == nil {
		return nil, errFont
	}
	unitsPerEm := float64(binary.BigEndian.Uint16(head[18:]))
	numHMetrics := int(binary.BigEndian.Uint16(hhea[34:]))
	numGlyphs := int(binary.BigEndian.Uint16(maxp[4:]))
	if unitsPerEm == 0 || numHMetrics == 0 || len(hmtx) < 4*numHMetrics {
		return nil, errFont
	}
	glyphs, err := cmapFormat4(font, cmap)
	if err != nil {
		return nil, err
	}
	m := &metrics{adv: make([]uint16, len(glyphs))}
	for r, g := range glyphs {
		// fpdf skips U+0000 and U+FFFF, and glyph 0 is .notdef.
		if g == 0 || int(g) >= numGlyphs || r == 0 || r == 0xFFFF {
			m.adv[r] = noGlyph
			continue
		}
		i := min(int(g), numHMetrics-1)
		adv := binary.BigEndian.Uint16(hmtx[4*i:])
		if adv >= 1<<15 {
			adv = 0
		}
		m.adv[r] = uint16(math.Round(float64(adv) * 1000 / unitsPerEm))
	}
	return m, nil
}

// tableDirectory maps each table tag of an sfnt file to the table's bytes.
func tableDirectory(font []byte) (map[string][]byte, error) {
	if len(font) < 12 {
		return nil, errFont
	}
	n := int(binary.BigEndian.Uint16(font[4:]))
	if len(font) < 12+16*n {
		return nil, errFont
	}
	tables := make(map[string][]byte, n)
	for i := 0; i < n; i++ {
		rec := font[12+16*i:]
		off, length := int64(binary.BigEndian.Uint32(rec[8:])), int64(binary.BigEndian.Uint32(rec[12:]))
		if off+length > int64(len(font)) {
			return nil, errFont
		}
		tables[string(rec[:4])] = font[off : off+length]
	}
	return tables, nil
}

// cmapFormat4 returns the glyph index of every rune listed in the font's
// Unicode format 4 cmap subtable, indexed by rune (0 for none).
func cmapFormat4(font, cmap []byte) ([]uint16, error) {
	if len(cmap) < 4 {
		return nil, errFont
	}
	n := int(binary.BigEndian.Uint16(cmap[2:]))
	var sub []byte
	for i := 0; i < n && len(cmap) >= 4+8*(i+1); i++ {
		rec := cmap[4+8*i:]
		platform, encoding := binary.BigEndian.Uint16(rec), binary.BigEndian.Uint16(rec[2:])
		off := int(binary.BigEndian.Uint32(rec[4:]))
		if (platform == 3 && encoding == 1 || platform == 0) && off+4 <= len(cmap) &&
			binary.BigEndian.Uint16(cmap[off:]) == 4 {
			sub = cmap[off:]
			break
		}
	}
	if len(sub) < 14 {
		return nil, errFont
	}
	stated := int(binary.BigEndian.Uint16(sub[2:]))
	segs := int(binary.BigEndian.Uint16(sub[6:])) / 2
	if len(sub) < 16+8*segs {
		return nil, errFont
	}
	ends, starts := sub[14:], sub[16+2*segs:]
	deltas, rangeOffsets := sub[16+4*segs:], sub[16+6*segs:]
	glyphs := make([]uint16, 0x10000)
	for s := 0; s < segs; s++ {
		start, end := int(binary.BigEndian.Uint16(starts[2*s:])), int(binary.BigEndian.Uint16(ends[2*s:]))
		delta := int(binary.BigEndian.Uint16(deltas[2*s:]))
		ro := int(binary.BigEndian.Uint16(rangeOffsets[2*s:]))
		for c := start; c <= end; c++ {
			g := 0
			if ro == 0 {
				g = (c + delta) & 0xFFFF
			} else {
				// The offset counts from this segment's idRangeOffset entry.
				pos := 16 + 6*segs + 2*s + ro + 2*(c-start)
				if pos < stated && pos+2 <= len(sub) {
					if g = int(binary.BigEndian.Uint16(sub[pos:])); g != 0 {
						g = (g + delta) & 0xFFFF
					}
				}
			}
			glyphs[c] = uint16(g)
		}
	}
	return glyphs, nil
}
