package data_test

import (
	"context"
	"database/sql"
	"flag"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"mentorbook/data"
	"mentorbook/data/datatest"
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
// logging meetings at once (see teachers).
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

	for _, be := range backends {
		var pairings []data.PairingRow
		view(b, be.store, func(tx *data.Tx) (err error) {
			pairings, err = tx.Pairings(data.PairingFilter{Status: data.PairingActive})
			return err
		})
		b.Run("save meeting/"+be.name, func(b *testing.B) {
			i := 0
			timed(b, func() error {
				i++
				return be.store.Update(ctx, func(tx *data.Tx) error {
					return tx.LogMeeting(&data.Meeting{PairingID: pairings[i%len(pairings)].ID, At: benchNow.Add(-time.Hour),
						Minutes: 45, Kind: "one-to-one", Status: "held", Notes: "Talked about the week.", Wellbeing: [3]int{4, 3, 4}})
				})
			})
		})
	}
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
	// On PostgreSQL each teacher is a laptop with its own Store; an SQLite
	// file is one laptop's (its lock refuses a second Store), so there the
	// 20 share the one Store: the comparison is of the save under 20
	// writers, not of a possible deployment. Through b.Loop a round runs
	// once (it is longer than the default -benchtime), where a plain
	// sub-benchmark would run once for b.N = 1 and again for the real N.
	b.Run("teachers/postgres", func(b *testing.B) {
		var stores []*data.Store
		for range 20 {
			stores = append(stores, openAt(b, url))
		}
		for b.Loop() {
			teachers(b, stores)
		}
	})
	b.Run("teachers/sqlite", func(b *testing.B) {
		for b.Loop() {
			teachers(b, []*data.Store{file})
		}
	})
}

// openAt opens the database at path or URL, judged on benchNow, closed
// when the benchmark ends.
func openAt(b *testing.B, path string) *data.Store {
	b.Helper()
	s, err := data.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	s.Now = func() time.Time { return benchNow }
	b.Cleanup(func() { s.Close() })
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

// teachers runs 20 teachers for teachersFor, teacher i on stores[i %
// len(stores)]. Each logs meetings for its own mentor's active pairings,
// one after the other, each with a note naming it; every fifth save it
// also tries to start a pairing of one of 40 unpaired students with the
// one mentor who has room for a few more, so that the teachers race for
// the same places (capacity) and the same pairings (one open pairing of a
// student and a mentor). Afterwards every acknowledged meeting must be in
// the database exactly once, nothing unacknowledged may be there, no
// mentor may have more mentees than places and no student two open
// pairings with one mentor; any refusal but those two rules' fails.
func teachers(b *testing.B, stores []*data.Store) {
	const n = 20
	ctx := context.Background()
	s := stores[0]
	var mine [n][]int64 // each teacher's pairings
	var shared data.MentorRow
	var waiting []int64 // active, consented students with no pairing
	view(b, s, func(tx *data.Tx) error {
		active, err := tx.Pairings(data.PairingFilter{Status: data.PairingActive})
		if err != nil {
			return err
		}
		teacherOf := map[int64]int{}
		for _, p := range active {
			t, ok := teacherOf[p.MentorID]
			if !ok && len(teacherOf) < n {
				t, ok = len(teacherOf), true
				teacherOf[p.MentorID] = t
			}
			if ok {
				mine[t] = append(mine[t], p.ID)
			}
		}
		mentors, err := tx.Mentors("")
		if err != nil {
			return err
		}
		for _, m := range mentors {
			if _, teaching := teacherOf[m.ID]; !teaching && m.Active && m.Vetted && shared.ID == 0 {
				shared = m
			}
		}
		waiting, err = tx.StudentIDs(data.StudentFilter{Status: "active", HasPairing: "no", Consent: "granted"})
		waiting = waiting[:min(len(waiting), 40)]
		return err
	})
	if shared.ID == 0 || len(waiting) < 40 || len(mine[n-1]) == 0 {
		b.Fatalf("the demo school has no vetted mentor free (%d), %d waiting students, %d teachers", shared.ID, len(waiting), len(mine))
	}
	db := datatest.RawDB(b, s)
	overBefore := overCapacity(b, db)
	// The demo's mentors are full: this one gets three places more.
	shared.Capacity = shared.Mentees + 3
	if err := s.Update(ctx, func(tx *data.Tx) error { m := shared.Mentor; return tx.UpdateMentor(&m) }); err != nil {
		b.Fatal(err)
	}
	run := fmt.Sprintf("teachers %s", time.Now().Format("150405.000"))
	type result struct {
		took        []time.Duration
		acked       []string
		failed      []string // saves that returned an error: may or may not be there
		made, refus int
		err         error
	}
	var results [n]result
	var wg sync.WaitGroup
	stop := time.Now().Add(*teachersFor)
	for t := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r, st := &results[t], stores[t%len(stores)]
			for i := 0; time.Now().Before(stop); i++ {
				note := fmt.Sprintf("%s: teacher %d, meeting %d", run, t, i)
				began := time.Now()
				err := st.Update(ctx, func(tx *data.Tx) error {
					return tx.LogMeeting(&data.Meeting{PairingID: mine[t][i%len(mine[t])], At: benchNow.Add(-time.Hour),
						Minutes: 30, Kind: "one-to-one", Status: "held", Notes: note, Wellbeing: [3]int{4, 4, 4}})
				})
				if err != nil {
					r.failed = append(r.failed, note)
					r.err = fmt.Errorf("teacher %d saving a meeting: %w", t, err)
					return
				}
				r.took = append(r.took, time.Since(began))
				r.acked = append(r.acked, note)
				if i%5 != 4 {
					continue
				}
				err = st.Update(ctx, func(tx *data.Tx) error {
					return tx.CreatePairing(&data.Pairing{StudentID: waiting[(t+i)%len(waiting)], MentorID: shared.ID,
						Start: data.MustDate(benchNow.Format("2006-01-02")), Status: data.PairingActive})
				})
				switch {
				case err == nil:
					r.made++
				case data.ErrorCode(err) == data.ECONFLICT:
					r.refus++ // no place left, or already paired
				default:
					r.err = fmt.Errorf("teacher %d starting a pairing: %v (%s)", t, err, data.ErrorCode(err))
					return
				}
			}
		}()
	}
	wg.Wait()
	var took []time.Duration
	acked, failed := map[string]bool{}, map[string]bool{}
	made, refused := 0, 0
	for _, r := range results {
		if r.err != nil {
			b.Error(r.err)
		}
		took = append(took, r.took...)
		for _, a := range r.acked {
			acked[a] = true
		}
		for _, f := range r.failed {
			failed[f] = true
		}
		made += r.made
		refused += r.refus
	}
	// What the database holds, read on a connection of its own.
	found := map[string]int{}
	rows, err := db.Query(`SELECT notes, count(*) FROM meetings WHERE notes LIKE $1 GROUP BY notes`, run+":%")
	if err != nil {
		b.Fatal(err)
	}
	for rows.Next() {
		var note string
		var k int
		if err := rows.Scan(&note, &k); err != nil {
			b.Fatal(err)
		}
		found[note] = k
	}
	if err := rows.Err(); err != nil {
		b.Fatal(err)
	}
	over := overCapacity(b, db)
	var doubled int
	if err := db.QueryRow(`SELECT count(*) FROM (SELECT 1 FROM pairings WHERE status <> 'closed' GROUP BY student_id, mentor_id HAVING count(*) > 1) d`).Scan(&doubled); err != nil {
		b.Fatal(err)
	}
	lost, duplicated, stray := 0, 0, 0
	for a := range acked {
		switch found[a] {
		case 0:
			lost++
		case 1:
		default:
			duplicated++
		}
	}
	for f, k := range found {
		if !acked[f] && !failed[f] || k > 1 && !acked[f] {
			stray++
		}
	}
	b.ReportMetric(float64(len(acked)), "saves")
	reportPercentiles(b, took)
	b.ReportMetric(float64(lost), "lost")
	b.ReportMetric(float64(duplicated), "duplicated")
	b.ReportMetric(float64(made), "pairings-made")
	b.ReportMetric(float64(refused), "pairings-refused")
	b.Logf("%d teachers on %d stores for %v: %d meetings saved, %d saves failed; %d pairings started with %s (%d of %d places were free), %d refused",
		n, len(stores), *teachersFor, len(acked), len(failed), made, shared.Name, shared.Capacity-shared.Mentees, shared.Capacity, refused)
	if lost+duplicated+stray > 0 {
		b.Errorf("%d acknowledged meetings lost, %d saved more than once, %d there that were never saved", lost, duplicated, stray)
	}
	if made > shared.Capacity-shared.Mentees || over != overBefore {
		b.Errorf("%d pairings started with %s, who had %d places free, and %d mentors have more mentees than places (%d before): the capacity rule did not hold",
			made, shared.Name, shared.Capacity-shared.Mentees, over, overBefore)
	}
	if doubled > 0 {
		b.Errorf("%d students have two open pairings with one mentor", doubled)
	}
}

// overCapacity counts the mentors with more active or paused pairings than
// places. The demo school has one (made so for its alerts); the teachers
// must add none.
func overCapacity(b *testing.B, db *sql.DB) (n int) {
	b.Helper()
	if err := db.QueryRow(`SELECT count(*) FROM mentors m
		WHERE m.capacity < (SELECT count(*) FROM pairings p WHERE p.mentor_id = m.id AND p.status IN ('active', 'paused'))`).Scan(&n); err != nil {
		b.Fatal(err)
	}
	return n
}
