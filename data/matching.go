package data

import (
	"fmt"
	"sort"
	"strings"
	"unicode"
)

// Match is one mentor the matching assistant suggests for a student, with
// the reasons for its place in the list. The coordinator decides; nothing is
// paired automatically.
type Match struct {
	Mentor  MentorRow
	Score   int
	Reasons []string
}

// areaWords are the mentor interests that suggest experience with a goal
// area, so that a student working on attendance meets a mentor who coaches.
var areaWords = map[string][]string{
	"academic":         {"math", "maths", "science", "reading", "writing", "homework", "study", "history", "languages", "coding", "tutoring"},
	"attendance":       {"sport", "football", "coaching", "running", "basketball", "routine"},
	"social-emotional": {"music", "art", "drama", "games", "wellbeing", "listening", "chess", "drawing"},
	"career":           {"career", "business", "engineering", "coding", "technology", "medicine", "law", "apprenticeship"},
}

// MatchMentors ranks the mentors who could take the student today: active,
// vetted and under capacity. Each point of the score has a reason in words:
// what the student asked for in a mentor, shared interests and languages,
// experience fitting the student's open goals, room in the caseload, and a
// past pairing that ended badly.
func (tx *Tx) MatchMentors(studentID int64) ([]Match, error) {
	st, err := tx.Student(studentID)
	if err != nil {
		return nil, err
	}
	goals, err := tx.Goals(studentID)
	if err != nil {
		return nil, err
	}
	past, err := tx.pastMentors(studentID)
	if err != nil {
		return nil, err
	}
	mentors, err := tx.Mentors("")
	if err != nil {
		return nil, err
	}
	interests := wordSet(st.Interests)
	languages := wordSet(st.Languages)
	areas := map[string]bool{}
	for _, g := range goals {
		if g.Status == GoalOpen {
			areas[g.Area] = true
		}
	}
	var out []Match
	for _, m := range mentors {
		if !m.Active || !m.Vetted || m.Mentees >= m.Capacity {
			continue
		}
		mt := scoreMentor(m, interests, languages, areas, past[m.ID])
		if met := metPreferences(st.Preferences, m); len(met) > 0 {
			// First among the reasons: it is what the student said.
			mt.Score += 3 * len(met)
			mt.Reasons = append([]string{"fits what the student asked for: " + strings.Join(met, ", ")}, mt.Reasons...)
		}
		out = append(out, mt)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Score != out[j].Score {
			return out[i].Score > out[j].Score
		}
		return out[i].Mentor.Name < out[j].Mentor.Name
	})
	return out, nil
}

func scoreMentor(m MentorRow, interests, languages map[string]string, areas map[string]bool, pastReason string) Match {
	mt := Match{Mentor: m}
	mi := wordSet(m.Interests)
	if shared := common(interests, mi); len(shared) > 0 {
		mt.Score += 3 * len(shared)
		mt.Reasons = append(mt.Reasons, "shares interests: "+strings.Join(shared, ", "))
	}
	if shared := common(languages, wordSet(m.Languages)); len(shared) > 0 {
		mt.Score += 2 * len(shared)
		mt.Reasons = append(mt.Reasons, "speaks "+strings.Join(shared, ", "))
	}
	var fits []string
	for area := range areas {
		for _, w := range areaWords[area] {
			if _, ok := mi[w]; ok {
				fits = append(fits, area)
				break
			}
		}
	}
	sort.Strings(fits)
	if len(fits) > 0 {
		mt.Score += 2 * len(fits)
		mt.Reasons = append(mt.Reasons, "interests suit the student's "+strings.Join(fits, " and ")+" goals")
	}
	free := m.Capacity - m.Mentees
	mt.Score += min(free, 3)
	mt.Reasons = append(mt.Reasons, fmt.Sprintf("%d of %d places free", free, m.Capacity))
	switch pastReason {
	case "":
	case ReasonMismatch, ReasonFamilyRequest:
		mt.Score -= 10
		mt.Reasons = append(mt.Reasons, "an earlier pairing with this student ended: "+pastReason)
	default:
		mt.Score++
		mt.Reasons = append(mt.Reasons, "mentored this student before ("+pastReason+")")
	}
	return mt
}

// fillerWords say nothing about a mentor: "a mentor who speaks Polish"
// asks for Polish.
var fillerWords = map[string]bool{"a": true, "an": true, "the": true, "and": true, "or": true, "of": true,
	"at": true, "on": true, "in": true, "for": true, "with": true, "who": true, "is": true, "can": true,
	"mentor": true, "someone": true, "speaks": true, "likes": true, "plays": true, "into": true}

// metPreferences lists, as the student's record words them, the stated
// preferences the mentor meets: each one whose every word (fillers aside)
// is in the mentor's role, name, interests, languages or availability.
func metPreferences(preferences string, m MentorRow) []string {
	var met []string
	have := words(m.Role + " " + m.Name + " " + m.Interests + " " + m.Languages + " " + m.Availability)
	for _, p := range strings.Split(preferences, ",") {
		asked := words(p)
		if len(asked) == 0 {
			continue
		}
		ok := true
		for w := range asked {
			ok = ok && have[w]
		}
		if ok {
			met = append(met, strings.TrimSpace(p))
		}
	}
	return met
}

// words folds text into its words, fillers left out and a plural's s
// taken off so that "lunchtimes" meets "lunchtime".
func words(text string) map[string]bool {
	out := map[string]bool{}
	for _, w := range strings.FieldsFunc(Fold(text), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		if fillerWords[w] {
			continue
		}
		if len(w) > 3 {
			w = strings.TrimSuffix(w, "s")
		}
		out[w] = true
	}
	return out
}

// pastMentors maps each mentor of the student's closed pairings to the
// latest closure reason.
func (tx *Tx) pastMentors(studentID int64) (map[int64]string, error) {
	rows, err := tx.query(`SELECT mentor_id, closure_reason FROM pairings WHERE student_id = ? AND status = 'closed' ORDER BY closed_on`, studentID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]string{}
	for rows.Next() {
		var id int64
		var reason string
		if err := rows.Scan(&id, &reason); err != nil {
			return nil, err
		}
		out[id] = reason
	}
	return out, rows.Err()
}

// wordSet splits a comma-separated list into its words, keyed by their
// folded form so that "Música" meets "musica", and valued as written.
func wordSet(list string) map[string]string {
	out := map[string]string{}
	for _, w := range strings.Split(list, ",") {
		w = strings.TrimSpace(w)
		if f := Fold(w); f != "" {
			out[f] = w
		}
	}
	return out
}

// common returns the words of a that b has too, as b writes them.
func common(a, b map[string]string) []string {
	var out []string
	for f := range a {
		if w, ok := b[f]; ok {
			out = append(out, w)
		}
	}
	sort.Strings(out)
	return out
}
