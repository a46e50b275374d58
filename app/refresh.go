package app

import (
	"context"
	"log"
	"time"

	"mentorbook/data"
)

// pollEvery is how often a window on a PostgreSQL database asks whether
// others changed records (issue 16: "within a few seconds"). The question
// is one primary-key lookup on the server (data.Store.Changes).
const pollEvery = 3 * time.Second

// followChanges asks the store every u.pollEvery, off the UI goroutine,
// whether others changed records, until ctx ends; when they did, the
// screen on show reads its lists again (othersChanged). On a database
// file nobody else writes, and it returns at once.
func (u *ui) followChanges(ctx context.Context) {
	if !data.IsPostgres(u.store.Path()) {
		return
	}
	seen, _, err := u.store.Changes(ctx, -1)
	if err != nil {
		log.Printf("reading the change marker: %v", err)
	}
	u.pollChanges(ctx, seen, err != nil)
}

// pollChanges is followChanges from the marker seen on (failed: none was
// read yet). A change committed before that marker was read, after the
// screen read its lists, shows with the next change or when the screen
// is shown again.
func (u *ui) pollChanges(ctx context.Context, seen int64, failed bool) {
	tick := time.NewTicker(u.pollEvery)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		after := seen
		if failed {
			after = -1 // no marker yet: take one, count nothing
		}
		marker, others, err := u.store.Changes(ctx, after)
		if err != nil {
			if !failed && ctx.Err() == nil {
				log.Printf("reading the change marker: %v", err) // once, not every few seconds
			}
			failed = true
			continue
		}
		failed, seen = false, marker
		if others {
			u.post(u.othersChanged)
		}
	}
}

// othersChanged reads again what the screen on show lists, after others
// changed records. Unlike changed (after this window's own save), it
// reads the lists only: an open student or mentor, the meeting log's
// form, the Settings and the Reports' choices keep what the person
// selected and typed. A save of a record changed meanwhile is refused
// with "changed by …; reload" (data.ChangedError), never lost.
func (u *ui) othersChanged() {
	switch u.current {
	case screenStudents:
		u.students.refreshList()
	case screenMentors:
		u.mentors.query()
	case screenPairings:
		u.pairings.query()
	case screenMeetings:
		u.meetings.query()
	case screenDashboard, screenConsents:
		u.screen(u.current).refresh() // figures and lists, no form
	}
	u.refreshTitle()
}
