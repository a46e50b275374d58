package roster

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"strings"
)

// WriteCSV writes a table that spreadsheet programs open cleanly: UTF-8 with
// a byte order mark (without one, Excel guesses a legacy code page and
// mangles every accent), RFC 4180 quoting and CRLF line ends. A nil header
// writes rows only. Every row must have as many cells as the header.
//
// A cell that begins with =, +, -, @, a tab or a carriage return gets a
// leading single quote, so that a spreadsheet shows it as text instead of
// running it as a formula (CSV injection). Line breaks inside a cell are
// written as CRLF and read back as a newline; text that is not valid UTF-8
// is replaced with U+FFFD.
func WriteCSV(w io.Writer, header []string, rows [][]string) error {
	bw := bufio.NewWriter(w)
	if _, err := bw.WriteString("\ufeff"); err != nil {
		return err
	}
	cw := csv.NewWriter(bw)
	cw.UseCRLF = true
	record := make([]string, 0, len(header))
	write := func(cells []string) error {
		record = record[:0]
		for _, c := range cells {
			record = append(record, exportCell(c))
		}
		if len(record) == 1 && record[0] == "" {
			// encoding/csv writes a lone empty cell as an empty line,
			// which readers skip; quoting it keeps the row.
			cw.Flush()
			_, err := bw.WriteString("\"\"\r\n")
			return err
		}
		return cw.Write(record)
	}
	if header != nil {
		if err := write(header); err != nil {
			return err
		}
	}
	for i, r := range rows {
		if header != nil && len(r) != len(header) {
			return fmt.Errorf("row %d has %d cells, the header has %d", i+1, len(r), len(header))
		}
		if err := write(r); err != nil {
			return err
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	return bw.Flush()
}

// exportCell makes one cell safe to write.
func exportCell(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		s = "'" + s
	}
	// encoding/csv with UseCRLF drops a lone CR and turns LF into CRLF;
	// making every line break an LF first keeps a lone CR from vanishing.
	if strings.ContainsRune(s, '\r') {
		s = strings.ReplaceAll(s, "\r\n", "\n")
		s = strings.ReplaceAll(s, "\r", "\n")
	}
	return s
}
