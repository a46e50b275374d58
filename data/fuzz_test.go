package data_test

import (
	"testing"

	"mentorbook/data"
)

// FuzzParseDate: any text either is a real date between 1900 and 2100 that
// prints back as typed, or is refused; never a panic, never a date that does
// not exist.
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2026-02-28", "2026-02-31", "31/02/2026", "", "0000-00-00", "9999-12-31", "2026-1-1",
		"0001-01-01", "0000-01-01", "1899-12-31", "1900-01-01", "2100-12-31", "2101-01-01"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := data.ParseDate(s)
		if err != nil {
			return
		}
		if d.String() != s {
			t.Fatalf("ParseDate(%q) = %q, want it back as typed", s, d)
		}
		if !d.IsZero() && (d.Year < data.MinYear || d.Year > data.MaxYear) {
			t.Fatalf("ParseDate(%q) = %q, outside %d..%d", s, d, data.MinYear, data.MaxYear)
		}
	})
}

// FuzzFold: folding never panics and is idempotent, so a folded search
// word finds the folded key it came from.
func FuzzFold(f *testing.F) {
	for _, s := range []string{"Zoë", "Nguyễn Văn An", "山田太郎", "ŁUKASZ", "\xff\xfe", "ß"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		once := data.Fold(s)
		if twice := data.Fold(once); twice != once {
			t.Fatalf("Fold(Fold(%q)) = %q, want %q", s, twice, once)
		}
	})
}
