package report

import (
	"bytes"
	"crypto/sha256"
	"image"
	"image/color"
	"image/draw"
	_ "image/jpeg" // schools' logos come as JPEG or PNG
	"image/png"
	"io"
	"sync"
)

// logo is the school's logo, re-encoded as an 8-bit PNG of modest size.
//
// fpdf rejects 16-bit and interlaced PNGs and some JPEG colour models, and
// embeds images at full size, so every logo is decoded, scaled down to what
// a 14 mm header needs, and encoded afresh. A logo that does not decode is
// left out: the report matters more than its decoration.
type logo struct {
	name   string
	png    []byte
	aspect float64 // width / height
}

func (l *logo) reader() io.Reader { return bytes.NewReader(l.png) }

const (
	logoMaxPixels = 40_000_000 // refuse decompression bombs
	logoHeightPx  = 240        // about 430 dpi at 14 mm
)

// A batch prints one document per student with the same logo, so the last
// logo is kept rather than re-encoded each time.
var (
	logoMu   sync.Mutex
	logoSum  [sha256.Size]byte
	logoLast *logo
)

// loadLogo returns the logo for raw PNG or JPEG bytes, or nil.
func loadLogo(raw []byte) *logo {
	if len(raw) == 0 {
		return nil
	}
	sum := sha256.Sum256(raw)
	logoMu.Lock()
	defer logoMu.Unlock()
	if logoLast != nil && sum == logoSum {
		return logoLast
	}
	l := decodeLogo(raw)
	logoSum, logoLast = sum, l
	return l
}

func decodeLogo(raw []byte) *logo {
	cfg, _, err := image.DecodeConfig(bytes.NewReader(raw))
	if err != nil || cfg.Width <= 0 || cfg.Height <= 0 || cfg.Width*cfg.Height > logoMaxPixels {
		return nil
	}
	src, _, err := image.Decode(bytes.NewReader(raw))
	if err != nil {
		return nil
	}
	img := shrink(src, logoHeightPx)
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return nil
	}
	b := img.Bounds()
	return &logo{
		name:   "logo",
		png:    buf.Bytes(),
		aspect: float64(b.Dx()) / float64(b.Dy()),
	}
}

// shrink returns src as NRGBA, scaled by box averaging so that it is at most
// maxH pixels high.
func shrink(src image.Image, maxH int) *image.NRGBA {
	sb := src.Bounds()
	rgba := image.NewRGBA(image.Rect(0, 0, sb.Dx(), sb.Dy()))
	draw.Draw(rgba, rgba.Bounds(), src, sb.Min, draw.Src)
	h := min(maxH, sb.Dy())
	w := max(1, sb.Dx()*h/sb.Dy())
	out := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		y0, y1 := y*sb.Dy()/h, max((y+1)*sb.Dy()/h, y*sb.Dy()/h+1)
		for x := 0; x < w; x++ {
			x0, x1 := x*sb.Dx()/w, max((x+1)*sb.Dx()/w, x*sb.Dx()/w+1)
			var r, g, b, a, n uint64
			for sy := y0; sy < y1; sy++ {
				for sx := x0; sx < x1; sx++ {
					c := rgba.RGBAAt(sx, sy)
					r, g, b, a = r+uint64(c.R), g+uint64(c.G), b+uint64(c.B), a+uint64(c.A)
					n++
				}
			}
			// Averaging premultiplied values, then un-premultiplying, keeps
			// transparent edges from turning dark.
			c := color.RGBA{uint8(r / n), uint8(g / n), uint8(b / n), uint8(a / n)}
			out.Set(x, y, c)
		}
	}
	return out
}
