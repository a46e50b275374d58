package app

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"mentorbook/data"
	"mentorbook/data/datatest"
)

// TestOpenErrorOnAFullDisk: a sound database on a full disk is said to be
// on a full disk, and no backup is offered to be restored over it (the
// window called it damaged and offered "Restore the newest backup").
func TestOpenErrorOnAFullDisk(t *testing.T) {
	path := filepath.Join(datatest.SmallDisk(t, "4m"), "school.db")
	s, err := data.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	must(t, s, func(tx *data.Tx) error {
		return tx.CreateStudent(&data.Student{SchoolID: "S001", GivenName: "Zoë", FamilyName: "Okafor", Active: true})
	})
	if _, err := s.AutoBackup(context.Background()); err != nil {
		t.Fatal(err)
	}
	s.Close()
	datatest.Fill(t, filepath.Dir(path))

	_, err = data.Open(path)
	if !errors.Is(err, data.ErrDiskFull) {
		t.Fatalf("Open(on a full disk) = %v, want ErrDiskFull", err)
	}
	a := test.NewTempApp(t)
	win := a.NewWindow("Mentorbook")
	showOpenError(a, win, path, err, nil)
	var text []string
	for _, o := range test.LaidOutObjects(win.Content()) {
		switch w := o.(type) {
		case *widget.Label:
			text = append(text, w.Text)
		case *widget.Button:
			if strings.Contains(w.Text, "Restore") {
				t.Errorf("the window offers %q for a full disk", w.Text)
			}
		}
	}
	if all := strings.Join(text, "\n"); !strings.Contains(all, "The disk is full") || strings.Contains(all, "damaged") {
		t.Errorf("the window says %q", all)
	}
}
