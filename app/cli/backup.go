package cli

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"

	"mentorbook/data"
)

// passphraseEnv names the environment variable that may hold the passphrase
// of encrypted backups, for scripts; --passphrase-file wins over it.
const passphraseEnv = "MENTORBOOK_PASSPHRASE"

// runBackup writes a verified copy of the database to --out, or into the
// backups folder beside it, encrypted when a passphrase is given.
func runBackup(ctx context.Context, e *env, args []string) error {
	fs := flag.NewFlagSet("backup", flag.ContinueOnError)
	out := fs.String("out", "", "the backup file (default: a new file in the backups folder beside the database)")
	passFile := fs.String("passphrase-file", "", "encrypt the backup with the passphrase in this file (or $"+passphraseEnv+")")
	if pos, err := flags(fs, args); err != nil {
		return err
	} else if len(pos) > 0 {
		return usageErr("backup takes no arguments; use --out FILE")
	}
	pass, err := passphrase(*passFile, true)
	if err != nil {
		return err
	}
	if data.IsPostgres(e.dbPath) {
		// A snapshot in an SQLite file, which restore and the window open.
		if *out == "" {
			return usageErr("a backup of a PostgreSQL database needs --out FILE (it has no backups folder)")
		}
		if _, err := data.BackupPostgres(ctx, e.dbPath, *out, data.BackupOptions{Passphrase: pass}); err != nil {
			return err
		}
		fmt.Fprintln(e.stdout, *out)
		return nil
	}
	if _, err := os.Stat(e.dbPath); err != nil {
		return fmt.Errorf("there is no database at %s to back up", e.dbPath)
	}
	s, err := e.open()
	if err != nil {
		return err
	}
	defer s.Close()
	dst := *out
	if dst == "" {
		if dst, err = s.NewBackupPath(ctx, pass != ""); err != nil {
			return err
		}
	}
	if err := s.Backup(ctx, dst, data.BackupOptions{Passphrase: pass}); err != nil {
		return err
	}
	if *out == "" {
		if _, err := data.PruneBackups(filepath.Dir(dst), s.Now()); err != nil {
			fmt.Fprintf(e.stderr, "mentorbook backup: old backups could not all be removed: %v\n", err)
		}
	}
	fmt.Fprintln(e.stdout, dst)
	return nil
}

// runRestore replaces the database with a backup, after backing up the
// current one. A backup of another database needs --other-school.
func runRestore(ctx context.Context, e *env, args []string) error {
	fs := flag.NewFlagSet("restore", flag.ContinueOnError)
	passFile := fs.String("passphrase-file", "", "the passphrase of an encrypted backup is in this file (or $"+passphraseEnv+")")
	other := fs.Bool("other-school", false, "restore it even if it is a backup of another database (another school)")
	pos, err := flags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageErr("restore needs the backup FILE")
	}
	if data.IsPostgres(e.dbPath) {
		return data.ErrPostgresRestore // before asking for anything about the file
	}
	pass, err := passphrase(*passFile, false)
	if err != nil {
		return err
	}
	if _, err := os.Stat(pos[0]); err != nil {
		return data.Errorf(data.ENOTFOUND, "There is no backup file at %s.", pos[0])
	}
	err = data.Restore(ctx, e.dbPath, pos[0], data.BackupOptions{Passphrase: pass, OtherDatabase: *other})
	if errors.Is(err, data.ErrNeedPassphrase) && stdinIsTerminal() {
		if pass, err = askPassphrase(e); err != nil {
			return err
		}
		err = data.Restore(ctx, e.dbPath, pos[0], data.BackupOptions{Passphrase: pass, OtherDatabase: *other})
	}
	var otherErr *data.OtherDatabaseError
	if errors.As(err, &otherErr) {
		return data.Errorf(data.ECONFLICT, "%s is a backup of %s, not of %s, the school in %s. Nothing was changed; to replace it all the same, add --other-school.",
			pos[0], schoolName(otherErr.Backup), schoolName(otherErr.Current), e.dbPath)
	}
	if err != nil {
		return err
	}
	dir := filepath.Join(filepath.Dir(e.dbPath), "backups")
	fmt.Fprintf(e.stdout, "restored %s into %s; the database it replaced was backed up into %s\n", pos[0], e.dbPath, dir)
	return nil
}

// passphrase reads the passphrase from file, else from the environment; ""
// means none was given. Only the line's end is trimmed: spaces may be part
// of it. A file that holds nothing else is refused, and so is such a
// variable when the passphrase is to encrypt: an empty passphrase never
// means "no encryption".
func passphrase(file string, encrypt bool) (string, error) {
	if file == "" {
		p, set := os.LookupEnv(passphraseEnv)
		if set && encrypt && strings.TrimRight(p, "\r\n") == "" {
			return "", data.Errorf(data.EINVALID, "$%s is set but empty; put the passphrase in it, or unset it for no passphrase.", passphraseEnv)
		}
		return strings.TrimRight(p, "\r\n"), nil
	}
	b, err := os.ReadFile(file)
	if err != nil {
		return "", data.Errorf(data.EINVALID, "Cannot read the passphrase file %s (%v).", file, errors.Unwrap(err))
	}
	p := strings.TrimRight(string(b), "\r\n")
	if p == "" {
		return "", data.Errorf(data.EINVALID, "The passphrase file %s is empty; nothing was written.", file)
	}
	return p, nil
}

// askPassphrase reads a passphrase from the terminal, without echo where
// stty can turn it off.
func askPassphrase(e *env) (string, error) {
	fmt.Fprint(e.stderr, "This backup is encrypted. Passphrase: ")
	if runtime.GOOS != "windows" {
		if err := stty("-echo"); err == nil {
			defer func() {
				stty("echo")
				fmt.Fprintln(e.stderr)
			}()
		}
	}
	line, err := bufio.NewReader(os.Stdin).ReadString('\n')
	if err != nil && line == "" {
		return "", data.ErrNeedPassphrase
	}
	return strings.TrimRight(line, "\r\n"), nil
}

func stty(arg string) error {
	cmd := exec.Command("stty", arg)
	cmd.Stdin = os.Stdin
	return cmd.Run()
}

// schoolName names a school for a message, and a school without a name too.
func schoolName(name string) string {
	if name == "" {
		return "a school without a name"
	}
	return fmt.Sprintf("%q", name)
}
