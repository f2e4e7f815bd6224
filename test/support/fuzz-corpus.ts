import type { HttpCase } from './fuzz-http';
import type { Conversation } from './fuzz-pipeline';

// Counterexamples the fuzz harness found (shrunk where it could), run first in every fuzz run and
// in npm test's short run, so a finding fails reliably until it is fixed and stays fixed after.
// Findings fixed in this repository have regression tests of their own (test/fuzz/*.test.ts).

const session = [['cookie', { live: 'cookie' }], ['x-csrf-token', { live: 'csrf' }]] as HttpCase['headers'];
const json = (value: unknown) => Buffer.from(JSON.stringify(value));
const post = (target: string, body: unknown, signedIn = true): HttpCase => ({
  server: 'demo', route: `POST ${target.replace(/\/\d+\//, '/:id/')}`, method: 'POST', target,
  headers: [['content-type', { literal: 'application/json' }], ...(signedIn ? session : [])], body: json(body),
});

/** Each is judged by the HTTP property's rules, and counted by its findings (no 500 at all, answered in time). */
export const HTTP_CORPUS: { what: string; value: HttpCase; slow?: boolean }[] = [
  {
    what: 'HEAD of the staff event stream is never answered (the SSE route writes no head for HEAD)',
    value: { server: 'demo', route: 'GET /staff/api/events', method: 'HEAD', target: '/staff/api/events', headers: session, body: null },
  },
  {
    what: 'an id above PostgreSQL integer answers 500 (the id schema allows any safe integer)',
    value: { server: 'demo', route: 'GET /staff/api/conversations/:id', method: 'GET', target: '/staff/api/conversations/2147483648', headers: session, body: null },
  },
  { what: 'the same on a staff action', value: post('/staff/api/tickets/2147483648/claim', {}) },
  { what: 'a NUL in the sign-in email answers 500, not a 400 naming the field', value: post('/staff/login', { email: 'a\u0000b@esimhub.test', password: 'x' }, false) },
  { what: 'a lone surrogate in the sign-in email, the same', value: post('/staff/login', { email: 'a\ud800b@esimhub.test', password: 'x' }, false) },
  { what: '(claims ticket 1 for the next case)', value: post('/staff/api/tickets/1/claim', {}) },
  { what: 'a NUL in a staff reply answers 500, not a 400 naming the field', value: post('/staff/api/tickets/1/reply', { text: 'hello\u0000' }) },
  { what: '(hands ticket 1 back)', value: post('/staff/api/tickets/1/release', {}) },
  {
    what: 'HEAD of the event stream with a 100 KB body: the connection is never released, so the server cannot close',
    value: { server: 'demo', route: 'GET /staff/api/events', method: 'HEAD', target: '/staff/api/events', headers: [...session, ['content-type', { literal: 'application/json' }]], body: json({ a: 'x'.repeat(100_000) }) },
    slow: true,
  },
];

/** Each is judged by the pipeline property's rules: the stored state and the replies' bounds. */
export const PIPELINE_CORPUS: { what: string; value: Conversation }[] = [
  {
    what: 'one product on two lines, postpaid: the order is charged twice its total (and its supplier cost booked twice)',
    value: { steps: [{ from: 'wxid_youyi_chen', text: 'Japan 1GB 7 days x 61\nJapan 1GB 7 days x 1', together: false }, { from: 'wxid_youyi_chen', text: 'yes', together: false }] },
  },
  {
    what: 'one product on two lines, prepaid: the capture is refused, the order stays placing with the money held',
    value: { steps: [{ from: '+639171234608', text: 'ESIM-JP-1GB-7D x 2\nESIM-JP-1GB-7D x 3', together: false }, { from: '+639171234608', text: 'yes', together: false }] },
  },
  {
    what: "an order and a 'yes' sent at the same moment: the 'yes' confirms a quote the reseller has not seen",
    value: { steps: [{ from: 'geral@lisboaviagens.pt', text: 'ESIM-VN-10GB-30D x 37', together: true }, { from: 'geral@lisboaviagens.pt', text: '確認 👍', together: false }] },
  },
  {
    what: 'a 1,000-eSIM order: one progress message per 30-eSIM chunk (34 replies to one yes)',
    value: { steps: [{ from: '+66812345601', text: 'ESIM-JP-1GB-7D x 1000', together: false }, { from: '+66812345601', text: 'yes', together: false }] },
  },
];
