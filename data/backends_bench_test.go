package data_test

import (
	"context"
	"database/sql"
	"flag"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"mentorbook/data"
	"mentorbook/data/demo"
	"mentorbook/data/pgtest"
)

// teachersFor is how long the 20 teachers of BenchmarkBackends10k log
// meetings: `go test -run '^$' -bench Backends10k ./data/ -args -teachers=5s`
// for a quick look, 60 s for the figure.
var teachersFor = flag.Duration("teachers", 60*time.Second, "how long BenchmarkBackends10k's 20 teachers log meetings")

// benchNow is the day the benchmarks' school is judged on.
var benchNow = time.Date(2026, 11, 27, 10, 0, 0, 0, time.Local)

// backend is one database of the same school.
type backend struct {
	name  string // sqlite or postgres
	store *data.Store
	url   string // the path or the PostgreSQL URL
}

// BenchmarkBackends10k measures the figures of docs/POSTGRES.md step 10
// on SQLite and PostgreSQL in the same run, on the same 10,000-student
// demo school: generated into a file, then copied by data.Copy into a
// database of pgtest's Loopback server, reached over TCP on 127.0.0.1 as
// a laptop reaches its school's server (without TLS), durable as the
// file is (fsync on). The school is made once per run of the benchmark,
// so use -count 1; -benchtime must be a time (the teachers' round runs
// as many times as a count asks).
//
//	go test -run '^$' -bench Backends10k -benchtime 3s -count 1 ./data/
//
// Each figure is a sub-benchmark per backend, one after the other so that
// both meet the same load: save a meeting (p50 and p95 per save), the
// Students screen's query, a student prefix search, and 20 teachers
// logging meetings at once, with and without logins of their own (see
// round.run).
func BenchmarkBackends10k(b *testing.B) {
	ctx := context.Background()
	path := filepath.Join(b.TempDir(), "demo.db")
	file := openAt(b, path)
	began := time.Now()
	if err := demo.Generate(ctx, file, demo.Options{Students: 10000, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	b.Logf("10,000-student demo made in %v", time.Since(began).Round(time.Millisecond))
	c, err := pgtest.Loopback()
	if err != nil {
		b.Fatal(err)
	}
	url := c.LoopbackURL(c.NewDatabase(b))
	if _, _, err := data.InitPostgres(ctx, url); err != nil {
		b.Fatal(err)
	}
	began = time.Now()
	res, err := data.Copy(ctx, path, url)
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("copied into PostgreSQL over loopback TCP in %v (%d rows)", time.Since(began).Round(time.Millisecond), res.Rows())
	backends := []backend{{"sqlite", file, path}, {"postgres", openAt(b, url), url}}
	// The PostgreSQL school's teachers, each with its own mentor's login,
	// and a coordinator's login: for a mentor's save and the rounds below.
	r := planRound(b, backends[1].store)
	const password = "benchmark-password"
	mentors, coordinator := r.addLogins(b, url, password)

	// A meeting saved, for any pairing, and on PostgreSQL also by a
	// mentor's login for its own (the server's row-level checks added).
	saveMeeting := func(name string, s *data.Store, pairings []int64) {
		b.Run("save meeting/"+name, func(b *testing.B) {
			i := 0
			timed(b, func() error {
				i++
				return s.Update(ctx, func(tx *data.Tx) error {
					return tx.LogMeeting(&data.Meeting{PairingID: pairings[i%len(pairings)], At: benchNow.Add(-time.Hour),
						Minutes: 45, Kind: "one-to-one", Status: "held", Notes: "Talked about the week.", Wellbeing: [3]int{4, 3, 4}})
				})
			})
		})
	}
	for _, be := range backends {
		var pairings []int64
		view(b, be.store, func(tx *data.Tx) error {
			rows, err := tx.Pairings(data.PairingFilter{Status: data.PairingActive})
			for _, p := range rows {
				pairings = append(pairings, p.ID)
			}
			return err
		})
		saveMeeting(be.name, be.store, pairings)
	}
	saveMeeting("postgres as a mentor", openAt(b, loginURL(url, mentors[0], password)), r.mine[0])
	// The Students screen as the window opens it (app/students.go): the
	// year groups for the filter, then, in one snapshot (app/pages.go),
	// the IDs of the active students in name order and the first page of
	// 100 rows.
	for _, be := range backends {
		b.Run("students screen/"+be.name, func(b *testing.B) {
			timed(b, func() error {
				if err := be.store.View(ctx, func(tx *data.Tx) error { _, err := tx.YearGroups(); return err }); err != nil {
					return err
				}
				return be.store.View(ctx, func(tx *data.Tx) error {
					ids, err := tx.StudentIDs(data.StudentFilter{Status: "active"})
					if err == nil && len(ids) < 9000 {
						err = fmt.Errorf("%d active students, want about 10,000", len(ids))
					}
					if err == nil {
						_, err = tx.StudentRows(ids[:100])
					}
					return err
				})
			})
		})
	}
	// A keystroke in the search box: the same query with what is typed.
	var some data.StudentRow
	view(b, backends[0].store, func(tx *data.Tx) error {
		rows, err := tx.StudentRows([]int64{1})
		if err == nil {
			some = rows[0]
		}
		return err
	})
	for _, q := range []string{strings.ToLower(string([]rune(some.Name)[:3])), some.SchoolID[:len(some.SchoolID)-2]} {
		for _, be := range backends {
			b.Run("prefix "+q+"/"+be.name, func(b *testing.B) {
				var n int
				timed(b, func() error {
					return be.store.View(ctx, func(tx *data.Tx) error {
						ids, err := tx.StudentIDs(data.StudentFilter{Query: q, Status: "active"})
						n = len(ids)
						if err == nil {
							_, err = tx.StudentRows(ids[:min(len(ids), 100)])
						}
						return err
					})
				})
				b.ReportMetric(float64(n), "matches")
			})
		}
	}
	// The round of planRound and run. On PostgreSQL each teacher is a
	// laptop with its own Store, once all as the database's owner and
	// once each as its own mentor's login (with a coordinator's login on
	// two more Stores), which adds the server's row-level checks; an
	// SQLite file is one laptop's (its lock refuses a second Store), so
	// there the 20 share the one Store: the comparison is of the save
	// under 20 writers, not of a possible deployment. Through b.Loop a
	// round runs once (it is longer than the default -benchtime), where a
	// plain sub-benchmark would run once for b.N = 1 and again for the
	// real N.
	b.Run("teachers/postgres", func(b *testing.B) {
		var stores []*data.Store
		for range 22 {
			stores = append(stores, openAt(b, url))
		}
		who := staff{teacher: func(t int) *data.Store { return stores[t] }, coordinators: stores[20:]}
		for b.Loop() {
			r.run(b, who, *teachersFor)
		}
	})
	b.Run("teachers as logins/postgres", func(b *testing.B) {
		who := staff{logins: mentors}
		var teachers []*data.Store
		for _, login := range mentors {
			teachers = append(teachers, openAt(b, loginURL(url, login, password)))
		}
		who.teacher = func(t int) *data.Store { return teachers[t] }
		for range 2 {
			who.coordinators = append(who.coordinators, openAt(b, loginURL(url, coordinator, password)))
		}
		for b.Loop() {
			r.run(b, who, *teachersFor)
		}
	})
	b.Run("teachers/sqlite", func(b *testing.B) {
		who := staff{teacher: func(int) *data.Store { return file }, coordinators: []*data.Store{file, file}}
		for b.Loop() {
			planRound(b, file).run(b, who, *teachersFor)
		}
	})
}

// openAt opens the database at path or URL, judged on benchNow, closed
// when the test or benchmark ends.
func openAt(tb testing.TB, path string) *data.Store {
	tb.Helper()
	s, err := data.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	s.Now = func() time.Time { return benchNow }
	tb.Cleanup(func() { s.Close() })
	return s
}

func view(b *testing.B, s *data.Store, fn func(tx *data.Tx) error) {
	b.Helper()
	if err := s.View(context.Background(), fn); err != nil {
		b.Fatal(err)
	}
}

// timed runs op b.N times and reports its median and 95th percentile.
func timed(b *testing.B, op func() error) {
	b.Helper()
	var took []time.Duration
	for b.Loop() {
		began := time.Now()
		if err := op(); err != nil {
			b.Fatal(err)
		}
		took = append(took, time.Since(began))
	}
	reportPercentiles(b, took)
}

// reportPercentiles reports the median and the 95th percentile of took in
// milliseconds.
func reportPercentiles(b *testing.B, took []time.Duration) {
	if len(took) == 0 {
		return
	}
	slices.Sort(took)
	at := func(p int) float64 { return float64(took[(len(took)*p+99)/100-1]) / float64(time.Millisecond) }
	b.ReportMetric(at(50), "p50-ms")
	b.ReportMetric(at(95), "p95-ms")
}

// overCapacity counts the mentors with more active or paused pairings than
// places. The demo school has one (made so for its alerts); the teachers
// must add none.
func overCapacity(tb testing.TB, db *sql.DB) (n int) {
	tb.Helper()
	if err := db.QueryRow(`SELECT count(*) FROM mentors m
		WHERE m.capacity < (SELECT count(*) FROM pairings p WHERE p.mentor_id = m.id AND p.status IN ('active', 'paused'))`).Scan(&n); err != nil {
		tb.Fatal(err)
	}
	return n
}
