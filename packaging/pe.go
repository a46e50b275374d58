package main

import (
	"debug/pe"
	"encoding/binary"
	"errors"
	"fmt"
	"strings"
	"unicode/utf16"

	"mentorbook/app/cli"
)

// Resource types (winuser.h).
const (
	rtIcon      = 3
	rtGroupIcon = 14
	rtVersion   = 16
	rtManifest  = 24
)

// checkExe fails unless path is the Windows program we mean to ship: a
// 64-bit x86 GUI program (no console window behind it) carrying the icon,
// the version of FyneApp.toml and the manifest, and importing no DLL that a
// Windows laptop lacks (MinGW's runtime DLLs are linked in, not beside it).
func checkExe(info cli.AppInfo, path string) error {
	f, err := pe.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	if f.Machine != pe.IMAGE_FILE_MACHINE_AMD64 {
		return fmt.Errorf("built for machine %#x, not x86-64", f.Machine)
	}
	oh, ok := f.OptionalHeader.(*pe.OptionalHeader64)
	if !ok {
		return errors.New("not a PE32+ (64-bit) executable")
	}
	if oh.Subsystem != pe.IMAGE_SUBSYSTEM_WINDOWS_GUI {
		return fmt.Errorf("subsystem %d, not a Windows GUI program (a console window would open behind it; link with -H=windowsgui)", oh.Subsystem)
	}
	dlls, err := f.ImportedLibraries()
	if err != nil {
		return err
	}
	for _, dll := range dlls {
		if strings.HasPrefix(strings.ToLower(dll), "lib") {
			return fmt.Errorf("imports %s, which Windows does not have (link the MinGW runtime statically)", dll)
		}
	}
	res, err := readResources(f)
	if err != nil {
		return err
	}
	for _, want := range []struct {
		typ  uint32
		name string
	}{{rtIcon, "icon"}, {rtGroupIcon, "icon group"}, {rtManifest, "manifest"}, {rtVersion, "version information"}} {
		if len(res[want.typ]) == 0 {
			return fmt.Errorf("no %s resource", want.name)
		}
	}
	strs, fixed, err := parseVersionInfo(res[rtVersion][0])
	if err != nil {
		return fmt.Errorf("version resource: %w", err)
	}
	if want := fileVersion(info); fixed != want {
		return fmt.Errorf("version resource: file version %s, FyneApp.toml says %s", fixed, want)
	}
	for key, want := range map[string]string{"ProductName": info.Name, "ProductVersion": info.Version, "FileVersion": fileVersion(info), "OriginalFilename": "mentorbook.exe"} {
		if strs[key] != want {
			return fmt.Errorf("version resource: %s is %q, want %q", key, strs[key], want)
		}
	}
	return nil
}

// readResources returns the data of every resource in the .rsrc section by
// type. The section is a three-level tree (type, name, language) of
// IMAGE_RESOURCE_DIRECTORY tables; the leaves point at the data by RVA.
func readResources(f *pe.File) (map[uint32][][]byte, error) {
	sec := f.Section(".rsrc")
	if sec == nil {
		return nil, errors.New("no resources (.rsrc section)")
	}
	b, err := sec.Data()
	if err != nil {
		return nil, err
	}
	le := binary.LittleEndian
	res := map[uint32][][]byte{}
	// walk visits the directory at off; typ is the type once below level 0.
	var walk func(off uint32, level int, typ uint32) error
	walk = func(off uint32, level int, typ uint32) error {
		if level > 2 || int(off)+16 > len(b) {
			return errors.New("damaged resource directory")
		}
		n := int(le.Uint16(b[off+12:])) + int(le.Uint16(b[off+14:]))
		for i := 0; i < n; i++ {
			e := int(off) + 16 + 8*i
			if e+8 > len(b) {
				return errors.New("damaged resource directory")
			}
			id, to := le.Uint32(b[e:]), le.Uint32(b[e+4:])
			if level == 0 {
				typ = id
			}
			if to&0x80000000 != 0 {
				if err := walk(to&0x7fffffff, level+1, typ); err != nil {
					return err
				}
				continue
			}
			if int(to)+16 > len(b) {
				return errors.New("damaged resource entry")
			}
			rva, size := le.Uint32(b[to:]), le.Uint32(b[to+4:])
			start := int64(rva) - int64(sec.VirtualAddress)
			if start < 0 || start+int64(size) > int64(len(b)) {
				return errors.New("resource data outside the .rsrc section")
			}
			res[typ] = append(res[typ], b[start:start+int64(size)])
		}
		return nil
	}
	return res, walk(0, 0, 0)
}

// parseVersionInfo reads a VS_VERSIONINFO: the file version of its
// VS_FIXEDFILEINFO as "a.b.c.d", and the strings of its StringFileInfo.
func parseVersionInfo(b []byte) (map[string]string, string, error) {
	le := binary.LittleEndian
	strs := map[string]string{}
	var fixed string
	// block reads the block at b[0:]: wLength, wValueLength, wType, a
	// UTF-16 key, then the value and the child blocks, each 32-bit aligned.
	var block func(b []byte, depth int) error
	block = func(b []byte, depth int) error {
		if len(b) < 6 || int(le.Uint16(b)) > len(b) || le.Uint16(b) < 6 {
			return errors.New("damaged block")
		}
		b = b[:le.Uint16(b)]
		valueLen, isText := int(le.Uint16(b[2:])), le.Uint16(b[4:]) == 1
		key, p := utf16z(b, 6)
		p = align4(p)
		if isText {
			valueLen *= 2 // counted in UTF-16 units
		}
		if p+valueLen > len(b) {
			return errors.New("damaged value")
		}
		value := b[p : p+valueLen]
		switch {
		case depth == 0 && key != "VS_VERSION_INFO":
			return fmt.Errorf("starts with %q, not VS_VERSION_INFO", key)
		case depth == 0:
			if len(value) < 52 || le.Uint32(value) != 0xFEEF04BD {
				return errors.New("no VS_FIXEDFILEINFO")
			}
			ms, ls := le.Uint32(value[8:]), le.Uint32(value[12:])
			fixed = fmt.Sprintf("%d.%d.%d.%d", ms>>16, ms&0xffff, ls>>16, ls&0xffff)
		case depth == 3 && isText:
			s, _ := utf16z(value, 0)
			strs[key] = s
		}
		for p = align4(p + valueLen); p < len(b); {
			if err := block(b[p:], depth+1); err != nil {
				return err
			}
			p = align4(p + int(le.Uint16(b[p:])))
		}
		return nil
	}
	return strs, fixed, block(b, 0)
}

// utf16z reads a zero-terminated UTF-16LE string at b[p:] and returns it
// and the offset after the terminator.
func utf16z(b []byte, p int) (string, int) {
	var u []uint16
	for ; p+1 < len(b); p += 2 {
		c := binary.LittleEndian.Uint16(b[p:])
		if c == 0 {
			return string(utf16.Decode(u)), p + 2
		}
		u = append(u, c)
	}
	return string(utf16.Decode(u)), p
}

func align4(p int) int { return (p + 3) &^ 3 }
