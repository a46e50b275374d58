package roster

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

var testStamp = time.Date(2026, 1, 5, 9, 0, 0, 0, time.FixedZone("NZDT", 13*3600))

func TestWriteICS(t *testing.T) {
	london, err := time.LoadLocation("Europe/London")
	if err != nil {
		london = time.FixedZone("GMT", 0)
	}
	cal := Calendar{
		Name:  "Mentoring – Sarah Thompson",
		Stamp: testStamp,
		Events: []Event{
			{ID: 17, Start: time.Date(2026, 1, 12, 15, 30, 0, 0, london), End: time.Date(2026, 1, 12, 16, 0, 0, 0, london),
				Summary: "Mentoring: Zoë Adams", Location: "Room 12, Library", Description: "Goals; attendance\\punctuality\nBring the planner"},
			{ID: 18, Start: time.Date(2026, 1, 19, 8, 45, 0, 0, time.UTC), Summary: "Meeting with 山田太郎"},
		},
	}
	var buf bytes.Buffer
	if err := WriteICS(&buf, cal); err != nil {
		t.Fatalf("WriteICS() error = %v", err)
	}
	want := "BEGIN:VCALENDAR\r\n" +
		"VERSION:2.0\r\n" +
		"PRODID:-//Mentorbook//Mentorbook//EN\r\n" +
		"CALSCALE:GREGORIAN\r\n" +
		"METHOD:PUBLISH\r\n" +
		"X-WR-CALNAME:Mentoring – Sarah Thompson\r\n" +
		"BEGIN:VEVENT\r\n" +
		"UID:meeting-17@mentorbook\r\n" +
		"DTSTAMP:20260104T200000Z\r\n" +
		"DTSTART:20260112T153000\r\n" +
		"DTEND:20260112T160000\r\n" +
		"SUMMARY:Mentoring: Zoë Adams\r\n" +
		"LOCATION:Room 12\\, Library\r\n" +
		"DESCRIPTION:Goals\\; attendance\\\\punctuality\\nBring the planner\r\n" +
		"END:VEVENT\r\n" +
		"BEGIN:VEVENT\r\n" +
		"UID:meeting-18@mentorbook\r\n" +
		"DTSTAMP:20260104T200000Z\r\n" +
		"DTSTART:20260119T084500\r\n" +
		"SUMMARY:Meeting with 山田太郎\r\n" +
		"END:VEVENT\r\n" +
		"END:VCALENDAR\r\n"
	if got := buf.String(); got != want {
		t.Errorf("WriteICS() =\n%s\nwant\n%s", got, want)
	}
	checkICSWithPython(t, buf.Bytes(), []string{"Mentoring: Zoë Adams", "Meeting with 山田太郎"})
}

func TestEscapeText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain", "plain"},
		{`a\b`, `a\\b`},
		{"a;b,c", `a\;b\,c`},
		{"line\nbreak", `line\nbreak`},
		{"crlf\r\nand cr\r", `crlf\nand cr\n`},
		{"tab\tkept, bell\a dropped", "tab\tkept\\, bell dropped"},
		{"Zo\xeb", "Zo\uFFFD"},
		{"Σοφία; Алексей", `Σοφία\; Алексей`},
	}
	for _, tt := range tests {
		if got := escapeText(tt.in); got != tt.want {
			t.Errorf("escapeText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestWriteICSFolding(t *testing.T) {
	tests := []struct {
		name    string
		summary string
	}{
		{"ascii", strings.Repeat("abcdefghij", 20)},
		{"two-byte", strings.Repeat("Zoë José Σοφία Алексей ", 12)},
		{"three-byte", strings.Repeat("山田太郎", 40)},
		{"four-byte", strings.Repeat("🙂", 60)},
		{"escapes at the fold", strings.Repeat(",", 100)},
		{"exactly 75", strings.Repeat("x", 75-len("SUMMARY:"))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			cal := Calendar{Stamp: testStamp, Events: []Event{{ID: 1, Start: testStamp, Summary: tt.summary}}}
			if err := WriteICS(&buf, cal); err != nil {
				t.Fatal(err)
			}
			out := buf.String()
			if !strings.HasSuffix(out, "\r\n") || strings.Contains(strings.ReplaceAll(out, "\r\n", ""), "\n") {
				t.Fatalf("WriteICS(%s) has a line end other than CRLF", tt.name)
			}
			for _, l := range strings.Split(strings.TrimSuffix(out, "\r\n"), "\r\n") {
				if len(l) > 75 {
					t.Errorf("WriteICS(%s) line of %d octets: %q", tt.name, len(l), l)
				}
				if !utf8.ValidString(l) {
					t.Errorf("WriteICS(%s) split a UTF-8 character: %q", tt.name, l)
				}
			}
			if got := parseICS(t, buf.Bytes())[0]["SUMMARY"]; got != tt.summary {
				t.Errorf("WriteICS(%s) SUMMARY read back = %q, want %q", tt.name, got, tt.summary)
			}
		})
	}
}

func TestWriteICSErrors(t *testing.T) {
	start := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		cal  Calendar
		want string
	}{
		{"no stamp", Calendar{}, "calendar stamp is not set"},
		{"ends before start", Calendar{Stamp: testStamp, Events: []Event{{ID: 4, Start: start, End: start.Add(-time.Minute)}}}, "meeting 4 ends before it starts"},
		{"year 10000", Calendar{Stamp: testStamp, Events: []Event{{ID: 5, Start: start.AddDate(8000, 0, 0)}}}, "meeting 5 is outside the years 1 to 9999"},
	}
	for _, tt := range tests {
		var buf bytes.Buffer
		err := WriteICS(&buf, tt.cal)
		if err == nil || err.Error() != tt.want {
			t.Errorf("WriteICS(%s) error = %v, want %q", tt.name, err, tt.want)
		}
		if buf.Len() != 0 {
			t.Errorf("WriteICS(%s) wrote %d bytes before failing, want none", tt.name, buf.Len())
		}
	}
}

// parseICS unfolds and splits an iCalendar file into one map per VEVENT,
// with TEXT values unescaped: a reader independent of the writer's code.
func parseICS(t testing.TB, b []byte) []map[string]string {
	t.Helper()
	s := strings.ReplaceAll(string(b), "\r\n ", "")
	var events []map[string]string
	var cur map[string]string
	for _, l := range strings.Split(strings.TrimSuffix(s, "\r\n"), "\r\n") {
		name, value, ok := strings.Cut(l, ":")
		if !ok {
			t.Fatalf("content line without a colon: %q", l)
		}
		switch {
		case l == "BEGIN:VEVENT":
			cur = map[string]string{}
		case l == "END:VEVENT":
			events = append(events, cur)
			cur = nil
		case cur != nil:
			cur[name] = unescapeText(value)
		}
	}
	return events
}

func unescapeText(s string) string {
	r := strings.NewReplacer(`\\`, `\`, `\;`, `;`, `\,`, `,`, `\n`, "\n", `\N`, "\n")
	return r.Replace(s)
}

// systemPython is Debian's Python, which .ci/deps gives the icalendar
// package (python3-icalendar); a python3 earlier on the PATH may lack it.
const systemPython = "/usr/bin/python3"

// checkICSWithPython parses the file with Python's icalendar package, as an
// independent check that other software reads our files.
func checkICSWithPython(t *testing.T, ics []byte, summaries []string) {
	t.Run("python icalendar", func(t *testing.T) {
		if out, err := exec.Command(systemPython, "-c", "import icalendar").CombinedOutput(); err != nil {
			t.Fatalf("%s cannot import icalendar (apt-get install python3-icalendar, as .ci/deps does): %v\n%s", systemPython, err, out)
		}
		p := filepath.Join(t.TempDir(), "m.ics")
		if err := os.WriteFile(p, ics, 0o600); err != nil {
			t.Fatal(err)
		}
		script := `import sys, icalendar
cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())
for e in cal.walk('VEVENT'):
    print(str(e['SUMMARY']))`
		out, err := exec.Command(systemPython, "-c", script, p).CombinedOutput()
		if err != nil {
			t.Fatalf("icalendar could not parse the file: %v\n%s", err, out)
		}
		if got := strings.Split(strings.TrimSpace(string(out)), "\n"); !reflect.DeepEqual(got, summaries) {
			t.Errorf("icalendar read summaries %q, want %q", got, summaries)
		}
	})
}
