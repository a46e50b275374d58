#!/usr/bin/env python3
"""Builds WindowScripts.ttf, the window's font for the scripts Fyne's own
font (Noto Sans: Latin, Greek, Cyrillic, Vietnamese) lacks.

Fyne 2.7 draws each character in the first of these fonts that has it: the
theme's font, then Noto Sans, then the system's fonts. A theme can name one
font only, so the scripts the reports draw from three fonts are merged here
into one, and it carries no Latin or digits: those stay Noto Sans's, as in
every other Fyne program. It must carry the spaces, because a space takes
the font of the text before it (go-text's segmenter); they get Noto Sans's
widths, and the font gets Noto Sans's line metrics, since Fyne measures a
line with the first font that has a space.

  Chinese, Japanese  Droid Sans Fallback (Apache 2.0)
  Korean (Hangul)    NanumSquare Regular (SIL OFL 1.1)
  Arabic, Hebrew     DejaVu Sans (Bitstream Vera / public domain)

Run from the repository root with Debian's python3-fonttools, naming
Fyne's Noto Sans (in the Go module cache) for its metrics:
  python3 assets/fonts/make-window-font.py \
    "$(go env GOMODCACHE)/fyne.io/fyne/v2@v2.7.1/theme/font/NotoSans-Regular.ttf"
The output is committed; the program never runs this.
"""
import sys

from fontTools import subset
from fontTools.merge import Merger
from fontTools.ttLib import TTFont
from fontTools.ttLib.scaleUpem import scale_upem

UPEM = 1000  # Noto Sans's and NanumSquare's
DIR = "assets/fonts/"

HANGUL = [(0x1100, 0x11FF), (0x3130, 0x318F), (0xA960, 0xA97F), (0xAC00, 0xD7AF), (0xD7B0, 0xD7FF)]
CJK = [(0x2E80, 0x2FDF), (0x3000, 0x303F), (0x3040, 0x30FF), (0x3190, 0x31FF), (0x3200, 0x32FF),
       (0x3300, 0x33FF), (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0xFE30, 0xFE4F),
       (0xFF00, 0xFFEF)]
# Spaces and the invisible format characters, which never change font.
SPACES = [(0x0020, 0x0020), (0x00A0, 0x00A0), (0x2000, 0x200F), (0x2028, 0x202F), (0x205F, 0x206F),
          (0xFEFF, 0xFEFF)]
ARABIC_HEBREW = [(0x0590, 0x05FF), (0x0600, 0x06FF), (0x0750, 0x077F), (0xFB1D, 0xFB4F),
                 (0xFB50, 0xFDFF), (0xFE70, 0xFEFF)]


def part(name, ranges, out):
    """Keeps only ranges of font name, without hinting, scaled to UPEM."""
    font = TTFont(DIR + name)
    opts = subset.Options()
    opts.hinting = False
    opts.layout_features = ["*"]
    opts.name_IDs = ["*"]
    opts.notdef_outline = True
    opts.glyph_names = False
    s = subset.Subsetter(opts)
    s.populate(unicodes=[c for a, b in ranges for c in range(a, b + 1)])
    s.subset(font)
    # Tables the merger cannot combine and the window does not use.
    for tag in ("vhea", "vmtx", "kern", "FFTM", "MATH", "gasp"):
        if tag in font:
            del font[tag]
    if font["head"].unitsPerEm != UPEM:
        scale_upem(font, UPEM)
    font.save(out)
    return out


def main():
    parts = [
        part("DroidSansFallbackFull.ttf", CJK, "/tmp/window-font-cjk.ttf"),
        part("NanumSquareR.ttf", HANGUL, "/tmp/window-font-hangul.ttf"),
        part("DejaVuSans.ttf", ARABIC_HEBREW + SPACES, "/tmp/window-font-arabic.ttf"),
    ]
    merged = Merger().merge(parts)
    noto = TTFont(sys.argv[1])
    assert noto["head"].unitsPerEm == UPEM
    for tag, fields in (("hhea", ("ascent", "descent", "lineGap")),
                        ("OS/2", ("sTypoAscender", "sTypoDescender", "sTypoLineGap", "usWinAscent", "usWinDescent"))):
        for f in fields:
            setattr(merged[tag], f, getattr(noto[tag], f))
    notomap, cmap = noto.getBestCmap(), merged.getBestCmap()
    for c, glyph in cmap.items():
        if c in notomap and any(a <= c <= b for a, b in SPACES):
            merged["hmtx"][glyph] = (noto["hmtx"][notomap[c]][0], 0)
    # A font made from OFL and Bitstream Vera fonts must not carry their
    # reserved names.
    for rec in merged["name"].names:
        if rec.nameID in (1, 4, 16):
            rec.string = "Mentorbook Window Scripts"
        elif rec.nameID == 6:
            rec.string = "MentorbookWindowScripts"
        elif rec.nameID in (2, 17):
            rec.string = "Regular"
    merged.save(DIR + "WindowScripts.ttf")
    cmap = merged.getBestCmap()
    print("WindowScripts.ttf:", len(merged.getGlyphOrder()), "glyphs,", len(cmap), "characters")


main()
