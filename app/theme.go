package app

import (
	"image/color"

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
// font, and that font deliberately has no Latin or digits: those fall
// through to Noto Sans (bold and italic included), and every other script
// comes from scriptsFont whatever the system has installed. It has the
// spaces, with Noto Sans's widths, because a space stays in the font of
// the text before it.
type windowTheme struct{ fyne.Theme }

func newWindowTheme() fyne.Theme { return windowTheme{theme.DefaultTheme()} }

// Font returns scriptsFont for text; icons keep their symbol font.
func (t windowTheme) Font(s fyne.TextStyle) fyne.Resource {
	if s.Symbol {
		return t.Theme.Font(s)
	}
	return scriptsFont
}

// Color makes the focused control plain to see. Fyne's focus colour is
// the primary blue at 16%: on a dark button it is a faint tint, and on a
// blue button (Save, Add student) it does not show at all, so a teacher
// working by keyboard loses track of where Tab went. Fyne draws focus by
// blending this colour over the control, so one colour must show on grey
// and on blue controls and still leave their text readable: a light blue
// at half strength over dark, a quarter of black over light, change every
// control by at least 1.5:1 in contrast. A focused list row is drawn in
// the hover colour, which is raised for the same reason.
func (t windowTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	switch n {
	case theme.ColorNameFocus:
		if v == theme.VariantLight {
			return color.NRGBA{A: 0x40}
		}
		return color.NRGBA{R: 0x90, G: 0xca, B: 0xf9, A: 0x80}
	case theme.ColorNameHover:
		if v == theme.VariantLight {
			return color.NRGBA{A: 0x24}
		}
		return color.NRGBA{R: 0xff, G: 0xff, B: 0xff, A: 0x24}
	}
	return t.Theme.Color(n, v)
}
