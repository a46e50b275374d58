package report

import "unicode"

// arabicForms are a letter's isolated, final, initial and medial
// presentation forms; zero where the letter has none.
type arabicForms [4]rune

const (
	isolated = iota
	final
	initial
	medial
)

// arabicLetters lists the presentation forms (Unicode blocks FB50 and FE70)
// of the Arabic letters used in Arabic, Persian and Urdu names. fpdf has no
// shaping engine, so the engine picks the joined forms itself; without them
// every letter would print in its isolated form.
var arabicLetters = map[rune]arabicForms{
	0x0621: {0xFE80, 0, 0, 0},
	0x0622: {0xFE81, 0xFE82, 0, 0},
	0x0623: {0xFE83, 0xFE84, 0, 0},
	0x0624: {0xFE85, 0xFE86, 0, 0},
	0x0625: {0xFE87, 0xFE88, 0, 0},
	0x0626: {0xFE89, 0xFE8A, 0xFE8B, 0xFE8C},
	0x0627: {0xFE8D, 0xFE8E, 0, 0},
	0x0628: {0xFE8F, 0xFE90, 0xFE91, 0xFE92},
	0x0629: {0xFE93, 0xFE94, 0, 0},
	0x062A: {0xFE95, 0xFE96, 0xFE97, 0xFE98},
	0x062B: {0xFE99, 0xFE9A, 0xFE9B, 0xFE9C},
	0x062C: {0xFE9D, 0xFE9E, 0xFE9F, 0xFEA0},
	0x062D: {0xFEA1, 0xFEA2, 0xFEA3, 0xFEA4},
	0x062E: {0xFEA5, 0xFEA6, 0xFEA7, 0xFEA8},
	0x062F: {0xFEA9, 0xFEAA, 0, 0},
	0x0630: {0xFEAB, 0xFEAC, 0, 0},
	0x0631: {0xFEAD, 0xFEAE, 0, 0},
	0x0632: {0xFEAF, 0xFEB0, 0, 0},
	0x0633: {0xFEB1, 0xFEB2, 0xFEB3, 0xFEB4},
	0x0634: {0xFEB5, 0xFEB6, 0xFEB7, 0xFEB8},
	0x0635: {0xFEB9, 0xFEBA, 0xFEBB, 0xFEBC},
	0x0636: {0xFEBD, 0xFEBE, 0xFEBF, 0xFEC0},
	0x0637: {0xFEC1, 0xFEC2, 0xFEC3, 0xFEC4},
	0x0638: {0xFEC5, 0xFEC6, 0xFEC7, 0xFEC8},
	0x0639: {0xFEC9, 0xFECA, 0xFECB, 0xFECC},
	0x063A: {0xFECD, 0xFECE, 0xFECF, 0xFED0},
	0x0641: {0xFED1, 0xFED2, 0xFED3, 0xFED4},
	0x0642: {0xFED5, 0xFED6, 0xFED7, 0xFED8},
	0x0643: {0xFED9, 0xFEDA, 0xFEDB, 0xFEDC},
	0x0644: {0xFEDD, 0xFEDE, 0xFEDF, 0xFEE0},
	0x0645: {0xFEE1, 0xFEE2, 0xFEE3, 0xFEE4},
	0x0646: {0xFEE5, 0xFEE6, 0xFEE7, 0xFEE8},
	0x0647: {0xFEE9, 0xFEEA, 0xFEEB, 0xFEEC},
	0x0648: {0xFEED, 0xFEEE, 0, 0},
	0x0649: {0xFEEF, 0xFEF0, 0, 0},
	0x064A: {0xFEF1, 0xFEF2, 0xFEF3, 0xFEF4},
	0x0679: {0xFB66, 0xFB67, 0xFB68, 0xFB69},
	0x067E: {0xFB56, 0xFB57, 0xFB58, 0xFB59},
	0x0686: {0xFB7A, 0xFB7B, 0xFB7C, 0xFB7D},
	0x0688: {0xFB88, 0xFB89, 0, 0},
	0x0691: {0xFB8C, 0xFB8D, 0, 0},
	0x0698: {0xFB8A, 0xFB8B, 0, 0},
	0x06A9: {0xFB8E, 0xFB8F, 0xFB90, 0xFB91},
	0x06AF: {0xFB92, 0xFB93, 0xFB94, 0xFB95},
	0x06BA: {0xFB9E, 0xFB9F, 0, 0},
	0x06BE: {0xFBAA, 0xFBAB, 0xFBAC, 0xFBAD},
	0x06C1: {0xFBA6, 0xFBA7, 0xFBA8, 0xFBA9},
	0x06CC: {0xFBFC, 0xFBFD, 0xFBFE, 0xFBFF},
	0x06D2: {0xFBAE, 0xFBAF, 0, 0},
}

// lamAlef maps an alef that follows lam to the ligature's isolated and
// final forms; Arabic writing requires the ligature.
var lamAlef = map[rune][2]rune{
	0x0622: {0xFEF5, 0xFEF6},
	0x0623: {0xFEF7, 0xFEF8},
	0x0625: {0xFEF9, 0xFEFA},
	0x0627: {0xFEFB, 0xFEFC},
}

const (
	lam       = 0x0644
	tatweel   = 0x0640
	zwj       = 0x200D
	arabicLow = 0x0600
	arabicTop = 0x06FF
)

// shapeArabic replaces Arabic letters, in logical order, by the presentation
// forms their neighbours call for. A form the set cannot draw leaves the
// letter as it was.
func (s *fontSet) shapeArabic(rs []rune) []rune {
	has := false
	for _, r := range rs {
		if r >= arabicLow && r <= arabicTop {
			has = true
			break
		}
	}
	if !has {
		return rs
	}
	out := make([]rune, 0, len(rs))
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		forms, ok := arabicLetters[r]
		if !ok {
			out = append(out, r)
			continue
		}
		prev := joinsPrevious(rs, i)
		if r == lam && i+1 < len(rs) {
			if lig, ok := lamAlef[rs[i+1]]; ok {
				form := lig[0]
				if prev {
					form = lig[1]
				}
				if s.faceFor(form) != noFace {
					out = append(out, form)
					i++
					continue
				}
			}
		}
		prev = prev && forms[final] != 0
		next := forms[initial] != 0 && joinsNext(rs, i)
		form := forms[isolated]
		switch {
		case prev && next:
			form = forms[medial]
		case prev:
			form = forms[final]
		case next:
			form = forms[initial]
		}
		if s.faceFor(form) == noFace {
			form = r
		}
		out = append(out, form)
	}
	return out
}

// joinsPrevious reports whether the letter before rs[i], skipping marks,
// reaches forward to join it.
func joinsPrevious(rs []rune, i int) bool {
	j := i - 1
	for j >= 0 && unicode.Is(unicode.Mn, rs[j]) {
		j--
	}
	if j < 0 {
		return false
	}
	r := rs[j]
	return r == zwj || r == tatweel || arabicLetters[r][initial] != 0
}

// joinsNext reports whether the letter after rs[i], skipping marks, reaches
// back to join it.
func joinsNext(rs []rune, i int) bool {
	j := i + 1
	for j < len(rs) && unicode.Is(unicode.Mn, rs[j]) {
		j++
	}
	if j >= len(rs) {
		return false
	}
	r := rs[j]
	return r == zwj || r == tatweel || arabicLetters[r][final] != 0
}
