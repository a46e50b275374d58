package app

import (
	"context"
	"errors"

	"mentorbook/data"
)

// pageSize is how many rows a list reads at a time: a few screens' worth,
// so scrolling seldom waits.
const pageSize = 100

// pages is a long list that holds every match's ID but reads rows only as
// they scroll into view, a page at a time, each page once: a wide search
// matches thousands of students, a school's ten years hundreds of
// thousands of meetings, and reading every row would make every keystroke
// wait. It runs on the UI goroutine; the reads run off it.
type pages[R any] struct {
	u      *ui
	read   func(*data.Tx, []int64) ([]R, error) // the rows of these IDs
	id     func(R) int64
	failed string // the error's title, naming the list
	redraw func() // after a page came

	ids    []int64
	rows   map[int64]R
	asked  map[int]bool // pages asked for, so each is read once
	newest newest       // a slower, older answer is dropped, its query cancelled
}

// newest lets the newest of a screen's queries win: starting one cancels
// the one before, whose answer, if it still comes, is dropped.
type newest struct {
	seq    int
	cancel context.CancelFunc
}

// start begins a query: the context to run it in, and the test its answer
// passes only while no newer query has begun and it was not cancelled.
func (n *newest) start() (context.Context, func(err error) bool) {
	n.seq++
	seq := n.seq
	if n.cancel != nil {
		n.cancel()
	}
	ctx, cancel := context.WithCancel(context.Background())
	n.cancel = cancel
	return ctx, func(err error) bool { return seq == n.seq && !errors.Is(err, context.Canceled) }
}

func (p *pages[R]) length() int { return len(p.ids) }

// query starts a new result set: the IDs match reads and their first page.
// done runs once they are in place.
func (p *pages[R]) query(match func(*data.Tx) ([]int64, error), done func()) {
	ctx, current := p.newest.start()
	var ids []int64
	var rows []R
	p.u.background(func() error {
		return p.u.store.View(ctx, func(tx *data.Tx) (err error) {
			if ids, err = match(tx); err != nil {
				return err
			}
			rows, err = p.read(tx, ids[:min(len(ids), pageSize)])
			return err
		})
	}, func(err error) {
		if !current(err) {
			return // a newer query is on its way
		}
		if err != nil {
			p.u.showError(p.failed, err)
			return
		}
		p.ids, p.rows, p.asked = ids, make(map[int64]R, pageSize), map[int]bool{0: true}
		p.add(rows)
		done()
	})
}

// row is the i-th row, if it has been read; if not, its page is asked for
// and the list redraws when it comes.
func (p *pages[R]) row(i int) (R, bool) {
	r, ok := p.rows[p.ids[i]]
	if !ok {
		p.loadPage(i / pageSize)
	}
	return r, ok
}

// loadPage reads the rows of page n in the background.
func (p *pages[R]) loadPage(n int) {
	if p.asked[n] {
		return
	}
	p.asked[n] = true
	seq := p.newest.seq
	ids := p.ids[n*pageSize : min(len(p.ids), (n+1)*pageSize)]
	var rows []R
	p.u.view(func(tx *data.Tx) (err error) { rows, err = p.read(tx, ids); return }, func(err error) {
		if seq != p.newest.seq {
			return // the list was queried again meanwhile
		}
		if err != nil {
			p.u.showError(p.failed, err)
			return
		}
		p.add(rows)
		p.redraw()
	})
}

func (p *pages[R]) add(rows []R) {
	for _, r := range rows {
		p.rows[p.id(r)] = r
	}
}
