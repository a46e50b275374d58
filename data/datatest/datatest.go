// Package datatest opens real Mentorbook databases for tests: a new file in
// the test's temporary folder, or a new PostgreSQL database when the tests
// run on PostgreSQL (see BackendVar), with a fixed clock, closed when the
// test ends. Tests use the real store, never a mock of it.
package datatest

import (
	"context"
	"testing"
	"time"

	"mentorbook/data"
	"mentorbook/data/demo"
)

// Open opens a new, empty database whose clock always reads now.
func Open(tb testing.TB, now time.Time) *data.Store {
	tb.Helper()
	s, err := data.Open(NewDB(tb))
	if err != nil {
		tb.Fatal(err)
	}
	s.Now = func() time.Time { return now }
	tb.Cleanup(func() { s.Close() })
	return s
}

// Demo opens a new database holding the demo school of n students (seed 1),
// judged on now.
func Demo(tb testing.TB, n int, now time.Time) *data.Store {
	tb.Helper()
	s := Open(tb, now)
	if err := demo.Generate(context.Background(), s, demo.Options{Students: n, Seed: 1}); err != nil {
		tb.Fatal(err)
	}
	return s
}
