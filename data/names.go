package data

import (
	"fmt"
	"strings"
	"unicode"
)

// PersonName is how the program writes a student's name: the preferred name
// if there is one, else the given name, then the family name; but family name
// first and without a space when both are written in Chinese, Japanese or
// Korean characters, as those names are written ("山田太郎").
func PersonName(given, preferred, family string) string {
	if preferred != "" {
		given = preferred
	}
	if given != "" && family != "" && isCJK(given) && isCJK(family) {
		return family + given
	}
	return strings.TrimSpace(given + " " + family)
}

func isCJK(s string) bool {
	for _, r := range s {
		if !unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul) {
			return false
		}
	}
	return true
}

// studentNameSQL selects the parts of a student's name (table alias s) as
// one column, for nameCol to put together: names cannot hold control
// characters, so the unit separator is safe between them. It is written
// as a literal because SQLite's char() is chr() in PostgreSQL.
const studentNameSQL = "(s.given_name || '\x1f' || s.preferred_name || '\x1f' || s.family_name)"

// nameCol scans a studentNameSQL column into a display name.
type nameCol struct{ name *string }

func (n nameCol) Scan(src any) error {
	var s string
	switch v := src.(type) {
	case string:
		s = v
	case []byte:
		s = string(v)
	default:
		return fmt.Errorf("cannot read a name from %T", src)
	}
	parts := strings.Split(s, "\x1f")
	if len(parts) != 3 {
		*n.name = strings.TrimSpace(s)
		return nil
	}
	*n.name = PersonName(parts[0], parts[1], parts[2])
	return nil
}
