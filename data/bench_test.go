package data_test

import (
	"testing"
	"time"

	"mentorbook/data"
)

// BenchmarkLogMeeting is the teacher's quick log: one meeting saved and
// committed durably (WAL, synchronous=FULL), with validation and the
// consent check, in a school of 1,000 demo students.
func BenchmarkLogMeeting(b *testing.B) {
	s := demoStore(b, 1000)
	var pairing int64
	err := s.View(ctx, func(tx *data.Tx) error {
		p, err := tx.Pairings(data.PairingFilter{Status: data.PairingActive})
		if err == nil {
			pairing = p[0].ID
		}
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	at := time.Date(2026, 11, 26, 9, 0, 0, 0, time.Local)
	b.ResetTimer()
	for b.Loop() {
		err := s.Update(ctx, func(tx *data.Tx) error {
			return tx.LogMeeting(&data.Meeting{PairingID: pairing, At: at, Minutes: 45, Kind: "one-to-one", Status: "held",
				Notes: "Talked about the week.", Wellbeing: [3]int{4, 3, 4}})
		})
		if err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAllMeetings is the All meetings list of a 1,000-student school
// with no filter: every matching ID, newest first, and the first page of
// rows, which is what the screen waits for.
func BenchmarkAllMeetings(b *testing.B) {
	s := demoStore(b, 1000)
	b.ResetTimer()
	for b.Loop() {
		err := s.View(ctx, func(tx *data.Tx) error {
			ids, err := tx.MeetingIDs(data.MeetingFilter{})
			if err != nil {
				return err
			}
			_, err = tx.MeetingRows(ids[:100])
			return err
		})
		if err != nil {
			b.Fatal(err)
		}
	}
}
