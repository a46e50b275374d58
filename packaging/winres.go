package main

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"golang.org/x/image/draw"

	"mentorbook/app/cli"
)

// iconSizes are the sizes Windows shows: the title bar and taskbar (16, 32),
// Explorer's views (48, 256). Each is a PNG inside the .ico, which Windows
// reads from Vista on.
var iconSizes = []int{16, 32, 48, 256}

// writeSyso writes the program's Windows resources (the icon, the version
// information Explorer shows under Properties ▸ Details, and a manifest)
// as an object file that go build links into a Windows program when it
// lies in the main package's folder as *_windows_amd64.syso. MinGW's
// windres ($WINDRES) compiles them from a resource script.
func writeSyso(info cli.AppInfo, syso string) error {
	dir, err := os.MkdirTemp("", "mentorbook-winres-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	ico, err := makeICO(info.Icon, iconSizes)
	if err != nil {
		return err
	}
	files := map[string][]byte{
		"mentorbook.ico":      ico,
		"mentorbook.manifest": []byte(manifest(info)),
		"mentorbook.rc":       []byte(resourceScript(info)),
	}
	for name, b := range files {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			return err
		}
	}
	windres := os.Getenv("WINDRES")
	if windres == "" {
		windres = "x86_64-w64-mingw32-windres"
	}
	if _, err := exec.LookPath(windres); err != nil {
		return fmt.Errorf("%s is missing (apt-get install binutils-mingw-w64-x86-64, or make deps)", windres)
	}
	abs, err := filepath.Abs(syso)
	if err != nil {
		return err
	}
	cmd := exec.Command(windres, "-O", "coff", "-i", "mentorbook.rc", "-o", abs)
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("%s: %v\n%s", windres, err, out)
	}
	return nil
}

// fileVersion is the four numbers of a Windows version: the version and
// the build.
func fileVersion(info cli.AppInfo) string {
	return info.Version + "." + fmt.Sprint(info.Build)
}

// resourceScript is the .rc file. Its numbers are written out rather than
// taken from winver.h: VS_FF_*, VOS_NT_WINDOWS32 = 0x40004, VFT_APP = 1;
// 24 is RT_MANIFEST; 0x409, 1200 is US English in Unicode.
func resourceScript(info cli.AppInfo) string {
	commas := strings.ReplaceAll(fileVersion(info), ".", ",")
	q := func(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }
	return fmt.Sprintf(`1 ICON "mentorbook.ico"
1 24 "mentorbook.manifest"
1 VERSIONINFO
FILEVERSION %[1]s
PRODUCTVERSION %[1]s
FILEFLAGSMASK 0x3f
FILEFLAGS 0
FILEOS 0x40004
FILETYPE 1
FILESUBTYPE 0
BEGIN
  BLOCK "StringFileInfo"
  BEGIN
    BLOCK "040904b0"
    BEGIN
      VALUE "FileDescription", %[2]s
      VALUE "FileVersion", %[3]s
      VALUE "InternalName", "mentorbook"
      VALUE "OriginalFilename", "mentorbook.exe"
      VALUE "ProductName", %[2]s
      VALUE "ProductVersion", %[4]s
    END
  END
  BLOCK "VarFileInfo"
  BEGIN
    VALUE "Translation", 0x409, 1200
  END
END
`, commas, q(info.Name), q(fileVersion(info)), q(info.Version))
}

// manifest says the program runs as the user who starts it (no
// administrator prompt) and is made for Windows 10 and 11, the systems Go
// supports. GLFW itself asks Windows for per-monitor DPI scaling.
func manifest(info cli.AppInfo) string {
	return fmt.Sprintf(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<assembly xmlns="urn:schemas-microsoft-com:asm.v1" manifestVersion="1.0">
  <assemblyIdentity type="win32" name="%s" version="%s" processorArchitecture="amd64"/>
  <trustInfo xmlns="urn:schemas-microsoft-com:asm.v3">
    <security><requestedPrivileges><requestedExecutionLevel level="asInvoker" uiAccess="false"/></requestedPrivileges></security>
  </trustInfo>
  <compatibility xmlns="urn:schemas-microsoft-com:compatibility.v1">
    <application><supportedOS Id="{8e0f7a12-bfb3-4fe8-b9a5-48fd50a15a9a}"/></application>
  </compatibility>
</assembly>
`, info.ID, fileVersion(info))
}

// makeICO reads the PNG icon and returns an .ico holding it at each size.
func makeICO(pngPath string, sizes []int) ([]byte, error) {
	f, err := os.Open(pngPath)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	src, err := png.Decode(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", pngPath, err)
	}
	var images [][]byte
	for _, n := range sizes {
		dst := image.NewNRGBA(image.Rect(0, 0, n, n))
		draw.CatmullRom.Scale(dst, dst.Bounds(), src, src.Bounds(), draw.Src, nil)
		var b bytes.Buffer
		if err := png.Encode(&b, dst); err != nil {
			return nil, err
		}
		images = append(images, b.Bytes())
	}
	// ICONDIR, then one ICONDIRENTRY per image, then the images.
	var out bytes.Buffer
	le := binary.LittleEndian
	out.Write(le.AppendUint16(le.AppendUint16(le.AppendUint16(nil, 0), 1), uint16(len(images))))
	offset := 6 + 16*len(images)
	for i, n := range sizes {
		side := byte(n) // 256 is written as 0
		e := []byte{side, side, 0, 0}
		e = le.AppendUint16(e, 1)  // colour planes
		e = le.AppendUint16(e, 32) // bits per pixel
		e = le.AppendUint32(e, uint32(len(images[i])))
		e = le.AppendUint32(e, uint32(offset))
		out.Write(e)
		offset += len(images[i])
	}
	for _, img := range images {
		out.Write(img)
	}
	return out.Bytes(), nil
}
