package app

import "testing"

func TestCountOf(t *testing.T) {
	for _, tc := range []struct {
		n    int
		noun string
		want string
	}{
		{0, "student", "0 students"},
		{1, "student", "1 student"},
		{999, "row", "999 rows"},
		{1000, "row", "1,000 rows"},
		{269633, "meeting", "269,633 meetings"},
		{1234567, "line", "1,234,567 lines"},
	} {
		if got := countOf(tc.n, tc.noun); got != tc.want {
			t.Errorf("countOf(%d, %q) = %q, want %q", tc.n, tc.noun, got, tc.want)
		}
	}
}
