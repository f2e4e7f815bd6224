#!/usr/bin/env python3
"""Makes assets/fonts/HubStatementCJK-Regular.otf: Noto Sans SC (npm @embedpdf/fonts-sc 1.0.0,
fonts/NotoSansHans-Regular.otf, OFL-1.1) cut down to the GB2312 characters plus CJK punctuation
and full-width forms (7,631 characters, 1.7 MB instead of 8.4 MB), renamed because the licence
reserves the name of the original for unmodified copies. Needs fontTools (apt: python3-fonttools).

  npm pack @embedpdf/fonts-sc@1.0.0 && tar xzf embedpdf-fonts-sc-1.0.0.tgz
  /usr/bin/python3 scripts/make-statement-cjk-font.py package/fonts/NotoSansHans-Regular.otf
"""
import sys
from fontTools import subset
from fontTools.ttLib import TTFont

FAMILY = 'Hub Statement CJK'
OUT = 'assets/fonts/HubStatementCJK-Regular.otf'


def characters():
    chars = set()
    for hi in range(0xA1, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                chars.add(bytes([hi, lo]).decode('gb2312'))
            except UnicodeDecodeError:
                pass
    chars.update(chr(cp) for cp in list(range(0x3000, 0x3040)) + list(range(0xFF00, 0xFFF0)))
    return ''.join(sorted(chars))


def main(source):
    options = subset.Options()
    options.layout_features = ['*']
    options.name_IDs = ['*']
    options.hinting = False
    font = TTFont(source)
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=characters())
    subsetter.subset(font)
    for rec in font['name'].names:
        if rec.nameID in (1, 16):
            rec.string = FAMILY
        elif rec.nameID == 4:
            rec.string = FAMILY + ' Regular'
        elif rec.nameID == 6:
            rec.string = 'HubStatementCJK-Regular'
        elif rec.nameID == 3:
            rec.string = 'HubStatementCJK-Regular;subset of Noto Sans SC (GB2312)'
        elif rec.nameID in (2, 17):
            rec.string = 'Regular'
    cff = font['CFF '].cff
    cff.fontNames[0] = 'HubStatementCJK-Regular'
    top = cff.topDictIndex[0]
    for key in ('FullName', 'FamilyName'):
        if hasattr(top, key):
            setattr(top, key, FAMILY)
    font.save(OUT)


if __name__ == '__main__':
    main(sys.argv[1])
