package app

import (
	"context"
	"log"

	"mentorbook/data"
)

// backupNow writes a verified backup into the backups folder beside the
// database and returns its path.
func backupNow(ctx context.Context, s *data.Store, progress func(float64)) (string, error) {
	dst, err := data.NewBackupPath(s.Path(), s.Now(), false)
	if err != nil {
		return "", err
	}
	progress(0.1)
	if err := s.Backup(ctx, dst); err != nil {
		return "", err
	}
	progress(1)
	return dst, nil
}

// restoreFrom closes the store (a restore needs the database closed) and
// replaces the database with the backup; the window then quits.
func restoreFrom(ctx context.Context, s *data.Store, path string) error {
	if err := s.Close(); err != nil {
		return err
	}
	return data.Restore(ctx, s.Path(), path)
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
