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
  // One word-start and one word-end check for all Latin entries, not one each: a long text is read
  // in one pass, and the regex compiles in a fraction of the time (V8 builds every Unicode class it
  // meets: 443 word ends made the support-words pattern take 139 ms to compile on this machine, and
  // a process's first messages wait for every pattern's compile). Same matches: when an entry is
  // followed by a letter, the alternation goes on to the next entry, as the per-entry check did.
  const letter = hanEdges ? String.raw`(?:[^\P{L}\p{Script=Han}]|\p{N})` : String.raw`[\p{L}\p{N}]`;
  const latin = sorted.filter((w) => !CJK.test(w)).map(body);
  const cjk = sorted.filter((w) => CJK.test(w)).map(body);
  const alternatives = [...(latin.length > 0 ? [String.raw`(?<!${letter})(?:${latin.join('|')})(?!${letter})`] : []), ...cjk];
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
