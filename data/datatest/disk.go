package datatest

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// SmallDisk mounts a tmpfs of size (as mount(8) reads it: "64k", "2m") in
// a new temporary folder, for tests of a full disk, and unmounts it when
// the test ends. opts adds mount options ("ro"). Tests run as root, which
// may mount; elsewhere the test fails and says why.
func SmallDisk(tb testing.TB, size string, opts ...string) string {
	tb.Helper()
	dir := filepath.Join(tb.TempDir(), "disk")
	if err := os.Mkdir(dir, 0o700); err != nil {
		tb.Fatal(err)
	}
	o := "size=" + size
	for _, x := range opts {
		o += "," + x
	}
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", o, "tmpfs", dir).CombinedOutput(); err != nil {
		tb.Fatalf("this test mounts a small tmpfs, which needs root: %v %s", err, out)
	}
	tb.Cleanup(func() {
		if out, err := exec.Command("umount", dir).CombinedOutput(); err != nil {
			tb.Errorf("umount %s: %v %s", dir, err, out)
		}
	})
	return dir
}

// Fill fills the disk of dir, leaving no room, and returns the filler's
// path, whose removal frees the space.
func Fill(tb testing.TB, dir string) string {
	tb.Helper()
	p := filepath.Join(dir, "filler")
	f, err := os.Create(p)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	buf := make([]byte, 4096)
	for {
		if _, err := f.Write(buf); err != nil {
			return p
		}
	}
}
