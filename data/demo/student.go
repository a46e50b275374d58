package demo

import (
	"fmt"
	"time"

	"mentorbook/data"
)

// What happens to a demo student, with the share of students it happens to.
const (
	fateActive   = iota // an active pairing, sometimes after an earlier closed one
	fatePaused          // a paused pairing
	fateProposed        // a proposed pairing, waiting for consent or a start
	fateWaiting         // no pairing yet
	fateClosed          // only closed pairings: the programme has ended for them
)

func (g *gen) fate() int {
	switch r := g.rng.Float64(); {
	case r < 0.62:
		return fateActive
	case r < 0.66:
		return fatePaused
	case r < 0.72:
		return fateProposed
	case r < 0.90:
		return fateWaiting
	default:
		return fateClosed
	}
}

// studentWishes are what students ask for in a mentor, in the words the
// matching assistant compares with mentors' roles, interests and times.
var studentWishes = []string{"a peer mentor", "lunchtimes", "a peer mentor, football", "after school", "someone who likes music",
	"a staff mentor", "Wednesday mornings, chess"}

func (g *gen) student(i int) error {
	st := &data.Student{SchoolID: fmt.Sprintf("S%05d", i+1), Active: true, Interests: g.interests()}
	if i < len(headline) {
		h := headline[i]
		st.GivenName, st.FamilyName, st.Languages = h.given, h.family, h.langs
	} else {
		c := cultures[g.rng.IntN(len(cultures))]
		st.GivenName, st.FamilyName, st.Languages = g.pick(c.given), g.pick(c.family), c.langs
	}
	year := 7 + g.rng.IntN(7)
	st.YearGroup = fmt.Sprint(year)
	st.Homeroom = fmt.Sprintf("%d%c", year, "ABCD"[g.rng.IntN(4)])
	st.BirthDate = data.Date{Year: g.yearStart.Year - year - 5, Month: time.Month(1 + g.rng.IntN(12)), Day: 1 + g.rng.IntN(28)}
	if g.chance(0.1) {
		st.PreferredName = g.pick([]string{"Sam", "Alex", "Jo", "Kit", "Max"})
	}
	// Every sixth student has said what they want in a mentor. Chosen by
	// position, not by the random source, so that adding this kept every
	// other demo record as it was.
	if i%6 == 5 {
		st.Preferences = studentWishes[i/6%len(studentWishes)]
	}
	if g.chance(0.08) {
		st.Pronouns = g.pick([]string{"she/her", "he/him", "they/them"})
	}
	if g.chance(0.15) {
		st.Needs = g.pick([]string{"Dyslexia: give written notes in large print.", "Young carer for a younger sibling.",
			"Finds loud rooms hard; meet in the library.", "EAL: new to English this year."})
		st.NeedsConfidential = g.chance(0.5)
	}
	fate := g.fate()
	// The headline students are paired, consented and plainly named, so
	// that every script shows up in reports, screenshots and tests.
	showcase := i < len(headline)
	if showcase {
		fate, st.PreferredName = fateActive, ""
	}
	var leftOn data.Date // students leave after their history is written
	if fate == fateClosed && g.chance(0.5) {
		leftOn = g.today.AddDays(-20 - g.rng.IntN(120))
	}
	if err := g.tx.CreateStudent(st); err != nil {
		return err
	}
	guardians, err := g.guardians(st)
	if err != nil {
		return err
	}

	// Participation consent comes first: without it the store refuses
	// the pairings and meetings below, as it would for a real school.
	historyStart := g.today.AddDays(-420 - g.rng.IntN(300))
	consent := &data.Consent{StudentID: st.ID, GuardianID: guardians[0], Kind: data.ConsentParticipation, Method: g.pick(data.ConsentMethods)}
	switch {
	case fate == fateActive || fate == fatePaused || fate == fateClosed || (fate == fateProposed && g.chance(0.5)) || (fate == fateWaiting && g.chance(0.5)):
		consent.Status, consent.RequestedOn, consent.SignedOn = data.ConsentGranted, historyStart.AddDays(-21), historyStart.AddDays(-14)
		consent.ValidUntil = g.yearEnd
		if i%23 == 5 { // expiring within 30 days: a dashboard alert
			consent.ValidUntil = g.today.AddDays(8 + g.rng.IntN(20)) // after next week's planned meeting
		}
	case fate == fateProposed || g.chance(0.5):
		consent.Status, consent.RequestedOn, consent.Method = data.ConsentRequested, g.today.AddDays(-g.rng.IntN(40)), ""
	case g.chance(0.6):
		consent.Status, consent.Method = data.ConsentNotRequested, ""
	default:
		consent.Status, consent.RequestedOn, consent.SignedOn = data.ConsentDeclined, g.today.AddDays(-60), g.today.AddDays(-50)
	}
	if err := g.tx.SaveConsent(consent); err != nil {
		return err
	}
	if err := g.otherConsents(st.ID, guardians[0], historyStart, showcase); err != nil {
		return err
	}

	if fate == fateWaiting {
		return nil
	}
	if fate == fateProposed {
		ms := g.freeMentor(st.Interests)
		if ms == nil {
			return nil
		}
		return g.tx.CreatePairing(&data.Pairing{StudentID: st.ID, MentorID: ms.m.ID, Start: g.today.AddDays(7 + g.rng.IntN(14)), Status: data.PairingProposed})
	}
	if err := g.goals(st.ID, historyStart); err != nil {
		return err
	}
	// Earlier pairings that ended: most students have had one or two
	// mentors before, as in a programme that has run for years.
	start := g.today.AddDays(-14 - g.rng.IntN(300))
	if fate == fateClosed {
		start = g.today.AddDays(-14 - g.rng.IntN(60))
		if !leftOn.IsZero() && leftOn.Before(start) {
			start = leftOn
		}
	}
	from := historyStart
	for k := 0; k < 2 && from.DaysUntil(start) >= 90 && (k == 0 && g.chance(0.75) || g.chance(0.4)); k++ {
		end := from.AddDays(75 + g.rng.IntN(min(150, from.DaysUntil(start)-80)))
		if err := g.pairing(st, from, end, false); err != nil {
			return err
		}
		from = end.AddDays(3)
	}
	if fate == fateClosed {
		// The last pairing ends on the day the student left, or recently.
		if err := g.pairing(st, from, start, !leftOn.IsZero() && start == leftOn); err != nil {
			return err
		}
		if !leftOn.IsZero() {
			if err := g.tx.MarkStudentLeft(st.ID, leftOn); err != nil {
				return err
			}
		}
		return g.endConsent(consent)
	}
	if err := g.pairing(st, start, data.Date{}, false); err != nil {
		return err
	}
	if fate == fatePaused {
		var p []data.PairingRow
		if p, err = g.tx.Pairings(data.PairingFilter{StudentID: st.ID, Status: data.PairingActive}); err != nil {
			return err
		}
		for _, r := range p {
			if err := g.tx.SetPairingStatus(r.ID, r.Version, data.PairingPaused); err != nil {
				return err
			}
		}
	}
	return nil
}

// endConsent withdraws or lets lapse the consent of a student whose
// pairings have all ended, as happens in a real programme.
func (g *gen) endConsent(c *data.Consent) error {
	switch g.rng.IntN(3) {
	case 0:
		c.Status = data.ConsentWithdrawn
	case 1:
		c.Status, c.ValidUntil = data.ConsentExpired, g.today.AddDays(-3)
	default:
		return nil
	}
	return g.tx.SaveConsent(c)
}

func (g *gen) guardians(st *data.Student) ([]int64, error) {
	n := 1 + g.rng.IntN(2)
	rel := []string{"mother", "father", "grandparent", "carer", "aunt"}
	var ids []int64
	for k := 0; k < n; k++ {
		given := g.pick([]string{"Ada", "Ngozi", "Maria", "Thanh", "Elena", "Olga", "Yoko", "Mere", "Peter", "Carlos", "Ahmed", "Fiona", "Sam"})
		gd := &data.Guardian{Name: given + " " + st.FamilyName, Phone: fmt.Sprintf("07700 8%05d", g.rng.IntN(100000)),
			Email: fmt.Sprintf("family.%s%d@mail.example", st.SchoolID, k+1), Language: "English", Address: demoAddress(st.ID)}
		if err := g.tx.CreateGuardian(gd); err != nil {
			return nil, err
		}
		r := rel[k]
		if k == 0 && g.chance(0.15) {
			r = g.pick(rel[2:])
		}
		if err := g.tx.LinkGuardian(st.ID, gd.ID, r); err != nil {
			return nil, err
		}
		ids = append(ids, gd.ID)
	}
	return ids, nil
}

func (g *gen) otherConsents(studentID, guardian int64, signed data.Date, grant bool) error {
	for _, kind := range []string{data.ConsentDataSharing, data.ConsentPhotos, data.ConsentOffSite} {
		c := &data.Consent{StudentID: studentID, GuardianID: guardian, Kind: kind}
		switch r := g.rng.Float64(); {
		case r < 0.8 || grant:
			c.Status, c.SignedOn, c.ValidUntil, c.Method = data.ConsentGranted, signed, g.yearEnd, "paper"
		case r < 0.9:
			c.Status, c.SignedOn, c.Method = data.ConsentDeclined, signed, "paper"
		case r < 0.95:
			c.Status, c.RequestedOn = data.ConsentRequested, g.today.AddDays(-10)
		default:
			c.Status = data.ConsentNotRequested
		}
		if err := g.tx.SaveConsent(c); err != nil {
			return err
		}
	}
	return nil
}

func (g *gen) goals(studentID int64, created data.Date) error {
	n := 3 + g.rng.IntN(5)
	for k := 0; k < n; k++ {
		area := data.GoalAreas[g.rng.IntN(len(data.GoalAreas))]
		gl := &data.Goal{StudentID: studentID, Title: g.pick(goalTitles[area]), Area: area, Created: created,
			Target: created.AddMonths(6 + g.rng.IntN(6)), Description: "Agreed with the mentor at the first meeting."}
		if err := g.tx.CreateGoal(gl); err != nil {
			return err
		}
	}
	return nil
}

// demoAddress is a made-up postal address for a family, drawn from the
// student's ID rather than the random source, so that the rest of the demo
// stays as it was; one family in five has none on record, as in life.
func demoAddress(id int64) string {
	if id%5 == 0 {
		return ""
	}
	streets := []string{"Mill Lane", "Church Street", "Orchard Close", "Station Road", "Elm Grove", "Victoria Terrace", "Harbour View"}
	return fmt.Sprintf("%d %s\nHarbury HB4 %d%s", 1+id%97, streets[id%int64(len(streets))], 1+id%9, string(rune('A'+id%26))+string(rune('A'+(id/26)%26)))
}
