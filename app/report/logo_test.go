package report

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"testing"

	"mentorbook/assets"
)

func encoded(t *testing.T, img image.Image, enc func(*bytes.Buffer, image.Image) error) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := enc(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestLogo(t *testing.T) {
	wide := image.NewRGBA64(image.Rect(0, 0, 1200, 300)) // 16-bit, which fpdf rejects
	for x := 0; x < 1200; x++ {
		for y := 0; y < 300; y++ {
			wide.Set(x, y, color.RGBA64{uint16(x * 50), 0x8000, 0x8000, 0xFFFF})
		}
	}
	gray := image.NewGray(image.Rect(0, 0, 40, 80))
	tests := []struct {
		name      string
		logo      []byte
		wantImage bool
		aspect    float64
	}{
		{"Icon", assets.Icon, true, 1},
		{"Wide16BitPNG", encoded(t, wide, func(b *bytes.Buffer, i image.Image) error { return png.Encode(b, i) }), true, 4},
		{"JPEG", encoded(t, gray, func(b *bytes.Buffer, i image.Image) error { return jpeg.Encode(b, i, nil) }), true, 0.5},
		{"Garbage", []byte("not an image at all"), false, 0},
		{"TruncatedPNG", assets.Icon[:200], false, 0},
		{"None", nil, false, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opt := testOptions
			opt.Logo = tt.logo
			pdf := render(t, opt, func(d *doc) { d.section("Logo") })
			if got := bytes.Contains(pdf, []byte("/Subtype /Image")); got != tt.wantImage {
				t.Errorf("PDF has an image = %v, want %v", got, tt.wantImage)
			}
			if l := loadLogo(tt.logo); tt.wantImage && (l == nil || l.aspect != tt.aspect) {
				t.Errorf("loadLogo() = %+v, want aspect %v", l, tt.aspect)
			}
		})
	}
}
