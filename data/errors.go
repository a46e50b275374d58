package data

import (
	"errors"
	"fmt"
	"io/fs"
	"log"
	"path/filepath"
	"strings"
	"syscall"
)

// Error codes that callers branch on and that the GUI turns into plain words.
const (
	EINVALID  = "invalid"   // the input breaks a rule; Message names the field
	ENOTFOUND = "not found" // the record does not exist
	ECONFLICT = "conflict"  // the record clashes with another (duplicate ID, wrong state)
	ECHANGED  = "changed"   // someone else saved the record since it was read (a *ChangedError)
	ECONSENT  = "consent"   // participation consent is missing or expired
	EVETTING  = "vetting"   // the mentor's check is missing or expired
	EINTERNAL = "internal"  // anything else: a bug or a broken disk
)

// Error is an error a person may read: Message is a full sentence in plain
// words, and Field names the form field it concerns when there is one.
type Error struct {
	Code    string
	Field   string
	Message string
	// kind is a sentinel the error also is (errors.Is), such as
	// ErrUnreachable, when the sentence says more than the sentinel.
	kind error
}

func (e *Error) Error() string { return e.Message }

func (e *Error) Unwrap() error { return e.kind }

// Errorf returns an *Error with the given code and message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// fieldErr returns an EINVALID error for one form field.
func fieldErr(field, format string, args ...any) *Error {
	return &Error{Code: EINVALID, Field: field, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of err, EINTERNAL for errors that are not ours
// and "" for nil.
func ErrorCode(err error) string {
	var e *Error
	switch {
	case err == nil:
		return ""
	case errors.As(err, &e):
		return e.Code
	case errors.Is(err, ErrChanged):
		return ECHANGED
	default:
		return EINTERNAL
	}
}

// ErrorField returns the form field an error concerns, or "".
func ErrorField(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Field
	}
	return ""
}

// plainErrors are sentinel errors already written for people: refusals
// of a file or a passphrase, which callers also branch on with errors.Is.
var plainErrors = []error{ErrNotSQLite, ErrNotOurs, ErrNewer, ErrSchema, ErrOtherRoles, ErrCorrupt, ErrReadOnly, ErrInUse, ErrDiskFull,
	ErrWrongPassphrase, ErrNeedPassphrase, ErrWeakPassphrase, ErrOtherDatabase, ErrDamagedCrypt, ErrPostgresUnfinished, ErrPostgresRestore, ErrPostgresBackup, ErrOlderSchema,
	ErrNoSchema, ErrForeignTables, ErrRolesOnServer, ErrNotAllowed, ErrUnreachable, ErrNeedPassword, ErrWrongPassword}

// ErrorMessage returns what to show a person for err. Errors that are not
// ours are logged in full and shown as an internal error, because a SQL
// message means nothing to a counsellor.
func ErrorMessage(err error) string {
	var e *Error
	var ch *ChangedError
	switch {
	case err == nil:
		return ""
	case errors.As(err, &e):
		return e.Message
	case errors.As(err, &ch):
		return ch.Error()
	case plainOf(err) != nil:
		// The sentinel says it for people; what SQLite added (page
		// numbers, error codes) is for the log.
		if p := plainOf(err); p.Error() != err.Error() {
			log.Printf("%v", err)
		}
		s := plainOf(err).Error()
		return strings.ToUpper(s[:1]) + s[1:] + "."
	case fileMessage(err) != "":
		return fileMessage(err)
	default:
		log.Printf("internal error: %v", err)
		return "Something went wrong inside Mentorbook (" + err.Error() + "). Nothing was saved."
	}
}

// fileMessage puts an ordinary file error (a missing folder, a folder
// where a file should be, a permission refused) in one plain sentence that
// names the file, or returns "" for other errors. These are not faults of
// Mentorbook and must never read as "something went wrong inside".
func fileMessage(err error) string {
	var pe *fs.PathError
	if !errors.As(err, &pe) {
		return ""
	}
	switch {
	case isDiskFull(pe.Err):
		return "The disk is full, so nothing was saved; free some space and try again."
	case errors.Is(pe.Err, fs.ErrNotExist):
		if dir := filepath.Dir(pe.Path); !exists(dir) {
			return fmt.Sprintf("The folder %s does not exist.", dir)
		}
		return fmt.Sprintf("There is no file %s.", pe.Path)
	case errors.Is(pe.Err, syscall.EISDIR):
		return fmt.Sprintf("%s is a folder, not a file; give the path of a file.", pe.Path)
	case errors.Is(pe.Err, syscall.ENOTDIR):
		return fmt.Sprintf("%s cannot be reached: part of its path is a file, not a folder.", pe.Path)
	case isReadOnly(pe.Err):
		return fmt.Sprintf("Mentorbook may not read or write %s (%v).", pe.Path, pe.Err)
	}
	return fmt.Sprintf("Mentorbook cannot use %s (%v).", pe.Path, pe.Err)
}

// plainOf returns the sentinel of plainErrors that err wraps, or nil.
func plainOf(err error) error {
	for _, p := range plainErrors {
		if errors.Is(err, p) {
			return p
		}
	}
	if refusedByServer(err) {
		return ErrNotAllowed
	}
	return nil
}
