// An error as one line an operator or staff member can act on. Node's fetch says only "fetch
// failed" and keeps the reason (refused, no such host, a certificate, a reset) in its cause, and a
// host refused on every address (::1 and 127.0.0.1) is an AggregateError with no message at all:
// `error.message` alone read "fetch failed" or "" in logs and staff tickets.

const DEPTH_MAX = 4;

function ownWords(error: unknown): string {
  if (typeof error !== 'object' || error === null) return String(error ?? '');
  const { message, code, errors } = error as { message?: unknown; code?: unknown; errors?: unknown };
  if (typeof message === 'string' && message !== '') return message;
  if (Array.isArray(errors) && errors.length > 0) return errors.map(ownWords).filter((words) => words !== '').join('; ');
  return typeof code === 'string' ? code : '';
}

/** "fetch failed (getaddrinfo ENOTFOUND supplier.example)": the error's message, then its causes'. */
export function errorInWords(error: unknown): string {
  const said: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && current !== null && depth < DEPTH_MAX; depth += 1) {
    const words = ownWords(current);
    if (words !== '' && !said.includes(words)) said.push(words);
    current = typeof current === 'object' ? (current as { cause?: unknown }).cause : undefined;
  }
  if (said.length === 0) return 'no reason given';
  const [first, ...causes] = said;
  return causes.length === 0 ? first! : `${first} (${causes.join(': ')})`;
}
