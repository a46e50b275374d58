package app

import (
	"context"
	"log"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"

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
			if dst, err = data.NewBackupPath(u.store.Path(), u.store.Now(), passphrase != ""); err != nil {
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
		save := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
			if err != nil || w == nil {
				u.showError("Encrypted backup", err)
				return
			}
			path := w.URI().Path()
			w.Close()
			u.backup(path, passphrase)
		}, u.win)
		save.SetFileName("mentorbook-" + u.store.Now().Format("2006-01-02") + ".db.age")
		save.Resize(fyne.NewSize(760, 520))
		u.showDialog(save)
	})
}

// restore replaces the database with the backup at path. The backup is
// checked while the database is still open, so that a damaged backup, a
// wrong passphrase or a Cancel leaves the window working as before; only
// then is the database closed and replaced, past the point where Cancel
// can help, and the program quits to be opened again on the restored file.
func (u *ui) restore(path, passphrase string) {
	ctx, cancel := context.WithCancel(context.Background())
	p := newProgress(u, "Restoring", cancel)
	closed := false
	u.background(func() error {
		prep, err := data.PrepareRestore(ctx, u.store.Path(), path, data.BackupOptions{Passphrase: passphrase, Progress: p.step})
		if err != nil {
			return err
		}
		defer prep.Discard()
		p.noCancel()
		closed = true
		if err := u.store.Close(); err != nil {
			return err
		}
		return prep.Replace(context.Background())
	}, func(err error) {
		cancel()
		p.hide()
		switch {
		case err == nil:
			u.quitAfter("Restored", "The backup was restored. Mentorbook will now close; open it again to continue.")
		case closed:
			u.quitAfter("The restore failed", data.ErrorMessage(err)+"\n\nMentorbook will now close; open it again to see the database as it is.")
		default:
			u.showError("Nothing was restored", err)
		}
	})
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
