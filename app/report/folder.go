package report

import (
	"bytes"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"unicode/utf16"

	"mentorbook/data"
)

// folderRun is how many summaries a Folder draws into one document before
// splitting it: enough that setting up and subsetting the fonts, which
// costs more than drawing a summary, is paid rarely; few enough that each
// file's font subsets stay close to what its own summary uses. At 32 the
// fonts still cost about 0.65 s of CPU a 618-summary batch (fpdf parses
// each face when it is added and again to subset it); 64 halves that, and
// the 618 files came out no larger, as measured (40.7 MB against 41.2 MB;
// docs/BENCHMARKS.md). A variable so that tests on a small school can
// print more than one run.
var folderRun = 64

// Folder draws student summaries as one PDF each, about as fast as one
// book of them: it draws a run of summaries into one document, whose
// fonts are set up and subset once, then splits that document into a file
// per student. Each file holds its pages, the fonts they use (each subset
// once) and the logo, and reads as its own summary: "Page 1 of 2", its
// title and a bookmark under the student's name.
type Folder struct {
	opt  Options
	emit func(st *data.Student, pdf []byte) error
	d    *doc
	run  []folderEntry
}

type folderEntry struct {
	student data.Student
	first   int // the summary's first page in the run's document
}

// NewFolder starts a folder of summaries; emit receives each student's
// PDF as soon as it is made, in the order the summaries were added.
func NewFolder(opt Options, emit func(st *data.Student, pdf []byte) error) *Folder {
	return &Folder{opt: opt, emit: emit}
}

// Add draws one student's summary.
func (f *Folder) Add(sum *data.StudentSummary) error {
	if f.d == nil {
		d, err := newDoc(letterheadOf(sum.ReportHeader, f.opt), summaryTitle, "")
		if err != nil {
			return err
		}
		d.pageFonts = map[int]uint8{}
		f.d = d
	}
	f.run = append(f.run, folderEntry{student: sum.Student, first: f.d.pdf.PageNo() + 1})
	f.d.summary(sum)
	if len(f.run) >= folderRun {
		return f.flush()
	}
	return nil
}

// Close makes the files of the summaries not yet made.
func (f *Folder) Close() error { return f.flush() }

func (f *Folder) flush() error {
	if len(f.run) == 0 {
		return nil
	}
	var buf bytes.Buffer
	if err := f.d.write(&buf); err != nil {
		return err
	}
	book, err := readPDF(buf.Bytes())
	if err != nil {
		return fmt.Errorf("split the summaries: %w", err)
	}
	// fpdf names each embedded face "utf8" + family + style.
	book.faceBits = map[string]uint8{}
	for _, set := range []*fontSet{f.d.reg, f.d.bold} {
		for _, fc := range set.faces {
			book.faceBits["utf8"+fc.family+fc.style] = 1 << fc.index
		}
	}
	run, pageFonts := f.run, f.d.pageFonts
	f.d, f.run = nil, nil
	for i, e := range run {
		last := len(book.pages)
		if i+1 < len(run) {
			last = run[i+1].first - 1
		}
		st := e.student
		var fonts uint8
		for p := e.first; p <= last; p++ {
			fonts |= pageFonts[p]
		}
		pdf, err := book.extract(e.first-1, last, fonts, fileInfo{
			subject:  "Termly progress summary of " + st.FullName(),
			bookmark: st.FullName() + " (" + st.SchoolID + ")",
		})
		if err != nil {
			return fmt.Errorf("split the summaries: %w", err)
		}
		if err := f.emit(&st, pdf); err != nil {
			return err
		}
	}
	return nil
}

// pdfBook is a PDF as fpdf writes it, read back to be split: every object
// by number, and the pages in order. It reads only what fpdf writes: a
// classic cross-reference table, no object streams, no incremental
// updates.
type pdfBook struct {
	header []byte
	objs   map[int][]byte // "N 0 obj\n … endobj\n", whole
	pages  []int
	root   int    // the page tree
	info   []byte // the information dictionary's body
	lang   []byte // the catalog's /Lang entry
	// faceBits maps a font's /BaseFont to its bit in doc.pageFonts.
	faceBits map[string]uint8
	// tmpls holds each object copied so far cut at its references, to be
	// renumbered without searching it again for every file.
	tmpls map[int]*objTmpl
}

// objTmpl is an object's dictionary cut at its references: parts[i] comes
// before refs[i], and the last part (with the stream) after the last one.
type objTmpl struct {
	parts [][]byte
	refs  []int
}

func newTmpl(dict, stream []byte) *objTmpl {
	t := &objTmpl{}
	last := 0
	for _, m := range refRE.FindAllSubmatchIndex(dict, -1) {
		t.parts = append(t.parts, dict[last:m[0]])
		t.refs = append(t.refs, atoi(dict[m[2]:m[3]]))
		last = m[1]
	}
	t.parts = append(t.parts, append(dict[last:len(dict):len(dict)], stream...))
	return t
}

var (
	startxrefRE = regexp.MustCompile(`startxref\s+(\d+)\s+%%EOF\s*$`)
	refRE       = regexp.MustCompile(`(\d+) 0 R`)
	kidsRE      = regexp.MustCompile(`/Kids \[([^\]]*)\]`)
	rootRE      = regexp.MustCompile(`/Root (\d+) 0 R`)
	infoRE      = regexp.MustCompile(`/Info (\d+) 0 R`)
	pagesRE     = regexp.MustCompile(`/Pages (\d+) 0 R`)
	langRE      = regexp.MustCompile(`/Lang \([^)]*\)`)
	fontRE      = regexp.MustCompile(`(?m)^/(F[0-9a-f]+) (\d+) 0 R\n`)
	subjectRE   = regexp.MustCompile(`(?m)^/Subject \(.*\)\n`)
	baseFontRE  = regexp.MustCompile(`/BaseFont /(\S+)`)
	countRE     = regexp.MustCompile(`/Count \d+`)
)

func readPDF(b []byte) (*pdfBook, error) {
	m := startxrefRE.FindSubmatch(b)
	if m == nil {
		return nil, fmt.Errorf("no startxref")
	}
	xref, _ := strconv.Atoi(string(m[1]))
	if xref <= 0 || xref >= len(b) || !bytes.HasPrefix(b[xref:], []byte("xref\n0 ")) {
		return nil, fmt.Errorf("no cross-reference table at %d", xref)
	}
	rest := b[xref+len("xref\n0 "):]
	nl := bytes.IndexByte(rest, '\n')
	n, err := strconv.Atoi(string(rest[:nl]))
	if err != nil {
		return nil, fmt.Errorf("cross-reference table: %w", err)
	}
	entries := rest[nl+1:]
	if len(entries) < 20*n {
		return nil, fmt.Errorf("cross-reference table cut short")
	}
	offsets := make([]int, n)
	for i := 1; i < n; i++ {
		offsets[i], _ = strconv.Atoi(string(entries[20*i : 20*i+10]))
	}
	book := &pdfBook{objs: make(map[int][]byte, n)}
	// Objects are written one after another: each ends where the next
	// begins, the last where the table does.
	order := make([]int, 0, n)
	for i := 1; i < n; i++ {
		order = append(order, i)
	}
	slices.SortFunc(order, func(a, c int) int { return offsets[a] - offsets[c] })
	for k, i := range order {
		end := xref
		if k+1 < len(order) {
			end = offsets[order[k+1]]
		}
		if offsets[i] <= 0 || offsets[i] > end {
			return nil, fmt.Errorf("object %d at %d", i, offsets[i])
		}
		book.objs[i] = b[offsets[i]:end]
	}
	if len(order) == 0 {
		return nil, fmt.Errorf("no objects")
	}
	book.header = b[:offsets[order[0]]]
	trailer := b[xref:]
	rm, im := rootRE.FindSubmatch(trailer), infoRE.FindSubmatch(trailer)
	if rm == nil || im == nil {
		return nil, fmt.Errorf("no catalog or information dictionary")
	}
	catalog := book.objs[atoi(rm[1])]
	pm := pagesRE.FindSubmatch(catalog)
	if pm == nil {
		return nil, fmt.Errorf("no page tree")
	}
	book.root = atoi(pm[1])
	book.lang = langRE.Find(catalog)
	book.info = dictBody(book.objs[atoi(im[1])])
	km := kidsRE.FindSubmatch(book.objs[book.root])
	if km == nil {
		return nil, fmt.Errorf("no pages")
	}
	for _, r := range refRE.FindAllSubmatch(km[1], -1) {
		book.pages = append(book.pages, atoi(r[1]))
	}
	return book, nil
}

// fileInfo is what a file split from a book says of itself.
type fileInfo struct {
	subject  string // the document's subject in its properties
	bookmark string // its one bookmark, on its first page
}

// extract writes pages [from, to) of the book as a PDF of their own, with
// the objects they need renumbered, only the fonts they use, and info.
func (b *pdfBook) extract(from, to int, fonts uint8, info fileInfo) ([]byte, error) {
	if from < 0 || to > len(b.pages) || from >= to {
		return nil, fmt.Errorf("pages %d to %d of %d", from+1, to, len(b.pages))
	}
	if b.tmpls == nil {
		b.tmpls = map[int]*objTmpl{}
	}
	w := &pdfWriter{book: b, num: map[int]int{}}
	w.out.Write(b.header)
	root := w.reserve()
	w.num[b.root] = root
	// The shared resources dictionary, cut down to the fonts the pages
	// draw with.
	w.prune = func(obj []byte) []byte {
		return fontRE.ReplaceAllFunc(obj, func(line []byte) []byte {
			m := baseFontRE.FindSubmatch(b.objs[atoi(fontRE.FindSubmatch(line)[2])])
			if bit, known := b.faceBits[string(m[1])]; m != nil && known && bit&fonts == 0 {
				return nil
			}
			return line
		})
	}
	var kids []int
	for _, p := range b.pages[from:to] {
		kids = append(kids, w.copy(p))
	}
	if w.err != nil {
		return nil, w.err
	}
	pages := dictBody(b.objs[b.root])
	pages = kidsRE.ReplaceAll(pages, []byte("/Kids ["+refs(kids)+"]"))
	pages = countRE.ReplaceAll(pages, []byte("/Count "+strconv.Itoa(len(kids))))
	w.write(root, pages)
	outlines, item := w.reserve(), w.reserve()
	w.write(outlines, []byte(fmt.Sprintf("<</Type /Outlines /First %d 0 R /Last %d 0 R /Count 1>>", item, item)))
	w.write(item, []byte(fmt.Sprintf("<</Title %s /Parent %d 0 R /Dest [%d 0 R /XYZ 0 null null] /Count 0>>", pdfString(info.bookmark), outlines, kids[0])))
	infoObj := w.reserve()
	subject := []byte("/Subject " + pdfString(info.subject) + "\n")
	infoBody := subjectRE.ReplaceAllLiteral(b.info, subject)
	if !subjectRE.Match(b.info) {
		infoBody = append(bytes.TrimSuffix(bytes.TrimRight(infoBody, "\n"), []byte(">>")), subject...)
		infoBody = append(infoBody, ">>"...)
	}
	w.write(infoObj, infoBody)
	catalog := w.reserve()
	w.write(catalog, []byte(fmt.Sprintf("<<\n/Type /Catalog\n/Pages %d 0 R\n%s\n/Outlines %d 0 R\n/PageMode /UseOutlines\n>>", root, b.lang, outlines)))
	return w.finish(catalog, infoObj), nil
}

// pdfWriter writes objects copied from a book under new numbers.
type pdfWriter struct {
	book    *pdfBook
	out     bytes.Buffer
	num     map[int]int // old number to new
	offsets []int       // by new number - 1; 0 until written
	prune   func([]byte) []byte
	err     error
}

func (w *pdfWriter) reserve() int {
	w.offsets = append(w.offsets, 0)
	return len(w.offsets)
}

// copy writes object old and every object it refers to, except its parent
// (the page tree, which is written anew), and returns its new number.
func (w *pdfWriter) copy(old int) int {
	if n, ok := w.num[old]; ok {
		return n
	}
	t, err := w.book.tmpl(old, w.prune)
	if err != nil {
		w.err = err
		return 0
	}
	n := w.reserve()
	w.num[old] = n
	// Copy what the dictionary refers to first, then renumber it.
	for _, r := range t.refs {
		w.copy(r)
	}
	w.offsets[n-1] = w.out.Len()
	w.out.WriteString(strconv.Itoa(n))
	w.out.WriteString(" 0 obj\n")
	for i, part := range t.parts {
		w.out.Write(part)
		if i < len(t.refs) {
			w.out.WriteString(strconv.Itoa(w.num[t.refs[i]]))
			w.out.WriteString(" 0 R")
		}
	}
	return n
}

// tmpl returns object old cut at its references. The resources dictionary,
// which each file cuts down with prune, is cut anew each time.
func (b *pdfBook) tmpl(old int, prune func([]byte) []byte) (*objTmpl, error) {
	if t, ok := b.tmpls[old]; ok {
		return t, nil
	}
	obj, ok := b.objs[old]
	if !ok {
		return nil, fmt.Errorf("object %d is missing", old)
	}
	body := obj[bytes.IndexByte(obj, '\n')+1:] // after "N 0 obj"
	dict, stream := body, []byte(nil)
	if i := bytes.Index(body, []byte("stream\n")); i >= 0 && bytes.HasPrefix(body, []byte("<<")) {
		dict, stream = body[:i], body[i:]
	}
	if bytes.Contains(dict, []byte("/ProcSet")) {
		return newTmpl(prune(dict), stream), nil
	}
	t := newTmpl(dict, stream)
	b.tmpls[old] = t
	return t, nil
}

// write writes a new object whose body is dict.
func (w *pdfWriter) write(n int, dict []byte) {
	w.offsets[n-1] = w.out.Len()
	fmt.Fprintf(&w.out, "%d 0 obj\n", n)
	w.out.Write(bytes.TrimRight(dict, "\n"))
	w.out.WriteString("\nendobj\n")
}

func (w *pdfWriter) finish(catalog, info int) []byte {
	xref := w.out.Len()
	fmt.Fprintf(&w.out, "xref\n0 %d\n0000000000 65535 f \n", len(w.offsets)+1)
	for _, o := range w.offsets {
		fmt.Fprintf(&w.out, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&w.out, "trailer\n<<\n/Size %d\n/Root %d 0 R\n/Info %d 0 R\n>>\nstartxref\n%d\n%%%%EOF\n", len(w.offsets)+1, catalog, info, xref)
	return w.out.Bytes()
}

// dictBody returns an object without its "N 0 obj" and "endobj" lines.
func dictBody(obj []byte) []byte {
	body := obj[bytes.IndexByte(obj, '\n')+1:]
	return bytes.TrimSuffix(bytes.TrimRight(body, "\n"), []byte("endobj"))
}

// pdfString writes s as a PDF text string: UTF-16BE with a byte order mark,
// in hex, which needs no escaping.
func pdfString(s string) string {
	var b bytes.Buffer
	b.WriteString("<FEFF")
	for _, u := range utf16.Encode([]rune(plain(s))) {
		fmt.Fprintf(&b, "%04X", u)
	}
	b.WriteString(">")
	return b.String()
}

func refs(ns []int) string {
	var b bytes.Buffer
	for _, n := range ns {
		fmt.Fprintf(&b, "%d 0 R ", n)
	}
	return b.String()
}

func atoi(b []byte) int {
	n, _ := strconv.Atoi(string(b))
	return n
}
