// Limits before work: what one inbound message may make the bot read, on every channel. A message
// over a limit gets one short answer and is not parsed; nothing about it grows with its size.

export const INBOUND_LIMITS = {
  /** Text the transcript keeps of one message (an email body can be megabytes). */
  storedTextChars: 20_000,
  /** Text the parser reads; a longer message is answered "too long" without being read. */
  textChars: 6_000,
  /** Lines the parser reads (a purchase order pasted as text is one line per product). */
  textLines: 300,
  /** Attachments looked at per message; more are kept out of the transcript. */
  attachments: 10,
  /** Bytes of one attachment that a channel downloads and keeps. */
  attachmentBytes: 10 * 1024 * 1024,
  /** Bytes of a CSV, XLSX or PDF purchase order the bot parses; a larger file goes to a person. */
  purchaseOrderBytes: 2 * 1024 * 1024,
  /** Rows of a purchase order read as order lines. */
  purchaseOrderRows: 500,
  /** Unclear lines the bot asks about in one clarifying question; more go to a person. */
  clarifyLines: 10,
  /** Characters of a reseller's own words quoted back in a reply. */
  quotedChars: 80,
} as const;

export type TextProblem = { code: 'text_too_long'; max: number } | { code: 'too_many_text_lines'; max: number };

/** Checked before the text is parsed: characters, then lines. */
export function checkInboundText(text: string, limits: { textChars: number; textLines: number } = INBOUND_LIMITS): TextProblem | null {
  if (text.length > limits.textChars) return { code: 'text_too_long', max: limits.textChars };
  let lines = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) if (++lines > limits.textLines) return { code: 'too_many_text_lines', max: limits.textLines };
  return null;
}

/** A reseller's words quoted back: one line, at most `max` characters, cut on a word where it can be. */
export function quoteBack(text: string, max: number = INBOUND_LIMITS.quotedChars): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${space > max / 2 ? cut.slice(0, space) : cut}…`;
}
