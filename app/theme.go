package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"mentorbook/assets"
)

// scriptsFont covers Chinese, Japanese, Korean, Arabic and Hebrew: the
// names that Fyne's own font cannot draw and that a laptop without such
// fonts installed would show as "����".
var scriptsFont = fyne.NewStaticResource("WindowScripts.ttf", assets.WindowScripts)

// windowTheme is Fyne's default theme whose text font is scriptsFont.
//
// Fyne 2.7 draws each character in the first font that has it: the
// theme's font, then its own Noto Sans, then the system's fonts. It never
// falls back from one theme font to another, so the theme offers one
// font, and that font deliberately has no Latin, digits or spaces: those
// fall through to Noto Sans (bold and italic included), and every other
// script comes from scriptsFont whatever the system has installed.
type windowTheme struct{ fyne.Theme }

func newWindowTheme() fyne.Theme { return windowTheme{theme.DefaultTheme()} }

// Font returns scriptsFont for text; icons keep their symbol font.
func (t windowTheme) Font(s fyne.TextStyle) fyne.Resource {
	if s.Symbol {
		return t.Theme.Font(s)
	}
	return scriptsFont
}
