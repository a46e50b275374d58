package demo_test

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"mentorbook/data"
	"mentorbook/data/datatest"
	"mentorbook/data/demo"
)

var today = time.Date(2026, 11, 27, 10, 0, 0, 0, time.Local)

func open(t *testing.T) *data.Store { return datatest.Open(t, today) }

func TestGenerate(t *testing.T) {
	s := open(t)
	ctx := context.Background()
	if err := demo.Generate(ctx, s, demo.Options{Students: 150, Seed: 7}); err != nil {
		t.Fatal(err)
	}
	err := s.View(ctx, func(tx *data.Tx) error {
		rows, err := tx.Students(data.StudentFilter{})
		if err != nil {
			return err
		}
		if len(rows) != 150 {
			t.Errorf("students = %d, want 150", len(rows))
		}
		for _, want := range []string{"Zoë", "José", "Nguyễn", "Σοφία", "Алексей", "山田", "Aroha", "Oluwaseun"} {
			if got, err := tx.Students(data.StudentFilter{Query: want}); err != nil || len(got) == 0 {
				t.Errorf("no demo student named %q (%v)", want, err)
			}
		}
		statuses := map[string]int{}
		for _, st := range []string{data.PairingProposed, data.PairingActive, data.PairingPaused, data.PairingClosed} {
			p, err := tx.Pairings(data.PairingFilter{Status: st})
			if err != nil {
				return err
			}
			statuses[st] = len(p)
		}
		for st, n := range statuses {
			if n == 0 {
				t.Errorf("no %s pairings in the demo (%v)", st, statuses)
			}
		}
		m, err := tx.Meetings(data.MeetingFilter{})
		if err != nil {
			return err
		}
		if len(m) < 150*10 {
			t.Errorf("meetings = %d, want a year's worth (at least %d)", len(m), 150*10)
		}
		problems, err := tx.IntegrityCheck()
		if len(problems) > 0 {
			t.Errorf("IntegrityCheck = %v", problems)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestGenerateRefusesData(t *testing.T) {
	s := open(t)
	ctx := context.Background()
	if err := demo.Generate(ctx, s, demo.Options{Students: 5, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	if err := demo.Generate(ctx, s, demo.Options{Students: 5, Seed: 1}); !errors.Is(err, demo.ErrNotEmpty) {
		t.Fatalf("second Generate = %v, want ErrNotEmpty", err)
	}
}

func TestGenerateIsDeterministic(t *testing.T) {
	ctx := context.Background()
	var names [2][]string
	for i := range names {
		s := open(t)
		if err := demo.Generate(ctx, s, demo.Options{Students: 40, Seed: 3}); err != nil {
			t.Fatal(err)
		}
		s.View(ctx, func(tx *data.Tx) error {
			rows, err := tx.Students(data.StudentFilter{Sort: "school_id"})
			for _, r := range rows {
				names[i] = append(names[i], r.SchoolID+" "+r.Name)
			}
			return err
		})
	}
	if len(names[0]) != 40 || len(names[0]) != len(names[1]) {
		t.Fatalf("got %d and %d students, want 40", len(names[0]), len(names[1]))
	}
	for i := range names[0] {
		if names[0][i] != names[1][i] {
			t.Fatalf("student %d: %q then %q with the same seed", i, names[0][i], names[1][i])
		}
	}
}

// BenchmarkGenerate1000 writes a demo school of 1,000 students.
func BenchmarkGenerate1000(b *testing.B) {
	for b.Loop() {
		b.StopTimer()
		s, err := data.Open(filepath.Join(b.TempDir(), "demo.db"))
		if err != nil {
			b.Fatal(err)
		}
		s.Now = func() time.Time { return today }
		b.StartTimer()
		if err := demo.Generate(context.Background(), s, demo.Options{Students: 1000, Seed: 1}); err != nil {
			b.Fatal(err)
		}
		s.Close()
	}
}
