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
// screen on show reads its lists again (othersChanged). It starts from
// the marker start read before the first screen read its records, so
// that a change committed while that screen loaded shows at the first
// poll. On a database file nobody else writes, and it returns at once.
func (u *ui) followChanges(ctx context.Context) {
	if !data.IsPostgres(u.store.Path()) {
		return
	}
	var first changeMarker
	select {
	case <-ctx.Done():
		return
	case first = <-u.firstMarker:
	}
	if first.err != nil {
		log.Printf("reading the change marker: %v", first.err)
	}
	u.pollChanges(ctx, first.seen, first.err != nil)
}

// changeMarker is the change marker read as the window opened, before
// its first screen read anything (start sends it to followChanges).
type changeMarker struct {
	seen int64
	err  error
}

// readFirstMarker reads the change marker for followChanges, off the UI
// goroutine, before the first screen's records are read.
func (u *ui) readFirstMarker() {
	if !data.IsPostgres(u.store.Path()) {
		return
	}
	seen, _, err := u.store.Changes(context.Background(), -1)
	u.firstMarker <- changeMarker{seen, err}
}

// pollChanges is followChanges from the marker seen on (failed: none was
// read yet, and a change before the next marker shows with the next
// change or when the screen is shown again).
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
