package data

// Goal areas and statuses.
var (
	GoalAreas    = []string{"academic", "attendance", "social-emotional", "career", "other"}
	GoalStatuses = []string{GoalOpen, GoalAchieved, GoalDropped}
)

// Goal statuses that code branches on.
const (
	GoalOpen     = "open"
	GoalAchieved = "achieved"
	GoalDropped  = "dropped"
)

// Goal is something a student works towards with their mentor.
type Goal struct {
	ID          int64
	StudentID   int64
	Title       string
	Description string
	Area        string
	Target      Date
	Status      string
	Created     Date // set by the store
	// StatusOn, when saving a changed status, is the day it changed (zero:
	// today); the change is recorded with its day, so that a past term's
	// report shows the goal as it stood then. Reads leave it zero.
	StatusOn Date
	Version  int64 // as read; a save of an older one is refused (ErrChanged)
}

// Progress is one progress entry of a goal: a 1–5 rating or a percentage.
type Progress struct {
	ID           int64
	GoalID       int64
	MeetingID    int64 // zero when not recorded with a meeting
	On           Date
	Rating       int // 1–5, 0 when a percentage is given instead
	Percent      int // 0–100, -1 when not given
	Comment      string
	Confidential bool
}

func (g *Goal) validate() error {
	var c check
	c.text("title", "Goal", g.Title, true, MaxShort)
	c.note("description", "Description", g.Description)
	c.oneOf("area", "Area", g.Area, GoalAreas)
	c.oneOf("status", "Status", g.Status, GoalStatuses)
	c.date("target", "Target date", g.Target, false)
	return c.Err()
}

// CreateGoal adds a goal and sets g.ID.
func (tx *Tx) CreateGoal(g *Goal) error {
	if g.Status == "" {
		g.Status = GoalOpen
	}
	if err := g.validate(); err != nil {
		return err
	}
	if g.Created.IsZero() {
		g.Created = tx.Today()
	}
	if !g.Target.IsZero() && g.Target.Before(g.Created) {
		return fieldErr("target", "Target date (%s) is before the goal was set (%s).", g.Target, g.Created)
	}
	if _, err := tx.Student(g.StudentID); err != nil {
		return err
	}
	id, err := tx.insert(`INSERT INTO goals (student_id, title, description, area, target_on, status, created_on) VALUES (?,?,?,?,?,?,?)`,
		g.StudentID, g.Title, g.Description, g.Area, g.Target, g.Status, g.Created)
	if err != nil {
		return err
	}
	tx.setID(&g.ID, id)
	// Every goal starts open on the day it was set.
	if err := tx.recordGoalStatus(g.ID, GoalOpen, g.Created); err != nil {
		return err
	}
	if g.Status != GoalOpen {
		if err := tx.setGoalStatusOn(g, g.Created); err != nil {
			return err
		}
	}
	return tx.Audit(ActCreate, "goal", id, "")
}

// setGoalStatusOn records g.Status as set on g.StatusOn (today when zero),
// which must lie between notBefore and today.
func (tx *Tx) setGoalStatusOn(g *Goal, notBefore Date) error {
	if g.StatusOn.IsZero() {
		g.StatusOn = tx.Today()
	}
	if g.StatusOn.After(tx.Today()) {
		return fieldErr("status_on", "Status date (%s) is in the future.", g.StatusOn)
	}
	if g.StatusOn.Before(notBefore) {
		return fieldErr("status_on", "Status date (%s) is before %s.", g.StatusOn, notBefore)
	}
	return tx.recordGoalStatus(g.ID, g.Status, g.StatusOn)
}

func (tx *Tx) recordGoalStatus(goalID int64, status string, on Date) error {
	_, err := tx.exec(`INSERT INTO goal_statuses (goal_id, status, on_date) VALUES (?, ?, ?)`, goalID, status, on)
	return err
}

// UpdateGoal saves a goal's fields, including marking it achieved or dropped.
func (tx *Tx) UpdateGoal(g *Goal) error {
	if err := g.validate(); err != nil {
		return err
	}
	var was string
	var last Date
	if err := tx.queryRow(`SELECT status, (SELECT max(on_date) FROM goal_statuses WHERE goal_id = goals.id) FROM goals WHERE id = ?`, g.ID).
		Scan(&was, &last); err != nil {
		return notFound(err, "goal")
	}
	if err := tx.updateVersioned("goals", "goal", g.ID, &g.Version, `title=?, description=?, area=?, target_on=?, status=?`,
		g.Title, g.Description, g.Area, g.Target, g.Status); err != nil {
		return err
	}
	if g.Status != was {
		if err := tx.setGoalStatusOn(g, last); err != nil {
			return err
		}
	}
	return tx.Audit(ActUpdate, "goal", g.ID, g.Status)
}

// Goals lists a student's goals, open ones first.
func (tx *Tx) Goals(studentID int64) ([]Goal, error) {
	return tx.goalsWhere(`g.student_id = ?1`, `g.status`, studentID)
}

// goalStatusOn is the SQL expression of goal g's status on day ?1: its
// latest recorded change on or before that day.
const goalStatusOn = `(SELECT gs.status FROM goal_statuses gs WHERE gs.goal_id = g.id AND gs.on_date <= ?1
	ORDER BY gs.on_date DESC, gs.id DESC LIMIT 1)`

// goalOpenDuring is the SQL condition that goal g was open at some time
// from day ?2 to day ?1: set by ?1, and open on ?2 or made open (set or
// reopened) between the two. Both days come first so that every statement
// using them numbers all of its parameters: PostgreSQL cannot type one
// that is passed but never used.
const goalOpenDuring = `g.created_on <= ?1 AND ((SELECT gs.status FROM goal_statuses gs WHERE gs.goal_id = g.id AND gs.on_date <= ?2
	ORDER BY gs.on_date DESC, gs.id DESC LIMIT 1) = 'open'
	OR EXISTS (SELECT 1 FROM goal_statuses gs WHERE gs.goal_id = g.id AND gs.status = 'open' AND gs.on_date BETWEEN ?2 AND ?1))`

// GoalsDuring lists a student's goals that were open at some time from
// from to to, each with its status as it stood on to, open ones first:
// what a term's summary shows. Goals achieved or dropped before from are
// left out.
func (tx *Tx) GoalsDuring(studentID int64, from, to Date) ([]Goal, error) {
	return tx.goalsWhere(`g.student_id = ?3 AND `+goalOpenDuring, goalStatusOn, to, from, studentID)
}

func (tx *Tx) goalsWhere(where, status string, args ...any) ([]Goal, error) {
	rows, err := tx.query(`SELECT id, student_id, title, description, area, target_on, status, created_on, version FROM (
		SELECT g.id, g.student_id, g.title, g.description, g.area, g.target_on, COALESCE(`+status+`, g.status) AS status, g.created_on,
		g.version FROM goals g WHERE `+where+`) AS goal_rows ORDER BY status <> 'open', created_on DESC, id DESC`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Goal
	for rows.Next() {
		var g Goal
		if err := rows.Scan(&g.ID, &g.StudentID, &g.Title, &g.Description, &g.Area, &g.Target, &g.Status, &g.Created, &g.Version); err != nil {
			return nil, err
		}
		out = append(out, g)
	}
	return out, rows.Err()
}

func (p *Progress) validate() error {
	var c check
	c.date("on", "Date", p.On, true)
	switch {
	case p.Rating == 0 && p.Percent < 0:
		c.fail("rating", "Give a rating from 1 to 5 or a percentage.")
	case p.Rating != 0:
		c.between("rating", "Rating", p.Rating, 1, 5)
	}
	if p.Percent >= 0 {
		c.between("percent", "Percentage", p.Percent, 0, 100)
	}
	c.note("comment", "Comment", p.Comment)
	return c.Err()
}

// AddProgress records progress on a goal and sets p.ID.
func (tx *Tx) AddProgress(p *Progress) error {
	if err := tx.checkProgress(p); err != nil {
		return err
	}
	rating, percent := p.scores()
	var meeting any
	if p.MeetingID != 0 {
		meeting = p.MeetingID
	}
	id, err := tx.insert(`INSERT INTO goal_progress (goal_id, meeting_id, on_date, rating, percent, comment, confidential) VALUES (?,?,?,?,?,?,?)`,
		p.GoalID, meeting, p.On, rating, percent, p.Comment, boolInt(p.Confidential))
	if err != nil {
		return err
	}
	tx.setID(&p.ID, id)
	return tx.Audit(ActCreate, "goal", p.GoalID, "progress")
}

// UpdateProgress corrects a progress entry: its date, scores, comment and
// whether the comment is confidential. The goal and the meeting it was
// recorded with stay as they were.
func (tx *Tx) UpdateProgress(p *Progress) error {
	if err := tx.checkProgress(p); err != nil {
		return err
	}
	if may, err := tx.MayChangeProgress(p.ID); err != nil {
		return err
	} else if !may {
		return ErrNotAllowed
	}
	rating, percent := p.scores()
	if err := tx.execOne("progress entry", `UPDATE goal_progress SET on_date=?, rating=?, percent=?, comment=?, confidential=?
		WHERE id=? AND goal_id=?`, p.On, rating, percent, p.Comment, boolInt(p.Confidential), p.ID, p.GoalID); err != nil {
		return err
	}
	return tx.Audit(ActUpdate, "goal", p.GoalID, "progress")
}

// MayChangeProgress reports whether this login may correct progress entry
// id, so that the window offers only what the database will take (roles.sql's
// mentor_edit on goal_progress): a reader changes nothing; a mentor only
// an entry of its own pairings' students, recorded with none of the
// meetings or with one of its own pairings', and holding no confidential
// comment it cannot read (someone else's, which it would overwrite
// unseen): one recorded with a meeting it recorded, or none. A
// confidential entry recorded without a meeting names no author, so it is
// a coordinator's to correct.
func (tx *Tx) MayChangeProgress(id int64) (bool, error) {
	switch tx.role {
	case RoleReader:
		return false, nil
	case RoleMentor:
	default:
		return true, nil
	}
	// roles.sql's mentor_edit on goal_progress, asked as the server asks it.
	return tx.exists(`SELECT 1 FROM goal_progress gp JOIN goals g ON g.id = gp.goal_id
		WHERE gp.id = ?
		AND g.student_id IN (SELECT student_id FROM pairings WHERE id = ANY (mentorbook_my_pairings(current_user)))
		AND (gp.meeting_id IS NULL OR gp.meeting_id IN (SELECT id FROM meetings WHERE pairing_id = ANY (mentorbook_my_pairings(current_user))))
		AND (gp.confidential = 0 OR gp.meeting_id IN (SELECT id FROM meetings WHERE recorded_by = current_user))`, id)
}

// checkProgress validates p and checks that its goal exists.
func (tx *Tx) checkProgress(p *Progress) error {
	if err := p.validate(); err != nil {
		return err
	}
	if p.On.After(tx.Today()) {
		return fieldErr("on", "Date (%s) is in the future.", p.On)
	}
	var status string
	if err := tx.queryRow(`SELECT status FROM goals WHERE id = ?`, p.GoalID).Scan(&status); err != nil {
		return notFound(err, "goal")
	}
	return nil
}

// scores are the rating and percentage as stored: NULL when not given.
func (p *Progress) scores() (rating, percent any) {
	if p.Rating != 0 {
		rating = p.Rating
	}
	if p.Percent >= 0 {
		percent = p.Percent
	}
	return rating, percent
}

// saveProgress records the progress entered with a meeting: entries
// without an ID are added, dated on the meeting's day.
func (tx *Tx) saveProgress(m *Meeting) error {
	for i := range m.Progress {
		p := &m.Progress[i]
		if p.ID != 0 {
			continue
		}
		p.MeetingID = m.ID
		if p.On.IsZero() {
			p.On = DateOf(m.At)
		}
		if err := tx.AddProgress(p); err != nil {
			return err
		}
	}
	return nil
}

// ProgressOf lists a goal's progress entries, oldest first.
func (tx *Tx) ProgressOf(goalID int64) ([]Progress, error) {
	return tx.progressWhere(`goal_id = ?`, goalID)
}

func (tx *Tx) progressWhere(where string, arg any) ([]Progress, error) {
	rows, err := tx.query(`SELECT gp.id, gp.goal_id, COALESCE(gp.meeting_id, 0), gp.on_date, COALESCE(gp.rating, 0), COALESCE(gp.percent, -1),
		`+tx.shown("goal_progress_comments_shown", "gp", "comment")+`, gp.confidential FROM goal_progress gp WHERE `+where+` ORDER BY gp.on_date, gp.id`, arg)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Progress
	for rows.Next() {
		var p Progress
		if err := rows.Scan(&p.ID, &p.GoalID, &p.MeetingID, &p.On, &p.Rating, &p.Percent, &p.Comment, &p.Confidential); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}
