// Small helpers shared by the parser's rules.

const CJK = /[\u3000-\u9fff\uf900-\ufaff]/;

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * One regex for a word list: Latin entries as whole words, CJK entries anywhere. Longest first.
 * With hanEdges, a Han character next to a Latin entry ends the word as a space would ("price多少",
 * "报个quote"): a Chinese message that drops an English word into its sentence.
 */
export function wordsPattern(words: readonly string[], flags = 'giu', hanEdges = false): RegExp {
  const sorted = [...words].sort((a, b) => b.length - a.length);
  const body = (w: string) => escape(w).replace(/\s+/g, String.raw`\s+`);
  // One word-start check for all Latin entries, not one each: a long text is read in one pass.
  const letter = hanEdges ? String.raw`(?:[^\P{L}\p{Script=Han}]|\p{N})` : String.raw`[\p{L}\p{N}]`;
  const latin = sorted.filter((w) => !CJK.test(w)).map((w) => String.raw`${body(w)}(?!${letter})`);
  const cjk = sorted.filter((w) => CJK.test(w)).map(body);
  const alternatives = [...(latin.length > 0 ? [String.raw`(?<!${letter})(?:${latin.join('|')})`] : []), ...cjk];
  return new RegExp(`(?:${alternatives.join('|')})`, flags);
}

export function hasAny(text: string, pattern: RegExp): boolean {
  pattern.lastIndex = 0;
  const found = pattern.test(text);
  pattern.lastIndex = 0;
  return found;
}

export function containsCjk(text: string): boolean {
  return CJK.test(text);
}

/** Replaces a span with spaces of the same length, so positions stay valid for later rules. */
export function blank(text: string, start: number, end: number): string {
  return text.slice(0, start) + ' '.repeat(end - start) + text.slice(end);
}
