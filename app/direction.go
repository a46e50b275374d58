package app

import "golang.org/x/text/unicode/bidi"

// leftToRight returns text as a label must be given it to show it in the
// window's direction, left to right: with a LEFT-TO-RIGHT MARK in front
// when its first letter is Arabic or Hebrew and a Latin letter follows, as
// in "ليلى Haddad".
//
// Fyne 2.7 asks go-text to split a line into runs with a left-to-right
// default, but golang.org/x/text/unicode/bidi ignores that default
// (DefaultDirection(LeftToRight) is its zero value: golang/go#71809) and
// takes the direction of the first strong letter. "ليلى Haddad" then counts
// as right to left, its space joins the Arabic run, and Fyne, which places
// runs left to right in reading order, draws that space on the far side of
// the Arabic: " ليلىHaddad". The mark makes the first strong letter a
// left-to-right one; it has no width. Text wholly right to left keeps its
// own direction, as in the reports (app/report/bidi.go isRTL).
func leftToRight(text string) string {
	for _, r := range text {
		p, _ := bidi.LookupRune(r)
		switch p.Class() {
		case bidi.L:
			return text
		case bidi.R, bidi.AL:
			for _, r := range text {
				if p, _ := bidi.LookupRune(r); p.Class() == bidi.L {
					return "\u200e" + text
				}
			}
			return text
		}
	}
	return text
}
