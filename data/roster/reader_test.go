package roster

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"
)

// tableRows renders a table's rows as "line:value|value" for the named
// columns, which keeps the expectations below on one line each.
func tableRows(t *Table, columns ...string) []string {
	var out []string
	for _, r := range t.Rows {
		vs := make([]string, len(columns))
		for i, c := range columns {
			vs[i] = r.Get(c)
		}
		out = append(out, fmt.Sprintf("%d:%s", r.Line, strings.Join(vs, "|")))
	}
	return out
}

func TestReadTable(t *testing.T) {
	tests := []struct {
		name     string
		in       string
		rows     []string // for columns id and name
		problems []string
	}{
		{"LF", "id,name\n1,Zoë\n2,José\n", []string{"2:1|Zoë", "3:2|José"}, nil},
		{"CRLF", "id,name\r\n1,Zoë\r\n2,José\r\n", []string{"2:1|Zoë", "3:2|José"}, nil},
		{"BOM", "\ufeffid,name\n1,Zoë\n", []string{"2:1|Zoë"}, nil},
		{"BOM and CRLF", "\ufeffid,name\r\n1,山田太郎\r\n", []string{"2:1|山田太郎"}, nil},
		{"no final newline", "id,name\n1,Aroha", []string{"2:1|Aroha"}, nil},
		{"columns by name in any order and case", " NAME ,Extra, Id\nΣοφία,x,7\n", []string{"2:7|Σοφία"}, nil},
		{"quoted comma", "id,name\n1,\"Adeyemi, Oluwaseun\"\n", []string{"2:1|Adeyemi, Oluwaseun"}, nil},
		{"quoted newline keeps later line numbers", "id,name\n1,\"two\nlines\"\n2,Алексей\n", []string{"2:1|two\nlines", "4:2|Алексей"}, nil},
		{"quoted CRLF newline", "id,name\r\n1,\"two\r\nlines\"\r\n2,b\r\n", []string{"2:1|two\nlines", "4:2|b"}, nil},
		{"escaped quote", "id,name\n1,\"Mary \"\"Mo\"\" Ng\"\n", []string{"2:1|Mary \"Mo\" Ng"}, nil},
		{"space before quoted value", "id, name\n1, \"Ng, An\"\n", []string{"2:1|Ng, An"}, nil},
		{"blank lines skipped", "\n\nid,name\n\n1,a\n,,\n  ,  \n2,b\n", []string{"5:1|a", "8:2|b"}, nil},
		{"trailing delimiters", "id,name,\n1,a,\n2,b,,\n", []string{"2:1|a", "3:2|b"}, nil},
		{"short row", "id,name,email\n1\n", []string{"2:1|"}, nil},
		{"values are trimmed", "id,name\n 1 , Nguyễn Văn An \n", []string{"2:1|Nguyễn Văn An"}, nil},
		{"extra value rejected", "id,name\n1,Smith, John\n2,b\n", []string{"3:2|b"},
			[]string{"x.csv:2: row has 3 values but the header names 2 columns; a value containing a comma must be in double quotes"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tab, err := ReadTable(strings.NewReader(tt.in), "x.csv")
			if err != nil {
				t.Fatalf("ReadTable(%q) error = %v, want nil", tt.in, err)
			}
			if got := tableRows(tab, "id", "name"); !reflect.DeepEqual(got, tt.rows) {
				t.Errorf("ReadTable(%q) rows = %q, want %q", tt.in, got, tt.rows)
			}
			if got := problemStrings(tab.Problems); !reflect.DeepEqual(got, tt.problems) {
				t.Errorf("ReadTable(%q) problems = %q, want %q", tt.in, got, tt.problems)
			}
		})
	}
}

func TestReadTableErrors(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string
	}{
		{"quoted field left open", "id,name\n1,\"open\n2,b\n3,c\n",
			`x.csv:2: a quoted value that starts on this line runs on to line 4; check for a missing closing "`},
		{"text after closing quote", "id,name\n1,\"a\"b\n",
			`x.csv:2: unexpected text after a closing "; a quote inside a quoted value is written ""`},
		{"bare quote", "id,name\n1,5\" pipe\n",
			`x.csv:2: a " appears inside a value that is not in quotes; put the whole value in double quotes and write the inner quote as ""`},
		{"invalid UTF-8 names its line", "id,name\n1,ok\n2,Zo\xeb\n",
			"x.csv:3: text is not valid UTF-8; save the file as UTF-8 (in Excel: CSV UTF-8)"},
		{"invalid UTF-8 inside a multi-line value", "id,name\n1,\"a\nb\xff\"\n",
			"x.csv:2: text is not valid UTF-8; save the file as UTF-8 (in Excel: CSV UTF-8)"},
		{"UTF-16", "\xff\xfei\x00d\x00", "x.csv:1: file is UTF-16 text; save it as UTF-8 (in Excel: CSV UTF-8)"},
		{"duplicate column", "id,Name,name\n", `x.csv:1: column "name" appears twice in the header`},
		{"empty", "", "x.csv: file is empty; expected a header row"},
		{"only blank lines", "\r\n\r\n,,\r\n", "x.csv: file is empty; expected a header row"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadTable(strings.NewReader(tt.in), "x.csv")
			var p Problem
			if !errors.As(err, &p) {
				t.Fatalf("ReadTable(%q) error = %v, want a Problem", tt.in, err)
			}
			if got := p.String(); got != tt.want {
				t.Errorf("ReadTable(%q) error = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestTableMissing(t *testing.T) {
	tab, err := ReadTable(strings.NewReader("\nsourcedId,familyName\n"), "users.csv")
	if err != nil {
		t.Fatal(err)
	}
	got := problemStrings(tab.Missing("sourcedid", "givenName", "familyName", "role"))
	want := []string{`users.csv:2: missing required column "givenName"`, `users.csv:2: missing required column "role"`}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Missing() = %q, want %q", got, want)
	}
}

func TestParseDate(t *testing.T) {
	tests := []struct {
		in      string
		want    time.Time
		wantErr string
	}{
		{"2013-11-04", time.Date(2013, 11, 4, 0, 0, 0, 0, time.UTC), ""},
		{"2012-02-29", time.Date(2012, 2, 29, 0, 0, 0, 0, time.UTC), ""},
		{"2011-02-31", time.Time{}, `birthDate "2011-02-31" is not a real date (use YYYY-MM-DD)`},
		{"2011-02-29", time.Time{}, `birthDate "2011-02-29" is not a real date (use YYYY-MM-DD)`},
		{"2011-13-01", time.Time{}, `birthDate "2011-13-01" is not a real date (use YYYY-MM-DD)`},
		{"2011-00-10", time.Time{}, `birthDate "2011-00-10" is not a real date (use YYYY-MM-DD)`},
		{"31/02/2011", time.Time{}, `birthDate "31/02/2011" is not a date in the form YYYY-MM-DD`},
		{"2011-2-3", time.Time{}, `birthDate "2011-2-3" is not a date in the form YYYY-MM-DD`},
		{"2011-02-03T00:00:00Z", time.Time{}, `birthDate "2011-02-03T00:00:00Z" is not a date in the form YYYY-MM-DD`},
		{"２０１１-０２-０３", time.Time{}, `birthDate "２０１１-０２-０３" is not a date in the form YYYY-MM-DD`},
	}
	for _, tt := range tests {
		got, err := parseDate("birthDate", tt.in)
		gotErr := ""
		if err != nil {
			gotErr = err.Error()
		}
		if !got.Equal(tt.want) || gotErr != tt.wantErr {
			t.Errorf("parseDate(%q) = %v, %q, want %v, %q", tt.in, got, gotErr, tt.want, tt.wantErr)
		}
	}
}

func TestSplitList(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"", nil},
		{"g-1", []string{"g-1"}},
		{"g-1,g-2", []string{"g-1", "g-2"}},
		{" g-1 , ,g-2, ", []string{"g-1", "g-2"}},
	}
	for _, tt := range tests {
		if got := splitList(tt.in); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("splitList(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func problemStrings(ps []Problem) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.String())
	}
	return out
}

func TestReadTableTooLarge(t *testing.T) {
	defer func(n int64) { maxFileSize = n }(maxFileSize)
	maxFileSize = 64
	in := "id,name\n" + strings.Repeat("1,abcdefgh\n", 10)
	if _, err := ReadTable(strings.NewReader(in), "x.csv"); !errors.Is(err, ErrTooLarge) {
		t.Errorf("ReadTable(%d bytes) error = %v, want ErrTooLarge", len(in), err)
	}
	// A zip bomb is stopped the same way: only the limit is ever read.
	fsys := mapFS(map[string][]byte{"orgs.csv": []byte("sourcedId,name,type\n"), "academicSessions.csv": []byte("sourcedId\n"), "users.csv": []byte("sourcedId,role,givenName,familyName\n" + strings.Repeat("s,student,a,b\n", 10))})
	if _, _, err := ReadOneRosterFS(fsys); !errors.Is(err, ErrTooLarge) {
		t.Errorf("ReadOneRosterFS(large users.csv) error = %v, want ErrTooLarge", err)
	}
}
