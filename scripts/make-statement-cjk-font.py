#!/usr/bin/env python3
"""Makes assets/fonts/HubStatementCJK-Regular.otf: Noto Sans SC (npm @embedpdf/fonts-sc 1.0.0,
fonts/NotoSansHans-Regular.otf, OFL-1.1) cut down to what resellers' names need, renamed because
the licence reserves the name of the original for unmodified copies. Keeps every character the
source has in the blocks of BLOCKS (all CJK Unified Ideographs and Extension A, so Simplified,
Traditional and Japanese kanji; kana; bopomofo; CJK punctuation; full- and half-width forms;
compatibility ideographs; enclosed and squared CJK) plus the GB2312 symbols the first cut had:
29,063 characters, 6.9 MB instead of 8.4 MB (without Extension A: 5.3 MB). Needs fontTools (apt:
python3-fonttools).

  npm pack @embedpdf/fonts-sc@1.0.0 && tar xzf embedpdf-fonts-sc-1.0.0.tgz
  /usr/bin/python3 scripts/make-statement-cjk-font.py package/fonts/NotoSansHans-Regular.otf
"""
import sys
from fontTools import subset
from fontTools.ttLib import TTFont

FAMILY = 'Hub Statement CJK'
OUT = 'assets/fonts/HubStatementCJK-Regular.otf'


# Unicode blocks kept whole (as far as the source has them). Not kept: Extension B and later
# (U+20000 up, the source has only a few hundred of them), Kangxi radicals, strokes.
BLOCKS = [
    (0x3000, 0x303F),  # CJK Symbols and Punctuation
    (0x3040, 0x309F),  # Hiragana
    (0x30A0, 0x30FF),  # Katakana
    (0x31F0, 0x31FF),  # Katakana Phonetic Extensions
    (0x3100, 0x312F),  # Bopomofo
    (0x31A0, 0x31BF),  # Bopomofo Extended
    (0x3200, 0x32FF),  # Enclosed CJK Letters and Months (㈱ ㊑)
    (0x3300, 0x33FF),  # CJK Compatibility (㍿)
    (0x3400, 0x4DBF),  # CJK Unified Ideographs Extension A
    (0x4E00, 0x9FFF),  # CJK Unified Ideographs
    (0xF900, 0xFAFF),  # CJK Compatibility Ideographs
    (0xFE30, 0xFE4F),  # CJK Compatibility Forms
    (0xFF00, 0xFFEF),  # Halfwidth and Fullwidth Forms
]


def gb2312():
    chars = set()
    for hi in range(0xA1, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                chars.add(ord(bytes([hi, lo]).decode('gb2312')))
            except UnicodeDecodeError:
                pass
    return chars


def characters(font):
    """The code points to keep that the source font has."""
    cmap = font.getBestCmap()
    wanted = gb2312().union(cp for lo, hi in BLOCKS for cp in range(lo, hi + 1))
    return sorted(cp for cp in wanted if cp in cmap)


def main(source):
    options = subset.Options()
    options.layout_features = ['*']
    options.name_IDs = ['*']
    options.hinting = False
    font = TTFont(source)
    subsetter = subset.Subsetter(options)
    unicodes = characters(font)
    subsetter.populate(unicodes=unicodes)
    subsetter.subset(font)
    for rec in font['name'].names:
        if rec.nameID in (1, 16):
            rec.string = FAMILY
        elif rec.nameID == 4:
            rec.string = FAMILY + ' Regular'
        elif rec.nameID == 6:
            rec.string = 'HubStatementCJK-Regular'
        elif rec.nameID == 3:
            rec.string = 'HubStatementCJK-Regular;subset of Noto Sans SC (CJK)'
        elif rec.nameID in (2, 17):
            rec.string = 'Regular'
    cff = font['CFF '].cff
    cff.fontNames[0] = 'HubStatementCJK-Regular'
    top = cff.topDictIndex[0]
    for key in ('FullName', 'FamilyName'):
        if hasattr(top, key):
            setattr(top, key, FAMILY)
    font.save(OUT)
    print(f'{OUT}: {len(unicodes)} characters')


if __name__ == '__main__':
    main(sys.argv[1])
