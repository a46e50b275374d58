package data

import (
	"strings"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// letterFolds are letters that do not decompose into a base letter and a
// mark but that people type without the stroke all the same.
var letterFolds = strings.NewReplacer("ß", "ss", "đ", "d", "ł", "l", "ø", "o", "æ", "ae", "œ", "oe", "ı", "i", "þ", "th")

// Fold returns s lower-cased with accents removed, so that "Zoe" finds
// "Zoë" and "nguyen" finds "Nguyễn". Scripts without case or accents are
// left as they are, so 山田 still finds 山田太郎.
func Fold(s string) string {
	if isASCII(s) {
		return strings.ToLower(s) // most names and every school ID: no need for the Unicode tables
	}
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	out, _, err := transform.String(t, strings.ToLower(s))
	if err != nil {
		out = strings.ToLower(s)
	}
	return letterFolds.Replace(out)
}

// searchKey is stored beside each student: every searchable word, folded,
// each preceded by a space, so that LIKE '% zo%' matches the start of any
// word.
func searchKey(words ...string) string {
	var b strings.Builder
	for _, w := range words {
		for _, f := range strings.Fields(Fold(w)) {
			b.WriteByte(' ')
			b.WriteString(f)
		}
	}
	return b.String()
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
