package data_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"mentorbook/data"
)

// TestTermComment: one comment per pairing per term, written, replaced and
// removed (by saving it empty), each change audited as a change to the
// pairing without the comment's words; bad input is refused naming the
// field, and nothing is written.
func TestTermComment(t *testing.T) {
	w := newWorld(t)
	var autumn, spring *data.Term
	update(t, w.s, func(tx *data.Tx) (err error) {
		if autumn, err = tx.Term("2025–26 Autumn"); err != nil {
			return err
		}
		spring, err = tx.Term("2025–26 Spring")
		return err
	})
	read := func(termID int64) *data.TermComment {
		t.Helper()
		var c *data.TermComment
		if err := w.s.View(context.Background(), func(tx *data.Tx) (err error) { c, err = tx.TermComment(w.pairing.ID, termID); return }); err != nil {
			t.Fatal(err)
		}
		return c
	}
	if c := read(autumn.ID); c.Comment != "" || !c.UpdatedAt.IsZero() {
		t.Errorf("TermComment before any = %+v, want none", c)
	}
	update(t, w.s, func(tx *data.Tx) error {
		for _, c := range []*data.TermComment{
			{PairingID: w.pairing.ID, TermID: autumn.ID, Comment: "  First draft.  "},
			{PairingID: w.pairing.ID, TermID: autumn.ID, Comment: "Zoë settled in well."},
			{PairingID: w.pairing.ID, TermID: spring.ID, Comment: "Spring: more reading."},
		} {
			if err := tx.SaveTermComment(c); err != nil {
				return err
			}
		}
		return nil
	})
	if c := read(autumn.ID); c.Comment != "Zoë settled in well." || c.WrittenBy != w.s.User || !c.UpdatedAt.Equal(today.UTC()) {
		t.Errorf("TermComment(autumn) = %+v, want the second text, by %q at %v", c, w.s.User, today.UTC())
	}
	if c := read(spring.ID); c.Comment != "Spring: more reading." {
		t.Errorf("TermComment(spring) = %+v, want its own", c)
	}
	update(t, w.s, func(tx *data.Tx) error {
		return tx.SaveTermComment(&data.TermComment{PairingID: w.pairing.ID, TermID: autumn.ID, Comment: " \n "})
	})
	if c := read(autumn.ID); c.Comment != "" {
		t.Errorf("TermComment(autumn) after saving it empty = %+v, want none", c)
	}

	var log []data.AuditEntry
	if err := w.s.View(context.Background(), func(tx *data.Tx) (err error) {
		log, err = tx.AuditLog(data.AuditFilter{Entity: "pairing", EntityID: w.pairing.ID, Query: "term comment"})
		return
	}); err != nil {
		t.Fatal(err)
	}
	var details []string
	for _, e := range log {
		details = append(details, e.Detail)
		if strings.Contains(e.Detail, "Zoë") || strings.Contains(e.Detail, "reading") {
			t.Errorf("the audit log holds the comment's words: %q", e.Detail)
		}
	}
	want := []string{"term comment for 2025–26 Autumn removed", "term comment for 2025–26 Spring",
		"term comment for 2025–26 Autumn", "term comment for 2025–26 Autumn"}
	if strings.Join(details, "|") != strings.Join(want, "|") {
		t.Errorf("audit details = %q, want %q", details, want)
	}

	for _, tt := range []struct {
		name, field string
		c           data.TermComment
	}{
		{"TooLong", "term_comment", data.TermComment{PairingID: w.pairing.ID, TermID: autumn.ID, Comment: strings.Repeat("a", data.MaxTermComment+1)}},
		{"ControlCharacter", "term_comment", data.TermComment{PairingID: w.pairing.ID, TermID: autumn.ID, Comment: "bell\a"}},
		{"UnknownPairing", "", data.TermComment{PairingID: 999, TermID: autumn.ID, Comment: "x"}},
		{"UnknownTerm", "", data.TermComment{PairingID: w.pairing.ID, TermID: 999, Comment: "x"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			err := w.s.Update(context.Background(), func(tx *data.Tx) error { return tx.SaveTermComment(&tt.c) })
			var de *data.Error
			if !errors.As(err, &de) || de.Field != tt.field {
				t.Errorf("SaveTermComment(%s) = %v, want an error on field %q", tt.name, err, tt.field)
			}
			if c := read(autumn.ID); c.Comment != "" {
				t.Errorf("after the refused save, TermComment(autumn) = %q", c.Comment)
			}
		})
	}
}

// TestGuardianAddressAndSchoolContacts: the guardian's postal address and
// the school's phone, email and coordinator are kept as typed, and a bad
// value is refused naming its field.
func TestGuardianAddressAndSchoolContacts(t *testing.T) {
	s := MustOpen(t)
	g := &data.Guardian{Name: "Ada Okafor", Address: "12 Elm Row\nLeeds LS6 2AB"}
	update(t, s, func(tx *data.Tx) error {
		if err := tx.CreateGuardian(g); err != nil {
			return err
		}
		return tx.SaveSchool(&data.School{Name: "Ashgrove", Phone: "0113 496 0000", Email: "office@ashgrove.example",
			Coordinator: "Łucja Dubois", Paper: "A4"})
	})
	update(t, s, func(tx *data.Tx) error {
		got, err := tx.Guardian(g.ID)
		if err != nil {
			return err
		}
		if got.Address != g.Address {
			t.Errorf("Guardian.Address = %q, want %q", got.Address, g.Address)
		}
		sc, err := tx.School()
		if err != nil {
			return err
		}
		if sc.Phone != "0113 496 0000" || sc.Email != "office@ashgrove.example" || sc.Coordinator != "Łucja Dubois" {
			t.Errorf("School() = %+v", sc)
		}
		return nil
	})
	for _, tt := range []struct {
		name, field string
		save        func(tx *data.Tx) error
	}{
		{"AddressTooLong", "address", func(tx *data.Tx) error {
			return tx.UpdateGuardian(&data.Guardian{ID: g.ID, Name: g.Name, Address: strings.Repeat("Long Road\n", 30)})
		}},
		{"AddressControl", "address", func(tx *data.Tx) error {
			return tx.UpdateGuardian(&data.Guardian{ID: g.ID, Name: g.Name, Address: "1 Road\x00"})
		}},
		{"SchoolEmail", "email", func(tx *data.Tx) error {
			return tx.SaveSchool(&data.School{Name: "Ashgrove", Email: "not an email", Paper: "A4"})
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			err := s.Update(context.Background(), tt.save)
			var de *data.Error
			if !errors.As(err, &de) || de.Field != tt.field {
				t.Errorf("%s: %v, want an error on field %q", tt.name, err, tt.field)
			}
		})
	}
}
