package report

import (
	"fmt"
	"io"
	"strings"

	"mentorbook/data"
)

const letterTitle = "Mentoring programme: consent"

// blank stands for a detail a blank form leaves for the guardian to fill in.
const blank = "________________________________"

// ConsentLetters writes the consent letters to w as a PDF: first a cover
// sheet for the coordinator, then for every guardian of a student lacking
// a kind of consent a one-page letter, addressed to the guardian's postal
// address when it is known, asking for each kind the student lacks and
// ending in a tear-off reply slip with a Yes and a No box for each; last a
// blank form, asking for every kind, for guardians the program does not
// know. Every letter names the programme coordinator and how to reach the
// school.
//
// A student whose data-sharing consent is withheld is named here, unlike in
// every other report: each letter, on a page of its own, names only its
// student and goes only to that student's guardian (see
// data.Tx.ConsentLetters). Keep it so: a letter must never list or mention
// another student.
func ConsentLetters(w io.Writer, rep *data.ConsentLetters, opt Options) error {
	d, err := newDoc(letterheadOf(rep.ReportHeader, opt), letterTitle, "Consent letters for the mentoring programme")
	if err != nil {
		return err
	}
	d.section("Consent letters")
	students := map[string]bool{}
	lacking := map[string]map[string]bool{}
	for _, l := range rep.Letters {
		students[l.Student.SchoolID] = true
		for _, n := range l.Needs {
			if lacking[n.Kind] == nil {
				lacking[n.Kind] = map[string]bool{}
			}
			lacking[n.Kind][l.Student.SchoolID] = true
		}
	}
	d.heading("Consent letters: for the coordinator")
	d.paragraph(fmt.Sprintf("%s to the guardians of %s who lack a kind of consent on %s, then a blank form. Each letter asks for every kind its student lacks, fits on one page, and ends in a reply slip to tear off along the dashed line.",
		plural(len(rep.Letters), "letter follows", "letters follow"), plural(len(students), "student", "students"), longDay(rep.Printed)), bodyText)
	var counts [][2]string
	for _, k := range data.ConsentKinds {
		counts = append(counts, [2]string{capital(k), plural(len(lacking[k]), "student lacks it", "students lack it")})
	}
	d.keyValues(counts)
	var missing []string
	if rep.School.Coordinator == "" {
		missing = append(missing, "the programme coordinator's name")
	}
	if rep.School.Phone == "" && rep.School.Email == "" {
		missing = append(missing, "the school's phone or email")
	}
	if len(missing) > 0 {
		d.notice("The letters would be clearer with " + strings.Join(missing, " and ") + ": add them under Settings, School.")
	}
	if len(rep.NoGuardian) > 0 {
		d.subheading("No guardian on record")
		d.paragraph(plural(len(rep.NoGuardian), "student needs", "students need")+" consent but has no guardian on record, so no letter could be addressed. Add a guardian, or send the blank form:", bodyText)
		d.bullets(rep.NoGuardian)
	}
	for _, l := range rep.Letters {
		d.letter(rep, letterFields{
			guardian:     l.Guardian.Name,
			address:      l.Guardian.Address,
			relationship: l.Guardian.Relationship,
			student:      l.Student.FullName(),
			schoolID:     l.Student.SchoolID,
			year:         l.Student.YearGroup,
			needs:        l.Needs,
		})
	}
	var all []data.ConsentNeed
	for _, k := range data.ConsentKinds {
		all = append(all, data.ConsentNeed{Kind: k})
	}
	d.letter(rep, letterFields{needs: all})
	return d.write(w)
}

// letterFields are what a letter is addressed with and asks for; with no
// student it is the blank form.
type letterFields struct {
	guardian, address, relationship, student, schoolID, year string
	needs                                                    []data.ConsentNeed
}

// letter draws one letter and its reply slip on a page of its own.
func (d *doc) letter(rep *data.ConsentLetters, f letterFields) {
	d.section(letterTitle)
	sc := rep.School
	isBlank := f.student == ""
	// Names and the school's name are isolates in the letter's sentences
	// (see isolate): an Arabic name keeps "(Year 9)" after it.
	student := isolate(f.student)
	if isBlank {
		student = "your child"
		d.pdf.Bookmark("Blank form", 0, 0)
	} else {
		d.pdf.Bookmark(plain(f.student+": "+f.guardian), 0, 0)
	}
	// The guardian's name and address on the left, where an envelope's
	// window shows them; the school's address and the date on the right,
	// as in a letter. Both in small type: six lines of address each side
	// still leave the letter and its slip on one page. The school's phone
	// and email are in the letter's last paragraph, with the coordinator.
	half := (d.right - d.left) / 2
	top := d.y
	if !isBlank && f.address != "" {
		for _, l := range append([]string{f.guardian}, lines(f.address)...) {
			d.textLine(d.left, d.y, half-4, l, smallText, alignLeft, ink)
			d.y += smallText.lineHeight()
		}
	}
	left := d.y
	d.y = top
	for _, l := range append(lines(sc.Address), longDay(rep.Printed)) {
		d.textLine(d.left+half, d.y, half, l, smallText, alignRight, ink)
		d.y += smallText.lineHeight()
	}
	d.y = max(d.y, left)
	d.space(3)
	if isBlank {
		d.paragraph("Dear parent or carer,", bodyText)
	} else {
		d.paragraph("Dear "+isolate(f.guardian)+",", bodyText)
	}
	subject := "Mentoring at " + sc.Name
	if !isBlank {
		subject += " for " + student
	}
	d.paragraph(subject, boldText)
	d.paragraph(isolate(sc.Name)+" runs a mentoring programme: a checked and trained member of staff, volunteer or older student meets a pupil, usually weekly for up to an hour in school time, to talk about school, goals and how things are going; what is said stays between them unless someone's safety is at risk.", bodyText)
	who := student
	if !isBlank && f.year != "" {
		who += " (Year " + strings.TrimPrefix(f.year, "Year ") + ")"
	}
	if needs(f.needs, data.ConsentParticipation) {
		d.paragraph("We would like "+who+" to take part this year, and we ask for your consent to:", bodyText)
	} else {
		d.paragraph("To complete our records for "+who+", who takes part in the programme, we ask for your consent to:", bodyText)
	}
	var asks []string
	for _, n := range f.needs {
		asks = append(asks, consentAsk(n, student))
	}
	d.bullets(asks)
	contact := "the programme coordinator"
	if sc.Coordinator != "" {
		contact = isolate(sc.Coordinator) + ", the programme coordinator"
	}
	var ways []string
	if sc.Phone != "" {
		ways = append(ways, "on "+sc.Phone)
	}
	if sc.Email != "" {
		ways = append(ways, "at "+sc.Email)
	}
	if len(ways) > 0 {
		contact += ", " + strings.Join(ways, " or ")
	}
	d.paragraph("Please return the slip below to the school office. If you have any questions, please contact "+contact+".", bodyText)
	// Signed in type: nobody signs three hundred letters by hand.
	d.paragraph("Yours sincerely,", bodyText)
	if sc.Coordinator != "" {
		d.paragraph(isolate(sc.Coordinator)+"\nProgramme coordinator, "+isolate(sc.Name), bodyText)
	} else {
		d.paragraph("The programme coordinator, "+isolate(sc.Name), bodyText)
	}
	d.replySlip(rep, f)
}

// needs reports whether kind is among ns.
func needs(ns []data.ConsentNeed, kind string) bool {
	for _, n := range ns {
		if n.Kind == kind {
			return true
		}
	}
	return false
}

// consentAsk says in the letter what one kind of consent allows, and why
// it is asked for (again).
func consentAsk(n data.ConsentNeed, student string) string {
	var s string
	switch n.Kind {
	case data.ConsentParticipation:
		s = "Taking part: " + student + " meeting a mentor as described above"
	case data.ConsentDataSharing:
		s = "Data sharing: naming " + student + " in the programme's reports, which only school staff read"
	case data.ConsentPhotos:
		s = "Photos: using photographs of " + student + " from mentoring activities in school newsletters and displays"
	case data.ConsentOffSite:
		s = "Off-site activities: outings away from the school, such as visits to colleges; we write before each one"
	default:
		s = capital(n.Kind)
	}
	switch n.Status {
	case data.ConsentExpired:
		s += " (the consent you gave has expired, so we ask again)"
	case data.ConsentDeclined, data.ConsentWithdrawn:
		s += " (you said no before; tick Yes only if you have changed your mind)"
	case data.ConsentRequested:
		s += " (we asked before; if you have replied, thank you)"
	}
	return s + "."
}

// consentStatement is a kind's line on the reply slip.
func consentStatement(kind string) string {
	switch kind {
	case data.ConsentParticipation:
		return "My child may take part in the mentoring programme."
	case data.ConsentDataSharing:
		return "My child may be named in the programme's progress reports to school staff."
	case data.ConsentPhotos:
		return "Photographs of my child at mentoring activities may be used by the school."
	case data.ConsentOffSite:
		return "My child may join mentoring activities away from the school."
	}
	return capital(kind) + "."
}

// lines is an address's lines as a letter prints them: at most
// data.MaxAddressLines, the rest joined onto the last with commas, so that
// an address stored before that limit still leaves the letter on one page.
func lines(text string) []string {
	out := data.AddressLines(text)
	if n := data.MaxAddressLines; len(out) > n {
		out = append(out[:n-1], strings.Join(out[n-1:], ", "))
	}
	return out
}

// Sizes of the reply slip's answer boxes, in millimetres: the column that
// holds "Yes ☐  No ☐" beside each statement.
const (
	tickBox   = 3.5
	answerW   = 30.0
	answerGap = 3.0
	slipIntro = "Tick Yes or No for each. Consent lasts until %s and can be withdrawn at any time."
)

// replySlip draws the tear-off slip at the foot of the page, on the next
// page when the letter left no room for it.
func (d *doc) replySlip(rep *data.ConsentLetters, f letterFields) {
	until := "the end of this school year"
	if !rep.YearEnd.IsZero() {
		until = longDay(rep.YearEnd)
	}
	intro := fmt.Sprintf(slipIntro, until)
	textW := d.right - d.left - answerW - answerGap
	statements := make([]block, len(f.needs))
	h := 3 + d.headingHeight(subheadingText) + bodyText.lineHeight()*1.4
	h += d.noticeHeight(intro)
	for i, n := range f.needs {
		statements[i] = d.layout(consentStatement(n.Kind), bodyText, textW)
		h += statements[i].height(0, len(statements[i].lines)) + bodyText.lineHeight()*0.4
	}
	h += 2 + d.signatureHeight() + smallText.lineHeight()*1.4
	top := max(d.y+3, d.bottom-h)
	if top+h > d.bottom {
		d.addPage()
		top = d.y
	}
	// The dashed line to tear along, with a pair of scissors.
	d.setDraw(muted)
	d.pdf.SetLineWidth(0.3)
	d.pdf.SetDashPattern([]float64{2, 1.5}, 0)
	d.pdf.Line(d.left+6, top, d.right, top)
	d.pdf.SetDashPattern(nil, 0)
	d.textLine(d.left, top-bodyText.lineHeight()/2, 6, "✂", bodyText, alignLeft, muted)
	d.y = top + 3
	d.subheading("Reply slip: mentoring programme")
	student, guardian := f.student, f.guardian
	if f.student == "" {
		student, guardian = blank, blank
	} else if f.schoolID != "" {
		student = isolate(student) + " (" + f.schoolID + ")"
	}
	// Pupil and parent side by side, one line for both.
	half := (d.right - d.left) / 2
	for i, kv := range [][2]string{{"Pupil", student}, {"Parent or carer", guardian}} {
		x := d.left + float64(i)*half
		lw := d.textWidth(kv[0], boldText) + 3
		d.textLine(x, d.y, lw, kv[0], boldText, alignLeft, muted)
		d.textLine(x+lw, d.y, half-lw-4, kv[1], bodyText, alignLeft, ink)
	}
	d.y += bodyText.lineHeight() * 1.4
	d.notice(intro)
	for _, b := range statements {
		d.answer(b)
	}
	d.space(2)
	d.signatureLines("Signature of parent or carer", "Date")
	d.paragraph("Please return this slip to the school office.", smallText)
}

// answer writes a statement of the reply slip with a Yes and a No box to
// tick beside its first line.
func (d *doc) answer(b block) {
	lh := bodyText.lineHeight()
	d.ensure(b.height(0, len(b.lines)))
	x := d.right - answerW
	boxY := d.y + (lh-tickBox)/2
	d.setDraw(ink)
	d.pdf.SetLineWidth(0.3)
	for i, label := range []string{"Yes", "No"} {
		lx := x + float64(i)*answerW/2
		d.textLine(lx, d.y, 8, label, bodyText, alignLeft, ink)
		d.pdf.Rect(lx+8, boxY, tickBox, tickBox, "D")
	}
	d.flow(d.left, d.right-d.left-answerW-answerGap, b, alignStart, ink)
	d.y += lh * 0.4
}
