// Package roster reads the files a school exports from its student information
// system (OneRoster 1.1 and 1.2 CSV, or a plain spreadsheet of students and
// guardians) into plain Go structs, and writes the CSV and iCalendar files that
// Mentorbook exports. It knows nothing of the database: every row it cannot
// accept becomes a Problem naming file, line and reason, and the caller decides
// what to do with the rest.
package roster

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"mentorbook/data"
)

// Limits on one file, so that any file a person picks is read, or refused,
// in bounded memory and in time proportional to its size. The largest
// district this program is meant for exports a users.csv of a few tens of
// megabytes and well under a hundred thousand rows; a file past a limit is
// refused whole, never read in part. They are variables so that tests can
// lower them.
var (
	maxFileSize int64 = 256 << 20
	maxRows           = 250_000
	maxRowBytes int64 = 1 << 20
)

// keepEveryColumn makes readers keep every column, so that a test can check
// that columnsOf names all the columns the parser reads.
var keepEveryColumn = false

// Table is a CSV file read into memory, with its columns found by header name.
type Table struct {
	// File is the name used in problems, usually the file's base name.
	File string
	// Header holds the header cells as written in the file, trimmed.
	Header []string
	// HeaderLine is the line the header is on (blank lines may come first).
	HeaderLine int
	// Rows holds the data rows in file order, blank rows left out.
	Rows []Row
	// Problems lists rows the reader itself rejected; they are not in Rows.
	// Beyond the first maxListed, Unlisted counts them.
	Problems []Problem
	Unlisted int

	index map[string]int // every header column → its position in the file
	keep  map[string]int // kept column → its position in Row.values
	pick  []int          // positions in the file of the kept columns; nil keeps all
}

// Row is one data row of a Table.
type Row struct {
	// Line is the line in the file where the row starts. A quoted value may
	// span lines, so it is not the row's position in Rows.
	Line   int
	values []string
	index  map[string]int
}

// Get returns the trimmed value of the named column, or "" when the file has
// no such column, the reader was not asked to keep it, or the row is shorter
// than the header. Names are matched case-insensitively.
func (r Row) Get(column string) string {
	i, ok := r.index[column]
	if !ok {
		i, ok = r.index[normalizeHeader(column)]
	}
	if !ok || i >= len(r.values) {
		return ""
	}
	return strings.TrimSpace(r.values[i])
}

// Has reports whether the table has the named column.
func (t *Table) Has(column string) bool {
	_, ok := t.index[normalizeHeader(column)]
	return ok
}

// Missing returns a Problem on the header line for each named column the
// table lacks, so that all of them can be fixed in one go.
func (t *Table) Missing(columns ...string) []Problem {
	var ps []Problem
	for _, c := range columns {
		if !t.Has(c) {
			ps = append(ps, Problem{File: t.File, Line: t.HeaderLine, Reason: fmt.Sprintf("missing required column %q", c)})
		}
	}
	return ps
}

// normalizeHeader makes "  SourcedId " and "sourcedid" the same column.
func normalizeHeader(h string) string {
	return strings.ToLower(strings.TrimSpace(h))
}

// Columns says what a reader keeps of each row: only the columns named,
// which bounds the memory a row takes whatever the file's width. When a
// Required column is missing, the reader stops after the header, and the
// caller reports it with Table.Missing.
type Columns struct {
	Required []string
	Optional []string
}

// ReadTable reads a whole CSV file: UTF-8 with or without a byte order mark,
// CRLF or LF line ends, RFC 4180 quoting. The first non-blank row is the
// header. Blank rows are skipped; trailing delimiters and short rows are
// tolerated; a row with values beyond the last named column is rejected into
// Table.Problems, because it almost always means a value with an unquoted
// comma has shifted every column after it.
//
// A file that cannot be parsed at all (broken quoting, text that is not UTF-8
// or is UTF-16, a header naming the same column twice, a row longer than any
// roster's) yields a Problem as the error, which callers may recover with
// errors.As. A file over the size or row limit is an error that matches
// ErrTooLarge. Other errors come from r.
func ReadTable(r io.Reader, file string) (*Table, error) {
	return readTable(r, file, nil, nil)
}

// readTable reads a table keeping only the columns cols names (all of them
// when cols is nil). When each is set, rows are handed to it one by one
// instead of being kept, and the file may have any number of them.
func readTable(r io.Reader, file string, cols *Columns, each func(Row)) (*Table, error) {
	if keepEveryColumn {
		cols = nil
	}
	counter := &countingReader{r: r, limit: maxFileSize}
	br := bufio.NewReader(counter)
	if err := checkEncoding(br, file); err != nil {
		return nil, err
	}
	cr := csv.NewReader(br)
	cr.FieldsPerRecord = -1
	// Hand-edited files often put a space after the comma, even before a
	// quoted value; without this, `a, "b"` would be a quoting error.
	cr.TrimLeadingSpace = true
	// Each kept row is copied out of the record, so the record's slice can
	// serve the next row.
	cr.ReuseRecord = true

	t := &Table{File: file}
	var ps problems
	rows, last := 0, 0 // data rows so far; the line the last row began on
	for {
		rec, err := cr.Read()
		switch {
		case counter.tooLarge:
			return nil, tooLarge("%s is larger than %s, the limit for a roster file", file, sizeText(maxFileSize))
		case counter.rowTooLong:
			return nil, Problem{File: file, Reason: fmt.Sprintf("a row after line %d is longer than %s, more than any roster row; is this the right file?", last, sizeText(maxRowBytes))}
		case err == io.EOF:
			if t.index == nil {
				return nil, Problem{File: file, Reason: "file is empty; expected a header row"}
			}
			t.Problems, t.Unlisted = ps.list, ps.unlisted
			return t, nil
		case err != nil:
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, parseProblem(file, pe)
			}
			return nil, fmt.Errorf("%s: %w", file, err)
		}
		counter.rowStart()
		line, _ := cr.FieldPos(0)
		last = line
		for i, v := range rec {
			if !utf8.ValidString(v) {
				l, _ := cr.FieldPos(i)
				return nil, Problem{File: file, Line: l, Reason: "text is not valid UTF-8; save the file as UTF-8 (in Excel: CSV UTF-8)"}
			}
		}
		if blank(rec) {
			continue
		}
		if t.index == nil {
			if err := t.setHeader(rec, line, cols); err != nil {
				return nil, err
			}
			if cols != nil && len(t.Missing(cols.Required...)) > 0 {
				return t, nil // the caller reports the missing columns; the rows are no use
			}
			continue
		}
		if rows++; each == nil && rows > maxRows {
			return nil, tooLarge("%s has more than %s rows, the limit for a roster file", file, data.Grouped(maxRows))
		}
		if n := lastNonEmpty(rec) + 1; n > len(t.Header) {
			ps.add(file, line, "row has %d values but the header names %d columns; a value containing a comma must be in double quotes", n, len(t.Header))
			continue
		}
		row := Row{Line: line, values: t.kept(rec), index: t.keep}
		if each != nil {
			each(row)
		} else {
			t.Rows = append(t.Rows, row)
		}
	}
}

// kept copies the values a table keeps out of a record, into one string
// so that a row costs one allocation and holds no more than it needs.
func (t *Table) kept(rec []string) []string {
	var vs []string
	if t.pick == nil {
		vs = append(vs, rec[:min(len(rec), len(t.Header))]...)
	} else {
		vs = make([]string, len(t.pick))
		for i, p := range t.pick {
			if p < len(rec) {
				vs[i] = rec[p]
			}
		}
	}
	for len(vs) > 0 && strings.TrimSpace(vs[len(vs)-1]) == "" {
		vs = vs[:len(vs)-1]
	}
	n := 0
	for _, v := range vs {
		n += len(v)
	}
	var b strings.Builder
	b.Grow(n)
	for _, v := range vs {
		b.WriteString(v)
	}
	all := b.String()
	for i, v := range vs {
		vs[i], all = all[:len(v)], all[len(v):]
	}
	return vs
}

// setHeader indexes the header row and chooses the columns to keep. Empty
// header cells (often left by a trailing delimiter) name no column.
func (t *Table) setHeader(rec []string, line int, cols *Columns) error {
	t.HeaderLine = line
	t.index = make(map[string]int, len(rec))
	for i, h := range rec {
		h = strings.TrimSpace(h)
		t.Header = append(t.Header, h)
		key := normalizeHeader(h)
		if key == "" {
			continue
		}
		if _, dup := t.index[key]; dup {
			return Problem{File: t.File, Line: line, Reason: fmt.Sprintf("column %q appears twice in the header", h)}
		}
		t.index[key] = i
		// The header as written is indexed too: callers usually ask for a
		// column spelled as the file spells it, and that lookup then needs
		// no lower-casing. It cannot clash with another column's key,
		// since two headers equal but for case were refused above.
		t.index[h] = i
	}
	// Trailing empty header cells name nothing; dropping them lets the
	// "more values than columns" check count only named columns.
	for len(t.Header) > 0 && t.Header[len(t.Header)-1] == "" {
		t.Header = t.Header[:len(t.Header)-1]
	}
	t.keep = t.index
	if cols == nil {
		return nil
	}
	t.keep = map[string]int{}
	t.pick = []int{}
	for _, c := range append(append([]string(nil), cols.Required...), cols.Optional...) {
		i, ok := t.index[normalizeHeader(c)]
		if !ok {
			continue
		}
		if _, dup := t.keep[normalizeHeader(c)]; dup {
			continue
		}
		t.keep[normalizeHeader(c)] = len(t.pick)
		t.keep[t.Header[i]] = len(t.pick)
		t.pick = append(t.pick, i)
	}
	return nil
}

// checkEncoding drops a UTF-8 byte order mark and refuses UTF-16, with or
// without its byte order mark: Excel's "Unicode text" produces it, and read
// as UTF-8 it is text with a NUL after every letter.
func checkEncoding(br *bufio.Reader, file string) error {
	head, _ := br.Peek(512)
	switch {
	case bytes.HasPrefix(head, []byte("\xef\xbb\xbf")):
		_, _ = br.Discard(3)
	case bytes.HasPrefix(head, []byte("\xff\xfe")), bytes.HasPrefix(head, []byte("\xfe\xff")), utf16Text(head):
		return Problem{File: file, Line: 1, Reason: "file is UTF-16 text; save it as UTF-8 (in Excel: CSV UTF-8)"}
	}
	return nil
}

// utf16Text reports whether the start of a file looks like UTF-16 without a
// byte order mark: Latin text in UTF-16 has a NUL in every other byte, which
// no CSV file in UTF-8 has at all.
func utf16Text(head []byte) bool {
	var even, odd int
	for i := 0; i+1 < len(head); i += 2 {
		if head[i] == 0 {
			even++
		}
		if head[i+1] == 0 {
			odd++
		}
	}
	pairs := len(head) / 2
	return pairs >= 2 && (even > pairs/2 && odd <= pairs/10 || odd > pairs/2 && even <= pairs/10)
}

// parseProblem turns encoding/csv's terse errors into advice.
func parseProblem(file string, pe *csv.ParseError) Problem {
	p := Problem{File: file, Line: pe.StartLine}
	switch {
	case errors.Is(pe.Err, csv.ErrBareQuote):
		p.Line = pe.Line
		p.Reason = `a " appears inside a value that is not in quotes; put the whole value in double quotes and write the inner quote as ""`
	case errors.Is(pe.Err, csv.ErrQuote) && pe.Line > pe.StartLine:
		p.Reason = fmt.Sprintf(`a quoted value that starts on this line runs on to line %d; check for a missing closing "`, pe.Line)
	case errors.Is(pe.Err, csv.ErrQuote):
		p.Line = pe.Line
		p.Reason = `unexpected text after a closing "; a quote inside a quoted value is written ""`
	default:
		p.Line = pe.Line
		p.Reason = pe.Err.Error()
	}
	return p
}

func blank(rec []string) bool {
	return lastNonEmpty(rec) < 0
}

func lastNonEmpty(rec []string) int {
	for i := len(rec) - 1; i >= 0; i-- {
		if strings.TrimSpace(rec[i]) != "" {
			return i
		}
	}
	return -1
}

// countingReader counts the bytes of a file, byte order mark included, and
// stops the reading when the file passes its size limit or one row passes
// maxRowBytes; the flags say which. csv.Reader reads through a 4 KiB
// buffer, so the count runs at most that far ahead of the row being read.
type countingReader struct {
	r       io.Reader
	n, mark int64 // bytes read; bytes read when the current row began
	limit   int64

	tooLarge, rowTooLong bool
}

// errStop ends a read that a countingReader's flags explain.
var errStop = errors.New("read stopped at a limit")

func (c *countingReader) Read(p []byte) (int, error) {
	if c.n-c.mark > maxRowBytes+8<<10 {
		c.rowTooLong = true
		return 0, errStop
	}
	n, err := c.r.Read(p)
	c.n += int64(n)
	if c.n > c.limit {
		c.tooLarge = true
		return 0, errStop
	}
	return n, err
}

// rowStart notes that the reader has finished a row.
func (c *countingReader) rowStart() { c.mark = c.n }

// splitList splits a OneRoster multi-valued field ("g1,g2") into its trimmed,
// non-empty items.
func splitList(s string) []string {
	if s == "" {
		return nil
	}
	parts := strings.Split(s, ",")
	out := parts[:0]
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
