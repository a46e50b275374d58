// Package assets holds the files the program carries inside its binary: the
// fonts reports are printed with (and their licences, in fonts/) and the
// application icon.
package assets

import _ "embed"

// SansRegular is DejaVu Sans, the main report typeface. It covers Latin
// (including Vietnamese), Greek, Cyrillic, Hebrew, Arabic and common symbols.
//
//go:embed fonts/DejaVuSans.ttf
var SansRegular []byte

// SansBold is DejaVu Sans Bold, used for headings and table headers.
//
//go:embed fonts/DejaVuSans-Bold.ttf
var SansBold []byte

// CJKFallback is Droid Sans Fallback, used for the Chinese and Japanese
// characters DejaVu Sans lacks. It has no bold face.
//
//go:embed fonts/DroidSansFallbackFull.ttf
var CJKFallback []byte

// KoreanFallback is NanumSquare Regular, used for Hangul, which Droid Sans
// Fallback lacks. It is the smallest Nanum face that covers all 11,172
// Hangul syllables. It has no bold face here: bold Korean falls back to it.
//
//go:embed fonts/NanumSquareR.ttf
var KoreanFallback []byte

// WindowScripts is the window's font for the scripts Fyne's own font lacks:
// Chinese and Japanese (from Droid Sans Fallback), Korean (from NanumSquare),
// Arabic and Hebrew (from DejaVu Sans), merged by fonts/make-window-font.py
// because a Fyne theme names one font. It has no Latin or digits, so those
// keep Fyne's look; its spaces have Noto Sans's widths and its line metrics
// are Noto Sans's.
//
//go:embed fonts/WindowScripts.ttf
var WindowScripts []byte

// Icon is the 256×256 PNG application icon: a teal square with two
// overlapping circles, one for the mentor and one for the mentee.
//
//go:embed icon.png
var Icon []byte
