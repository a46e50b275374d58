package report

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"mentorbook/data"
)

// TestNamesInTheOrderPeopleSortThem: the batch's contents list students as
// the school's sort language orders names, not by their bytes.
func TestNamesInTheOrderPeopleSortThem(t *testing.T) {
	w := newWorld(t)
	families := []string{"Zimmer", "Øberg", "Álvarez", "Đặng", "Oberg", "Åberg", "Eriksen", "Alvarez", "Dang", "Aberg"}
	w.update(t, func(tx *data.Tx) error {
		w.mentor.Capacity = 20
		if err := tx.UpdateMentor(w.mentor); err != nil {
			return err
		}
		for i, f := range families {
			st := w.addStudent(t, tx, fmt.Sprintf("T%02d", i), "Kim", f, "Guardian "+f)
			if err := tx.CreatePairing(&data.Pairing{StudentID: st.ID, MentorID: w.mentor.ID, Start: data.MustDate("2026-09-14"), Status: data.PairingActive}); err != nil {
				return err
			}
		}
		return nil
	})
	tests := []struct {
		language string
		want     []string
	}{
		{"en", []string{"Aberg", "Åberg", "Alvarez", "Álvarez", "Dang", "Đặng", "Eriksen", "Oberg", "Øberg", "Okafor", "Zimmer"}},
		{"nb", []string{"Aberg", "Alvarez", "Álvarez", "Dang", "Đặng", "Eriksen", "Oberg", "Okafor", "Zimmer", "Øberg", "Åberg"}},
	}
	name := regexp.MustCompile(`(?m)^(Zoë|Kim) (\S+)$`)
	for _, tt := range tests {
		t.Run(tt.language, func(t *testing.T) {
			w.update(t, func(tx *data.Tx) error { return tx.SaveSortLanguage(tt.language) })
			text := printText(t, w.s, Request{Kind: KindStudents})
			contents, _, _ := strings.Cut(text, "Progress summary:")
			var got []string
			for _, m := range name.FindAllStringSubmatch(contents, -1) {
				got = append(got, m[2])
			}
			if strings.Join(got, " ") != strings.Join(tt.want, " ") {
				t.Errorf("contents in %s order: %v, want %v", tt.language, got, tt.want)
			}
		})
	}
}

// TestArabicNamesAlignInTables: in the contents of a batch an Arabic name
// starts at the same left edge as every other name.
func TestArabicNamesAlignInTables(t *testing.T) {
	b, err := NewBatch(masterHeader, 2, 0, masterOptions)
	if err != nil {
		t.Fatal(err)
	}
	for _, st := range []data.Student{{SchoolID: "S1", GivenName: "Zoë", FamilyName: "Okafor"}, {SchoolID: "S2", GivenName: "ليلى", FamilyName: "حداد"}} {
		sum := masterSummary()
		sum.Student = st
		b.Add(sum)
	}
	var buf strings.Builder
	if err := b.Write(&buf); err != nil {
		t.Fatal(err)
	}
	words, _, _ := pdfWords(t, []byte(buf.String()))
	latin, arabic := -1.0, -1.0
	for _, w := range words {
		if w.page != 1 {
			continue
		}
		switch {
		case w.text == "Zoë" && latin < 0:
			latin = w.xMin
		case strings.IndexFunc(w.text, func(r rune) bool { return r >= 0x0600 && r <= 0x06FF || r >= 0xFE70 && r <= 0xFEFF }) >= 0:
			if arabic < 0 || w.xMin < arabic {
				arabic = w.xMin
			}
		}
	}
	if latin < 0 || arabic < 0 || arabic-latin > 1 || latin-arabic > 1 {
		t.Errorf("in the contents, the Latin name starts at x=%.1f and the Arabic one at x=%.1f; want the same", latin, arabic)
	}
}
