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
// participation consent a one-page letter ending in a tear-off reply slip,
// and last a blank form for guardians the program does not know.
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
	for _, l := range rep.Letters {
		students[l.Student.SchoolID] = true
	}
	d.heading("Consent letters: for the coordinator")
	d.paragraph(fmt.Sprintf("%s to the guardians of %s who have no valid participation consent on %s, then a blank form. Each letter fits on one page; its reply slip can be torn off along the dashed line.",
		plural(len(rep.Letters), "letter follows", "letters follow"), plural(len(students), "student", "students"), longDay(rep.Printed)), bodyText)
	if len(rep.NoGuardian) > 0 {
		d.subheading("No guardian on record")
		d.paragraph(plural(len(rep.NoGuardian), "student needs", "students need")+" consent but has no guardian on record, so no letter could be addressed. Add a guardian, or send the blank form:", bodyText)
		d.bullets(rep.NoGuardian)
	}
	for _, l := range rep.Letters {
		d.letter(rep, letterFields{
			guardian:     l.Guardian.Name,
			relationship: l.Guardian.Relationship,
			student:      l.Student.FullName(),
			schoolID:     l.Student.SchoolID,
			year:         l.Student.YearGroup,
			status:       l.Status,
		})
	}
	d.letter(rep, letterFields{})
	return d.write(w)
}

// letterFields are what a letter is addressed with; the zero value is the
// blank form.
type letterFields struct {
	guardian, relationship, student, schoolID, year, status string
}

// letter draws one letter and its reply slip on a page of its own.
func (d *doc) letter(rep *data.ConsentLetters, f letterFields) {
	d.section(letterTitle)
	school := rep.School.Name
	isBlank := f.student == ""
	guardian, student := f.guardian, f.student
	if isBlank {
		guardian, student = "Parent or carer", "your child"
		d.pdf.Bookmark("Blank form", 0, 0)
	} else {
		d.pdf.Bookmark(plain(f.student+": "+f.guardian), 0, 0)
	}
	// The school's address and the date, on the right as in a letter.
	right := []string{}
	for _, l := range strings.Split(rep.School.Address, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			right = append(right, l)
		}
	}
	right = append(right, longDay(rep.Printed))
	half := (d.right - d.left) / 2
	for _, l := range right {
		d.textLine(d.left+half, d.y, half, l, bodyText, alignRight, ink)
		d.y += bodyText.lineHeight()
	}
	d.space(4)
	if isBlank {
		d.paragraph("Dear parent or carer,", bodyText)
	} else {
		d.paragraph("Dear "+guardian+",", bodyText)
	}
	subject := "Mentoring at " + school
	if !isBlank {
		subject += " for " + student
	}
	d.paragraph(subject, boldText)
	d.paragraph(school+" runs a mentoring programme. A trained member of staff, volunteer or older student meets a pupil regularly, usually once a week for up to an hour in school time, to talk about school, goals and how things are going. Pupils who take part often tell us it helps them feel more confident and settled.", bodyText)
	invite := "We would like " + student + " to take part this year"
	if !isBlank && f.year != "" {
		invite = "We would like " + student + " (Year " + strings.TrimPrefix(f.year, "Year ") + ") to take part this year"
	}
	d.paragraph(invite+". Every mentor has been checked and trained. What is said in meetings stays between mentor and pupil unless someone's safety is at risk; short notes are kept securely by the programme coordinator. You can withdraw your consent at any time by contacting the school.", bodyText)
	switch f.status {
	case data.ConsentExpired:
		d.paragraph("The consent you gave earlier has expired, so we are asking again.", bodyText)
	case data.ConsentDeclined, data.ConsentWithdrawn:
		d.paragraph("Our records show that you said no earlier. If you have changed your mind, please return the slip; if not, there is nothing you need to do.", bodyText)
	case data.ConsentRequested:
		d.paragraph("We wrote to you about this before; if you have already replied, thank you, and please ignore this letter.", bodyText)
	}
	d.paragraph("Please fill in the slip below and return it to the school office. If you have any questions, the programme coordinator will be glad to talk with you.", bodyText)
	d.paragraph("Yours sincerely,", bodyText)
	d.signatureLines("Programme coordinator, " + school)
	d.replySlip(rep, f)
}

// replySlip draws the tear-off slip at the foot of the page.
func (d *doc) replySlip(rep *data.ConsentLetters, f letterFields) {
	lh := bodyText.lineHeight()
	h := 15*lh + 20
	top := max(d.y+4, d.bottom-h)
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
		student += " (" + f.schoolID + ")"
	}
	d.keyValues([][2]string{{"Pupil", student}, {"Parent or carer", guardian}})
	until := "the end of this school year"
	if !rep.YearEnd.IsZero() {
		until = longDay(rep.YearEnd)
	}
	d.checkbox("I give consent for my child to take part in the mentoring programme until " + until + ".")
	d.checkbox("I do not give consent.")
	d.space(2)
	d.signatureLines("Signature of parent or carer", "Date")
	d.paragraph("Please return this slip to the school office.", smallText)
}

// checkbox writes text beside an empty box to tick.
func (d *doc) checkbox(text string) {
	const box, indent = 3.5, 7.0
	b := d.layout(text, bodyText, d.right-d.left-indent)
	d.ensure(b.height(0, len(b.lines)))
	d.setDraw(ink)
	d.pdf.SetLineWidth(0.3)
	d.pdf.Rect(d.left, d.y+(bodyText.lineHeight()-box)/2, box, box, "D")
	d.flow(d.left+indent, d.right-d.left-indent, b, alignStart, ink)
	d.y += bodyText.lineHeight() * 0.4
}
