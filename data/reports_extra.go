package data

import (
	"bytes"
	"database/sql"
	"errors"
	"slices"
	"strconv"
	"time"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
)

// ReportHeader returns the header of a report for term: what a batch of
// student summaries shows on its cover before any summary is assembled.
func (tx *Tx) ReportHeader(term *Term, opts ReportOptions) (ReportHeader, error) {
	return tx.reportHeader(term, opts)
}

// TermDose is a meeting dose over part of a term, judged by the dose rule
// of health.go month by month: a student's over the part of the term they
// had a mentor (the summary), or a pairing's (the programme report).
type TermDose struct {
	From, To       Date // the days judged; zero when the student had no mentor in the term
	Weeks          int  // weeks judged; a week still under way counts once it has its meetings
	WeeksMet       int  // of those, weeks with WeeklyMeetings held meetings
	WeeklyMeetings int  // the target, from Settings
	MonthlyMinutes int  // the target, from Settings
	Minutes        int  // held in the days judged
	MinutesDue     int
	Meetings       int // held in the days judged
	MeetingsDue    int
}

// Met reports whether the dose was had over the days judged: the meetings
// and minutes that doseOwed asks at the end of each month judged (or on
// To, in To's month), added up.
func (d TermDose) Met() bool { return d.Minutes >= d.MinutesDue && d.Meetings >= d.MeetingsDue }

// NextMeeting is a student's next planned meeting.
type NextMeeting struct {
	At     time.Time // zero when none is planned
	Mentor string
}

// heldMeeting is what the dose counts of a held meeting.
type heldMeeting struct {
	day     Date
	minutes int
}

// termDose judges the held meetings of the days from from to to. When
// underWay, to is today and its week, still under way, is judged only
// once it has its meetings.
func termDose(from, to Date, underWay bool, held []heldMeeting, cal calendar, set *Settings) TermDose {
	d := TermDose{From: from, To: to, WeeklyMeetings: set.WeeklyMeetings, MonthlyMinutes: set.MonthlyMinutes}
	perWeek := map[Date]int{} // by the Monday of the week
	for _, m := range held {
		perWeek[monday(m.day)]++
		d.Minutes += m.minutes
		d.Meetings++
	}
	for w := monday(from); !w.After(to); w = w.AddDays(7) {
		met := perWeek[w] >= set.WeeklyMeetings
		if w.AddDays(6).After(to) && !met && underWay {
			continue // the week is still under way and its meeting may yet come
		}
		d.Weeks++
		if met {
			d.WeeksMet++
		}
	}
	// What the dose rule owes at the end of each month judged, the school
	// days of the month pro rata; a month judged from its middle counts
	// from there, as a pairing that started that month does.
	for first := monthStart(from); !first.After(to); first = first.AddMonths(1) {
		lo, hi := first, first.AddMonths(1).AddDays(-1)
		if lo.Before(from) {
			lo = from
		}
		if hi.After(to) {
			hi = to
		}
		owed := doseOwed(hi, lo, cal, set)
		d.MinutesDue += owed.OwedMinutes
		d.MeetingsDue += owed.OwedMeetings
	}
	return d
}

// summaryDose judges the student's pairings of the term from the first
// start to the last end, up to today, against the dose thresholds.
func (tx *Tx) summaryDose(sum *StudentSummary, studentID int64, term *Term) error {
	set, err := tx.Settings()
	if err != nil {
		return err
	}
	today := tx.Today()
	from, to := term.Start, term.End
	if today.Before(to) {
		to = today
	}
	var first, last Date
	for _, p := range sum.Pairings {
		end := p.ClosedOn
		if end.IsZero() || end.After(to) {
			end = to
		}
		if first.IsZero() || p.Start.Before(first) {
			first = p.Start
		}
		if last.IsZero() || end.After(last) {
			last = end
		}
	}
	if first.IsZero() || first.After(to) {
		return nil
	}
	if first.After(from) {
		from = first
	}
	to = last
	var held []heldMeeting
	rows, err := tx.query(`SELECT substr(mt.at, 1, 10), mt.minutes FROM meetings mt JOIN pairings p ON p.id = mt.pairing_id
		WHERE p.student_id = ? AND p.status <> 'proposed' AND mt.status = 'held' AND mt.at >= ? AND mt.at < ?`, studentID, from.String(), to.AddDays(1).String())
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var m heldMeeting
		if err := rows.Scan(&m.day, &m.minutes); err != nil {
			return err
		}
		held = append(held, m)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	cal, err := tx.calendar()
	if err != nil {
		return err
	}
	sum.Dose = termDose(from, to, to == today, held, cal, set)
	return nil
}

// monday returns the Monday of day's week.
func monday(day Date) Date {
	return day.AddDays(-((int(day.Time().Weekday()) + 6) % 7))
}

// summaryNextMeeting finds the student's next planned meeting from today.
func (tx *Tx) summaryNextMeeting(sum *StudentSummary, studentID int64) error {
	rows, err := tx.query(`SELECT mt.at, m.name FROM meetings mt JOIN pairings p ON p.id = mt.pairing_id JOIN mentors m ON m.id = p.mentor_id
		WHERE p.student_id = ? AND p.status IN ('active', 'paused') AND mt.status = 'planned' AND mt.at >= ?
		ORDER BY mt.at, mt.id LIMIT 1`, studentID, tx.Today().String())
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := rows.Scan(wallTime{&sum.Next.At}, &sum.Next.Mentor); err != nil {
			return err
		}
	}
	return rows.Err()
}

// MentorStanding is what the caseload report says of a mentor beside their
// mentees: vetting, training and places, as they stand on the day printed.
type MentorStanding struct {
	Vetting       Vetting // judged by the vetting rule on the report's JudgedOn
	Checks        []Check // taken by then, newest first
	Training      []Training
	TrainingHours float64
	Open          int // pairings taking a place then, which capacity counts
}

// OverCapacity reports whether the mentor has more open pairings than
// places.
func (m MentorStanding) OverCapacity(capacity int) bool { return m.Open > capacity }

// caseloadStanding fills in each mentor's vetting, training and places as
// they stood on the day the report judges: records dated later are left
// out, so that a past term's report agrees with its overdue items.
func (tx *Tx) caseloadStanding(rep *CaseloadReport) error {
	set, err := tx.Settings()
	if err != nil {
		return err
	}
	day := rep.JudgedOn
	places, args := tx.placesTaken(day)
	for i := range rep.Mentors {
		m := &rep.Mentors[i]
		st := &m.Standing
		checks, err := tx.Checks(m.Mentor.ID)
		if err != nil {
			return err
		}
		for _, c := range checks {
			if !c.CheckedOn.After(day) {
				st.Checks = append(st.Checks, c)
			}
		}
		st.Vetting = judgeVetting(st.Checks, day, set)
		training, err := tx.TrainingOf(m.Mentor.ID)
		if err != nil {
			return err
		}
		for _, t := range training {
			if !t.HeldOn.After(day) {
				st.Training = append(st.Training, t)
				st.TrainingHours += t.Hours
			}
		}
		if st.Open, err = tx.scalar(`SELECT count(*) FROM pairings p WHERE `+places+` AND p.mentor_id = ?`, append(args, m.Mentor.ID)...); err != nil {
			return err
		}
	}
	return nil
}

// sortLanguageKey is the settings row that holds the language whose
// alphabet orders names in reports.
const sortLanguageKey = "sort_language"

// SortLanguages are the languages Settings offers for ordering names: tag
// and name. Names in the school's other scripts sort the same in each;
// what differs is where letters such as Å, Ø, Đ, Ñ or Ç fall.
var SortLanguages = []SortChoice{
	{"en", "English"}, // the default, then by name
	{"hr", "Croatian"}, {"cs", "Czech"}, {"da", "Danish"}, {"nl", "Dutch"}, {"fi", "Finnish"},
	{"fr", "French"}, {"de", "German"}, {"is", "Icelandic"}, {"it", "Italian"}, {"nb", "Norwegian"},
	{"pl", "Polish"}, {"pt", "Portuguese"}, {"es", "Spanish"}, {"sv", "Swedish"}, {"tr", "Turkish"},
	{"vi", "Vietnamese"}, {"cy", "Welsh"},
}

// SortChoice is a language names can be ordered by.
type SortChoice struct{ Tag, Name string }

// SortLanguage returns the language whose alphabet orders names in reports
// and lists of contents: English until the school chooses another, since
// Norwegian puts Ø and Å after Z and Vietnamese puts Đ after D.
func (tx *Tx) SortLanguage() (language.Tag, error) {
	var v string
	err := tx.queryRow(`SELECT value FROM settings WHERE key = ?`, sortLanguageKey).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return language.English, nil
	}
	if err != nil {
		return language.English, err
	}
	tag, err := language.Parse(v)
	if err != nil {
		return language.English, nil // damaged outside the program: the default
	}
	return tag, nil
}

// SaveSortLanguage stores the language, as a tag such as "nb" or "vi", whose
// alphabet orders names in reports.
func (tx *Tx) SaveSortLanguage(tag string) error {
	t, err := language.Parse(tag)
	if err != nil {
		return &Error{Code: EINVALID, Field: sortLanguageKey, Message: "The sort language must be a language tag such as en, nb, sv or vi, not " + strconv.Quote(tag) + "."}
	}
	if _, err := tx.exec(`INSERT INTO settings (key, value) VALUES (?, ?)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value`, sortLanguageKey, t.String()); err != nil {
		return err
	}
	return tx.Audit(ActUpdate, "settings", 0, "sort language "+t.String())
}

// sortedName is a person to be put in order: family name first, then
// given name, then ID so that the order is always the same.
type sortedName struct {
	id            int64
	family, given []byte // collation keys
}

// byName puts people in the order of the school's sort language, as people
// sort names: Álvaro beside Alvaro, case aside. family and given return
// the names of person i.
func (tx *Tx) byName(n int, id func(i int) int64, family, given func(i int) string) ([]int, error) {
	tag, err := tx.SortLanguage()
	if err != nil {
		return nil, err
	}
	if base, _ := tag.Base(); base.String() == "nb" || base.String() == "no" {
		// x/text's Bokmål table misses the Norwegian order it should
		// import (Ø and Å after Z); Nynorsk sorts names the same way.
		tag = language.MustParse("nn")
	}
	c := collate.New(tag)
	var buf collate.Buffer
	keys := make([]sortedName, n)
	for i := range keys {
		keys[i] = sortedName{id: id(i), family: c.KeyFromString(&buf, family(i)), given: c.KeyFromString(&buf, given(i))}
	}
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		ka, kb := &keys[a], &keys[b]
		if c := bytes.Compare(ka.family, kb.family); c != 0 {
			return c
		}
		if c := bytes.Compare(ka.given, kb.given); c != 0 {
			return c
		}
		return int(ka.id - kb.id)
	})
	return order, nil
}
