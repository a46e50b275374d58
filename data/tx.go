package data

import (
	"context"
	"database/sql"
	"errors"
	"math/rand/v2"
	"time"
)

// Tx is one transaction. Every read and write of records goes through a Tx,
// so that a screen, a command or a whole import is all or nothing.
type Tx struct {
	tx      *sql.Tx
	dialect dialect
	stmts   map[string]*sql.Stmt
	now     time.Time
	user    string
	role    string // the Store's role, which decides how confidential text is read (shown)
	// ctx is for statements. It is never cancelled: the driver starts a
	// goroutine per statement to watch a cancellable context, which made
	// an import of thousands of rows several times slower. Cancelling the
	// caller's context still rolls the transaction back (database/sql
	// watches it once per transaction), and the next statement fails.
	ctx context.Context
	// undo puts back what the transaction wrote into its callers' records
	// (the ids of rows it created) when it does not commit, so that a
	// record saved again, by a retry or by the person pressing Save
	// again, is created again rather than "updated" where no row is.
	undo []func()
	// audited are the ids of the audit lines it wrote on PostgreSQL, the
	// Store's own once it commits (see Changes).
	audited []int64
}

// maxAttempts bounds how often Update runs fn when PostgreSQL aborts it
// for a concurrent writer (serialization failure, deadlock).
const maxAttempts = 5

// Update runs fn in a write transaction and commits it if fn returns nil.
// On SQLite writes are serialised through one connection and begin
// IMMEDIATE, so a write never fails half-way because another one
// started. On PostgreSQL many laptops write at once: the transaction is
// SERIALIZABLE, so a rule that reads and then writes (a mentor's last
// place, consent, one open pairing per student and mentor) holds as if
// the writers had taken turns, and the server aborts one of two writers
// that would break it; fn then runs again (up to maxAttempts times in
// all, after a short random pause) and sees the other's change. fn must
// therefore be safe to run again: it may set variables outside it, but
// must not add to them or do anything outside the transaction.
//
// On PostgreSQL a connection lost before the commit's answer is
// ErrUnreachable: nothing was saved, unless the commit itself was sent
// (see FindLogged).
func (s *Store) Update(ctx context.Context, fn func(tx *Tx) error) error {
	return s.reaching(func() error { return s.run(ctx, s.wdb, s.dialect.txOptions(false), fn) })
}

// View runs fn in a read-only transaction that sees one consistent
// snapshot (on PostgreSQL, REPEATABLE READ READ ONLY).
func (s *Store) View(ctx context.Context, fn func(tx *Tx) error) error {
	return s.reaching(func() error { return s.run(ctx, s.rdb, s.dialect.txOptions(true), fn) })
}

// run runs fn in a transaction until it commits, fails for a reason of its
// own, or has been aborted by the database maxAttempts times.
func (s *Store) run(ctx context.Context, db *sql.DB, opts *sql.TxOptions, fn func(tx *Tx) error) error {
	for attempt := 1; ; attempt++ {
		err := s.attempt(ctx, db, opts, fn)
		if attempt == maxAttempts || !s.dialect.mayRetry(err) {
			return err
		}
		// Random, growing pauses, so that two writers aborted together
		// do not collide again: up to 10, 20, 40, 80 ms.
		pause := time.Duration(rand.Int64N(int64(10*time.Millisecond) << (attempt - 1)))
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(pause):
		}
	}
}

func (s *Store) attempt(ctx context.Context, db *sql.DB, opts *sql.TxOptions, fn func(tx *Tx) error) error {
	sqlTx, err := db.BeginTx(ctx, opts)
	if err != nil {
		return err
	}
	tx := &Tx{tx: sqlTx, dialect: s.dialect, stmts: map[string]*sql.Stmt{}, now: s.Now(), user: s.User, role: s.role, ctx: context.Background()}
	defer func() {
		for _, st := range tx.stmts {
			st.Close()
		}
		sqlTx.Rollback()
	}()
	err = fn(tx)
	if err == nil {
		err = sqlTx.Commit()
	}
	if err == nil && len(tx.audited) > 0 {
		s.own.wrote(tx.audited)
	}
	if err != nil {
		for i := len(tx.undo) - 1; i >= 0; i-- {
			tx.undo[i]()
		}
	}
	if err != nil && ctx.Err() != nil {
		// A Cancel makes database/sql close the transaction from its own
		// goroutine, and the statement that meets the closed transaction
		// reports only that ("sql: Rows are closed"). Say what happened.
		return ctx.Err()
	}
	return err
}

// Now returns the transaction's clock reading, taken when it began.
func (tx *Tx) Now() time.Time { return tx.now }

// Today returns the calendar day of Now.
func (tx *Tx) Today() Date { return DateOf(tx.now) }

// stmt returns a prepared statement for query, reused within the
// transaction: imports and the demo run the same insert thousands of times.
// It is the one place statements are prepared, so the one place they are
// put in the dialect's words (rebind), once per statement.
//
// On PostgreSQL statements are not prepared here: pgx prepares each
// statement once per connection and keeps it for later transactions (its
// statement cache), while a statement prepared per transaction costs two
// more round trips to the server (the Parse, and the Close when the
// transaction ends): three times as many as the statement itself, which
// made saving a meeting over the network 20 ms instead of a few
// (docs/BENCHMARKS.md, "PostgreSQL beside SQLite"). exec, query and
// queryRow then run the statement on the transaction directly.
func (tx *Tx) stmt(query string) (*sql.Stmt, error) {
	if st, ok := tx.stmts[query]; ok {
		return st, nil
	}
	st, err := tx.tx.PrepareContext(tx.ctx, tx.dialect.rebind(query))
	if err != nil {
		return nil, err
	}
	tx.stmts[query] = st
	return st, nil
}

func (tx *Tx) exec(query string, args ...any) (sql.Result, error) {
	if tx.dialect == postgresDialect {
		return tx.tx.ExecContext(tx.ctx, tx.dialect.rebind(query), args...)
	}
	st, err := tx.stmt(query)
	if err != nil {
		return nil, err
	}
	return st.ExecContext(tx.ctx, args...)
}

// setID sets *dst, a caller's record's id, to the id of the row the
// transaction created for it, and back to what it was if the transaction
// does not commit.
func (tx *Tx) setID(dst *int64, id int64) {
	old := *dst
	tx.undo = append(tx.undo, func() { *dst = old })
	*dst = id
}

// insert runs an INSERT and returns the new row's id. It asks for the id
// with RETURNING, which SQLite and PostgreSQL both understand, because
// PostgreSQL's driver has no LastInsertId.
func (tx *Tx) insert(query string, args ...any) (int64, error) {
	var id int64
	err := tx.queryRow(query+` RETURNING id`, args...).Scan(&id)
	return id, err
}

func (tx *Tx) query(query string, args ...any) (*sql.Rows, error) {
	if tx.dialect == postgresDialect {
		return tx.tx.QueryContext(tx.ctx, tx.dialect.rebind(query), args...)
	}
	st, err := tx.stmt(query)
	if err != nil {
		return nil, err
	}
	return st.QueryContext(tx.ctx, args...)
}

func (tx *Tx) queryRow(query string, args ...any) *sql.Row {
	if tx.dialect == postgresDialect {
		return tx.tx.QueryRowContext(tx.ctx, tx.dialect.rebind(query), args...)
	}
	st, err := tx.stmt(query)
	if err != nil {
		// A Row with the error: QueryRowContext on the raw tx reports it on Scan.
		return tx.tx.QueryRowContext(tx.ctx, tx.dialect.rebind(query), args...)
	}
	return st.QueryRowContext(tx.ctx, args...)
}

// scalar reads one integer.
func (tx *Tx) scalar(query string, args ...any) (int, error) {
	var n sql.NullInt64
	err := tx.queryRow(query, args...).Scan(&n)
	return int(n.Int64), err
}

// exists reports whether the query returns a row.
func (tx *Tx) exists(query string, args ...any) (bool, error) {
	var one int
	err := tx.queryRow(query, args...).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return err == nil, err
}

// execOne runs a statement that must change a row of what, and turns "no
// row changed" into ENOTFOUND.
func (tx *Tx) execOne(what, query string, args ...any) error {
	res, err := tx.exec(query, args...)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return Errorf(ENOTFOUND, "That %s no longer exists.", what)
	}
	return nil
}

func notFound(err error, what string) error {
	if errors.Is(err, sql.ErrNoRows) {
		return Errorf(ENOTFOUND, "That %s does not exist.", what)
	}
	return err
}

func stamp(t time.Time) string { return t.UTC().Format(time.RFC3339) }

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// Audit actions.
const (
	ActCreate  = "create"
	ActUpdate  = "update"
	ActDelete  = "delete"
	ActPrint   = "print"
	ActExport  = "export"
	ActErase   = "erase"
	ActImport  = "import"
	ActRestore = "restore"
	ActBackup  = "backup"
)

// Audit records who did what to which record. Creating, changing and
// deleting records audits itself; printing and exporting call Audit.
func (tx *Tx) Audit(action, entity string, id int64, detail string) error {
	var eid any
	if id != 0 {
		eid = id
	}
	const insert = `INSERT INTO audit (at, username, action, entity, entity_id, detail) VALUES (?, ?, ?, ?, ?, ?)`
	if tx.dialect == postgresDialect {
		// lastval(), not id: RETURNING a column needs SELECT on it, which a
		// mentor or reader has not on audit; this row's id is the last
		// value its default took from the sequence.
		var line int64
		err := tx.queryRow(insert+` RETURNING lastval()`, stamp(tx.now), tx.user, action, entity, eid, detail).Scan(&line)
		tx.audited = append(tx.audited, line)
		return err
	}
	_, err := tx.exec(insert, stamp(tx.now), tx.user, action, entity, eid, detail)
	return err
}
