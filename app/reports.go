package app

import (
	"context"
	"os"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"mentorbook/app/report"
	"mentorbook/data"
)

// reportChoice is one printable report as the Reports screen offers it.
type reportChoice struct {
	kind, title, about string
}

var reports = []reportChoice{
	{"students", "Student progress summaries", "One summary per student for the term: meetings, goals, wellbeing and shared notes."},
	{"mentors", "Mentor caseload", "Each mentor's mentees, meetings and minutes this term, and what is overdue."},
	{"programme", "Programme termly report", "For leadership: pairings, retention, dose, check-ins, consent and goals."},
	{"consent-letters", "Consent letters", "A prefilled letter with a reply slip for every student lacking participation consent."},
}

// reportsScreen prints the PDF reports for a chosen term, one at a time,
// with a progress bar and a Cancel button.
type reportsScreen struct {
	u       *ui
	term    *widget.Select
	perFile *widget.Check
	bar     *widget.ProgressBar
	status  *widget.Label
	stop    *widget.Button
	cancel  context.CancelFunc
	buttons []*widget.Button
}

func newReportsScreen(u *ui) *reportsScreen { return &reportsScreen{u: u} }

func (s *reportsScreen) buildUI() fyne.CanvasObject {
	s.term = widget.NewSelect(nil, nil)
	s.term.PlaceHolder = "Current term"
	s.perFile = widget.NewCheck("Student summaries: one PDF per student in a folder", nil)
	s.bar = widget.NewProgressBar()
	s.bar.Hide()
	s.status = widget.NewLabel("")
	s.stop = &widget.Button{Text: "Cancel", Icon: theme.CancelIcon(), OnTapped: s.onCancel}
	s.stop.Hide()
	list := container.NewVBox()
	for _, r := range reports {
		b := &widget.Button{Text: "Print…", Icon: theme.DocumentPrintIcon(), OnTapped: s.printer(r)}
		s.buttons = append(s.buttons, b)
		about := &widget.Label{Text: r.about, Wrapping: fyne.TextWrapWord, TextStyle: fyne.TextStyle{Italic: true}}
		list.Add(widget.NewCard(r.title, "", container.NewBorder(nil, nil, nil, b, about)))
	}
	top := container.NewVBox(heading("Reports"), widget.NewForm(widget.NewFormItem("Term", s.term)), s.perFile)
	bottom := container.NewVBox(s.bar, container.NewBorder(nil, nil, nil, s.stop, s.status))
	return container.NewPadded(container.NewBorder(top, bottom, nil, nil, container.NewVScroll(list)))
}

func (s *reportsScreen) refresh() {
	var terms []data.Term
	var current string
	s.u.view(func(tx *data.Tx) error {
		var err error
		if terms, err = tx.Terms(); err != nil {
			return err
		}
		if t, err := tx.Term(""); err == nil {
			current = t.Name
		}
		return nil
	}, func(err error) {
		if err != nil {
			s.u.showError("The terms could not be loaded", err)
			return
		}
		var names []string
		for _, t := range terms {
			names = append(names, t.Name)
		}
		s.term.SetOptions(names)
		if s.term.Selected == "" && current != "" {
			s.term.SetSelected(current)
		}
	})
}

func (s *reportsScreen) printer(r reportChoice) func() { return func() { s.onPrint(r) } }

// onPrint asks where to save, then prints.
func (s *reportsScreen) onPrint(r reportChoice) {
	if r.kind == "students" && s.perFile.Checked {
		d := dialog.NewFolderOpen(func(dir fyne.ListableURI, err error) {
			if err == nil && dir != nil {
				s.run(r, dir.Path()+string(os.PathSeparator))
			}
		}, s.u.win)
		s.u.showDialog(d)
		return
	}
	name := strings.ReplaceAll(strings.ToLower(r.title), " ", "-") + "-" + strings.ReplaceAll(s.term.Selected, " ", "-") + ".pdf"
	s.u.askSavePath("Save "+r.title, name, func(path string) { s.run(r, path) })
}

// run prints one report in the background; the buttons wait until it is done.
func (s *reportsScreen) run(r reportChoice, out string) {
	ctx, cancel := context.WithCancel(context.Background())
	s.cancel = cancel
	s.busy(true)
	s.status.SetText("Printing " + r.title + "…")
	term := s.term.Selected
	s.u.background(func() error {
		return report.Print(ctx, s.u.store, report.Request{Kind: r.kind, Term: term, Out: out, Version: Version}, s.onProgress)
	}, func(err error) {
		s.busy(false)
		switch {
		case ctx.Err() != nil:
			s.status.SetText("Cancelled.")
		case err != nil:
			s.status.SetText("")
			s.u.showError(r.title+" could not be printed", err)
		default:
			s.status.SetText("Saved " + filepath.Clean(out))
		}
	})
}

func (s *reportsScreen) onProgress(done, total int) {
	s.u.post(func() {
		if total > 0 {
			s.bar.SetValue(float64(done) / float64(total))
		}
		s.status.SetText("Printing… " + data.Grouped(done) + " of " + data.Grouped(total))
	})
}

func (s *reportsScreen) onCancel() {
	if s.cancel != nil {
		s.cancel()
	}
}

func (s *reportsScreen) busy(on bool) {
	setEnabled(!on, s.buttons...)
	if on {
		s.bar.SetValue(0)
		s.bar.Show()
		s.stop.Show()
	} else {
		s.bar.Hide()
		s.stop.Hide()
	}
}
