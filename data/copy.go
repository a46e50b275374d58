package data

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"math"
	"os"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// Copying a school between two databases, whatever each is: an SQLite file
// or a PostgreSQL database (docs/POSTGRES.md, "copy"). Every record of the
// source is read in one snapshot and written in one transaction on the
// target, table by table in foreign-key order, then read back and compared
// row by row (a SHA-256 of each table in key order, encoded the same way
// whichever database it came from) before the transaction commits. The
// target must hold no records: an initialised schema, or a new file. A
// server may already have logins (user add before the copy): their audit
// lines are kept, after the copied ones.

// CopyResult says what a copy wrote.
type CopyResult struct {
	Tables []TableCount // every table, in the order copied
	// Checksum is the SHA-256, in hex, of every row of every table in that
	// order, as both databases gave them back.
	Checksum string
	// Kept is how many audit lines of the target's own logins (user add
	// and remove before the copy) were kept, after the copied lines; they
	// are not in Tables or Checksum.
	Kept int
}

// Rows is the number of rows copied in all.
func (r CopyResult) Rows() int {
	n := 0
	for _, t := range r.Tables {
		n += t.Rows
	}
	return n
}

// TableCount is how many rows a table holds.
type TableCount struct {
	Table string
	Rows  int
}

// copyTable is one table as copy reads and writes it: its columns in
// order with their types ('i' integer, 't' text, 'r' real, 'b' bytes), and
// its primary key, which orders the rows.
type copyTable struct {
	name  string
	cols  []string
	types []byte
	key   []string
}

// copyTables lists the tables of this version's schema, parents before the
// tables that refer to them. It is read from the schema the migrations
// make, so a new table is copied without anyone listing it.
var copyTables = sync.OnceValues(func() ([]copyTable, error) {
	db, err := sql.Open(driverName, "file::memory:")
	if err != nil {
		return nil, err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	for _, step := range migrations {
		if _, err := db.Exec(step); err != nil {
			return nil, fmt.Errorf("the tables to copy: %w", err)
		}
	}
	names, err := scanStrings(db.Query(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\_%' ESCAPE '\' ORDER BY name`))
	if err != nil {
		return nil, err
	}
	byName := map[string]copyTable{}
	parents := map[string][]string{}
	for _, name := range names {
		t := copyTable{name: name}
		rows, err := db.Query(`SELECT name, upper(type), pk FROM pragma_table_info(?) ORDER BY cid`, name)
		if err != nil {
			return nil, err
		}
		key := map[int]string{}
		for rows.Next() {
			var col, typ string
			var pk int
			if err := rows.Scan(&col, &typ, &pk); err != nil {
				rows.Close()
				return nil, err
			}
			code, ok := map[string]byte{"INTEGER": 'i', "TEXT": 't', "REAL": 'r', "BLOB": 'b'}[typ]
			if !ok {
				rows.Close()
				return nil, fmt.Errorf("the tables to copy: %s.%s has the type %q, which copy does not know", name, col, typ)
			}
			t.cols = append(t.cols, col)
			t.types = append(t.types, code)
			if pk > 0 {
				key[pk] = col
			}
		}
		rows.Close()
		for i := 1; i <= len(key); i++ {
			t.key = append(t.key, key[i])
		}
		if len(t.key) == 0 {
			return nil, fmt.Errorf("the tables to copy: %s has no primary key to order its rows by", name)
		}
		if parents[name], err = scanStrings(db.Query(`SELECT DISTINCT "table" FROM pragma_foreign_key_list(?) ORDER BY 1`, name)); err != nil {
			return nil, err
		}
		byName[name] = t
	}
	// Parents first; among tables whose parents are all placed, by name.
	var order []copyTable
	placed := map[string]bool{}
	for len(order) < len(names) {
		progress := false
		for _, name := range names {
			ready := !placed[name]
			for _, p := range parents[name] {
				ready = ready && (placed[p] || p == name)
			}
			if ready {
				order = append(order, byName[name])
				placed[name] = true
				progress = true
			}
		}
		if !progress {
			return nil, errors.New("the tables to copy refer to each other in a circle")
		}
	}
	return order, nil
})

// copyEnd is one side of a copy, open.
type copyEnd struct {
	db      *sql.DB
	dialect dialect
	name    string // as a message names it: a path, or a URL without its password
	path    string // an SQLite file's path; "" on PostgreSQL
	store   *Store // an existing SQLite target, opened (and locked) as the program opens it
}

func (e *copyEnd) close() {
	switch {
	case e == nil:
	case e.store != nil:
		e.store.Close()
	case e.db != nil:
		e.db.Close()
	}
}

// openCopySource opens the database from for reading: a PostgreSQL URL or
// an SQLite file, which must exist, be exactly this version's schema and
// be sound. Nothing in it is changed.
func openCopySource(ctx context.Context, from string) (*copyEnd, error) {
	if IsPostgres(from) {
		return openPostgresEnd(ctx, from, "source")
	}
	if _, err := os.Stat(from); err != nil {
		return nil, Errorf(ENOTFOUND, "There is no database at %s to copy.", from)
	}
	if err := inspect(from); err != nil {
		return nil, err
	}
	db, err := openDB(from, "mode=ro&_busy_timeout=10000")
	if err != nil {
		return nil, err
	}
	e := &copyEnd{db: db, dialect: sqliteDialect, name: from, path: from}
	var version int
	if err := db.QueryRowContext(ctx, `PRAGMA user_version`).Scan(&version); err != nil {
		db.Close()
		return nil, classifyOpenErr(err)
	}
	if version != SchemaVersion() {
		db.Close()
		return nil, Errorf(EINVALID, "%s has schema version %d and this program writes %d; open it once with this version (mentorbook --db %s check) to upgrade it, then copy it.", from, version, SchemaVersion(), from)
	}
	return e, nil
}

// openPostgresEnd opens a PostgreSQL database whose schema must be exactly
// this version's.
func openPostgresEnd(ctx context.Context, dbURL, role string) (*copyEnd, error) {
	db, err := connectPostgres(ctx, dbURL)
	if err != nil {
		return nil, err
	}
	if err := copyRole(ctx, db, role); err != nil {
		db.Close()
		return nil, err
	}
	version, err := postgresSchemaVersion(ctx, db)
	if err == nil && version != SchemaVersion() {
		err = Errorf(EINVALID, "The %s database %s has schema version %d and this program writes %d; its owner upgrades it with: mentorbook --db URL server init", role, HidePassword(dbURL), version, SchemaVersion())
	}
	if err != nil {
		db.Close()
		return nil, err
	}
	db.SetMaxOpenConns(1) // one transaction at a time, on one connection
	return &copyEnd{db: db, dialect: postgresDialect, name: HidePassword(dbURL)}, nil
}

// Copy copies every record of the database from into the database to,
// which must hold none: a PostgreSQL database made by `server init`, an
// SQLite file of this program with no records, or a path where no file is
// yet (a new file is made, mode 0600). Both must have this program's schema
// version. The copy is one transaction on the target, checked row by row
// before it commits; on an error or a Cancel (ctx) the target is left as
// it was, and a new file is not made. The database's identity (its
// database_id setting) goes with the records. opts' Progress is told how
// far it has got; its Passphrase is not used.
func Copy(ctx context.Context, from, to string, opts ...BackupOptions) (CopyResult, error) {
	o := optionsOf(opts)
	if from == to || !IsPostgres(from) && !IsPostgres(to) && sameFile(from, to) {
		return CopyResult{}, Errorf(EINVALID, "%s is the database being copied; copy it to another file or database.", HidePassword(to))
	}
	src, err := openCopySource(ctx, from)
	if err != nil {
		return CopyResult{}, err
	}
	defer src.close()
	if !IsPostgres(to) {
		if _, err := os.Lstat(to); errors.Is(err, os.ErrNotExist) {
			return copyToNewFile(ctx, src, to, o)
		}
	}
	dst, err := openCopyTarget(ctx, to)
	if err != nil {
		return CopyResult{}, err
	}
	defer dst.close()
	return copyRecords(ctx, src, dst, o)
}

// openCopyTarget opens an existing target: a PostgreSQL database, or an
// SQLite file, opened as the program opens it (exact schema, soundness,
// its lock: not while the window has it open).
func openCopyTarget(ctx context.Context, to string) (*copyEnd, error) {
	if IsPostgres(to) {
		return openPostgresEnd(ctx, to, "target")
	}
	s, err := Open(to)
	if err != nil {
		return nil, err
	}
	return &copyEnd{db: s.wdb, dialect: sqliteDialect, name: to, path: to, store: s}, nil
}

// copyToNewFile copies src into a new SQLite file at to: made under a
// temporary name beside it, filled, checked, and only then given its name.
func copyToNewFile(ctx context.Context, src *copyEnd, to string, o BackupOptions) (res CopyResult, err error) {
	if err := checkOutput(src.path, to, OutputBackup, false); err != nil {
		return res, err
	}
	o.Passphrase = ""
	err = writeBackup(ctx, "", to, o, func(plain string) error {
		res, err = fillNewFile(ctx, src, plain, o.scaled(0.95))
		return err
	})
	return res, err
}

// BackupPostgres writes a snapshot of the PostgreSQL database at dbURL to
// dst: a new SQLite file holding every record (see Copy), checked and,
// with a passphrase, encrypted, as Backup writes a file's backup; restore
// and the window open it. dst may replace only an earlier backup (see
// CheckOutput). The server's records are not changed; its audit log gets
// a line saying so.
func BackupPostgres(ctx context.Context, dbURL, dst string, opts ...BackupOptions) (res CopyResult, err error) {
	o := optionsOf(opts)
	if err := checkOutput("", dst, OutputBackup, o.Passphrase != ""); err != nil {
		return res, err
	}
	src, err := openCopySource(ctx, dbURL)
	if err != nil {
		return res, err
	}
	defer src.close()
	err = writeBackup(ctx, "", dst, o, func(plain string) error {
		res, err = fillNewFile(ctx, src, plain, o.scaled(0.9))
		return err
	})
	if err != nil {
		return res, err
	}
	line := "backup to " + dst + ", not encrypted"
	if o.Passphrase != "" {
		line = "backup to " + dst + ", encrypted"
	}
	_, err = src.db.ExecContext(ctx, `INSERT INTO audit (at, username, action, entity, detail) VALUES ($1, current_user, $2, 'database', $3)`,
		stamp(time.Now()), ActBackup, line)
	return res, err
}

// fillNewFile makes this version's schema in the empty file tmp, copies
// src into it and checks it as a backup is checked. The file is left in
// rollback-journal mode: one self-contained file.
func fillNewFile(ctx context.Context, src *copyEnd, tmp string, o BackupOptions) (CopyResult, error) {
	db, err := openDB(tmp, "_foreign_keys=on&_busy_timeout=10000&_synchronous=FULL&_secure_delete=on")
	if err != nil {
		return CopyResult{}, err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	made := &Store{path: tmp, wdb: db}
	if err := made.migrate(); err != nil {
		return CopyResult{}, diskErr(err)
	}
	res, err := copyRecords(ctx, src, &copyEnd{db: db, dialect: sqliteDialect, name: tmp, path: tmp}, o)
	if err != nil {
		return res, err
	}
	conn, err := db.Conn(ctx)
	if err != nil {
		return res, err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `PRAGMA journal_mode = DELETE`); err != nil {
		return res, diskErr(err)
	}
	return res, verifyConn(ctx, conn)
}

// copyRecords copies every table of src into dst in one transaction on
// each, and checks the copy before committing it.
func copyRecords(ctx context.Context, src, dst *copyEnd, o BackupOptions) (res CopyResult, err error) {
	tables, err := copyTables()
	if err != nil {
		return res, err
	}
	var srcOpts *sql.TxOptions
	if src.dialect == postgresDialect {
		srcOpts = &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true} // one snapshot
	}
	stx, err := src.db.BeginTx(ctx, srcOpts)
	if err != nil {
		return res, err
	}
	defer stx.Rollback()
	// The target's transaction is on a connection of its own, so that a
	// PostgreSQL target can be fed through COPY on that same connection.
	dconn, err := dst.db.Conn(ctx)
	if err != nil {
		return res, err
	}
	defer dconn.Close()
	dtx, err := dconn.BeginTx(ctx, nil)
	if err != nil {
		return res, err
	}
	defer dtx.Rollback()
	defer func() {
		if err != nil && ctx.Err() != nil {
			err = ctx.Err() // a Cancel, whatever statement met it
		}
	}()
	o.report(0, "Reading "+src.name+"…")
	total := 0
	counts := make([]int, len(tables))
	for i, t := range tables {
		if err := stx.QueryRowContext(ctx, `SELECT count(*) FROM `+t.name).Scan(&counts[i]); err != nil {
			return res, err
		}
		total += counts[i]
	}
	if err := refuseRecords(ctx, dtx, dst, tables); err != nil {
		return res, err
	}
	kept, err := takeLoginLines(ctx, dtx)
	if err != nil {
		return res, err
	}
	// The target's school row (every schema has one) and its settings,
	// its identity among them, give way to the source's.
	for _, table := range []string{"settings", "school"} {
		if _, err := dtx.ExecContext(ctx, `DELETE FROM `+table); err != nil {
			return res, err
		}
	}
	var foreignKeys []foreignKey
	if dst.dialect == postgresDialect {
		if foreignKeys, err = dropForeignKeys(ctx, dtx); err != nil {
			return res, err
		}
	}
	sums := make([][]byte, len(tables))
	done := 0
	for i, t := range tables {
		n, sum, err := copyTableRows(ctx, stx, dconn, dtx, dst.dialect, t, func(rows int) {
			if total > 0 {
				o.report(0.8*float64(done+rows)/float64(total), "Copying "+t.name+"…")
			}
		})
		if err != nil {
			return res, fmt.Errorf("copying %s: %w", t.name, err)
		}
		if n != counts[i] {
			return res, fmt.Errorf("copying %s: %d rows were read of the %d counted", t.name, n, counts[i])
		}
		done += n
		sums[i] = sum
	}
	if dst.dialect == postgresDialect {
		o.report(0.8, "Checking the references between records…")
		for _, k := range foreignKeys {
			if _, err := dtx.ExecContext(ctx, `ALTER TABLE `+quoteIdent(k.table)+` ADD CONSTRAINT `+quoteIdent(k.name)+` `+k.def); err != nil {
				return res, fmt.Errorf("the copy's references (%s on %s): %w", k.name, k.table, err)
			}
		}
		if err := resetIdentities(ctx, dtx); err != nil {
			return res, err
		}
		// The planner's statistics of the tables just filled: without
		// them PostgreSQL plans the first queries as for empty tables
		// until autovacuum gets to them. A login that does not own the
		// tables is told so in a warning, not refused.
		for _, t := range tables {
			if _, err := dtx.ExecContext(ctx, `ANALYZE `+quoteIdent(t.name)); err != nil {
				return res, fmt.Errorf("analysing %s: %w", t.name, err)
			}
		}
	}
	o.report(0.8, "Checking the copy…")
	all := sha256.New()
	for i, t := range tables {
		n, sum, err := tableSum(ctx, dtx, t)
		if err != nil {
			return res, fmt.Errorf("reading back %s: %w", t.name, err)
		}
		if n != counts[i] || string(sum) != string(sums[i]) {
			return res, fmt.Errorf("the copy of %s does not read back the same (%d rows of %d); nothing was written", t.name, n, counts[i])
		}
		res.Tables = append(res.Tables, TableCount{Table: t.name, Rows: n})
		fmt.Fprintf(all, "%s %d %x\n", t.name, n, sum)
		o.report(0.8+0.2*float64(i+1)/float64(len(tables)), "Checking the copy…")
	}
	res.Checksum = hex.EncodeToString(all.Sum(nil))
	if err := putBackLoginLines(ctx, dtx, dst.dialect, kept); err != nil {
		return res, err
	}
	res.Kept = len(kept)
	if err := ctx.Err(); err != nil {
		return res, err
	}
	if err := dtx.Commit(); err != nil {
		return res, diskErr(err)
	}
	return res, nil
}

// refuseRecords refuses a target that holds records: any row but the
// school's (a named school counts), the settings, and the audit lines of
// logins given or taken on it (loginLines).
func refuseRecords(ctx context.Context, tx *sql.Tx, dst *copyEnd, tables []copyTable) error {
	var held []string
	for _, t := range tables {
		if t.name == "settings" || t.name == "school" {
			continue
		}
		count := `SELECT count(*) FROM ` + t.name
		if t.name == "audit" {
			count += ` WHERE NOT (` + loginLines + `)`
		}
		var n int
		if err := tx.QueryRowContext(ctx, count).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			held = append(held, fmt.Sprintf("%d %s", n, strings.ReplaceAll(t.name, "_", " ")))
		}
	}
	var named int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM school WHERE name <> '' OR address <> '' OR logo IS NOT NULL`).Scan(&named); err != nil {
		return err
	}
	if named > 0 {
		held = append([]string{"a school's name"}, held...)
	}
	if len(held) == 0 {
		return nil
	}
	return Errorf(ECONFLICT, "%s already holds records (%s); a copy goes only into an empty database or a new file. Nothing was changed.", dst.name, strings.Join(held, ", "))
}

// loginLines are the audit lines that `user add` and `user remove` write
// on a new server before any record is there: a coordinator's or reader's
// login (a mentor's names its mentor, a record, so it never comes first).
// Such a server counts as empty: a school sets up its logins and then
// moves in, or the other way round.
const loginLines = `entity = 'login' AND entity_id IS NULL`

// auditLine is an audit line without its id.
type auditLine struct{ at, username, action, entity, detail string }

// takeLoginLines reads and deletes the target's loginLines (the only audit
// lines refuseRecords let through), in their order, for putBackLoginLines.
func takeLoginLines(ctx context.Context, tx *sql.Tx) ([]auditLine, error) {
	lines, err := readAuditLines(ctx, tx, `SELECT at, username, action, entity, detail FROM audit WHERE `+loginLines+` ORDER BY id`)
	if err != nil {
		return nil, err
	}
	_, err = tx.ExecContext(ctx, `DELETE FROM audit WHERE `+loginLines)
	return lines, err
}

// readAuditLines reads the audit lines query selects (at, username,
// action, entity, detail).
func readAuditLines(ctx context.Context, tx *sql.Tx, query string, args ...any) ([]auditLine, error) {
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var lines []auditLine
	for rows.Next() {
		var l auditLine
		if err := rows.Scan(&l.at, &l.username, &l.action, &l.entity, &l.detail); err != nil {
			return nil, err
		}
		lines = append(lines, l)
	}
	return lines, rows.Err()
}

// putBackLoginLines writes the target's own login lines again, after the
// copied audit lines, with the next ids, and reads them back. The copied
// lines keep their ids, and the target's come after, rather than the copy's
// being moved up past them: the copy then is its source row for row (the
// checksum compares exactly the copied rows, and a copy back into a file is
// the source again), the source's log stays one unbroken run in its own
// order, no line's id is ever lowered below one already given, and the log
// ends as it would had the logins been added just after the copy (the
// other order of setting a server up). Each line keeps its time and login:
// who was given access, by whom and when, is not lost.
func putBackLoginLines(ctx context.Context, tx *sql.Tx, d dialect, lines []auditLine) error {
	if len(lines) == 0 {
		return nil
	}
	var last int64
	if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(id), 0) FROM audit`).Scan(&last); err != nil {
		return err
	}
	for _, l := range lines {
		if _, err := tx.ExecContext(ctx, d.rebind(`INSERT INTO audit (at, username, action, entity, detail) VALUES (?, ?, ?, ?, ?)`),
			l.at, l.username, l.action, l.entity, l.detail); err != nil {
			return fmt.Errorf("keeping the audit lines of the target's logins: %w", err)
		}
	}
	back, err := readAuditLines(ctx, tx, d.rebind(`SELECT at, username, action, entity, detail FROM audit WHERE id > ? ORDER BY id`), last)
	if err != nil {
		return err
	}
	if !slices.Equal(back, lines) {
		return fmt.Errorf("the audit lines of the target's logins do not read back the same (%d of %d); nothing was written", len(back), len(lines))
	}
	return nil
}

// copyTableRows reads t's rows from src in key order and writes them to
// dst (a transaction on dconn), through COPY on PostgreSQL and several
// rows to an INSERT on SQLite, and returns how many it copied and the
// SHA-256 of what it read.
func copyTableRows(ctx context.Context, src *sql.Tx, dconn *sql.Conn, dst *sql.Tx, d dialect, t copyTable, progress func(rows int)) (int, []byte, error) {
	rows, err := src.QueryContext(ctx, selectAll(t))
	if err != nil {
		return 0, nil, err
	}
	defer rows.Close()
	if d == postgresDialect {
		in := &copySource{ctx: ctx, rows: rows, r: newRowReader(t), progress: progress}
		err := dconn.Raw(func(c any) error {
			_, err := c.(*stdlib.Conn).Conn().CopyFrom(ctx, pgx.Identifier{t.name}, t.cols, in)
			return err
		})
		if err == nil {
			err = rows.Err()
		}
		return in.n, in.r.sum.Sum(nil), err
	}
	// SQLite takes up to 32,766 parameters, PostgreSQL 65,535.
	perInsert := max(1, min(500, 30000/len(t.cols)))
	full, err := dst.PrepareContext(ctx, d.rebind(insertRows(t, perInsert)))
	if err != nil {
		return 0, nil, err
	}
	defer full.Close()
	r := newRowReader(t)
	args := make([]any, 0, perInsert*len(t.cols))
	n := 0
	flush := func() error {
		if len(args) == 0 {
			return nil
		}
		var err error
		if len(args) == cap(args) {
			_, err = full.ExecContext(ctx, args...)
		} else {
			_, err = dst.ExecContext(ctx, d.rebind(insertRows(t, len(args)/len(t.cols))), args...)
		}
		args = args[:0]
		progress(n)
		return err
	}
	for rows.Next() {
		vals, err := r.read(rows)
		if err != nil {
			return n, nil, fmt.Errorf("row %d: %w", n+1, err)
		}
		args = append(args, vals...)
		n++
		if len(args) == cap(args) {
			if err := flush(); err != nil {
				return n, nil, err
			}
		}
	}
	if err := rows.Err(); err != nil {
		return n, nil, err
	}
	return n, r.sum.Sum(nil), flush()
}

// copySource feeds COPY the rows of a table as they are read from the
// source, adding each to sum.
type copySource struct {
	ctx      context.Context
	rows     *sql.Rows
	r        *rowReader
	progress func(rows int)
	vals     []any
	n        int
	err      error
}

func (c *copySource) Next() bool {
	if c.err != nil || !c.rows.Next() {
		return false
	}
	if c.vals, c.err = c.r.read(c.rows); c.err != nil {
		c.err = fmt.Errorf("row %d: %w", c.n+1, c.err)
		return false
	}
	c.n++
	if c.n%2000 == 0 {
		c.progress(c.n)
		c.err = c.ctx.Err()
	}
	return true
}

func (c *copySource) Values() ([]any, error) { return c.vals, c.err }

func (c *copySource) Err() error { return c.err }

// tableSum reads t's rows in key order and returns how many there are and
// their SHA-256.
func tableSum(ctx context.Context, tx *sql.Tx, t copyTable) (int, []byte, error) {
	rows, err := tx.QueryContext(ctx, selectAll(t))
	if err != nil {
		return 0, nil, err
	}
	defer rows.Close()
	r := newRowReader(t)
	n := 0
	for rows.Next() {
		if _, err := r.read(rows); err != nil {
			return n, nil, err
		}
		n++
	}
	return n, r.sum.Sum(nil), rows.Err()
}

func selectAll(t copyTable) string {
	return "SELECT " + strings.Join(t.cols, ", ") + " FROM " + t.name + " ORDER BY " + strings.Join(t.key, ", ")
}

// insertRows is an INSERT of n rows of t, with ? parameters.
func insertRows(t copyTable, n int) string {
	row := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(t.cols)), ", ") + ")"
	var b strings.Builder
	b.WriteString("INSERT INTO " + t.name + " (" + strings.Join(t.cols, ", ") + ") VALUES ")
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(row)
	}
	return b.String()
}

// rowReader reads rows of a table as the values to write and adds each
// to sum: each value a tag (N null, i integer, r real, t text, b bytes)
// and its bytes, the same whichever database gave it. The values it
// returns are its own until the next read.
type rowReader struct {
	sum     hash.Hash
	holders []any
	vals    []any
}

func newRowReader(t copyTable) *rowReader {
	r := &rowReader{sum: sha256.New(), holders: make([]any, len(t.cols)), vals: make([]any, len(t.cols))}
	for i, typ := range t.types {
		switch typ {
		case 'i':
			r.holders[i] = new(sql.NullInt64)
		case 'r':
			r.holders[i] = new(sql.NullFloat64)
		case 't':
			r.holders[i] = new(sql.NullString)
		default:
			r.holders[i] = new(sql.Null[[]byte])
		}
	}
	return r
}

func (r *rowReader) read(rows *sql.Rows) ([]any, error) {
	if err := rows.Scan(r.holders...); err != nil {
		return nil, err
	}
	var buf [9]byte
	for i, h := range r.holders {
		r.vals[i] = nil
		switch h := h.(type) {
		case *sql.NullInt64:
			if h.Valid {
				r.vals[i] = h.Int64
				buf[0] = 'i'
				binary.BigEndian.PutUint64(buf[1:], uint64(h.Int64))
				r.sum.Write(buf[:9])
				continue
			}
		case *sql.NullFloat64:
			if h.Valid {
				r.vals[i] = h.Float64
				buf[0] = 'r'
				binary.BigEndian.PutUint64(buf[1:], math.Float64bits(h.Float64))
				r.sum.Write(buf[:9])
				continue
			}
		case *sql.NullString:
			if h.Valid {
				r.vals[i] = h.String
				writeBytes(r.sum, 't', []byte(h.String))
				continue
			}
		case *sql.Null[[]byte]:
			if h.Valid {
				b := h.V
				if b == nil {
					b = []byte{}
				}
				r.vals[i] = b
				writeBytes(r.sum, 'b', b)
				h.V = nil // the next row's bytes go into a slice of their own
				continue
			}
		}
		r.sum.Write([]byte{'N'})
	}
	return r.vals, nil
}

func writeBytes(sum hash.Hash, tag byte, b []byte) {
	var head [1 + binary.MaxVarintLen64]byte
	head[0] = tag
	n := binary.PutUvarint(head[1:], uint64(len(b)))
	sum.Write(head[:1+n])
	sum.Write(b)
}

// foreignKey is a foreign key of the PostgreSQL schema, as made again.
type foreignKey struct{ table, name, def string }

// copyRole refuses, in one sentence and before any work, a mentor's or a
// reader's login as either end of a copy or backup: the server shows
// neither every record (so a copy would be refused half-way, or be a
// part of the school), nor lets either write them.
func copyRole(ctx context.Context, db *sql.DB, end string) error {
	role, err := loginRole(ctx, db)
	if err != nil || (role != RoleMentor && role != RoleReader) {
		return err
	}
	if end == "target" {
		return &Error{Code: EINVALID, kind: ErrNotAllowed, Message: fmt.Sprintf(
			"This is a %s's login, which may not write the school's records, so it cannot copy records into this database: its owner does that.", role)}
	}
	return &Error{Code: EINVALID, kind: ErrNotAllowed, Message: fmt.Sprintf(
		"This is a %s's login, which does not see every record, so it cannot copy or back up the school's database: its owner or a coordinator does that.", role)}
}

// dropForeignKeys drops the foreign keys of the target's tables inside the
// copy's transaction, so that COPY does not check each row's references
// one by one; the copy adds them again, each checked in one pass over its
// table, before it is read back (as pg_restore does). Only the tables'
// owner may (as only the owner may set the identity sequences): copying
// into a server is the owner's work, as server init is.
func dropForeignKeys(ctx context.Context, tx *sql.Tx) ([]foreignKey, error) {
	rows, err := tx.QueryContext(ctx, `SELECT c.relname, k.conname, pg_get_constraintdef(k.oid) FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid
		WHERE k.contype = 'f' AND c.relnamespace = current_schema()::regnamespace ORDER BY 1, 2`)
	if err != nil {
		return nil, err
	}
	var keys []foreignKey
	for rows.Next() {
		var k foreignKey
		if err := rows.Scan(&k.table, &k.name, &k.def); err != nil {
			rows.Close()
			return nil, err
		}
		keys = append(keys, k)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, k := range keys {
		if _, err := tx.ExecContext(ctx, `ALTER TABLE `+quoteIdent(k.table)+` DROP CONSTRAINT `+quoteIdent(k.name)); err != nil {
			return nil, serverRefused(err, "copy records into this database", copyWork)
		}
	}
	return keys, nil
}

// resetIdentities sets each identity column's sequence on PostgreSQL to
// follow the largest id copied, so that the next record gets the next id.
func resetIdentities(ctx context.Context, tx *sql.Tx) error {
	rows, err := tx.QueryContext(ctx, `SELECT c.relname, a.attname FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
		WHERE c.relnamespace = current_schema()::regnamespace AND a.attidentity <> '' AND NOT a.attisdropped ORDER BY 1`)
	if err != nil {
		return err
	}
	var idents [][2]string
	for rows.Next() {
		var table, col string
		if err := rows.Scan(&table, &col); err != nil {
			rows.Close()
			return err
		}
		idents = append(idents, [2]string{table, col})
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	sort.Slice(idents, func(i, j int) bool { return idents[i][0] < idents[j][0] })
	for _, id := range idents {
		q := fmt.Sprintf(`SELECT setval(pg_get_serial_sequence($1, $2), coalesce(max(%s), 0) + 1, false) FROM %s`, quoteIdent(id[1]), quoteIdent(id[0]))
		if _, err := tx.ExecContext(ctx, q, quoteIdent(id[0]), id[1]); err != nil {
			return fmt.Errorf("setting the next id of %s: %w", id[0], err)
		}
	}
	return nil
}

// checkOutput is CheckOutput for the database file at dbPath, or for a
// database that is no file ("": PostgreSQL), which has no files of its
// own and no backups folder to protect.
func checkOutput(dbPath, path string, kind OutputKind, encrypted bool) error {
	s := &Store{path: dbPath}
	if dbPath == "" {
		s.dialect = postgresDialect
	}
	return s.CheckOutput(path, kind, encrypted)
}
