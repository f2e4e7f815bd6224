// What a ticket says, within what a ticket holds: a ticket's detail is kept to 2,000 characters, and
// the notes added to an open ticket to 8,000 in all. Cut blindly, the last lines went first: the
// count of what was left out, or a whole later order.

export const TICKET_DETAIL_MAX = 2_000;
export const TICKET_NOTES_MAX = 8_000;

const cut = (line: string, max: number) => (line.length <= max ? line : `${line.slice(0, max - 1)}…`);

/**
 * The head lines, then as many of `listed` as fit (each cut to `lineMax`), then `more(n)` for the n
 * left out: never longer than `max`, and the head and the count always in.
 */
export function fitTicketDetail(head: readonly string[], listed: readonly string[], more: (left: number) => string, max = TICKET_DETAIL_MAX, lineMax = 240): string {
  const top = head.map((l) => cut(l, lineMax)).join('\n');
  const lines: string[] = [];
  let length = top.length;
  for (let i = 0; i < listed.length; i += 1) {
    const line = cut(listed[i]!, lineMax);
    const left = listed.length - i - 1;
    const tail = left > 0 ? 1 + more(left).length : 0;
    if (length + 1 + line.length + tail > max) {
      lines.push(more(listed.length - i));
      break;
    }
    lines.push(line);
    length += 1 + line.length;
  }
  return cut([top, ...lines].join('\n'), max);
}

const NOTE = '\n\nAlso (';
const GAP = /^\n\nAlso \(earlier notes\): (\d+) left out for room$/;

/** The note to add to an open ticket, and the line that must get in if the whole note does not fit. */
export function ticketNote(reason: string, detail: string): { note: string; summary: string } {
  const first = detail.split('\n', 1)[0] ?? '';
  return { note: `${NOTE}${reason}): ${detail}`, summary: cut(`${NOTE}${reason}): ${first} (the rest did not fit on this ticket)`, 1_000) };
}

/**
 * An open ticket's detail with one more note, within `max`: the whole note when it fits; otherwise
 * the notes already there shrink to their first lines (each names its order) and the new one goes in
 * whole or as its first line; the ticket's own text is cut last, and only if a note still does not
 * fit are the oldest notes' lines left out, counted.
 */
export function withNote(existing: string, reason: string, detail: string, max = TICKET_NOTES_MAX): string {
  const { note, summary } = ticketNote(reason, detail);
  if (existing.length + note.length <= max) return existing + note;
  const at = existing.indexOf(NOTE);
  const head = at < 0 ? existing : existing.slice(0, at);
  const earlier = at < 0 ? [] : existing.slice(at + NOTE.length).split(NOTE).map((n) => NOTE + (n.split('\n', 1)[0] ?? ''));
  for (const last of [note, summary]) {
    const text = head + earlier.join('') + last;
    if (text.length <= max) return text;
  }
  const headKept = cut(head, Math.min(head.length, 500));
  const before = GAP.exec(earlier[0] ?? '');
  if (before) earlier.shift();
  let dropped = before ? Number(before[1]) : 0;
  while (earlier.length > 0 && headKept.length + earlier.join('').length + summary.length + 60 > max) {
    earlier.shift();
    dropped += 1;
  }
  const gap = dropped > 0 ? `${NOTE}earlier notes): ${dropped} left out for room` : '';
  return cut(headKept + gap + earlier.join('') + summary, max);
}
