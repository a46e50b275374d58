package assets

import (
	"bytes"
	"image/png"
	"testing"
)

func TestFontsAreTrueType(t *testing.T) {
	tests := []struct {
		name string
		data []byte
	}{
		{"SansRegular", SansRegular},
		{"SansBold", SansBold},
		{"CJKFallback", CJKFallback},
		{"KoreanFallback", KoreanFallback},
		{"WindowScripts", WindowScripts},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// Every TrueType outline font starts with the version 1.0 tag.
			if !bytes.HasPrefix(tt.data, []byte{0, 1, 0, 0}) {
				t.Errorf("%s does not start with a TrueType header (%d bytes)", tt.name, len(tt.data))
			}
		})
	}
}

func TestIcon(t *testing.T) {
	cfg, err := png.DecodeConfig(bytes.NewReader(Icon))
	if err != nil {
		t.Fatalf("png.DecodeConfig(Icon) error: %v", err)
	}
	if cfg.Width != 256 || cfg.Height != 256 {
		t.Errorf("icon size = %dx%d, want 256x256", cfg.Width, cfg.Height)
	}
}
