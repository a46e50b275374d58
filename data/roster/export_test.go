package roster

import (
	"bytes"
	"encoding/csv"
	"reflect"
	"strings"
	"testing"
)

// readBack parses WriteCSV's output as a spreadsheet would, after checking
// and removing the byte order mark.
func readBack(t testing.TB, b []byte) [][]string {
	t.Helper()
	rest, ok := bytes.CutPrefix(b, []byte("\ufeff"))
	if !ok {
		t.Fatalf("WriteCSV output %q does not start with a byte order mark", b)
	}
	r := csv.NewReader(bytes.NewReader(rest))
	r.FieldsPerRecord = -1
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatalf("reading back %q: %v", b, err)
	}
	return recs
}

func TestWriteCSV(t *testing.T) {
	header := []string{"school_id", "name", "note"}
	tests := []struct {
		name string
		row  []string
		want []string
	}{
		{"plain", []string{"24001", "Zoë Adams", "ok"}, nil},
		{"scripts", []string{"24007", "山田太郎", "Σοφία, Алексей, Nguyễn Văn An"}, nil},
		{"quotes and commas", []string{"1", `O'Brien, "Siobhán"`, "a;b"}, nil},
		{"newlines", []string{"2", "two\nlines", "crlf\r\nand lone\rcr"}, []string{"2", "two\nlines", "crlf\nand lone\ncr"}},
		{"formula", []string{"=1+1", "+44 20 7946 0102", "-2"}, []string{"'=1+1", "'+44 20 7946 0102", "'-2"}},
		{"at, tab, carriage return", []string{"@SUM(A1)", "\tx", "\rcmd"}, []string{"'@SUM(A1)", "'\tx", "'\ncmd"}},
		{"hyperlink formula", []string{`=HYPERLINK("http://x.example","click")`, "", " =1"}, []string{`'=HYPERLINK("http://x.example","click")`, "", " =1"}},
		{"not UTF-8", []string{"Zo\xeb", "ok", ""}, []string{"Zo\uFFFD", "ok", ""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := WriteCSV(&buf, header, [][]string{tt.row}); err != nil {
				t.Fatalf("WriteCSV(%q) error = %v", tt.row, err)
			}
			want := tt.want
			if want == nil {
				want = tt.row
			}
			got := readBack(t, buf.Bytes())
			if !reflect.DeepEqual(got, [][]string{header, want}) {
				t.Errorf("WriteCSV(%q) read back = %q, want %q", tt.row, got, [][]string{header, want})
			}
		})
	}
}

func TestWriteCSVBytes(t *testing.T) {
	var buf bytes.Buffer
	rows := [][]string{{"1", "a,b"}, {"2", "say \"hi\""}, {"3", "x\ny"}}
	if err := WriteCSV(&buf, []string{"id", "text"}, rows); err != nil {
		t.Fatal(err)
	}
	want := "\ufeffid,text\r\n1,\"a,b\"\r\n2,\"say \"\"hi\"\"\"\r\n3,\"x\r\ny\"\r\n"
	if got := buf.String(); got != want {
		t.Errorf("WriteCSV bytes = %q, want %q", got, want)
	}
	// Our own reader must take our own export back: the round trip a
	// coordinator makes when correcting a list in a spreadsheet.
	tab, err := ReadTable(&buf, "export.csv")
	if err != nil {
		t.Fatal(err)
	}
	if got := tableRows(tab, "id", "text"); !reflect.DeepEqual(got, []string{"2:1|a,b", `3:2|say "hi"`, "4:3|x\ny"}) {
		t.Errorf("ReadTable(WriteCSV(...)) = %q", got)
	}
}

func TestWriteCSVRowLength(t *testing.T) {
	err := WriteCSV(&bytes.Buffer{}, []string{"a", "b"}, [][]string{{"1", "2"}, {"3"}})
	if want := "row 2 has 1 cells, the header has 2"; err == nil || err.Error() != want {
		t.Errorf("WriteCSV(short row) error = %v, want %q", err, want)
	}
	var buf bytes.Buffer
	if err := WriteCSV(&buf, nil, [][]string{{"1"}, {"2", "3"}}); err != nil {
		t.Errorf("WriteCSV(nil header) error = %v, want nil", err)
	}
	if got := strings.TrimPrefix(buf.String(), "\ufeff"); got != "1\r\n2,3\r\n" {
		t.Errorf("WriteCSV(nil header) = %q, want %q", got, "1\r\n2,3\r\n")
	}
}

func TestWriteCSVOneEmptyCell(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteCSV(&buf, []string{"note"}, [][]string{{"a"}, {""}, {"b"}}); err != nil {
		t.Fatal(err)
	}
	if got, want := readBack(t, buf.Bytes()), [][]string{{"note"}, {"a"}, {""}, {"b"}}; !reflect.DeepEqual(got, want) {
		t.Errorf("WriteCSV(one empty cell) read back = %q, want %q", got, want)
	}
}
