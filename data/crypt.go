package data

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"testing"
	"unicode/utf8"

	"filippo.io/age"
)

// Errors of passphrase encryption, for backups and exports.
var (
	ErrWrongPassphrase = errors.New("the passphrase does not open this backup")
	ErrNeedPassphrase  = errors.New("this backup is encrypted; its passphrase is needed to open it")
	ErrWeakPassphrase  = fmt.Errorf("the passphrase is too short; use at least %d characters", MinPassphrase)
	ErrDamagedCrypt    = errors.New("the encrypted file is damaged or cut short, so it cannot be read; nothing was changed")
)

// MinPassphrase is the shortest passphrase accepted for encrypting, in
// characters: a backup leaves the school on a stick or in the cloud, where
// anyone may try passphrases at leisure.
const MinPassphrase = 8

// scryptWorkFactor is age's scrypt cost: 2^18, about a second per try on a
// laptop. Test binaries use 2^10, because they encrypt and decrypt dozens of
// times on a loaded machine; a file says its own cost, so decrypting works
// either way.
func scryptWorkFactor() int {
	if testing.Testing() {
		return 10
	}
	return 18
}

// ageMagic begins every age-encrypted file.
var ageMagic = []byte("age-encryption.org/v1\n")

// Encrypt returns a writer that encrypts what is written to it into w with
// passphrase (age, scrypt). Close must be called to finish the file; it does
// not close w. Exports of student data use it when the school asks for
// encryption.
func Encrypt(w io.Writer, passphrase string) (io.WriteCloser, error) {
	if utf8.RuneCountInString(passphrase) < MinPassphrase {
		return nil, ErrWeakPassphrase
	}
	r, err := age.NewScryptRecipient(passphrase)
	if err != nil {
		return nil, err
	}
	r.SetWorkFactor(scryptWorkFactor())
	return age.Encrypt(w, r)
}

// Decrypt returns a reader of the plaintext of r, which Encrypt wrote. A
// wrong passphrase gives ErrWrongPassphrase; a file that was changed or cut
// short fails while reading.
func Decrypt(r io.Reader, passphrase string) (io.Reader, error) {
	if passphrase == "" {
		return nil, ErrNeedPassphrase
	}
	id, err := age.NewScryptIdentity(passphrase)
	if err != nil {
		return nil, err
	}
	out, err := age.Decrypt(r, id)
	var noMatch *age.NoIdentityMatchError
	switch {
	case errors.As(err, &noMatch), errors.Is(err, age.ErrIncorrectIdentity):
		return nil, ErrWrongPassphrase
	case err != nil:
		return nil, fmt.Errorf("%w: %v", ErrDamagedCrypt, err)
	}
	return decrypted{out}, nil
}

// decrypted reads the plaintext; age finds a changed or cut-short file
// only while reading, chunk by chunk, and says so in words of its own.
type decrypted struct{ r io.Reader }

func (d decrypted) Read(p []byte) (int, error) {
	n, err := d.r.Read(p)
	var pe *os.PathError
	if err != nil && err != io.EOF && !errors.As(err, &pe) {
		err = fmt.Errorf("%w: %v", ErrDamagedCrypt, err)
	}
	return n, err
}

// IsEncrypted reports whether the file at path was written by Encrypt.
func IsEncrypted(path string) (bool, error) {
	f, err := os.Open(path)
	if err != nil {
		return false, err
	}
	defer f.Close()
	head, err := bufio.NewReader(f).Peek(len(ageMagic))
	if err != nil && !errors.Is(err, io.EOF) {
		return false, err
	}
	return bytes.Equal(head, ageMagic), nil
}
