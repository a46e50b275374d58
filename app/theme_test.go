package app

import (
	"bytes"
	"image"
	"image/color"
	"math"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/go-text/typesetting/font"
)

// namesInEveryScript are names a school writes, one in each script the
// demo school and the reports carry.
var namesInEveryScript = []string{"山田太郎", "さくら", "陈欣怡", "김민준", "ليلى حداد", "שירה כהן",
	"Σοφία Παπαδοπούλου", "Алексей Иванов", "Nguyễn Văn An", "Łukasz Wiśniewski", "Zoë Okafor"}

// TestThemeDrawsEveryScript checks every character of the names against
// the fonts Fyne tries first, in its order: the theme's font, then its own
// Noto Sans. A character neither has would be looked for in the system's
// fonts and, on a laptop without CJK fonts, drawn as "�".
func TestThemeDrawsEveryScript(t *testing.T) {
	th := newWindowTheme()
	for _, style := range []fyne.TextStyle{{}, {Bold: true}, {Italic: true}} {
		faces := []*font.Face{parseFace(t, th.Font(style)), parseFace(t, theme.DefaultTheme().Font(style))}
		for _, name := range namesInEveryScript {
			for _, r := range name {
				// A space takes the font of the text before it, so the
				// theme's font must have it.
				if r == ' ' {
					if _, ok := faces[0].NominalGlyph(r); !ok {
						t.Errorf("style %+v: the theme's font has no space; one after a CJK name is drawn as �", style)
					}
					continue
				}
				found := false
				for _, f := range faces {
					if _, ok := f.NominalGlyph(r); ok {
						found = true
						break
					}
				}
				if !found {
					t.Errorf("style %+v: %q in %q has no glyph in the theme's font or Noto Sans", style, r, name)
				}
			}
		}
	}
	// Latin keeps Fyne's own font: the window looks like every Fyne program.
	if _, ok := parseFace(t, th.Font(fyne.TextStyle{})).NominalGlyph('a'); ok {
		t.Error("the theme's font draws Latin letters; they should fall through to Noto Sans")
	}
}

func parseFace(t *testing.T, r fyne.Resource) *font.Face {
	t.Helper()
	f, err := font.ParseTTF(bytes.NewReader(r.Content()))
	if err != nil {
		t.Fatalf("font.ParseTTF(%s): %v", r.Name(), err)
	}
	return f
}

// TestCJKNameIsNotReplacementCharacters draws names in the window and
// checks that two different characters look different: Fyne draws every
// character that no font has as the same "�".
func TestCJKNameIsNotReplacementCharacters(t *testing.T) {
	a := test.NewTempApp(t)
	a.Settings().SetTheme(newWindowTheme())
	draw := func(text string) image.Image {
		w := a.NewWindow("")
		defer w.Close()
		w.SetContent(widget.NewLabel(text))
		w.Resize(fyne.NewSize(120, 40))
		return w.Canvas().Capture()
	}
	for _, pair := range [][2]string{{"山田", "田山"}, {"김민", "민김"}, {"ليلى", "ىليل"}} {
		if same(draw(pair[0]), draw(pair[1])) {
			t.Errorf("%s and %s are drawn alike: as replacement characters", pair[0], pair[1])
		}
	}
}

func same(a, b image.Image) bool {
	if a.Bounds() != b.Bounds() {
		return false
	}
	for y := a.Bounds().Min.Y; y < a.Bounds().Max.Y; y++ {
		for x := a.Bounds().Min.X; x < a.Bounds().Max.X; x++ {
			r1, g1, b1, _ := a.At(x, y).RGBA()
			r2, g2, b2, _ := b.At(x, y).RGBA()
			if r1 != r2 || g1 != g2 || b1 != b2 {
				return false
			}
		}
	}
	return true
}

// TestFocusPlainToSee checks, in both variants, that a focused control
// differs from the same control unfocused by a contrast of at least 1.5:1
// on each background a focused control is drawn on: a button, a blue
// button, a select, a check on the window; and that a focused list row
// differs from the list by at least 1.3:1. (Fyne's own focus colour gives
// 1.0:1 on a blue button: no change at all.)
func TestFocusPlainToSee(t *testing.T) {
	a := test.NewTempApp(t)
	th := newWindowTheme()
	a.Settings().SetTheme(th)
	for _, v := range []fyne.ThemeVariant{theme.VariantDark, theme.VariantLight} {
		for _, bg := range []fyne.ThemeColorName{theme.ColorNameButton, theme.ColorNamePrimary, theme.ColorNameInputBackground, theme.ColorNameBackground} {
			under := over(th.Color(bg, v), th.Color(theme.ColorNameBackground, v))
			focused := over(th.Color(theme.ColorNameFocus, v), under)
			if c := contrast(focused, under); c < 1.5 {
				t.Errorf("variant %d: focus on %s has a contrast of %.2f, want at least 1.5", v, bg, c)
			}
		}
		bg := th.Color(theme.ColorNameBackground, v)
		if c := contrast(over(th.Color(theme.ColorNameHover, v), bg), over(bg, bg)); c < 1.3 {
			t.Errorf("variant %d: a focused list row has a contrast of %.2f with the list, want at least 1.3", v, c)
		}
	}
}

// over lays c over an opaque bg.
func over(c, bg color.Color) color.NRGBA {
	cn, bn := color.NRGBAModel.Convert(c).(color.NRGBA), color.NRGBAModel.Convert(bg).(color.NRGBA)
	mix := func(x, y uint8) uint8 { return uint8((int(x)*int(cn.A) + int(y)*(255-int(cn.A))) / 255) }
	return color.NRGBA{R: mix(cn.R, bn.R), G: mix(cn.G, bn.G), B: mix(cn.B, bn.B), A: 0xff}
}

// contrast is WCAG's contrast ratio of two opaque colours.
func contrast(a, b color.NRGBA) float64 {
	lum := func(c color.NRGBA) float64 {
		ch := func(x uint8) float64 {
			s := float64(x) / 255
			if s <= 0.03928 {
				return s / 12.92
			}
			return math.Pow((s+0.055)/1.055, 2.4)
		}
		return 0.2126*ch(c.R) + 0.7152*ch(c.G) + 0.0722*ch(c.B)
	}
	l1, l2 := lum(a), lum(b)
	if l1 < l2 {
		l1, l2 = l2, l1
	}
	return (l1 + 0.05) / (l2 + 0.05)
}
