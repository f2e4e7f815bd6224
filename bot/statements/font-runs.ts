import fs from 'node:fs';
import path from 'node:path';
import * as fontkit from 'fontkit';

// No one font has Latin, Thai and Chinese (Noto splits them by script), so text is cut into runs,
// each set in the first bundled font that has its characters (assets/fonts/README.md). A mark or a
// space stays with the run before it, so Thai vowels and tone marks are shaped with their consonant.

export const FONT_DIR = path.resolve(__dirname, '..', '..', 'assets', 'fonts');

export type FontFace = 'regular' | 'bold';

interface FontFile {
  /** The name the PDF document registers it under. */
  name: string;
  file: string;
  covers: (codePoint: number) => boolean;
}

function coverage(file: string): (codePoint: number) => boolean {
  const font = fontkit.create(fs.readFileSync(path.join(FONT_DIR, file))) as fontkit.Font;
  const cache = new Map<number, boolean>();
  return (cp) => {
    let has = cache.get(cp);
    if (has === undefined) {
      has = font.hasGlyphForCodePoint(cp);
      cache.set(cp, has);
    }
    return has;
  };
}

let loaded: Record<FontFace, FontFile[]> | null = null;

/** The fallback chain per face, in order; loaded once per process (about 30 ms). */
export function fontChain(): Record<FontFace, FontFile[]> {
  if (loaded) return loaded;
  const file = (name: string, fileName: string): FontFile => ({ name, file: path.join(FONT_DIR, fileName), covers: coverage(fileName) });
  const thai = file('thai', 'NotoSansThai-Regular.ttf');
  const cjk = file('cjk', 'HubStatementCJK-Regular.otf');
  loaded = {
    regular: [file('latin', 'NotoSans-Regular.ttf'), thai, cjk],
    bold: [file('latin-bold', 'NotoSans-Bold.ttf'), file('thai-bold', 'NotoSansThai-Bold.ttf'), cjk],
  };
  return loaded;
}

export interface FontRun {
  font: string;
  text: string;
}

// Combining marks (Thai vowels above/below and tone marks among them), joiners and spaces.
const ATTACHES = /[\p{M}\u200c\u200d]/u;
const NEUTRAL = /[\s\p{P}\d]/u;
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/** `text` cut into runs of one font each; a character no font has goes with the first font (it prints as a box). */
export function fontRuns(text: string, face: FontFace): FontRun[] {
  const chain = fontChain()[face];
  // Most cells (dates, references, amounts) are plain ASCII, which the first font has.
  if (PRINTABLE_ASCII.test(text)) return text === '' ? [] : [{ font: chain[0]!.name, text }];
  const runs: FontRun[] = [];
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    const last = runs[runs.length - 1];
    let font: string;
    if (last && (ATTACHES.test(ch) || (NEUTRAL.test(ch) && chain.find((f) => f.name === last.font)!.covers(cp)))) font = last.font;
    else font = (chain.find((f) => f.covers(cp)) ?? chain[0]!).name;
    if (last && last.font === font) last.text += ch;
    else runs.push({ font, text: ch });
  }
  return runs;
}
