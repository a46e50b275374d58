package app

import (
	"context"
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"mentorbook/data"
	"mentorbook/data/roster"
)

// exportChoices are what the dialog offers, by the words it shows.
var exportChoices = []struct{ label, kind, ext string }{
	{"Students (CSV)", roster.ExportStudents, ".csv"},
	{"Pairings (CSV)", roster.ExportPairings, ".csv"},
	{"Meetings (CSV)", roster.ExportMeetings, ".csv"},
	{"Goals (CSV)", roster.ExportGoals, ".csv"},
	{"A mentor's planned meetings (calendar, .ics)", roster.ExportCalendar, ".ics"},
}

const confidentialWarning = "The file will include confidential notes and the students whose guardians declined or " +
	"withdrew data-sharing consent. Keep it on a school device and delete it when you are done."

// exportDialog holds the export form.
type exportDialog struct {
	u *ui

	dlg          dialog.Dialog
	kind         *widget.Select
	mentor       *widget.Select
	confidential *widget.Check
	encrypt      *widget.Check
	warning      *widget.Label
	form         *widget.Form

	emails map[string]string // mentor choice → email
	ask    *passphraseDialog // the passphrase last asked for
}

// newExportDialog builds the dialog and reads the mentors in the
// background.
func newExportDialog(u *ui) *exportDialog {
	d := &exportDialog{u: u, emails: map[string]string{}}
	var labels []string
	for _, c := range exportChoices {
		labels = append(labels, c.label)
	}
	d.kind = widget.NewSelect(labels, d.onKind)
	d.mentor = widget.NewSelect(nil, nil)
	d.mentor.PlaceHolder = "Loading the mentors…"
	d.confidential = widget.NewCheck("Include confidential notes and withheld students", d.onConfidential)
	d.warning = &widget.Label{Text: confidentialWarning, Wrapping: fyne.TextWrapWord, Importance: widget.DangerImportance}
	d.warning.Hide()
	d.encrypt = widget.NewCheck("Encrypt with a passphrase", nil)
	d.form = widget.NewForm(widget.NewFormItem("Export", d.kind), widget.NewFormItem("Mentor", d.mentor),
		widget.NewFormItem("", d.confidential), widget.NewFormItem("", d.encrypt))
	content := container.NewVBox(d.form, d.warning)
	d.dlg = dialog.NewCustomConfirm("Export", "Choose where to save…", "Cancel", content, d.onConfirm, u.win)
	d.dlg.Resize(fyne.NewSize(560, 300))
	d.kind.SetSelectedIndex(0)
	var mentors []data.Mentor
	u.view(func(tx *data.Tx) (err error) { mentors, err = tx.AllMentors(); return }, func(err error) { d.showMentors(mentors, err) })
	return d
}

// showMentors fills the mentor choice with every mentor who has an email.
func (d *exportDialog) showMentors(mentors []data.Mentor, err error) {
	if err != nil {
		d.mentor.PlaceHolder = "The mentors cannot be read"
		d.mentor.Refresh()
		return
	}
	var options []string
	for _, m := range mentors {
		if m.Email == "" {
			continue
		}
		label := m.Name + " <" + m.Email + ">"
		d.emails[label] = m.Email
		options = append(options, label)
	}
	d.mentor.PlaceHolder = "Choose a mentor"
	d.mentor.SetOptions(options)
}

func (d *exportDialog) choice() (kind, ext string) {
	i := d.kind.SelectedIndex()
	if i < 0 {
		return "", ""
	}
	return exportChoices[i].kind, exportChoices[i].ext
}

// onKind offers the mentor for a calendar and the confidential choice for
// the CSV exports: a calendar never holds confidential notes.
func (d *exportDialog) onKind(string) {
	if d.isCalendar() {
		d.mentor.Enable()
		d.confidential.SetChecked(false)
		d.confidential.Disable()
	} else {
		d.mentor.Disable()
		d.confidential.Enable()
	}
}

func (d *exportDialog) isCalendar() bool {
	kind, _ := d.choice()
	return kind == roster.ExportCalendar
}

func (d *exportDialog) onConfidential(on bool) {
	if on {
		d.warning.Show()
	} else {
		d.warning.Hide()
	}
}

// onConfirm asks for the passphrase, if the file is to be encrypted, and
// where to save it.
func (d *exportDialog) onConfirm(ok bool) {
	if !ok {
		return
	}
	kind, _ := d.choice()
	if kind == roster.ExportCalendar && d.emails[d.mentor.Selected] == "" {
		d.u.info("Export", "Choose the mentor whose calendar to export.")
		return
	}
	if d.encrypt.Checked {
		d.ask = d.u.askNewPassphrase("Encrypt the export", d.chooseFile)
		return
	}
	d.chooseFile("")
}

// chooseFile asks where to save the export; an encrypted one is named
// .age, so that nobody mistakes it for a file a spreadsheet can open.
func (d *exportDialog) chooseFile(passphrase string) {
	kind, ext := d.choice()
	if passphrase != "" {
		ext += ".age"
	}
	name := kind
	if kind == roster.ExportCalendar {
		name = "calendar-" + strings.SplitN(d.emails[d.mentor.Selected], "@", 2)[0]
	}
	d.u.askSavePath("Export", name+"-"+time.Now().Format("2006-01-02")+ext, func(path string) { d.export(path, passphrase) })
}

// export writes the file in a goroutine and says how it went.
func (d *exportDialog) export(path, passphrase string) {
	kind, _ := d.choice()
	opts := roster.ExportOptions{Kind: kind, Out: path, Passphrase: passphrase,
		Confidential: d.confidential.Checked && kind != roster.ExportCalendar}
	if kind == roster.ExportCalendar {
		opts.Mentor = d.emails[d.mentor.Selected]
	}
	ctx, cancel := context.WithCancel(context.Background())
	p := newProgress(d.u, "Exporting", cancel)
	opts.Progress = p.setCount
	var res *roster.ExportResult
	d.u.background(func() (err error) {
		res, err = roster.ExportFile(ctx, d.u.store, opts)
		return err
	}, func(err error) {
		cancel()
		p.hide()
		if err != nil {
			d.u.showError("The export failed", err) // says nothing of a Cancel
			return
		}
		d.u.info("Exported", exportMessage(opts, res))
	})
}

// exportMessage says what was saved, and what was left out and why.
func exportMessage(opts roster.ExportOptions, res *roster.ExportResult) string {
	var b strings.Builder
	if opts.Kind == roster.ExportCalendar {
		fmt.Fprintf(&b, "Saved %s to\n%s", countOf(res.Rows, "planned meeting"), opts.Out)
		if res.LeftOut > 0 {
			fmt.Fprintf(&b, "\n\n%s of them do not name the student, whose guardian declined or withdrew data-sharing consent.", data.Grouped(res.LeftOut))
		}
		return b.String()
	}
	fmt.Fprintf(&b, "Saved %s to\n%s", countOf(res.Rows, "row"), opts.Out)
	if res.LeftOut > 0 {
		fmt.Fprintf(&b, "\n\n%s left out because the student's guardian declined or withdrew data-sharing consent.", countOf(res.LeftOut, "row"))
	}
	if opts.Confidential {
		b.WriteString("\n\nThe file includes confidential notes: keep it safe.")
	}
	if opts.Passphrase != "" {
		b.WriteString("\n\nThe file is encrypted (age): it opens only with the passphrase.")
	}
	return b.String()
}
