package app

import (
	"context"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"mentorbook/data"
)

// onCopyTo asks where to copy every record of the open database: a new
// file, or an empty PostgreSQL database its owner made with server init
// (docs/POSTGRES.md, "copy").
func (u *ui) onCopyTo() {
	target := newEntry("")
	target.SetPlaceHolder("/home/ann/school-copy.db  or  postgres://HOST/DATABASE")
	msg := widget.NewLabel("Every record is copied, in one go, into a new file or into an empty database on a server, and read back before it counts. The database open here is not changed.")
	msg.Wrapping = fyne.TextWrapWord
	body := container.NewVBox(msg, target)
	d := dialog.NewCustomWithoutButtons("Copy to…", container.NewGridWrap(fyne.NewSize(620, body.MinSize().Height+40), body), u.win)
	start := func() {
		if strings.TrimSpace(target.Text) == "" {
			return
		}
		d.Hide()
		u.copyTo(strings.TrimSpace(target.Text))
	}
	target.OnSubmitted = func(string) { start() }
	d.SetButtons([]fyne.CanvasObject{
		&widget.Button{Text: "Cancel", OnTapped: d.Hide},
		&widget.Button{Text: "Copy", Importance: widget.HighImportance, OnTapped: start},
	})
	u.showDialog(d)
	u.win.Canvas().Focus(target)
}

// copyTo copies the open database into target, with progress and Cancel;
// a Cancel or a failure leaves the target as it was.
func (u *ui) copyTo(target string) {
	ctx, cancel := context.WithCancel(context.Background())
	p := newProgress(u, "Copying the school", cancel)
	var res data.CopyResult
	u.background(func() (err error) {
		res, err = data.Copy(ctx, u.store.Path(), target, data.BackupOptions{Progress: p.step})
		return err
	}, func(err error) {
		cancel()
		p.hide()
		if err != nil {
			u.showError("Nothing was copied", err)
			return
		}
		u.info("Copied", fmt.Sprintf("%s rows of %d tables were copied to\n%s\nand read back the same.", data.Grouped(res.Rows()), len(res.Tables), data.HidePassword(target)))
	})
}
