package report

// wrap breaks a prepared paragraph (text without '\n') into lines no wider
// than limit thousandths of an em. Lines break at spaces, after hyphens and
// slashes, and between CJK characters; a word longer than a whole line is cut
// where it overflows, so no line is wider than the limit unless a single
// glyph is. Spaces at the ends of lines are dropped; an empty paragraph is
// one empty line.
func (s *fontSet) wrap(p []glyph, limit int) [][]glyph {
	if len(p) == 0 {
		return [][]glyph{nil}
	}
	var lines [][]glyph
	for i := 0; i < len(p); {
		w, brk, j := 0, -1, i
		for ; j < len(p); j++ {
			g := p[j]
			a := s.advance(g)
			if isBreakSpace(g.r) {
				// Spaces may hang past the edge; they are trimmed below.
				brk = j
				w += a
				continue
			}
			if j > i && breakBefore(p, j) {
				brk = j
			}
			// Zero-width glyphs (accents) never overflow, so a letter and
			// its accents stay on one line.
			if a > 0 && w+a > limit && j > i {
				break
			}
			w += a
		}
		end := len(p)
		if j < len(p) {
			end = j
			if brk > i {
				end = brk
			}
		}
		lines = append(lines, trimSpaces(p[i:end]))
		i = end
		for i < len(p) && isBreakSpace(p[i].r) {
			i++
		}
	}
	return lines
}

// breakBefore reports whether a line may break between p[j-1] and p[j],
// neither of them a space.
func breakBefore(p []glyph, j int) bool {
	a, b := p[j-1].r, p[j].r
	if isMark(b) || isBreakSpace(a) {
		return false
	}
	switch a {
	case '/':
		// "3/5" and "12/09" are one word; "and/or" may break.
		return !(j >= 2 && isDigit(p[j-2].r) && isDigit(b))
	case '-', '‐', '–', '—':
		return true
	}
	if !cjk(a) && !cjk(b) {
		return false
	}
	// A closing mark must not start a line, nor an opening one end it.
	return !closing(b) && !opening(a)
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' }

// cjk reports whether r is a Chinese, Japanese or Korean character, between
// any two of which a line may break.
func cjk(r rune) bool {
	return r >= 0x2E80 && r <= 0x9FFF || r >= 0xAC00 && r <= 0xD7AF ||
		r >= 0xF900 && r <= 0xFAFF || r >= 0xFF00 && r <= 0xFFEF
}

func closing(r rune) bool {
	switch r {
	case '、', '。', '，', '．', '）', '」', '』', '】', '〉', '》', '！', '？', '：', '；', 'ー', '々', '・', ')', ']', '}', ',', '.', '!', '?', ':', ';':
		return true
	}
	return false
}

func opening(r rune) bool {
	switch r {
	case '（', '「', '『', '【', '〈', '《', '(', '[', '{':
		return true
	}
	return false
}

// trimSpaces drops spaces from both ends of a line.
func trimSpaces(line []glyph) []glyph {
	for len(line) > 0 && isBreakSpace(line[0].r) {
		line = line[1:]
	}
	for len(line) > 0 && isBreakSpace(line[len(line)-1].r) {
		line = line[:len(line)-1]
	}
	return line
}
