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
)

// maxFileSize bounds how much of one file is read. The largest district this
// program is meant for exports a users.csv of a few tens of megabytes. It is
// a variable so that a test can lower it.
var maxFileSize int64 = 256 << 20

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
	Problems []Problem

	index map[string]int
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
// no such column or the row is shorter than the header. Names are matched
// case-insensitively.
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

// ReadTable reads a whole CSV file: UTF-8 with or without a byte order mark,
// CRLF or LF line ends, RFC 4180 quoting. The first non-blank row is the
// header. Blank rows are skipped; trailing delimiters and short rows are
// tolerated; a row with values beyond the last named column is rejected into
// Table.Problems, because it almost always means a value with an unquoted
// comma has shifted every column after it.
//
// A file that cannot be parsed at all (broken quoting, text that is not UTF-8,
// a header naming the same column twice) yields a Problem as the error, which
// callers may recover with errors.As. Other errors come from r.
func ReadTable(r io.Reader, file string) (*Table, error) {
	br := bufio.NewReader(io.LimitReader(r, maxFileSize+1))
	if err := skipBOM(br, file); err != nil {
		return nil, err
	}
	counter := &countingReader{r: br}
	cr := csv.NewReader(counter)
	cr.FieldsPerRecord = -1
	// Hand-edited files often put a space after the comma, even before a
	// quoted value; without this, `a, "b"` would be a quoting error.
	cr.TrimLeadingSpace = true
	cr.ReuseRecord = false

	t := &Table{File: file}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			if counter.n > maxFileSize {
				return nil, fmt.Errorf("%s: %w", file, ErrTooLarge)
			}
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, parseProblem(file, pe)
			}
			return nil, fmt.Errorf("%s: %w", file, err)
		}
		line, _ := cr.FieldPos(0)
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
			if err := t.setHeader(rec, line); err != nil {
				return nil, err
			}
			continue
		}
		if n := lastNonEmpty(rec) + 1; n > len(t.Header) {
			t.Problems = append(t.Problems, Problem{File: file, Line: line,
				Reason: fmt.Sprintf("row has %d values but the header names %d columns; a value containing a comma must be in double quotes", n, len(t.Header))})
			continue
		}
		t.Rows = append(t.Rows, Row{Line: line, values: rec, index: t.index})
	}
	if counter.n > maxFileSize {
		return nil, fmt.Errorf("%s: %w", file, ErrTooLarge)
	}
	if t.index == nil {
		return nil, Problem{File: file, Reason: "file is empty; expected a header row"}
	}
	return t, nil
}

// setHeader indexes the header row. Empty header cells (often left by a
// trailing delimiter) name no column.
func (t *Table) setHeader(rec []string, line int) error {
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
	return nil
}

// skipBOM drops a UTF-8 byte order mark and refuses UTF-16, which Excel's
// "Unicode text" produces and which would otherwise read as garbage.
func skipBOM(br *bufio.Reader, file string) error {
	head, _ := br.Peek(3)
	switch {
	case bytes.HasPrefix(head, []byte("\xef\xbb\xbf")):
		_, _ = br.Discard(3)
	case bytes.HasPrefix(head, []byte("\xff\xfe")), bytes.HasPrefix(head, []byte("\xfe\xff")):
		return Problem{File: file, Line: 1, Reason: "file is UTF-16 text; save it as UTF-8 (in Excel: CSV UTF-8)"}
	}
	return nil
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

// countingReader counts bytes so that an over-long file is reported as such
// rather than as a parse error in a cut-off last row.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

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
