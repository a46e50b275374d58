package data_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"mentorbook/data"
	"mentorbook/data/datatest"
)

var outputNow = time.Date(2026, 3, 10, 9, 0, 0, 0, time.Local)

// TestCheckOutput: no output replaces the open database, its companions or
// its backups, under any name, nor a file that is not an earlier output of
// its kind.
func TestCheckOutput(t *testing.T) {
	s := datatest.Open(t, outputNow)
	db := s.Path()
	dir := filepath.Dir(db)
	if err := s.Backup(context.Background(), filepath.Join(dir, "earlier-backup.db")); err != nil {
		t.Fatal(err)
	}
	backups, err := data.BackupDir(db)
	if err != nil {
		t.Fatal(err)
	}
	oldBackup := filepath.Join(backups, "mentorbook-2026-03-01T090000.db")
	if err := s.Backup(context.Background(), oldBackup); err != nil {
		t.Fatal(err)
	}
	file := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	hardLink := filepath.Join(dir, "school-copy.db")
	if err := os.Link(db, hardLink); err != nil {
		t.Fatal(err)
	}
	symlink := filepath.Join(dir, "link.csv")
	if err := os.Symlink(file("target.csv", "a,b\n"), symlink); err != nil {
		t.Fatal(err)
	}
	other := t.TempDir()
	for _, c := range []struct {
		name      string
		path      string
		kind      data.OutputKind
		encrypted bool
		refused   string // a word of the refusal, "" when allowed
	}{
		{"TheDatabase", db, data.OutputCSV, false, "school's database"},
		{"TheDatabaseAsPDF", db, data.OutputPDF, false, "school's database"},
		{"TheDatabaseAsBackup", db, data.OutputBackup, false, "school's database"},
		{"TheDatabaseByAnotherPath", filepath.Join(dir, ".", "..", filepath.Base(dir), filepath.Base(db)), data.OutputCSV, false, "school's database"},
		{"TheDatabaseByHardLink", hardLink, data.OutputBackup, false, "school's database"},
		{"WAL", db + "-wal", data.OutputCSV, false, "write-ahead log"},
		{"SHMNotYetThere", db + "-shm", data.OutputPDF, false, "shared-memory"},
		{"Journal", db + "-journal", data.OutputCSV, false, "journal"},
		{"Lock", db + ".lock", data.OutputCalendar, false, "lock file"},
		{"ABackup", oldBackup, data.OutputBackup, false, "backups folder"},
		{"NewFileInBackups", filepath.Join(backups, "students.csv"), data.OutputCSV, false, "backups folder"},
		{"NewBackupInBackups", filepath.Join(backups, "mentorbook-2026-03-10T090000.db"), data.OutputBackup, false, ""},
		{"Folder", other, data.OutputPDF, false, "is a folder"},
		{"Symlink", symlink, data.OutputCSV, false, "symbolic link"},
		{"Device", "/dev/null", data.OutputCSV, false, "not an ordinary file"},
		{"NewFile", filepath.Join(other, "students.csv"), data.OutputCSV, false, ""},
		{"EmptyFile", file("empty.pdf", ""), data.OutputPDF, false, ""},
		{"EarlierPDF", file("programme.pdf", "%PDF-1.4\n..."), data.OutputPDF, false, ""},
		{"NotAPDF", file("thesis.pdf", "PK\x03\x04 a word document"), data.OutputPDF, false, "not a PDF"},
		{"CSVForAPDF", file("list.pdf", "\ufeffSchool ID,Given name\r\n"), data.OutputPDF, false, "not a PDF"},
		{"EarlierExport", file("students.csv", "\ufeffSchool ID,Given name\r\nS1,Ann\r\n"), data.OutputCSV, false, ""},
		{"CSVFromElsewhere", file("roster.csv", "id,name\n1,Zoë\n"), data.OutputCSV, false, ""},
		{"TextNotCSV", file("notes.txt", "my notes\n"), data.OutputCSV, false, "not a CSV export"},
		{"PDFForACSV", file("report.csv", "%PDF-1.4\x00\x01"), data.OutputCSV, false, "not a CSV export"},
		{"EarlierCalendar", file("cal.ics", "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"), data.OutputCalendar, false, ""},
		{"CSVForACalendar", file("cal2.ics", "a,b\n"), data.OutputCalendar, false, "not a calendar"},
		{"EncryptedForEncrypted", file("students.csv.age", "age-encryption.org/v1\n-> scrypt"), data.OutputCSV, true, ""},
		{"EncryptedForPlain", file("students2.csv", "age-encryption.org/v1\n-> scrypt"), data.OutputCSV, false, "not a CSV export"},
		{"PlainForEncrypted", file("students3.csv.age", "\ufeffa,b\r\n"), data.OutputCSV, true, "not an encrypted CSV export"},
		{"EarlierBackup", filepath.Join(dir, "earlier-backup.db"), data.OutputBackup, false, ""},
		{"AnotherLiveDatabaseForABackup", otherDatabase(t), data.OutputBackup, false, "not a Mentorbook backup"},
		{"PDFForABackup", file("x.db", "%PDF-1.4"), data.OutputBackup, false, "not a Mentorbook backup"},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := s.CheckOutput(c.path, c.kind, c.encrypted)
			switch {
			case c.refused == "" && err != nil:
				t.Fatalf("CheckOutput(%q, %s) = %v, want nil", c.path, c.kind, err)
			case c.refused != "" && err == nil:
				t.Fatalf("CheckOutput(%q, %s) = nil, want a refusal saying %q", c.path, c.kind, c.refused)
			case c.refused != "":
				msg := data.ErrorMessage(err)
				if !strings.Contains(msg, c.refused) || !strings.Contains(msg, c.path) || data.ErrorField(err) != "out" {
					t.Fatalf("CheckOutput(%q, %s) = %q (field %q), want it to name the file and say %q", c.path, c.kind, msg, data.ErrorField(err), c.refused)
				}
			}
		})
	}
}

// otherDatabase is another school's live database (WAL mode, our
// application ID), closed.
func otherDatabase(t *testing.T) string {
	o := datatest.Open(t, outputNow)
	p := o.Path()
	if err := o.Close(); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestBackupRefusesTheDatabase: `backup --out` naming the open database
// leaves it as it was.
func TestBackupRefusesTheDatabase(t *testing.T) {
	s := datatest.Demo(t, 20, outputNow)
	before := dumpTables(t, s.Path())
	err := s.Backup(context.Background(), s.Path())
	if data.ErrorField(err) != "out" {
		t.Fatalf("Backup(the database) = %v, want a refusal", err)
	}
	if after := dumpTables(t, s.Path()); len(after["students"]) != len(before["students"]) || len(after["students"]) == 0 {
		t.Fatalf("students after = %d, want %d", len(after["students"]), len(before["students"]))
	}
}

// TestOutputTempNames: the temporary file of an output carries nothing of
// the name asked for (a student's name, for a batch), and is gone after
// Abort and after Commit.
func TestOutputTempNames(t *testing.T) {
	s := datatest.Open(t, outputNow)
	dir := t.TempDir()
	out, err := s.CreateOutput(filepath.Join(dir, "S00001 Zoë Okafor.pdf"), data.OutputPDF, false)
	if err != nil {
		t.Fatal(err)
	}
	names := func() []string {
		entries, _ := os.ReadDir(dir)
		var ns []string
		for _, e := range entries {
			ns = append(ns, e.Name())
		}
		return ns
	}
	if ns := names(); len(ns) != 1 || strings.Contains(ns[0], "Zo") || strings.Contains(ns[0], "S00001") {
		t.Fatalf("while writing, the folder holds %q, want one file named for nobody", ns)
	}
	if fi, err := os.Stat(filepath.Join(dir, names()[0])); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("temporary file mode = %v (%v), want 0600", fi.Mode(), err)
	}
	out.Write([]byte("%PDF-1.4\n"))
	if err := out.Commit(); err != nil {
		t.Fatal(err)
	}
	if ns := names(); len(ns) != 1 || ns[0] != "S00001 Zoë Okafor.pdf" {
		t.Fatalf("after Commit the folder holds %q", ns)
	}
	out, err = s.CreateOutput(filepath.Join(dir, "other.pdf"), data.OutputPDF, false)
	if err != nil {
		t.Fatal(err)
	}
	out.Abort()
	if ns := names(); len(ns) != 1 {
		t.Fatalf("after Abort the folder holds %q", ns)
	}
}

// TestOutputDiskFull: an output on a full disk says so in one sentence and
// leaves nothing behind. It needs a small tmpfs, which root can mount.
func TestOutputDiskFull(t *testing.T) {
	s := datatest.Open(t, outputNow)
	dir := datatest.SmallDisk(t, "64k")
	out, err := s.CreateOutput(filepath.Join(dir, "big.csv"), data.OutputCSV, false)
	if err != nil {
		t.Fatal(err)
	}
	defer out.Abort()
	_, err = out.Write(make([]byte, 1<<20))
	if !errors.Is(err, data.ErrDiskFull) {
		t.Fatalf("Write on a full disk = %v, want ErrDiskFull", err)
	}
	if msg := data.ErrorMessage(err); !strings.HasPrefix(msg, "The disk is full") {
		t.Fatalf("ErrorMessage = %q", msg)
	}
	out.Abort()
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Fatalf("a full disk was left with %d files", len(entries))
	}
}

// TestOpenOnAFullDisk: a sound database on a full disk is a full disk,
// not "damaged" (which made the window offer to restore a backup over it).
func TestOpenOnAFullDisk(t *testing.T) {
	s := datatest.Demo(t, 10, outputNow)
	s.Close() // checkpointed: the file alone holds the school
	b, err := os.ReadFile(s.Path())
	if err != nil {
		t.Fatal(err)
	}
	dir := datatest.SmallDisk(t, "2m")
	db := filepath.Join(dir, "school.db")
	if err := os.WriteFile(db, b, 0o600); err != nil {
		t.Fatal(err)
	}
	filler := datatest.Fill(t, dir)
	_, err = data.Open(db)
	if !errors.Is(err, data.ErrDiskFull) || errors.Is(err, data.ErrCorrupt) {
		t.Fatalf("Open(on a full disk) = %v, want ErrDiskFull and not ErrCorrupt", err)
	}
	os.Remove(filler)
	s2, err := data.Open(db)
	if err != nil {
		t.Fatalf("Open once space was freed: %v", err)
	}
	s2.Close()
}

// TestOutputLeftoverRemovedAtOpen: the temporary file of an output that a
// killed run left, in a folder of its own, is removed when the database is
// next opened, and so is the note that found it.
func TestOutputLeftoverRemovedAtOpen(t *testing.T) {
	s := datatest.Open(t, outputNow)
	db := s.Path()
	dir := t.TempDir()
	if _, err := s.CreateOutput(filepath.Join(dir, "Zoë Okafor.pdf"), data.OutputPDF, false); err != nil {
		t.Fatal(err)
	}
	// Killed: neither Commit nor Abort.
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Fatalf("the output's folder holds %d files, want its temporary file", len(entries))
	}
	s.Close()
	s2, err := data.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("after the next Open the output's folder holds %v", entries)
	}
	entries, _ := os.ReadDir(filepath.Dir(db))
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".where") {
			t.Errorf("the note %s is left beside the database", e.Name())
		}
	}
}

// TestOutputFolder: a folder batch's files are written as CreateOutput
// writes one (a temporary file named for nobody, mode 0600, renamed into
// place), refused where CheckOutput refuses, and what a killed batch left
// in the folder is removed by the next Open, through the folder's one note.
func TestOutputFolder(t *testing.T) {
	s := datatest.Open(t, outputNow)
	db := s.Path()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "thesis.pdf"), []byte("my thesis"), 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := s.OutputFolder(dir, data.OutputPDF)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.Create("thesis.pdf"); data.ErrorCode(err) != data.EINVALID || !strings.Contains(data.ErrorMessage(err), "is not a PDF") {
		t.Errorf("Create(thesis.pdf) = %v, want a refusal: it is not a PDF", err)
	}
	done, err := f.Create("S00001 Zoë Okafor.pdf")
	if err != nil {
		t.Fatal(err)
	}
	var temps []string
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if e.Name() != "thesis.pdf" {
			temps = append(temps, e.Name())
			if fi, _ := e.Info(); strings.Contains(e.Name(), "Zo") || strings.Contains(e.Name(), "S00001") || fi.Mode().Perm() != 0o600 {
				t.Errorf("temporary file %s, mode %v; want one named for nobody, mode 0600", e.Name(), fi.Mode())
			}
		}
	}
	if len(temps) != 1 {
		t.Fatalf("while writing, the folder holds %v", temps)
	}
	done.Write([]byte("%PDF-1.4\n"))
	if err := done.Commit(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "S00001 Zoë Okafor.pdf")); err != nil {
		t.Errorf("after Commit: %v", err)
	}
	// A batch that ends closes its folder: its note goes, the other's stays.
	notes := func() int {
		n := 0
		entries, _ := os.ReadDir(filepath.Dir(db))
		for _, e := range entries {
			if strings.HasSuffix(e.Name(), ".where") {
				n++
			}
		}
		return n
	}
	other, err := s.OutputFolder(t.TempDir(), data.OutputPDF)
	if err != nil {
		t.Fatal(err)
	}
	if n := notes(); n != 2 {
		t.Errorf("%d notes beside the database for two folders being written, want 2", n)
	}
	if err := other.Close(); err != nil || notes() != 1 {
		t.Errorf("Close() = %v, leaving %d notes; want the other folder's only", err, notes())
	}
	// Killed with two files half-written: neither Commit, Abort nor Close.
	for _, name := range []string{"a.pdf", "b.pdf"} {
		if _, err := f.Create(name); err != nil {
			t.Fatal(err)
		}
	}
	s.Close()
	s2, err := data.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	entries, _ = os.ReadDir(dir)
	var left []string
	for _, e := range entries {
		left = append(left, e.Name())
	}
	if strings.Join(left, "|") != "S00001 Zoë Okafor.pdf|thesis.pdf" {
		t.Errorf("after the next Open the folder holds %q, want the committed file and the thesis", left)
	}
	entries, _ = os.ReadDir(filepath.Dir(db))
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".where") {
			t.Errorf("the note %s is left beside the database", e.Name())
		}
	}
}

// TestOutputFolderRefusesTheDatabase: a folder batch into the database's
// own folder never replaces its files.
func TestOutputFolderRefusesTheDatabase(t *testing.T) {
	s := datatest.Open(t, outputNow)
	f, err := s.OutputFolder(filepath.Dir(s.Path()), data.OutputPDF)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, name := range []string{filepath.Base(s.Path()), filepath.Base(s.Path()) + "-wal"} {
		if _, err := f.Create(name); data.ErrorCode(err) != data.EINVALID {
			t.Errorf("Create(%s) = %v, want a refusal", name, err)
		}
	}
}
