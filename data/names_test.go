package data_test

import (
	"testing"

	"mentorbook/data"
)

func TestPersonName(t *testing.T) {
	for _, tc := range []struct{ given, preferred, family, want string }{
		{"Zoë", "", "Okafor", "Zoë Okafor"},
		{"Alexander", "Sasha", "Petrov", "Sasha Petrov"},
		{"太郎", "", "山田", "山田太郎"},
		{"민준", "", "김", "김민준"},
		{"Văn An", "", "Nguyễn", "Văn An Nguyễn"},
		{"Aroha", "", "", "Aroha"},
		{"Taro", "", "山田", "Taro 山田"},
	} {
		if got := data.PersonName(tc.given, tc.preferred, tc.family); got != tc.want {
			t.Errorf("PersonName(%q, %q, %q) = %q, want %q", tc.given, tc.preferred, tc.family, got, tc.want)
		}
	}
}

// TestNamesReadTheSameEverywhere: the dashboard's alerts and the exports
// name a student as the Students screen does, family name first for a
// Japanese name and the preferred name where there is one.
func TestNamesReadTheSameEverywhere(t *testing.T) {
	w := newWorld(t)
	update(t, w.s, func(tx *data.Tx) error {
		for _, s := range []*data.Student{
			{SchoolID: "S100", GivenName: "太郎", FamilyName: "山田", Active: true},
			{SchoolID: "S101", GivenName: "Aleksandra", PreferredName: "Ola", FamilyName: "Nowak", Active: true},
		} {
			if err := tx.CreateStudent(s); err != nil {
				return err
			}
		}
		return nil
	})
	var alerts []data.Alert
	var listed []data.StudentRow
	update(t, w.s, func(tx *data.Tx) (err error) {
		if alerts, err = tx.Alerts(data.MustDate("2026-03-10")); err != nil {
			return err
		}
		listed, err = tx.Students(data.StudentFilter{Query: "S10"})
		return err
	})
	want := map[string]bool{}
	for _, r := range listed {
		want[r.Name] = true
	}
	if !want["山田太郎"] || !want["Ola Nowak"] {
		t.Fatalf("the student list names them %v", want)
	}
	seen := map[string]map[string]bool{} // alert kind → names
	for _, a := range alerts {
		if seen[a.Kind] == nil {
			seen[a.Kind] = map[string]bool{}
		}
		seen[a.Kind][a.Subject] = true
	}
	for _, kind := range []string{data.AlertWaiting, data.AlertConsent} {
		for name := range want {
			if !seen[kind][name] {
				t.Errorf("%s alerts name %v, want %s among them", kind, seen[kind], name)
			}
		}
	}
}
