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
