package data_test

import (
	"slices"
	"testing"

	"mentorbook/data"
)

// TestYearGroups lists the year groups in use for the Students screen's
// filter, each once, shortest first, on both databases (PostgreSQL
// refused the DISTINCT … ORDER BY length() that SQLite takes, so the
// screen could not open on a server).
func TestYearGroups(t *testing.T) {
	s := MustOpen(t)
	update(t, s, func(tx *data.Tx) error {
		for i, y := range []string{"Year 10", "Year 9", "Year 10", "", "Year 7"} {
			if err := tx.CreateStudent(&data.Student{SchoolID: "Y" + string(rune('a'+i)), GivenName: "Ann", FamilyName: "Year",
				YearGroup: y, Active: true}); err != nil {
				return err
			}
		}
		return nil
	})
	var got []string
	if err := s.View(ctx, func(tx *data.Tx) (err error) { got, err = tx.YearGroups(); return }); err != nil {
		t.Fatal(err)
	}
	if want := []string{"Year 7", "Year 9", "Year 10"}; !slices.Equal(got, want) {
		t.Errorf("YearGroups() = %q, want %q", got, want)
	}
}
