// A reply longer than a channel's message limit goes out as several messages, cut where a reader
// would cut: between paragraphs, else between lines, else between words, else anywhere.

export function splitText(text: string, max: number): string[] {
  if (max < 1) throw new RangeError('max must be at least 1');
  const parts: string[] = [];
  let rest = text;
  while (rest.length > max) {
    const window = rest.slice(0, max + 1);
    let cut = -1;
    for (const separator of ['\n\n', '\n', ' ']) {
      const at = window.lastIndexOf(separator);
      if (at > max / 4) {
        cut = at;
        break;
      }
    }
    if (cut <= 0) cut = max;
    // Never split a surrogate pair.
    if (cut === max && /[\ud800-\udbff]/.test(rest.charAt(cut - 1))) cut -= 1;
    parts.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).replace(/^\s+/, '');
  }
  if (rest.length > 0 || parts.length === 0) parts.push(rest);
  return parts;
}

/** Replies are built from bounded pieces; this is the last guard, so a bug can never send megabytes. */
export const REPLY_TEXT_MAX = 20_000;

export function capReply(text: string): string {
  return text.length <= REPLY_TEXT_MAX ? text : `${text.slice(0, REPLY_TEXT_MAX - 2)} …`;
}
