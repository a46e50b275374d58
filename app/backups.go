package app

import (
	"context"
	"log"

	"fyne.io/fyne/v2/dialog"

	"mentorbook/data"
)

// backupNow writes a verified backup into the backups folder beside the
// database and returns its path.
func backupNow(ctx context.Context, s *data.Store, progress func(float64, string)) (string, error) {
	dst, err := data.NewBackupPath(s.Path(), s.Now(), false)
	if err != nil {
		return "", err
	}
	return dst, s.Backup(ctx, dst, data.BackupOptions{Progress: progress})
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
