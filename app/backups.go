package app

import (
	"context"
	"fmt"
	"log"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"mentorbook/data"
)

// backup writes a verified backup to dst (or, when dst is empty, into the
// backups folder beside the database), encrypted when a passphrase is
// given, with a progress bar and Cancel, and says where it went.
func (u *ui) backup(dst, passphrase string) {
	ctx, cancel := context.WithCancel(context.Background())
	p := newProgress(u, "Making a backup", cancel)
	u.background(func() (err error) {
		if dst == "" {
			if dst, err = u.store.NewBackupPath(ctx, passphrase != ""); err != nil {
				return err
			}
		}
		return u.store.Backup(ctx, dst, data.BackupOptions{Passphrase: passphrase, Progress: p.step})
	}, func(err error) {
		cancel()
		p.hide()
		if err != nil {
			u.showError("The backup failed", err)
			return
		}
		msg := "The backup was checked and saved as\n" + dst
		if passphrase != "" {
			msg += "\n\nIt is encrypted: File ▸ Restore asks for the passphrase."
		}
		u.info("Backup made", msg)
	})
}

// onEncryptedBackup asks for a passphrase and a place (a memory stick, a
// shared drive) and writes an encrypted backup there.
func (u *ui) onEncryptedBackup() {
	u.askNewPassphrase("Encrypted backup", func(passphrase string) {
		u.askSavePath("Encrypted backup", "mentorbook-"+u.store.Now().Format("2006-01-02")+".db.age",
			func(path string) { u.backup(path, passphrase) })
	})
}

// restore replaces the database with the backup at path. The backup is
// checked while the database is still open, so that a damaged backup, a
// wrong passphrase or a Cancel leaves the window working as before; a
// backup of another database is restored only once the person has seen
// both schools' names and confirmed. Only then is the database closed and
// replaced, past the point where Cancel can help, and the program quits to
// be opened again on the restored file.
func (u *ui) restore(path, passphrase string) {
	ctx, cancel := context.WithCancel(context.Background())
	p := newProgress(u, "Restoring", cancel)
	var prep *data.PreparedRestore
	u.background(func() (err error) {
		prep, err = data.PrepareRestore(ctx, u.store.Path(), path, data.BackupOptions{Passphrase: passphrase, Progress: p.step})
		return err
	}, func(err error) {
		cancel()
		if err != nil {
			p.hide()
			u.showError("Nothing was restored", err)
			return
		}
		if other := prep.Other(); other != nil {
			p.hide()
			u.confirmOther(prep, other, p)
			return
		}
		u.replace(prep, p)
	})
}

// confirmOther asks before a backup of another database replaces this one,
// naming both schools; p shows the restore's progress again once confirmed.
func (u *ui) confirmOther(prep *data.PreparedRestore, other *data.OtherDatabaseError, p *progress) {
	msg := &widget.Label{Wrapping: fyne.TextWrapWord, Text: fmt.Sprintf("This backup is of another database: %s.\n\n"+
		"Restoring it replaces %s, the school in this database, with %s. A backup of %s is made first.",
		schoolName(other.Backup), schoolName(other.Current), schoolName(other.Backup), schoolName(other.Current))}
	d := dialog.NewCustomConfirm("Restore another school's backup?", "Replace "+schoolName(other.Current), "Cancel",
		container.NewGridWrap(fyne.NewSize(460, msg.MinSize().Height*5), msg), func(ok bool) {
			if !ok {
				go prep.Discard()
				return
			}
			prep.ConfirmOther()
			u.showDialog(p.dialog)
			u.replace(prep, p)
		}, u.win)
	u.showDialog(d)
}

// replace closes the database and puts the prepared backup in its place.
func (u *ui) replace(prep *data.PreparedRestore, p *progress) {
	p.noCancel()
	u.background(func() error {
		defer prep.Discard()
		if err := u.store.Close(); err != nil {
			return err
		}
		return prep.Replace(context.Background())
	}, func(err error) {
		p.hide()
		if err != nil {
			u.quitAfter("The restore failed", data.ErrorMessage(err)+"\n\nMentorbook will now close; open it again to see the database as it is.")
			return
		}
		u.quitAfter("Restored", "The backup was restored. Mentorbook will now close; open it again to continue.")
	})
}

// schoolName names a school in a message, a school without a name too.
func schoolName(name string) string {
	if name == "" {
		return "a school without a name"
	}
	return "“" + name + "”"
}

// quitAfter shows a message and quits once it is closed.
func (u *ui) quitAfter(title, message string) {
	d := dialog.NewInformation(title, message, u.win)
	d.SetOnClosed(u.app.Quit)
	u.showDialog(d)
}

// keepBackedUp takes the automatic backups SPEC.md asks for (at start,
// then daily while open) until ctx ends. A failure is logged and shown.
func (u *ui) keepBackedUp(ctx context.Context) {
	u.store.KeepBackedUp(ctx, func(path string, err error) {
		if err != nil {
			log.Printf("automatic backup failed: %v", err)
			u.post(func() { u.showError("The automatic backup failed", err) })
		}
	})
}
