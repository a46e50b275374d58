package main

import (
	"archive/zip"
	_ "embed"
	"fmt"
	"io"
	"os"
	"strings"
	"text/template"

	"mentorbook/app/cli"
)

//go:embed how-to-start.txt
var howToStart string

// writeWinzip writes the zip a Windows user downloads: a Mentorbook folder
// holding mentorbook.exe and "How to start.txt" (with Windows line ends,
// so that Notepad of any age shows it right).
func writeWinzip(info cli.AppInfo, exePath, zipPath string) error {
	var text strings.Builder
	if err := template.Must(template.New("").Parse(howToStart)).Execute(&text, info); err != nil {
		return err
	}
	exe, err := os.Open(exePath)
	if err != nil {
		return err
	}
	defer exe.Close()
	st, err := exe.Stat()
	if err != nil {
		return err
	}
	tmp := zipPath + ".tmp"
	out, err := os.Create(tmp)
	if err != nil {
		return err
	}
	defer os.Remove(tmp)
	zw := zip.NewWriter(out)
	w, err := zw.CreateHeader(&zip.FileHeader{Name: "Mentorbook/mentorbook.exe", Method: zip.Deflate, Modified: st.ModTime()})
	if err == nil {
		_, err = io.Copy(w, exe)
	}
	if err == nil {
		w, err = zw.CreateHeader(&zip.FileHeader{Name: "Mentorbook/How to start.txt", Method: zip.Deflate, Modified: st.ModTime()})
	}
	if err == nil {
		_, err = io.WriteString(w, strings.ReplaceAll(text.String(), "\n", "\r\n"))
	}
	if err == nil {
		err = zw.Close()
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("%s: %w", zipPath, err)
	}
	return os.Rename(tmp, zipPath)
}
