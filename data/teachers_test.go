package data_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"maps"
	"net/url"
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

// teacherCount is how many teachers a round has: the figure of
// docs/POSTGRES.md step 10 and of issue 16's check.
const teacherCount = 20

// round is the school a round of teachers works on (see planRound): who
// teaches which pairings, and the places the coordinator gives out.
type round struct {
	owner   *data.Store // reads the school; on PostgreSQL the database's owner
	db      *sql.DB     // the owner's own connection, for the checks
	mentors [teacherCount]data.MentorRow
	mine    [teacherCount][]int64 // each teacher's active pairings
	shared  data.MentorRow        // the one mentor with places free, given a few more
	waiting []int64               // active, consented students no teacher has or had
	// What each teacher's login may see: the students its mentor has or
	// had a pairing with, and every pairing of those students.
	students, pairings [teacherCount]map[int64]bool
}

// staff is who works in a round: the teachers, each on teacher(t), and
// the coordinators, who start pairings with the shared mentor from two
// Stores at once so that they race for its places. With logins each
// teacher is its own mentor's login (logins[t]), so that the round also
// checks what each sees; without, every Store is the owner's login.
type staff struct {
	teacher      func(t int) *data.Store
	logins       []string
	coordinators []*data.Store
}

// planRound picks the round's teachers from the school s holds (a demo
// school judged on benchNow): the first 20 mentors with active pairings,
// a vetted mentor none of them is, and 40 waiting students.
func planRound(tb testing.TB, s *data.Store) *round {
	tb.Helper()
	r := &round{owner: s, db: datatest.RawDB(tb, s)}
	err := s.View(context.Background(), func(tx *data.Tx) error {
		active, err := tx.Pairings(data.PairingFilter{Status: data.PairingActive})
		if err != nil {
			return err
		}
		mentors, err := tx.Mentors("")
		if err != nil {
			return err
		}
		byID := map[int64]data.MentorRow{}
		for _, m := range mentors {
			byID[m.ID] = m
		}
		teacherOf := map[int64]int{}
		for _, p := range active {
			t, ok := teacherOf[p.MentorID]
			if !ok && len(teacherOf) < teacherCount && byID[p.MentorID].Email != "" {
				t, ok = len(teacherOf), true
				teacherOf[p.MentorID] = t
				r.mentors[t] = byID[p.MentorID]
			}
			if ok {
				r.mine[t] = append(r.mine[t], p.ID)
			}
		}
		for _, m := range mentors {
			if _, teaching := teacherOf[m.ID]; !teaching && m.Active && m.Vetted && r.shared.ID == 0 {
				r.shared = m
			}
		}
		for t := range r.students {
			r.students[t], r.pairings[t] = map[int64]bool{}, map[int64]bool{}
		}
		all, err := tx.Pairings(data.PairingFilter{})
		if err != nil {
			return err
		}
		taught := map[int64]bool{}
		for _, p := range all {
			if t, ok := teacherOf[p.MentorID]; ok {
				r.students[t][p.StudentID] = true
				taught[p.StudentID] = true
			}
		}
		for _, p := range all {
			for t := range r.students {
				if r.students[t][p.StudentID] {
					r.pairings[t][p.ID] = true
				}
			}
		}
		waiting, err := tx.StudentIDs(data.StudentFilter{Status: "active", HasPairing: "no", Consent: "granted"})
		for _, id := range waiting {
			if !taught[id] && len(r.waiting) < 40 {
				r.waiting = append(r.waiting, id)
			}
		}
		return err
	})
	if err != nil {
		tb.Fatal(err)
	}
	if r.shared.ID == 0 || len(r.waiting) < 40 || len(r.mine[teacherCount-1]) == 0 {
		tb.Fatalf("the demo school has no vetted mentor free (%d), %d waiting students, or fewer than %d mentors with email and pairings",
			r.shared.ID, len(r.waiting), teacherCount)
	}
	return r
}

// addLogins makes a mentor login for each teacher and one coordinator
// login on the PostgreSQL database at dbURL (its owner's), as `user add`
// does, with password as each one's password (none if "": the test
// server trusts its socket).
func (r *round) addLogins(tb testing.TB, dbURL, password string) (mentors []string, coordinator string) {
	tb.Helper()
	ctx := context.Background()
	setPassword := func(login string) {
		if password == "" {
			return
		}
		if _, err := r.db.Exec(fmt.Sprintf(`ALTER ROLE %q PASSWORD '%s'`, login, password)); err != nil {
			tb.Fatal(err)
		}
	}
	for t := range teacherCount {
		mentors = append(mentors, newLogin("teacher"))
		if _, err := data.AddUser(ctx, dbURL, mentors[t], "mentor", r.mentors[t].Email); err != nil {
			tb.Fatal(err)
		}
		setPassword(mentors[t])
	}
	coordinator = newLogin("coordinator")
	if _, err := data.AddUser(ctx, dbURL, coordinator, "coordinator", ""); err != nil {
		tb.Fatal(err)
	}
	setPassword(coordinator)
	return mentors, coordinator
}

// loginURL is dbURL with login and its password as the user.
func loginURL(dbURL, login, password string) string {
	u, err := url.Parse(dbURL)
	if err != nil {
		panic(err)
	}
	u.User = url.UserPassword(login, password)
	return u.String()
}

// roundResult is what one teacher or coordinator did.
type roundResult struct {
	took          []time.Duration
	acked, failed []string // meetings saved; saves that returned an error (may or may not be there)
	made, refused int      // pairings started; refused by the capacity or duplicate rule
	forbidden     int      // attempts beyond the login's role, all refused
	sights        int      // checks of what the login sees
	err           error
}

// run lets the 20 teachers log meetings for their own pairings for d, one
// after the other, each with a note naming it, every other one
// confidential, while the coordinators start pairings of the waiting
// students with the shared mentor, who has three places more than
// mentees: they race for the same places (capacity) and the same
// pairings (one open pairing of a student and a mentor). Teachers with
// logins also try, every 25th save, to log a meeting for the next
// teacher's pairing and to start a pairing, which the server must refuse,
// and every 10th save they check what they see (see sight).
//
// Afterwards every acknowledged meeting must be in the database exactly
// once, recorded by its teacher's login, nothing unacknowledged or
// forbidden may be there, no mentor may have more mentees than places,
// no student two open pairings with one mentor, and each login must see
// exactly its own students, their pairings and meetings, and no
// confidential note but its own; any refusal but the rules' fails.
func (r *round) run(tb testing.TB, who staff, d time.Duration) {
	tb.Helper()
	ctx := context.Background()
	overBefore := overCapacity(tb, r.db)
	// The shared mentor and the waiting students as they are now: an
	// earlier round on this school took places and students.
	var shared data.MentorRow
	err := r.owner.Update(ctx, func(tx *data.Tx) error {
		mentors, err := tx.Mentors("")
		for _, m := range mentors {
			if m.ID == r.shared.ID {
				shared = m
			}
		}
		if err != nil || shared.ID == 0 {
			return fmt.Errorf("the shared mentor %d is gone (%v)", r.shared.ID, err)
		}
		unpaired, err := tx.StudentIDs(data.StudentFilter{Status: "active", HasPairing: "no"})
		r.waiting = slices.DeleteFunc(r.waiting, func(id int64) bool { return !slices.Contains(unpaired, id) })
		shared.Capacity = shared.Mentees + 3
		m := shared.Mentor
		if err == nil {
			err = tx.UpdateMentor(&m)
		}
		return err
	})
	if err != nil || len(r.waiting) == 0 {
		tb.Fatalf("no round: %v, %d waiting students", err, len(r.waiting))
	}
	run := fmt.Sprintf("teachers %s", time.Now().Format("150405.000"))
	var results [teacherCount]roundResult
	coordinated := make([]roundResult, len(who.coordinators))
	var wg sync.WaitGroup
	stop := time.Now().Add(d)
	for t := range teacherCount {
		wg.Go(func() {
			res, st := &results[t], who.teacher(t)
			login := ""
			if who.logins != nil {
				login = who.logins[t]
			}
			for i := 0; time.Now().Before(stop); i++ {
				note := fmt.Sprintf("%s: teacher %d, meeting %d", run, t, i)
				began := time.Now()
				err := st.Update(ctx, func(tx *data.Tx) error {
					return tx.LogMeeting(&data.Meeting{PairingID: r.mine[t][i%len(r.mine[t])], At: benchNow.Add(-time.Hour),
						Minutes: 30, Kind: "one-to-one", Status: "held", Notes: note, NotesConfidential: i%2 == 0, Wellbeing: [3]int{4, 4, 4}})
				})
				if err != nil {
					res.failed = append(res.failed, note)
					res.err = fmt.Errorf("teacher %d saving a meeting: %w", t, err)
					return
				}
				res.took = append(res.took, time.Since(began))
				res.acked = append(res.acked, note)
				if login == "" {
					continue
				}
				if i%25 == 24 {
					if res.err = r.overstep(st, t, i, run); res.err != nil {
						return
					}
					res.forbidden += 2
				}
				if i%10 == 9 {
					if res.err = r.sight(st, t, login, nil, false); res.err != nil {
						return
					}
					res.sights++
				}
			}
		})
	}
	for c, st := range who.coordinators {
		wg.Go(func() {
			res := &coordinated[c]
			for i := 0; time.Now().Before(stop); i++ {
				err := st.Update(ctx, func(tx *data.Tx) error {
					return tx.CreatePairing(&data.Pairing{StudentID: r.waiting[(c+i)%len(r.waiting)], MentorID: shared.ID,
						Start: data.MustDate(benchNow.Format("2006-01-02")), Status: data.PairingActive})
				})
				switch {
				case err == nil:
					res.made++
				case data.ErrorCode(err) == data.ECONFLICT:
					res.refused++ // no place left, or already paired
				default:
					res.err = fmt.Errorf("coordinator %d starting a pairing: %v (%s)", c, err, data.ErrorCode(err))
					return
				}
				time.Sleep(10 * time.Millisecond) // a person between two forms, not a loop
			}
		})
	}
	wg.Wait()

	var took []time.Duration
	acked, failed := map[string]bool{}, map[string]bool{}
	made, refused, forbidden, sights := 0, 0, 0, 0
	for _, res := range append(results[:], coordinated...) {
		if res.err != nil {
			tb.Error(res.err)
		}
		took = append(took, res.took...)
		for _, a := range res.acked {
			acked[a] = true
		}
		for _, f := range res.failed {
			failed[f] = true
		}
		made += res.made
		refused += res.refused
		forbidden += res.forbidden
		sights += res.sights
	}
	// What the database holds, read on the owner's connection.
	found := map[string]int{}
	byWrongLogin := 0
	rows, err := r.db.Query(`SELECT notes, count(*), count(DISTINCT recorded_by), min(recorded_by) FROM meetings WHERE notes LIKE $1 GROUP BY notes`, run+":%")
	if err != nil {
		tb.Fatal(err)
	}
	for rows.Next() {
		var note, by string
		var k, logins int
		if err := rows.Scan(&note, &k, &logins, &by); err != nil {
			tb.Fatal(err)
		}
		found[note] = k
		var t, i int
		if _, err := fmt.Sscanf(strings.TrimPrefix(note, run+": "), "teacher %d, meeting %d", &t, &i); err == nil && who.logins != nil && (logins != 1 || by != who.logins[t]) {
			byWrongLogin++
		}
	}
	if err := rows.Err(); err != nil {
		tb.Fatal(err)
	}
	over := overCapacity(tb, r.db)
	var doubled int
	if err := r.db.QueryRow(`SELECT count(*) FROM (SELECT 1 FROM pairings WHERE status <> 'closed' GROUP BY student_id, mentor_id HAVING count(*) > 1) d`).Scan(&doubled); err != nil {
		tb.Fatal(err)
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
	if b, ok := tb.(*testing.B); ok {
		b.ReportMetric(float64(len(acked)), "saves")
		reportPercentiles(b, took)
		b.ReportMetric(float64(lost), "lost")
		b.ReportMetric(float64(duplicated), "duplicated")
		b.ReportMetric(float64(made), "pairings-made")
		b.ReportMetric(float64(refused), "pairings-refused")
	}
	tb.Logf("%d teachers (%d logins) and %d coordinators for %v: %d meetings saved, %d saves failed; %d pairings started with %s (%d of %d places were free), %d refused; %d steps beyond a mentor's role refused, %d checks of what each login sees",
		teacherCount, len(who.logins), len(who.coordinators), d, len(acked), len(failed), made, shared.Name, shared.Capacity-shared.Mentees, shared.Capacity, refused, forbidden, sights)
	if lost+duplicated+stray > 0 {
		tb.Errorf("%d acknowledged meetings lost, %d saved more than once, %d there that were never saved", lost, duplicated, stray)
	}
	if byWrongLogin > 0 {
		tb.Errorf("%d meetings are not recorded by the login of the teacher who saved them", byWrongLogin)
	}
	if made > shared.Capacity-shared.Mentees || over != overBefore {
		tb.Errorf("%d pairings started with %s, who had %d places free, and %d mentors have more mentees than places (%d before): the capacity rule did not hold",
			made, shared.Name, shared.Capacity-shared.Mentees, over, overBefore)
	}
	if doubled > 0 {
		tb.Errorf("%d students have two open pairings with one mentor", doubled)
	}
	if who.logins == nil {
		return
	}
	// Nothing a mentor's login was refused is there, and at the end each
	// login sees exactly its own, every meeting it saved with its note.
	var forbiddenMeetings, sharedMentees int
	if err := r.db.QueryRow(`SELECT count(*) FROM meetings WHERE notes LIKE $1`, run+": forbidden%").Scan(&forbiddenMeetings); err != nil {
		tb.Fatal(err)
	}
	if err := r.db.QueryRow(`SELECT count(*) FROM pairings WHERE mentor_id = $1 AND status IN ('active', 'paused')`, shared.ID).Scan(&sharedMentees); err != nil {
		tb.Fatal(err)
	}
	if forbiddenMeetings > 0 || sharedMentees != shared.Mentees+made {
		tb.Errorf("%d meetings of another mentor's pairing were saved by a mentor's login, and %s has %d mentees where %d + the coordinators' %d were expected",
			forbiddenMeetings, shared.Name, sharedMentees, shared.Mentees, made)
	}
	for t := range teacherCount {
		if err := r.sight(who.teacher(t), t, who.logins[t], results[t].acked, true); err != nil {
			tb.Error(err)
		}
	}
}

// overstep tries, as teacher t's mentor login, to log a meeting for the
// next teacher's pairing and to start a pairing: both must be refused,
// by the server or because the login cannot see the records.
func (r *round) overstep(st *data.Store, t, i int, run string) error {
	ctx := context.Background()
	other := (t + 1) % teacherCount
	err := st.Update(ctx, func(tx *data.Tx) error {
		return tx.LogMeeting(&data.Meeting{PairingID: r.mine[other][0], At: benchNow.Add(-2 * time.Hour), Minutes: 30, Kind: "one-to-one",
			Status: "held", Notes: fmt.Sprintf("%s: forbidden, teacher %d, meeting %d", run, t, i)})
	})
	if !beyondRole(err) {
		return fmt.Errorf("teacher %d logging a meeting for teacher %d's pairing %d: %v (%s), want it refused", t, other, r.mine[other][0], err, data.ErrorCode(err))
	}
	err = st.Update(ctx, func(tx *data.Tx) error {
		return tx.CreatePairing(&data.Pairing{StudentID: r.waiting[i%len(r.waiting)], MentorID: r.shared.ID,
			Start: data.MustDate(benchNow.Format("2006-01-02")), Status: data.PairingActive})
	})
	if !beyondRole(err) {
		return fmt.Errorf("teacher %d starting a pairing: %v (%s), want it refused", t, err, data.ErrorCode(err))
	}
	return nil
}

// beyondRole reports whether err is a refusal of what a mentor's login
// may not do: the server's, or a record its policies hide.
func beyondRole(err error) bool {
	return errors.Is(err, data.ErrNotAllowed) || data.ErrorCode(err) == data.ENOTFOUND
}

// sight checks what teacher t's login sees on st: only its mentor's
// students (whole: all of them), their pairings, and their meetings
// (during the round, the newest), with no confidential note but those
// the login recorded; whole also wants every note of acked among them.
func (r *round) sight(st *data.Store, t int, login string, acked []string, whole bool) error {
	return st.View(context.Background(), func(tx *data.Tx) error {
		students, err := tx.StudentIDs(data.StudentFilter{})
		if err != nil {
			return err
		}
		if err := sameOrWithin(fmt.Sprintf("teacher %d (%s) sees %d students,", t, login, len(students)), students, r.students[t], whole); err != nil {
			return err
		}
		pairings, err := tx.Pairings(data.PairingFilter{})
		if err != nil {
			return err
		}
		var ids []int64
		for _, p := range pairings {
			ids = append(ids, p.ID)
		}
		if err := sameOrWithin(fmt.Sprintf("teacher %d (%s) sees %d pairings,", t, login, len(ids)), ids, r.pairings[t], whole); err != nil {
			return err
		}
		// During the round the newest 50 (the round's, its own and those
		// of others' pairings with its students): reading every meeting
		// each time would make the checks, not the saves, the round's
		// work.
		f := data.MeetingFilter{Limit: 50}
		if whole {
			f = data.MeetingFilter{}
		}
		meetings, err := tx.Meetings(f)
		if err != nil {
			return err
		}
		notes := map[string]bool{}
		for _, m := range meetings {
			switch {
			case !r.pairings[t][m.PairingID]:
				return fmt.Errorf("teacher %d (%s) sees meeting %d of pairing %d, not one of its students'", t, login, m.ID, m.PairingID)
			case m.NotesConfidential && m.RecordedBy != login && m.Notes != "":
				return fmt.Errorf("teacher %d (%s) reads the confidential note %q that %s recorded", t, login, m.Notes, m.RecordedBy)
			}
			notes[m.Notes] = true
		}
		for _, a := range acked {
			if !notes[a] {
				return fmt.Errorf("teacher %d (%s) does not see its own meeting %q", t, login, a)
			}
		}
		return nil
	})
}

// sameOrWithin checks that every one of got is in want, and with whole
// that got is all of want.
func sameOrWithin(what string, got []int64, want map[int64]bool, whole bool) error {
	seen, foreign := map[int64]bool{}, []int64{}
	for _, id := range got {
		if !want[id] {
			foreign = append(foreign, id)
		}
		seen[id] = true
	}
	if len(foreign) > 0 {
		return fmt.Errorf("%s %d of which are not its own, such as %v", what, len(foreign), foreign[:min(len(foreign), 5)])
	}
	if whole && len(seen) != len(want) {
		return fmt.Errorf("%s %v, want all of %v", what, slices.Sorted(maps.Keys(seen)), slices.Sorted(maps.Keys(want)))
	}
	return nil
}

// TestTeachersAsLogins is issue 16's check of the roles under load: the
// round of BenchmarkBackends10k on a PostgreSQL database of a
// 1,000-student demo school, each of the 20 teachers its own mentor's
// login on a Store of its own, and one coordinator's login on two Stores,
// for a few seconds: no meeting lost or saved twice, every rule held, and
// no row visible to the wrong login.
func TestTeachersAsLogins(t *testing.T) {
	ctx := t.Context()
	path := filepath.Join(t.TempDir(), "demo.db")
	file := openAt(t, path)
	if err := demo.Generate(ctx, file, demo.Options{Students: 1000, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	url := datatest.NewPostgres(t)
	if _, err := data.Copy(ctx, path, url); err != nil {
		t.Fatal(err)
	}
	r := planRound(t, openAt(t, url))
	mentors, coordinator := r.addLogins(t, url, "")
	who := staff{logins: mentors}
	var teachers []*data.Store
	for _, login := range mentors {
		teachers = append(teachers, openAt(t, pgtest.As(url, login)))
	}
	who.teacher = func(t int) *data.Store { return teachers[t] }
	for range 2 {
		who.coordinators = append(who.coordinators, openAt(t, pgtest.As(url, coordinator)))
	}
	r.run(t, who, 4*time.Second)
}
