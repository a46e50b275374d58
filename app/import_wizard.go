package app

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"mentorbook/data"
	"mentorbook/data/roster"
)

// noColumn is the choice for a field the file does not have.
const noColumn = "(not in the file)"

// mappingPref is the preference key remembering the column chosen for a
// field, so that next term's file from the same system needs no choosing.
func mappingPref(f roster.Field) string { return prefImportColumnPrefix + string(f) }

// prefImportColumnPrefix begins the keys of the remembered columns.
const prefImportColumnPrefix = "import.csv.column."

// csvFieldLabels names the plain CSV fields as the mapping step shows them.
var csvFieldLabels = map[roster.Field]string{
	roster.FieldSchoolID:              "School ID (required)",
	roster.FieldGivenName:             "Given name (required)",
	roster.FieldFamilyName:            "Family name (required)",
	roster.FieldPreferredName:         "Preferred name",
	roster.FieldDateOfBirth:           "Date of birth",
	roster.FieldYearGroup:             "Year group",
	roster.FieldHomeroom:              "Homeroom",
	roster.FieldPronouns:              "Pronouns",
	roster.FieldEmail:                 "Email",
	roster.FieldGuardianName:          "Guardian's name",
	roster.FieldGuardianEmail:         "Guardian's email",
	roster.FieldGuardianPhone:         "Guardian's phone",
	roster.FieldGuardianRelationship:  "Guardian's relationship",
	roster.FieldGuardianLanguage:      "Guardian's language",
	roster.FieldGuardianAddress:       "Guardian's postal address",
	roster.FieldGuardian2Name:         "Second guardian's name",
	roster.FieldGuardian2Email:        "Second guardian's email",
	roster.FieldGuardian2Phone:        "Second guardian's phone",
	roster.FieldGuardian2Relationship: "Second guardian's relationship",
	roster.FieldGuardian2Language:     "Second guardian's language",
	roster.FieldGuardian2Address:      "Second guardian's postal address",
}

// importStep is where the import wizard is.
type importStep int

const (
	atChoose importStep = iota
	atMapping
	atBusy
	atResult
)

// importWizard holds the wizard's steps. Reading and importing run in
// goroutines; what they find comes back through fyne.Do.
type importWizard struct {
	win   fyne.Window
	store *data.Store
	prefs *preferences

	dlg    dialog.Dialog
	step   *widget.Label // what to do now
	body   *fyne.Container
	back   *widget.Button
	cancel *widget.Button
	next   *widget.Button

	at      importStep
	path    string
	headers []string
	selects map[roster.Field]*widget.Select

	bar      *widget.ProgressBar
	summary  *widget.Label
	rejected []string
	list     *widget.List
	result   *roster.Result
	err      error
	stop     context.CancelFunc // cancels the running work; nil when idle

	// done, when set, is called once the outcome of background work is on
	// screen. Tests wait on it; the window has no use for it.
	done func()
}

func newImportWizard(win fyne.Window, s *data.Store, prefs *preferences) *importWizard {
	w := &importWizard{win: win, store: s, prefs: prefs}
	w.step = &widget.Label{Wrapping: fyne.TextWrapWord}
	w.body = container.NewStack()
	w.back = &widget.Button{Text: "Back", Icon: theme.NavigateBackIcon(), OnTapped: w.onBack}
	w.cancel = &widget.Button{Text: "Cancel", OnTapped: w.onCancel}
	w.next = &widget.Button{Text: "Next", Icon: theme.NavigateNextIcon(), IconPlacement: widget.ButtonIconTrailingText,
		Importance: widget.HighImportance, OnTapped: w.onNext}
	w.bar = widget.NewProgressBar()
	w.summary = &widget.Label{Wrapping: fyne.TextWrapWord}
	w.list = &widget.List{
		Length:     func() int { return len(w.rejected) },
		CreateItem: func() fyne.CanvasObject { return &widget.Label{Truncation: fyne.TextTruncateEllipsis} },
		UpdateItem: func(i widget.ListItemID, o fyne.CanvasObject) { o.(*widget.Label).SetText(w.rejected[i]) },
	}
	buttons := container.NewHBox(w.back, layout.NewSpacer(), w.cancel, w.next)
	content := container.NewBorder(w.step, buttons, nil, nil, w.body)
	w.dlg = dialog.NewCustomWithoutButtons("Import students", content, win)
	w.dlg.Resize(fyne.NewSize(680, 520))
	w.showChoose()
	return w
}

func (w *importWizard) show() { w.dlg.Show() }

// setStep shows one step: its instructions, its content and which buttons
// apply.
func (w *importWizard) setStep(at importStep, text string, content fyne.CanvasObject, back bool, next string) {
	w.at = at
	w.step.SetText(text)
	w.body.Objects = []fyne.CanvasObject{content}
	w.body.Refresh()
	w.back.Hidden = !back
	w.back.Refresh()
	w.next.Hidden = next == ""
	w.next.SetText(next)
	w.next.Enable()
	w.cancel.SetText("Cancel")
	w.cancel.Enable()
}

func (w *importWizard) showChoose() {
	folder := &widget.Button{Text: "Choose a OneRoster folder…", Icon: theme.FolderOpenIcon(), OnTapped: w.onChooseFolder}
	file := &widget.Button{Text: "Choose a .zip or .csv file…", Icon: theme.FileIcon(), OnTapped: w.onChooseFile}
	help := widget.NewLabel("A OneRoster export from the student information system is a folder or a .zip of CSV files " +
		"(users.csv, orgs.csv, …). A school without one can import a spreadsheet of students saved as CSV.\n\n" +
		"Nothing is written until you have seen what the import would do.")
	help.Wrapping = fyne.TextWrapWord
	w.setStep(atChoose, "Step 1 of 3: choose what to import", container.NewVBox(help, folder, file), false, "")
}

func (w *importWizard) onChooseFolder() {
	d := dialog.NewFolderOpen(func(u fyne.ListableURI, err error) {
		if err != nil {
			dialog.ShowError(err, w.win)
			return
		}
		if u != nil {
			w.choose(u.Path())
		}
	}, w.win)
	d.Resize(fyne.NewSize(760, 520))
	d.Show()
}

func (w *importWizard) onChooseFile() {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil {
			dialog.ShowError(err, w.win)
			return
		}
		if r != nil {
			path := r.URI().Path()
			r.Close()
			w.choose(path)
		}
	}, w.win)
	d.SetFilter(storage.NewExtensionFileFilter([]string{".zip", ".csv", ".ZIP", ".CSV"}))
	d.Resize(fyne.NewSize(760, 520))
	d.Show()
}

// choose takes the chosen path to the next step: the column mapping for a
// plain CSV file, the preview for a roster.
func (w *importWizard) choose(path string) {
	w.path = path
	if !roster.IsCSV(path) {
		w.preview()
		return
	}
	w.busy("Reading "+filepath.Base(path)+"…", false)
	go func() {
		headers, err := roster.CSVHeaders(path)
		fyne.Do(func() {
			if err != nil {
				w.showFailure("This file cannot be read", err)
			} else {
				w.headers = headers
				w.showMapping()
			}
			w.finished()
		})
	}()
}

// showMapping offers a column for each field, pre-filled with what was
// chosen last time, else with what the headers suggest.
func (w *importWizard) showMapping() {
	guessed := roster.GuessMapping(w.headers)
	has := map[string]bool{}
	for _, h := range w.headers {
		has[h] = true
	}
	options := append([]string{noColumn}, w.headers...)
	w.selects = map[roster.Field]*widget.Select{}
	form := widget.NewForm()
	for _, f := range roster.Fields {
		sel := widget.NewSelect(options, nil)
		choice := guessed[f]
		if remembered := w.prefs.String(mappingPref(f)); remembered != "" && (has[remembered] || remembered == noColumn) {
			choice = remembered
		}
		if choice == "" {
			choice = noColumn
		}
		sel.SetSelected(choice)
		w.selects[f] = sel
		form.Append(csvFieldLabels[f], sel)
	}
	w.setStep(atMapping, "Step 2 of 3: which column of "+filepath.Base(w.path)+" holds each detail?",
		container.NewVScroll(form), true, "Check the file")
}

// mapping is the mapping the selects show.
func (w *importWizard) mapping() roster.Mapping {
	m := roster.Mapping{}
	for f, sel := range w.selects {
		if sel.Selected != "" && sel.Selected != noColumn {
			m[f] = sel.Selected
		}
	}
	return m
}

// rememberMapping keeps the chosen columns for the next import.
func (w *importWizard) rememberMapping() {
	for f, sel := range w.selects {
		choice := sel.Selected
		if choice == "" {
			choice = noColumn
		}
		w.prefs.SetString(mappingPref(f), choice)
	}
}

// preview runs the import as a dry run and shows what it would do.
func (w *importWizard) preview() {
	if w.selects != nil && roster.IsCSV(w.path) {
		w.rememberMapping()
	}
	w.run(true)
}

// run imports in a goroutine; a dry run is the preview.
func (w *importWizard) run(dryRun bool) {
	text := "Checking " + filepath.Base(w.path) + "…"
	if !dryRun {
		text = "Importing " + filepath.Base(w.path) + "…"
		if !data.IsPostgres(w.store.Path()) {
			text += " A backup is made first."
		}
	}
	w.busy(text, true)
	ctx, cancel := context.WithCancel(context.Background())
	w.stop = cancel
	path, csv, m := w.path, roster.IsCSV(w.path), w.mapping()
	opts := roster.Options{DryRun: dryRun, Progress: func(f float64) { fyne.Do(func() { w.bar.SetValue(f) }) }}
	go func() {
		var res *roster.Result
		var err error
		if csv {
			res, err = roster.ImportCSV(ctx, w.store, path, m, opts)
		} else {
			res, err = roster.ImportOneRoster(ctx, w.store, path, opts)
		}
		fyne.Do(func() {
			cancel()
			w.stop = nil
			w.showResult(res, err, dryRun)
			w.finished()
		})
	}()
}

// busy shows a step that waits for work, with Cancel when it can be
// stopped.
func (w *importWizard) busy(text string, progress bool) {
	w.bar.SetValue(0)
	var content fyne.CanvasObject = widget.NewProgressBarInfinite()
	if progress {
		content = w.bar
	}
	w.setStep(atBusy, text, container.NewVBox(content), false, "")
}

// showResult shows the preview or the outcome of the import.
func (w *importWizard) showResult(res *roster.Result, err error, dryRun bool) {
	var rejected *roster.RejectedError
	switch {
	case errors.Is(err, context.Canceled):
		w.result, w.err = nil, err
		w.setStep(atResult, "The import was cancelled; nothing was changed.", widget.NewLabel(""), true, "")
		w.cancel.SetText("Close")
		return
	case err != nil && !errors.As(err, &rejected):
		w.showFailure("The import failed; nothing was changed", err)
		return
	}
	w.result, w.err = res, err
	w.rejected = res.RejectedLines()
	w.list.Refresh()
	w.summary.SetText(res.Summary())
	var content fyne.CanvasObject = w.summary
	if len(w.rejected) > 0 {
		rows := widget.NewLabelWithStyle("Rejected rows (file:line: reason):", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		content = container.NewBorder(container.NewVBox(w.summary, rows), nil, nil, nil, w.list)
	}
	switch {
	case len(w.rejected) > 0:
		w.setStep(atResult, "Step 3 of 3: fix the rejected rows in the file, then choose it again. Nothing has been imported.",
			content, true, "")
		w.cancel.SetText("Close")
	case dryRun:
		w.setStep(atResult, "Step 3 of 3: this is what the import will do. Nothing has been written yet.", content, true, "Import")
	default:
		w.setStep(atResult, "The import is finished.", content, false, "")
		w.cancel.SetText("Close")
	}
}

func (w *importWizard) showFailure(title string, err error) {
	w.result, w.err = nil, err
	msg := widget.NewLabel(data.ErrorMessage(err))
	msg.Wrapping = fyne.TextWrapWord
	w.setStep(atResult, title+".", msg, true, "")
	w.cancel.SetText("Close")
}

func (w *importWizard) finished() {
	if w.done != nil {
		w.done()
	}
}

// onNext goes from the mapping to the preview, and from the preview to
// the import.
func (w *importWizard) onNext() {
	if w.at == atResult && w.result != nil && w.result.DryRun {
		w.run(false)
		return
	}
	w.preview()
}

// onBack returns from the preview to the mapping (which shows the columns
// chosen, as they were remembered) or to the choice of file.
func (w *importWizard) onBack() {
	w.result, w.err = nil, nil
	if w.at == atResult && roster.IsCSV(w.path) && w.headers != nil {
		w.showMapping()
		return
	}
	w.showChoose()
}

// onCancel stops running work, or closes the wizard.
func (w *importWizard) onCancel() {
	if w.stop != nil {
		w.stop()
		w.cancel.Disable()
		w.cancel.SetText("Cancelling…")
		return
	}
	w.dlg.Hide()
}

// String describes the wizard's state, for tests and logs.
func (w *importWizard) String() string {
	return fmt.Sprintf("import wizard at %q: %s", w.path, w.step.Text)
}
