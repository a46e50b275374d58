package app

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"mentorbook/data"
)

// progress is a dialog with a progress bar and a Cancel button for a long
// task. Its setters may be called from the task's goroutine.
type progress struct {
	u      *ui
	bar    *widget.ProgressBar
	label  *widget.Label
	stop   *widget.Button
	dialog dialog.Dialog
}

func newProgress(u *ui, title string, cancel func()) *progress {
	p := &progress{u: u, bar: widget.NewProgressBar(), label: widget.NewLabel("Starting…")}
	p.stop = &widget.Button{Text: "Cancel", Icon: theme.CancelIcon(), OnTapped: cancel}
	content := container.NewVBox(p.label, container.NewGridWrap(fyne.NewSize(380, p.bar.MinSize().Height), p.bar),
		container.NewHBox(layoutSpacer(), p.stop))
	p.dialog = dialog.NewCustomWithoutButtons(title, content, u.win)
	u.showDialog(p.dialog)
	return p
}

// set shows a fraction done, 0 to 1.
func (p *progress) set(f float64) {
	p.u.post(func() {
		p.bar.SetValue(f)
		p.label.SetText(fmt.Sprintf("%.0f%% done", f*100))
	})
}

// step shows a fraction done, 0 to 1, and what the task is doing.
func (p *progress) step(f float64, doing string) {
	p.u.post(func() {
		p.bar.SetValue(f)
		p.label.SetText(doing)
	})
}

// noCancel disables Cancel for the part of a task that must not stop
// half-way.
func (p *progress) noCancel() { p.u.post(p.stop.Disable) }

// setCount shows done of total.
func (p *progress) setCount(done, total int) {
	p.u.post(func() {
		if total > 0 {
			p.bar.SetValue(float64(done) / float64(total))
		}
		p.label.SetText(data.Grouped(done) + " of " + data.Grouped(total) + " done")
	})
}

func (p *progress) hide() { p.dialog.Hide() }

// askNewPassphrase asks for the passphrase of a file about to be
// encrypted, typed twice, and hands it to then. Nothing is written until
// both agree and the passphrase is long enough.
func (u *ui) askNewPassphrase(title string, then func(passphrase string)) *passphraseDialog {
	return u.askNewSecret(title, "Passphrase", fmt.Sprintf("At least %d characters. Without the passphrase the file "+
		"cannot be opened by anyone, you included: keep it somewhere safe, apart from the file.", data.MinPassphrase), then)
}

// askNewSecret asks for a new passphrase or password (what), typed twice
// under note, and hands it to then once both agree and it has at least
// data.MinPassphrase characters.
func (u *ui) askNewSecret(title, what, note string, then func(secret string)) *passphraseDialog {
	d := &passphraseDialog{what: what, pass: widget.NewPasswordEntry(), again: widget.NewPasswordEntry(), then: then}
	d.status = &widget.Label{Importance: widget.DangerImportance, Wrapping: fyne.TextWrapWord}
	form := widget.NewForm(widget.NewFormItem(what, d.pass), widget.NewFormItem("Again", d.again))
	d.ok = &widget.Button{Text: "Continue", Importance: widget.HighImportance, OnTapped: d.onOK}
	cancel := &widget.Button{Text: "Cancel", OnTapped: func() { d.dialog.Hide() }}
	content := container.NewGridWrap(fyne.NewSize(440, 230), container.NewVBox(&widget.Label{Wrapping: fyne.TextWrapWord, Text: note}, form, d.status))
	d.dialog = dialog.NewCustomWithoutButtons(title, content, u.win)
	d.dialog.SetButtons([]fyne.CanvasObject{cancel, d.ok})
	// Enter goes from the first to the second, and there is Continue.
	d.pass.OnSubmitted = func(string) { u.win.Canvas().Focus(d.again) }
	d.again.OnSubmitted = func(string) { d.onOK() }
	u.showDialog(d.dialog)
	u.win.Canvas().Focus(d.pass)
	return d
}

type passphraseDialog struct {
	what        string // Passphrase or Password
	pass, again *widget.Entry
	status      *widget.Label
	ok          *widget.Button
	dialog      *dialog.CustomDialog
	then        func(string)
}

func (d *passphraseDialog) onOK() {
	switch {
	case len([]rune(d.pass.Text)) < data.MinPassphrase:
		d.status.SetText(fmt.Sprintf("%s: use at least %d characters.", d.what, data.MinPassphrase))
	case d.pass.Text != d.again.Text:
		d.status.SetText("Again: the two " + strings.ToLower(d.what) + "s are not the same.")
	default:
		d.dialog.Hide()
		d.then(d.pass.Text)
	}
}
