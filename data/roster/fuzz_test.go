package roster

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"
	"unicode/utf8"
)

// FuzzReadCSV feeds arbitrary bytes to the table reader, the OneRoster users
// parser and the plain CSV reader. Nothing may panic, and what is accepted
// must be consistent.
func FuzzReadCSV(f *testing.F) {
	for _, name := range []string{"oneroster11/users.csv", "oneroster12/users.csv", "broken/open-quote/users.csv",
		"broken/unknown-agent/users.csv", "students.csv", "students-crlf-bom.csv", "students-broken.csv"} {
		b, err := os.ReadFile(filepath.Join(fixtures, name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	for _, s := range []string{"", "\ufeff", "\xff\xfe", "a\n\"", "a,b\r\n\"x\"\"y\",\"z\n\n", "sourcedId,role,givenName,familyName,agentSourcedIds\ns,student,a,b,s\n",
		"s\x00o\x00u\x00r\x00c\x00e\x00d\x00I\x00d\x00\n\x00", "\x00s\x00o\x00u\x00r\x00c\x00e",
		"sourcedId,role,givenName,familyName,birthDate\ns,student,,b,0001-01-01\nt,student,\u202ea,b,2101-01-01\n",
		"\ufeffsourcedId,role,givenName,familyName\r\n" + strings.Repeat(",", 300) + "x\r\n"} {
		f.Add([]byte(s))
	}
	orgs := []byte("sourcedId,name,type\norg-s-01,School,school\n")
	sessions := []byte("sourcedId,title,type,startDate,endDate\n")
	f.Fuzz(func(t *testing.T, data []byte) {
		// The reader's limits, lowered so that the fuzzer reaches them.
		defer func(size, row int64, rows int) { maxFileSize, maxRowBytes, maxRows = size, row, rows }(maxFileSize, maxRowBytes, maxRows)
		maxFileSize, maxRowBytes, maxRows = 4096, 512, 40
		tab, err := ReadTable(bytes.NewReader(data), "users.csv")
		if int64(len(data)) > maxFileSize && err == nil {
			t.Fatalf("ReadTable(%d bytes) accepted a file over the limit of %d", len(data), maxFileSize)
		}
		if err == nil && len(tab.Rows) > maxRows {
			t.Fatalf("ReadTable kept %d rows, over the limit of %d", len(tab.Rows), maxRows)
		}
		if err == nil {
			// A reader that keeps some columns gives the same values for them.
			kept, err := readTable(bytes.NewReader(data), "users.csv", &Columns{Optional: []string{"givenName", tab.Header[0]}}, nil)
			if err != nil || len(kept.Rows) != len(tab.Rows) {
				t.Fatalf("readTable(some columns) = %v, want the %d rows of ReadTable", err, len(tab.Rows))
			}
			for i, r := range kept.Rows {
				for _, c := range []string{"givenName", tab.Header[0]} {
					if r.Get(c) != tab.Rows[i].Get(c) {
						t.Fatalf("row %d column %q kept as %q, read in full as %q", i, c, r.Get(c), tab.Rows[i].Get(c))
					}
				}
			}
		}
		if err == nil {
			for _, r := range tab.Rows {
				if r.Line <= tab.HeaderLine {
					t.Fatalf("row line %d is not after header line %d", r.Line, tab.HeaderLine)
				}
				for _, h := range tab.Header {
					if !utf8.ValidString(r.Get(h)) {
						t.Fatalf("accepted invalid UTF-8 %q", r.Get(h))
					}
				}
			}
			students, _, _ := PlainStudents(tab, GuessMapping(tab.Header))
			for _, s := range students {
				if s.SchoolID == "" || s.GivenName == "" || s.FamilyName == "" {
					t.Fatalf("accepted a student without a required field: %+v", s)
				}
				if y := s.DateOfBirth.Year(); !s.DateOfBirth.IsZero() && (y < 1900 || y > 2100) {
					t.Fatalf("accepted a date of birth outside 1900..2100: %+v", s)
				}
			}
		}

		r, ps, err := ReadOneRosterFS(fstest.MapFS{
			"orgs.csv":             {Data: orgs},
			"academicSessions.csv": {Data: sessions},
			"users.csv":            {Data: data},
		})
		if err != nil {
			return
		}
		for _, p := range ps {
			if p.File == "" || p.Reason == "" {
				t.Fatalf("problem without file or reason: %+v", p)
			}
		}
		students := map[string]bool{}
		for _, s := range r.Students {
			students[s.SourcedID] = true
			if s.Source.Line <= 0 || s.SchoolID == "" || s.GivenName == "" {
				t.Fatalf("accepted student without a line, school ID or given name: %+v", s)
			}
			if y := s.DateOfBirth.Year(); !s.DateOfBirth.IsZero() && (y < 1900 || y > 2100) {
				t.Fatalf("accepted a date of birth outside 1900..2100: %+v", s)
			}
		}
		guardians := map[string]bool{}
		for _, g := range r.Guardians {
			guardians[g.SourcedID] = true
		}
		for _, l := range r.Links {
			if !students[l.StudentSourcedID] || !guardians[l.GuardianSourcedID] {
				t.Fatalf("link %v names someone not accepted", l)
			}
		}
	})
}

// FuzzWriteCSV checks that whatever is exported reads back as the cell,
// neutralised and with line breaks made uniform, and that no cell a
// spreadsheet reads starts a formula.
func FuzzWriteCSV(f *testing.F) {
	f.Add("Zoë", "=1+1", "two\r\nlines")
	f.Add("", "", "")
	f.Add("@x", "\t", "\r")
	f.Add("\xff", "\"", `\.`)
	f.Fuzz(func(t *testing.T, a, b, c string) {
		row := []string{a, b, c}
		var buf bytes.Buffer
		if err := WriteCSV(&buf, []string{"a", "b", "c"}, [][]string{row}); err != nil {
			t.Fatal(err)
		}
		out := buf.Bytes()
		if !bytes.HasPrefix(out, []byte("\ufeff")) || !bytes.HasSuffix(out, []byte("\r\n")) {
			t.Fatalf("WriteCSV(%q) = %q, want a BOM and a final CRLF", row, out)
		}
		cr := csv.NewReader(bytes.NewReader(out[3:]))
		recs, err := cr.ReadAll()
		if err != nil {
			t.Fatalf("WriteCSV(%q) does not read back: %v", row, err)
		}
		if len(recs) != 2 {
			t.Fatalf("WriteCSV(%q) read back %d records, want 2", row, len(recs))
		}
		for i, got := range recs[1] {
			if want := expectedCell(row[i]); got != want {
				t.Fatalf("WriteCSV(%q) cell %d = %q, want %q", row, i, got, want)
			}
			if got != "" && strings.ContainsRune("=+-@\t\r", rune(got[0])) {
				t.Fatalf("WriteCSV(%q) cell %d = %q starts a formula", row, i, got)
			}
		}
	})
}

// expectedCell states the export rules independently of exportCell.
func expectedCell(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	if strings.HasPrefix(s, "=") || strings.HasPrefix(s, "+") || strings.HasPrefix(s, "-") ||
		strings.HasPrefix(s, "@") || strings.HasPrefix(s, "\t") || strings.HasPrefix(s, "\r") {
		s = "'" + s
	}
	return strings.NewReplacer("\r\n", "\n", "\r", "\n").Replace(s)
}

// FuzzICS writes one event with arbitrary text and times and reads it back:
// no panic, CRLF line ends, no line over 75 octets, no split character, and
// text values that survive escaping.
func FuzzICS(f *testing.F) {
	f.Add(int64(17), int64(1768231800), int64(30), "Mentoring: Zoë", "Room 12, Library", "a;b\\c\nd")
	f.Add(int64(-1), int64(0), int64(-5), "", "", "")
	f.Add(int64(1), int64(253402300799), int64(1), strings.Repeat("山田", 50), "\r\n\x00\x7f", "\xff\xfe")
	f.Fuzz(func(t *testing.T, id, startUnix, minutes int64, summary, location, desc string) {
		start := time.Unix(startUnix, 0).UTC()
		end := start.Add(time.Duration(minutes%100000) * time.Minute)
		cal := Calendar{Name: location, Stamp: testStamp, Events: []Event{{ID: id, Start: start, End: end, Summary: summary, Location: location, Description: desc}}}
		var buf bytes.Buffer
		if err := WriteICS(&buf, cal); err != nil {
			if buf.Len() > 0 {
				t.Fatalf("WriteICS failed (%v) after writing %d bytes", err, buf.Len())
			}
			return
		}
		out := buf.String()
		if !strings.HasSuffix(out, "\r\n") || strings.Contains(strings.ReplaceAll(out, "\r\n", ""), "\n") ||
			strings.Contains(strings.ReplaceAll(out, "\r\n", ""), "\r") {
			t.Fatalf("WriteICS output has a bare CR or LF: %q", out)
		}
		for _, l := range strings.Split(strings.TrimSuffix(out, "\r\n"), "\r\n") {
			if len(l) > 75 || !utf8.ValidString(l) {
				t.Fatalf("WriteICS line %q is too long or splits a character", l)
			}
		}
		events := parseICS(t, buf.Bytes())
		if len(events) != 1 {
			t.Fatalf("WriteICS read back %d events, want 1", len(events))
		}
		e := events[0]
		for name, want := range map[string]string{"SUMMARY": summary, "LOCATION": location, "DESCRIPTION": desc} {
			want = expectedText(want)
			if got := e[name]; got != want {
				t.Fatalf("%s read back = %q, want %q", name, got, want)
			}
		}
		if want := start.Format("20060102T150405"); e["DTSTART"] != want {
			t.Fatalf("DTSTART = %q, want %q", e["DTSTART"], want)
		}
	})
}

// expectedText is what a TEXT value should read back as: valid UTF-8, line
// breaks as LF, control characters other than tab and LF gone.
func expectedText(s string) string {
	s = strings.NewReplacer("\r\n", "\n", "\r", "\n").Replace(strings.ToValidUTF8(s, "\uFFFD"))
	return strings.Map(func(r rune) rune {
		if r == '\n' || r == '\t' || r >= 0x20 && r != 0x7f {
			return r
		}
		return -1
	}, s)
}
