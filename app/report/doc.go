// Package report draws Mentorbook's PDF reports from plain data: student
// progress summaries, mentor caseloads, the programme report and consent
// letters. It never touches the database or a window.
//
// Every report is drawn on a doc, which owns the page layout (the school's
// header, the page-numbered footer) and a small text engine on top of fpdf:
// text in any script is split into runs by the embedded font that covers each
// character, Arabic is shaped, right-to-left text is put in visual order, and
// paragraphs and table cells wrap and break across pages.
package report

import (
	"fmt"
	"io"
	"strings"
	"time"
	"unicode"

	"codeberg.org/go-pdf/fpdf"

	"mentorbook/data"
)

// Options are the settings of a report that its data does not carry.
type Options struct {
	// Version is the program's version, recorded as the PDF's creator.
	Version string
	// Printed is when the report is printed: the PDF's creation date. Zero
	// means midnight (UTC) of the day the data was assembled on, so that the
	// same data always gives the same bytes.
	Printed time.Time
}

// letterhead is what every page of a report shows and the PDF's metadata.
type letterhead struct {
	// School is the school's name, printed at the top of every page.
	School string
	// Logo is the school's logo as PNG or JPEG bytes; it is optional, and
	// one that cannot be decoded is left out rather than failing the report.
	Logo []byte
	// Term names the term the report covers, e.g. "2026–27 Autumn".
	Term string
	// Paper is "A4" (the default) or "Letter".
	Paper string
	// Printed is when the report is printed. It appears in every footer
	// and as the PDF's creation date, so a fixed value gives byte-identical
	// output; zero means now.
	Printed time.Time
	// Version is the program's version, recorded as the PDF's creator.
	Version string
	// Confidential marks a report that includes confidential notes; every
	// footer says so.
	Confidential bool
}

// letterheadOf returns the letterhead for a report assembled with header h.
func letterheadOf(h data.ReportHeader, opt Options) letterhead {
	printed := opt.Printed
	if printed.IsZero() && !h.Printed.IsZero() {
		printed = h.Printed.Time()
	}
	return letterhead{
		School:       h.School.Name,
		Logo:         h.School.Logo,
		Term:         h.Term.Name,
		Paper:        h.School.Paper,
		Printed:      printed,
		Version:      opt.Version,
		Confidential: h.Confidential,
	}
}

// Page geometry in millimetres.
const (
	margin     = 15.0
	headerH    = 22.0 // from the top margin to where content starts
	footerH    = 9.0  // from where content must end to the bottom margin
	logoH      = 14.0
	logoMaxW   = 40.0
	ptToMM     = 25.4 / 72
	lineFactor = 1.3 // line height as a multiple of the font size
)

// Colours, as RGB.
var (
	white     = [3]int{255, 255, 255}
	ink       = [3]int{33, 33, 33}
	muted     = [3]int{110, 110, 110}
	accent    = [3]int{0, 121, 121}
	alert     = [3]int{180, 30, 40}
	ruleColor = [3]int{190, 190, 190}
	headFill  = [3]int{222, 239, 238}
	zebraFill = [3]int{246, 247, 247}
)

// doc is one PDF being drawn: pages with the school's header and a footer,
// and a cursor (y) that the writers in this package move down the page.
type doc struct {
	pdf       *fpdf.Fpdf
	opt       letterhead
	reg, bold *fontSet
	used      map[*face]bool // faces registered with fpdf so far

	pageH            float64
	left, right      float64 // content edges
	top, bottom      float64 // content edges
	y                float64 // where the next block starts
	title            string  // report title in the header
	logo             *logo
	sections         []int // first page of each section
	curFace          *face // the font fpdf last selected, to skip repeats
	curSize          float64
	curText, curFill [3]int
	curDraw          [3]int
	printed          string // the footer's "Printed <date>"
	// pageFonts, when not nil, records the faces each page draws with, by
	// face.index bit, so that a page split off keeps only its fonts.
	pageFonts map[int]uint8
}

// newDoc starts a report. title names the report in the header and the PDF's
// metadata, subject describes it in the metadata. No page exists until the
// first section starts.
func newDoc(opt letterhead, title, subject string) (*doc, error) {
	reg, bold, err := fontSets()
	if err != nil {
		return nil, err
	}
	paper := "A4"
	if strings.EqualFold(opt.Paper, "letter") {
		paper = "Letter"
	}
	if opt.Printed.IsZero() {
		opt.Printed = time.Now()
	}
	pdf := fpdf.New("P", "mm", paper, "")
	pdf.SetCompression(true)
	pdf.SetCatalogSort(true)
	pdf.SetCreationDate(opt.Printed)
	pdf.SetModificationDate(opt.Printed)
	pdf.SetTitle(plain(title), true)
	pdf.SetSubject(plain(subject), true)
	pdf.SetAuthor(plain(opt.School), true)
	pdf.SetCreator(plain(strings.TrimSpace("Mentorbook "+opt.Version)), true)
	pdf.SetLang("en")
	pdf.SetAutoPageBreak(false, 0) // the writers break pages themselves
	pdf.SetMargins(margin, margin, margin)
	pdf.SetLineCapStyle("butt")
	w, h := pdf.GetPageSize()
	d := &doc{
		pdf: pdf, opt: opt, reg: reg, bold: bold, used: map[*face]bool{},
		pageH: h,
		left:  margin, right: w - margin,
		top: margin + headerH, bottom: h - margin - footerH,
		title:   title,
		logo:    loadLogo(opt.Logo),
		printed: "Printed " + opt.Printed.Format("2 January 2006"),
	}
	if d.logo != nil {
		pdf.RegisterImageOptionsReader(d.logo.name, fpdf.ImageOptions{ImageType: "PNG"}, d.logo.reader())
	}
	return d, nil
}

// plain cleans text for PDF metadata, which is not drawn and so needs no
// fonts: valid UTF-8 without control characters.
func plain(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, s)
}

// section starts a new page whose header shows title and whose page numbers
// restart at 1: in a batch each student's summary is its own section.
func (d *doc) section(title string) {
	d.title = title
	d.sections = append(d.sections, d.pdf.PageNo()+1)
	d.addPage()
}

// addPage continues the current section on a new page.
func (d *doc) addPage() {
	if len(d.sections) == 0 {
		d.sections = append(d.sections, 1)
	}
	d.pdf.AddPage()
	d.drawHeader()
	d.y = d.top
}

// ensure starts a new page unless h millimetres are left on this one.
func (d *doc) ensure(h float64) {
	if d.pdf.PageNo() == 0 || d.y+h > d.bottom {
		d.addPage()
	}
}

// space moves the cursor down by h millimetres, or to a new page.
func (d *doc) space(h float64) {
	if d.y+h > d.bottom {
		d.addPage()
		return
	}
	d.y += h
}

func (d *doc) drawHeader() {
	y := margin
	x := d.left
	if d.logo != nil {
		w := min(logoH*d.logo.aspect, logoMaxW)
		h := w / d.logo.aspect
		d.pdf.ImageOptions(d.logo.name, x, y, w, h, false, fpdf.ImageOptions{ImageType: "PNG"}, 0, "")
		x += w + 4
	}
	width := d.right - x
	termW := 0.0
	if d.opt.Term != "" {
		termW = min(d.textWidth(d.opt.Term, smallText), width/3)
		d.textLine(d.right-termW, y, termW, d.opt.Term, smallText, alignRight, muted)
	}
	d.textLine(x, y, width-termW-3, d.opt.School, smallBoldText, alignLeft, muted)
	d.textLine(x, y+5, width, d.title, titleText, alignLeft, accent)
	d.hline(d.left, d.right, margin+headerH-4, 0.3, ruleColor)
}

// drawFooters writes "Printed <date>" and "Page N of M" on every page, M
// counting the pages of the page's section. It runs once all pages exist,
// revisiting each page, rather than using fpdf's AliasNbPages: the alias
// counts the whole document, not a section, and text holding it is measured
// as "{nb}", so "Page N of M" could not be right-aligned.
func (d *doc) drawFooters() {
	last := d.pdf.PageNo()
	for s, first := range d.sections {
		end := last
		if s+1 < len(d.sections) {
			end = d.sections[s+1] - 1
		}
		for p := first; p <= end; p++ {
			d.revisit(p)
			y := d.pageH - margin - footerH + 3
			d.hline(d.left, d.right, y, 0.3, ruleColor)
			half := (d.right - d.left) / 2
			d.textLine(d.left, y+1.5, half, d.printed, smallText, alignLeft, muted)
			if d.opt.Confidential {
				d.textLine(d.left, y+1.5, d.right-d.left, "CONFIDENTIAL: includes confidential notes", smallBoldText, alignCenter, alert)
			}
			d.textLine(d.left+half, y+1.5, half, fmt.Sprintf("Page %d of %d", p-first+1, end-first+1), smallText, alignRight, muted)
		}
	}
	d.pdf.SetPage(last)
}

// revisit makes page p, drawn earlier, the page to draw on.
func (d *doc) revisit(p int) {
	d.pdf.SetPage(p)
	// A page written earlier may have left any font or colour active in
	// its content stream, so nothing may be assumed.
	d.curFace = nil
	d.curText, d.curFill, d.curDraw = [3]int{-1}, [3]int{-1}, [3]int{-1}
	// fpdf leaves text uncoloured when it matches the fill colour, so the
	// fill colour must be set on this page too.
	d.setFill(white)
}

// write finishes the document and writes the PDF to w.
func (d *doc) write(w io.Writer) error {
	if d.pdf.PageNo() == 0 {
		d.addPage()
	}
	d.drawFooters()
	if err := d.pdf.Output(w); err != nil {
		return fmt.Errorf("write pdf: %w", err)
	}
	return nil
}
