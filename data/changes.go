package data

import (
	"context"
	"sync"
)

// ownLines are the ids of the audit lines a Store's committed
// transactions wrote on PostgreSQL, newer than what Changes last saw.
// They are kept only once Changes has been asked (a window's store):
// a command or an import that never asks would hold one per line.
type ownLines struct {
	mu       sync.Mutex
	ids      []int64
	tracking bool
}

func (o *ownLines) wrote(ids []int64) {
	o.mu.Lock()
	if o.tracking {
		o.ids = append(o.ids, ids...)
	}
	o.mu.Unlock()
}

// counted returns how many of the ids are in (after, last] and forgets
// those up to last, which the next call, from last on, never asks about.
func (o *ownLines) counted(after, last int64) int64 {
	o.mu.Lock()
	defer o.mu.Unlock()
	var n int64
	kept := o.ids[:0]
	for _, id := range o.ids {
		if id > after && id <= last {
			n++
		}
		if id > last {
			kept = append(kept, id)
		}
	}
	o.ids = kept
	return n
}

// Changes tells a window on a PostgreSQL database whether others changed
// records since the change marker after, and returns the marker now: the
// number of the newest audit line, which every change writes. Lines this
// Store wrote do not count (its window already shows its own changes); a
// negative after asks for the marker alone. A mentor or reader may not
// read the audit log: roles.sql's mentorbook_changes_since tells every
// login the number and the count, nothing of the lines.
//
// A line numbered before the marker but committed after it was read (two
// writers at once) is not counted later: its change shows with the next
// one, or when the screen is shown again.
//
// On a database file (one laptop, which holds it locked) nobody else
// changes records: it returns 0, false.
func (s *Store) Changes(ctx context.Context, after int64) (marker int64, others bool, err error) {
	if s.dialect != postgresDialect {
		return 0, false, nil
	}
	s.own.mu.Lock()
	s.own.tracking = true // before the question: a line written meanwhile is newer than its answer
	s.own.mu.Unlock()
	var lines int64
	err = s.rdb.QueryRowContext(ctx, `SELECT last, lines FROM mentorbook_changes_since($1)`, after).Scan(&marker, &lines)
	if err != nil {
		return after, false, err
	}
	own := s.own.counted(after, marker)
	return marker, after >= 0 && lines > own, nil
}
