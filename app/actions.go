package app

import (
	"context"

	"mentorbook/data"
)

// Actions are the jobs the window starts but other packages do: backups
// and PDF reports. (Import and export have their own dialogs in this
// package, import_wizard.go and export_dialog.go.) main.go fills in what exists; a nil
// field makes its menu entry or button say "not available yet", so the
// window never depends on a package that is still being written.
//
// Every function runs off the UI goroutine, must honour ctx (the Cancel
// button) and reports progress through its callback.
type Actions struct {
	// Backup writes a verified backup and returns its path.
	Backup func(ctx context.Context, s *data.Store, progress func(float64)) (string, error)
	// Restore replaces the database with the backup at path. The store is
	// closed first; the window reopens it afterwards.
	Restore func(ctx context.Context, s *data.Store, path string) error
	// Report prints kind ("students", "mentors", "programme",
	// "consent-letters") for term to out, a PDF file, or for "students" a
	// folder when out ends in a separator. progress counts students or
	// pages done.
	Report func(ctx context.Context, kind, term, out string, progress func(done, total int)) error
}

// Hooks are the actions Run uses; main.go sets them before calling Run.
var Hooks Actions

// Version is shown in Help › About; main.go or the linker sets it.
var Version = "dev"

const notAvailable = "This is not available yet in this version of Mentorbook."
