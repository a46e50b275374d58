package report

import (
	"bytes"
	"html"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/unicode/norm"
)

// testOptions are fixed so that output is byte-stable.
var testOptions = letterhead{
	School:  "Kōwhai Valley School",
	Term:    "2026–27 Autumn",
	Paper:   "A4",
	Printed: time.Date(2026, 11, 27, 9, 30, 0, 0, time.UTC),
	Version: "test",
}

// render builds a document with draw and returns the PDF bytes.
func render(t testing.TB, opt letterhead, draw func(d *doc)) []byte {
	t.Helper()
	d, err := newDoc(opt, "Test report", "engine test")
	if err != nil {
		t.Fatalf("newDoc: %v", err)
	}
	draw(d)
	var buf bytes.Buffer
	if err := d.write(&buf); err != nil {
		t.Fatalf("write: %v", err)
	}
	return buf.Bytes()
}

// pdfText returns what pdftotext reads from pdf, one string per page.
func pdfText(t testing.TB, pdf []byte, args ...string) []string {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Fatal("pdftotext (poppler-utils) is not installed; make test installs it")
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "in.pdf")
	if err := os.WriteFile(in, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", append(append([]string{"-enc", "UTF-8"}, args...), in, "-")...).Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	pages := bytes.Split(out, []byte("\f"))
	var texts []string
	for _, p := range pages[:len(pages)-1] {
		texts = append(texts, string(p))
	}
	return texts
}

// normalize undoes what PDF text extraction adds to right-to-left text: the
// direction marks pdftotext inserts and the Arabic presentation forms the
// engine draws.
func normalize(s string) string {
	s = strings.Map(func(r rune) rune {
		if r >= 0x202A && r <= 0x202E || r >= 0x2066 && r <= 0x2069 || r == 0x200E || r == 0x200F {
			return -1
		}
		return r
	}, s)
	return norm.NFKC.String(s)
}

// word is a word pdftotext found, with its box in points.
type word struct {
	page                   int
	xMin, yMin, xMax, yMax float64
	text                   string
}

var (
	pageRE = regexp.MustCompile(`<page width="([0-9.]+)" height="([0-9.]+)">`)
	wordRE = regexp.MustCompile(`<word xMin="([0-9.]+)" yMin="([0-9.]+)" xMax="([0-9.]+)" yMax="([0-9.]+)">([^<]*)</word>`)
)

// pdfWords returns every word of pdf with its position, and the page size.
func pdfWords(t testing.TB, pdf []byte) (words []word, pageW, pageH float64) {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Fatal("pdftotext (poppler-utils) is not installed; make test installs it")
	}
	in := filepath.Join(t.TempDir(), "in.pdf")
	if err := os.WriteFile(in, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-bbox", in, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext -bbox: %v", err)
	}
	page := 0
	for _, line := range strings.Split(string(out), "\n") {
		if m := pageRE.FindStringSubmatch(line); m != nil {
			page++
			pageW, _ = strconv.ParseFloat(m[1], 64)
			pageH, _ = strconv.ParseFloat(m[2], 64)
			continue
		}
		if m := wordRE.FindStringSubmatch(line); m != nil {
			w := word{page: page, text: html.UnescapeString(m[5])}
			w.xMin, _ = strconv.ParseFloat(m[1], 64)
			w.yMin, _ = strconv.ParseFloat(m[2], 64)
			w.xMax, _ = strconv.ParseFloat(m[3], 64)
			w.yMax, _ = strconv.ParseFloat(m[4], 64)
			words = append(words, w)
		}
	}
	return words, pageW, pageH
}

// drawnRTL returns the words that are lines holding right-to-left text:
// the engine marks each such line with its text (see actualText), which
// pdftotext -bbox reads as one word, its letters in the order drawn, left
// to right.
func drawnRTL(words []word) []word {
	var out []word
	for _, w := range words {
		if strings.IndexFunc(w.text, mayBeRTL) >= 0 {
			out = append(out, w)
		}
	}
	return out
}

// pdfInfo returns what pdfinfo says about pdf, with dates in UTC.
func pdfInfo(t testing.TB, pdf []byte) string {
	t.Helper()
	in := filepath.Join(t.TempDir(), "in.pdf")
	if err := os.WriteFile(in, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("pdfinfo", in)
	cmd.Env = append(os.Environ(), "TZ=UTC")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pdfinfo: %v", err)
	}
	return string(out)
}
