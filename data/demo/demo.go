// Package demo fills an empty database with a realistic, deterministic
// school, so that a counsellor can try Mentorbook before typing anything in
// and tests and screenshots have a known world. Everything is written
// through the store, so the demo obeys the same rules as real data.
package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"mentorbook/assets"
	"mentorbook/data"
)

// Options choose the demo school's size and its random seed.
type Options struct {
	Students int   // default 200; mentors, pairings, meetings and goals scale with it
	Seed     int64 // the same seed gives the same school
	// Progress, when set, is told how many students are done out of the total.
	Progress func(done, total int)
}

// ErrNotEmpty is returned for a database that already holds records.
var ErrNotEmpty = data.Errorf(data.ECONFLICT, "This database already holds data; the demo school only fills an empty database.")

// Generate writes the demo school in one transaction: all of it or, on an
// error or a cancelled ctx, none.
func Generate(ctx context.Context, s *data.Store, opts Options) error {
	if opts.Students <= 0 {
		opts.Students = 200
	}
	if opts.Students > 100000 {
		return data.Errorf(data.EINVALID, "The demo school can have at most 100,000 students.")
	}
	return s.Update(ctx, func(tx *data.Tx) error {
		if n, err := tx.RecordCount(); err != nil {
			return err
		} else if n > 0 {
			return ErrNotEmpty
		}
		g := &gen{tx: tx, ctx: ctx, opts: opts, rng: rand.New(rand.NewPCG(uint64(opts.Seed), 0x4d656e746f72)), today: tx.Today()}
		return g.run()
	})
}

type gen struct {
	tx    *data.Tx
	ctx   context.Context
	opts  Options
	rng   *rand.Rand
	today data.Date
	now   time.Time

	yearStart, yearEnd data.Date
	mentors            []*mentorSlot
}

// mentorSlot tracks a mentor's caseload while pairings are made, so the
// demo never asks the store for a pairing it would refuse.
type mentorSlot struct {
	m       *data.Mentor
	vetted  bool
	current int
}

func (g *gen) run() error {
	g.now = g.tx.Now()
	if err := g.school(); err != nil {
		return err
	}
	if err := g.makeMentors(); err != nil {
		return err
	}
	for i := 0; i < g.opts.Students; i++ {
		if i%100 == 0 {
			if err := g.ctx.Err(); err != nil {
				return err
			}
			if g.opts.Progress != nil {
				g.opts.Progress(i, g.opts.Students)
			}
		}
		if err := g.student(i); err != nil {
			return fmt.Errorf("demo student %d: %w", i+1, err)
		}
	}
	// A mentor whose capacity was lowered after pairing shows the
	// "over capacity" alert on the dashboard.
	for _, ms := range g.mentors {
		if ms.current >= 2 && ms.m.Role == "staff" {
			ms.m.Capacity = ms.current - 1
			if err := g.tx.UpdateMentor(ms.m); err != nil {
				return err
			}
			break
		}
	}
	if g.opts.Progress != nil {
		g.opts.Progress(g.opts.Students, g.opts.Students)
	}
	return nil
}

func (g *gen) pick(xs []string) string { return xs[g.rng.IntN(len(xs))] }
func (g *gen) chance(p float64) bool   { return g.rng.Float64() < p }

// school sets the letterhead and the academic years: last year and this.
func (g *gen) school() error {
	if err := g.tx.SaveSchool(&data.School{Name: "Ridgeway Community School", Address: "12 Ridgeway Road\nHarbury HB4 2QT",
		Phone: "01632 960 100", Email: "office@ridgeway.example", Coordinator: "Ms Helen Carter",
		Logo: assets.Icon, Paper: "A4"}); err != nil {
		return err
	}
	y := g.today.Year
	if g.today.Month < time.September {
		y--
	}
	for _, start := range []int{y - 1, y} {
		name := fmt.Sprintf("%d–%02d", start, (start+1)%100)
		yr := &data.Year{Name: name, Start: date(start, 9, 1), End: date(start+1, 8, 31)}
		if err := g.tx.SaveYear(yr); err != nil {
			return err
		}
		for _, t := range []struct {
			name       string
			start, end data.Date
		}{
			{"Autumn", date(start, 9, 1), date(start, 12, 18)},
			{"Spring", date(start+1, 1, 5), date(start+1, 3, 26)},
			{"Summer", date(start+1, 4, 12), date(start+1, 7, 16)},
		} {
			if err := g.tx.SaveTerm(&data.Term{YearID: yr.ID, Name: name + " " + t.name, Start: t.start, End: t.end}); err != nil {
				return err
			}
		}
		g.yearStart, g.yearEnd = yr.Start, yr.End
	}
	return nil
}

func date(y, m, d int) data.Date { return data.Date{Year: y, Month: time.Month(m), Day: d} }

// makeMentors creates about one mentor for every seven students, most
// vetted; a few with checks expiring soon, a few expired.
func (g *gen) makeMentors() error {
	n := max(4, g.opts.Students*3/20)
	for i := 0; i < n; i++ {
		given, family := g.pick(mentorGiven), g.pick(mentorFamily)
		m := &data.Mentor{Name: given + " " + family, Active: true, Interests: g.interests(), Languages: "English",
			Phone: fmt.Sprintf("07700 9%05d", i), Availability: g.pick([]string{"Mondays after school", "Lunchtimes", "Wednesday mornings", "Flexible"})}
		switch r := g.rng.Float64(); {
		case r < 0.5:
			m.Role, m.Capacity = "staff", 4+g.rng.IntN(5)
		case r < 0.85:
			m.Role, m.Capacity = "volunteer", 2+g.rng.IntN(3)
		default:
			m.Role, m.Capacity = "peer", 1+g.rng.IntN(2)
		}
		if i%9 == 4 {
			m.Languages = "English, " + g.pick([]string{"Spanish", "Polish", "Arabic", "Vietnamese", "Russian", "Greek", "Japanese", "Yoruba"})
		}
		m.Email = strings.ToLower(fmt.Sprintf("%s.%s%d@ridgeway.example", ascii(given), ascii(family), i+1))
		if err := g.tx.CreateMentor(m); err != nil {
			return err
		}
		slot := &mentorSlot{m: m, vetted: true}
		checked := g.today.AddDays(-30 - g.rng.IntN(900))
		expires := checked.AddMonths(36)
		switch {
		case i%25 == 7: // expired: cannot be given a pairing
			checked = g.today.AddDays(-1200)
			expires = g.today.AddDays(-10 - g.rng.IntN(60))
			slot.vetted = false
		case i%20 == 3: // expiring within 60 days: a dashboard alert
			checked = g.today.AddDays(-1050)
			expires = g.today.AddDays(10 + g.rng.IntN(45))
		}
		if i%31 != 11 { // a few mentors have no check at all yet
			if err := g.tx.AddCheck(&data.Check{MentorID: m.ID, Kind: g.pick(checkTypes), Reference: fmt.Sprintf("%03d-%06d", i%997, g.rng.IntN(1000000)),
				CheckedBy: "K. Mensah (coordinator)", CheckedOn: checked, ExpiresOn: expires}); err != nil {
				return err
			}
			if err := g.tx.AddTraining(&data.Training{MentorID: m.ID, Title: "Mentor induction", HeldOn: checked.AddDays(7), Hours: 3}); err != nil {
				return err
			}
			if g.chance(0.5) {
				if err := g.tx.AddTraining(&data.Training{MentorID: m.ID, Title: "Safeguarding refresher", HeldOn: checked.AddDays(60), Hours: 1.5}); err != nil {
					return err
				}
			}
		} else {
			slot.vetted = false
		}
		g.mentors = append(g.mentors, slot)
	}
	return nil
}

// ascii keeps the letters of s that need no accent, for an email address.
func ascii(s string) string {
	var b strings.Builder
	for _, r := range data.Fold(s) {
		if r >= 'a' && r <= 'z' {
			b.WriteRune(r)
		}
	}
	if b.Len() == 0 {
		return "staff"
	}
	return b.String()
}

func (g *gen) interests() string {
	a := g.pick(interests)
	b := g.pick(interests)
	if a == b {
		return a
	}
	return a + ", " + b
}

// freeMentor returns a vetted mentor with room, preferring one that shares
// an interest with the student, or nil when every caseload is full.
func (g *gen) freeMentor(studentInterests string) *mentorSlot {
	start := g.rng.IntN(len(g.mentors))
	var fallback *mentorSlot
	for k := range g.mentors {
		ms := g.mentors[(start+k)%len(g.mentors)]
		if !ms.vetted || ms.current >= ms.m.Capacity {
			continue
		}
		if sharesInterest(ms.m.Interests, studentInterests) {
			return ms
		}
		if fallback == nil {
			fallback = ms
		}
		if k > 40 {
			break
		}
	}
	return fallback
}

func sharesInterest(a, b string) bool {
	for _, x := range strings.Split(a, ", ") {
		if strings.Contains(b, x) {
			return true
		}
	}
	return false
}
