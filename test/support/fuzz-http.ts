import type { FastifyInstance } from 'fastify';
import fc from 'fast-check';
import { FUZZ_STAFF, type FuzzBed, type ServerKind } from './fuzz-bed';
import { hostileJson, hostileString, invalidJsonBody, jsonText, longString, resellerText, SEED_IDENTITIES, shapedBody, shortHostileString, str, summarise, type JsonNode } from './fuzz-arbitraries';
import { rawHttp, type RawRequest, type RawResult } from './fuzz-raw-http';
import type { FuzzStats } from './fuzz-run';

// Every route the app registers, with generated paths, queries, headers and bodies, through a raw
// socket. What must hold for every answer: no 5xx except a 500 whose JSON carries a reference id,
// no internal text in an error, a bounded answer within a deadline, JSON where JSON is announced,
// Retry-After on every 429, and the process alive and healthy.

export interface Route {
  method: string;
  url: string;
}

/** The routes as Fastify prints them (the app's own list, so a new route is fuzzed without being named here). */
export function routesOf(app: FastifyInstance): Route[] {
  const routes: Route[] = [];
  const paths: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const match = /^((?:[│ ] {3})*)[├└]── (.+?)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!match) continue;
    const depth = match[1]!.length / 4;
    const url = (depth === 0 ? '' : paths[depth - 1]!) + match[2]!;
    paths[depth] = url;
    paths.length = depth + 1;
    for (const method of (match[3] ?? '').split(',').map((m) => m.trim()).filter(Boolean)) routes.push({ method, url });
  }
  return routes;
}

const routeName = (r: Route) => `${r.method} ${r.url}`;

// ------------------------------------------------------------------------- request pieces

/** Percent-encodes a string's UTF-8 bytes (a lone surrogate becomes U+FFFD's bytes, as a browser sends it). */
export function percentEncode(value: string): string {
  return [...Buffer.from(value, 'utf8')].map((b) => (/[A-Za-z0-9\-._~]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`)).join('');
}

/** A string's UTF-8 bytes as latin1 characters: sent on the wire unencoded. */
const rawBytes = (value: string) => Buffer.from(value, 'utf8').toString('latin1');

const hostileSegment: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: shortHostileString.map(percentEncode), weight: 4 },
  { arbitrary: fc.constantFrom('..', '.', '%2e%2e', '%2e%2e%2f..%2f', '..%5c..%5c', '%00', '%', '%zz', '%c0%ae%c0%ae', '%ED%A0%80', '%FF%FE', '~', '', '%20', '%0d%0aX-Injected:%201', '?', '#', ';', '//'), weight: 3 },
  { arbitrary: shortHostileString.map(rawBytes), weight: 1 },
  { arbitrary: longString(300, 9000).map(percentEncode), weight: 1 },
);

const tokenish = fc.string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-'), minLength: 10, maxLength: 70 });

const idSegment = fc.oneof(
  { arbitrary: fc.constantFrom('1', '2', '3', '4'), weight: 4 },
  { arbitrary: fc.constantFrom('0', '-1', '2147483647', '2147483648', '9007199254740993', '99999999999999999999999', '1e2', '1e400', '0x1', '1.0', '1.5', '+1', ' 1', '01', 'abc', 'NaN', 'Infinity', '%00', '１'), weight: 3 },
  { arbitrary: fc.nat({ max: 60 }).map(String), weight: 2 },
  { arbitrary: hostileSegment, weight: 1 },
);

const forwardedFor = fc.oneof(
  fc.constantFrom('203.0.113.7', '203.0.113.7, 198.51.100.1', '::1', '2001:db8::1', '::ffff:10.0.0.1', 'unknown', '999.1.1.1', '10.0.0.1:8080', '[2001:db8::1]:443', '', ', ,', '127.0.0.1'),
  fc.array(fc.ipV4(), { minLength: 1, maxLength: 40 }).map((a) => a.join(', ')),
  shortHostileString.map(rawBytes),
);

const contentType = fc.oneof(
  { arbitrary: fc.constant('application/json'), weight: 10 },
  {
    arbitrary: fc.constantFrom(
      'application/json; charset=utf-8', 'application/json; charset=utf-16', 'application/json; charset=latin1', 'APPLICATION/JSON', 'application/json;', 'application/json; boundary=x; charset=""',
      'text/plain', 'text/plain; charset=utf-8', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=----x', 'application/xml', 'application/octet-stream', 'application/jsonx', 'application/vnd.api+json', '*/*', '', ';', 'application/json\t',
    ),
    weight: 3,
  },
  { arbitrary: shortHostileString.map(rawBytes), weight: 1 },
);

/** A header value the fuzzer wants: a literal, or the bed's live staff session / web-chat token. */
export type HeaderValue = { literal: string } | { live: 'cookie' | 'csrf' | 'bearer' };
export interface HttpCase {
  server: ServerKind;
  route: string;
  method: string;
  target: string;
  headers: [string, HeaderValue][];
  body: Buffer | null;
}

const lit = (literal: string): HeaderValue => ({ literal });
/** CR and LF would end the head early: header values keep every other byte. */
const headerSafe = (value: string) => rawBytes(value).replace(/[\r\n]/g, ' ');

const cookieHeader: fc.Arbitrary<[string, HeaderValue][]> = fc.oneof(
  { arbitrary: fc.constant<[string, HeaderValue][]>([['cookie', { live: 'cookie' }]]), weight: 6 },
  { arbitrary: shortHostileString.map((v): [string, HeaderValue][] => [['cookie', lit(`esimhub_staff=${headerSafe(v)}`)]]), weight: 1 },
  { arbitrary: fc.constantFrom('esimhub_staff=', 'esimhub_staff', '=;;=', 'a=1; esimhub_staff="quoted"; esimhub_staff=x', `esimhub_staff=${'A'.repeat(8000)}`, 'esimhub_staff=%00').map((v): [string, HeaderValue][] => [['cookie', lit(v)]]), weight: 1 },
  { arbitrary: fc.constant<[string, HeaderValue][]>([]), weight: 1 },
);

const csrfHeader: fc.Arbitrary<[string, HeaderValue][]> = fc.oneof(
  { arbitrary: fc.constant<[string, HeaderValue][]>([['x-csrf-token', { live: 'csrf' }]]), weight: 6 },
  { arbitrary: fc.constant<[string, HeaderValue][]>([['x-csrf-token', { live: 'csrf' }], ['x-csrf-token', { live: 'csrf' }]]), weight: 1 },
  { arbitrary: shortHostileString.map((v): [string, HeaderValue][] => [['x-csrf-token', lit(headerSafe(v))]]), weight: 1 },
  { arbitrary: fc.constant<[string, HeaderValue][]>([]), weight: 1 },
);

const authorizationHeader: fc.Arbitrary<[string, HeaderValue][]> = fc.oneof(
  { arbitrary: fc.constant<[string, HeaderValue][]>([['authorization', { live: 'bearer' }]]), weight: 4 },
  { arbitrary: fc.constantFrom('Bearer', 'Bearer ', 'bearer x', 'Basic YWRtaW46YWRtaW4=', 'Bearer a b', `Bearer ${'x'.repeat(9000)}`, 'Bearer %00', 'Bearer\ttoken').map((v): [string, HeaderValue][] => [['authorization', lit(v)]]), weight: 2 },
  { arbitrary: shortHostileString.map((v): [string, HeaderValue][] => [['authorization', lit(`Bearer ${headerSafe(v)}`)]]), weight: 1 },
  { arbitrary: fc.constant<[string, HeaderValue][]>([]), weight: 2 },
);

const otherHeaders: fc.Arbitrary<[string, HeaderValue][]> = fc.array(
  fc.oneof(
    forwardedFor.map((v): [string, HeaderValue] => ['x-forwarded-for', lit(headerSafe(v))]),
    fc.constantFrom('gzip', 'br, deflate', '*', 'identity;q=0').map((v): [string, HeaderValue] => ['accept-encoding', lit(v)]),
    fc.constantFrom('application/json', 'text/html', '*/*', 'text/event-stream').map((v): [string, HeaderValue] => ['accept', lit(v)]),
    fc.tuple(fc.constantFrom('x-fuzz', 'origin', 'referer', 'user-agent', 'x-real-ip', 'forwarded', 'x-http-method-override', 'accept-language'), shortHostileString).map(([n, v]): [string, HeaderValue] => [n, lit(headerSafe(v))]),
  ),
  { maxLength: 3 },
);

/** The body a route expects, valid or not. */
function bodyFor(route: Route, bed: FuzzBed): fc.Arbitrary<JsonNode> {
  const from = fc.oneof({ arbitrary: fc.constantFrom(...SEED_IDENTITIES, bed.webchatToken.address, '+15550000001').map(str), weight: 6 }, { arbitrary: hostileString.map(str), weight: 1 });
  const text = resellerText.map(str);
  const id = fc.oneof({ arbitrary: fc.uuid().map(str), weight: 6 }, { arbitrary: fc.constantFrom('1', 'same-id', ' ', '').map(str), weight: 2 }, { arbitrary: hostileString.map(str), weight: 1 });
  if (route.url === '/webchat/messages') return shapedBody({ from, text, id });
  if (route.url === '/staff/login') {
    return shapedBody({
      email: fc.oneof(fc.constantFrom(FUZZ_STAFF.email, ` ${FUZZ_STAFF.email.toUpperCase()} `, 'nobody@esimhub.test'), shortHostileString).map(str),
      password: fc.oneof(fc.constantFrom(FUZZ_STAFF.password, 'wrong password'), shortHostileString, longString(150, 400)).map(str),
    });
  }
  if (/\/(reply|act)$/.test(route.url)) return shapedBody({ text });
  if (route.url.endsWith('/ship')) {
    return shapedBody({
      iccids: fc.array(fc.oneof(fc.stringMatching(/^89\d{16,20}$/), shortHostileString).map(str), { maxLength: 5 }).map((arr) => ({ arr })),
      shippingAddress: fc.oneof(fc.constant('1 Fuzz Street, Bangkok 10110'), hostileString).map(str),
      trackingNumber: fc.oneof(fc.constant('TH123456789'), shortHostileString).map(str),
    });
  }
  if (route.url.endsWith('/approve') && route.url.includes('onboarding')) {
    return shapedBody({
      company: fc.oneof(fc.constant('Fuzz Travel'), hostileString).map(str),
      legalEntity: fc.oneof(fc.constant('Fuzz Travel Co., Ltd.'), hostileString).map(str),
      country: fc.oneof(fc.constantFrom('TH', 'es', 'XX'), shortHostileString).map(str),
      currency: fc.oneof(fc.constantFrom('USD', 'EUR', 'THB', 'XXX'), shortHostileString).map(str),
      tier: fc.oneof(fc.constantFrom('tier_1', 'tier_3', 'Tier2', 'tier_9', ''), shortHostileString).map(str),
      accountType: fc.oneof(fc.constantFrom('prepaid', 'postpaid', 'credit', ''), shortHostileString).map(str),
      creditLimit: fc.oneof(fc.constantFrom('5,000.00', '5000', '0', '-1', '1e308', '99999999999999999999.99', '5000.001', ''), shortHostileString).map(str),
    });
  }
  const good = (...values: string[]) => fc.oneof({ arbitrary: fc.constantFrom(...values), weight: 4 }, { arbitrary: shortHostileString, weight: 1 }, { arbitrary: longString(300, 3000), weight: 1 }).map(str);
  if (route.url.endsWith('/match')) return shapedBody({ customerId: good('B2B-003', 'b2b003', 'B2B-999'), orderRef: good('ORD-000001', '', 'ORD-999999') });
  if (route.url.endsWith('/not-ours')) return shapedBody({ note: good('sent back to the payer') });
  if (route.url.endsWith('/undo')) return shapedBody({ reason: good('wrong reseller') });
  if (route.url.endsWith('/deposits/manual')) {
    return shapedBody({
      amount: good('100.00', '0.01', '0', '-5', '1e308', '99999999999999999999.99', '1,000.50', '1.005', 'NaN'),
      currency: good('USD', 'eur', 'THB', 'XXX', 'BTC'),
      valueDate: good('2026-11-27', '2026-02-30', '1900-01-01', '9999-12-31', 'tomorrow'),
      reference: good('ORD-000001', 'B2B-003', 'Q-000001', ''),
      payerName: good('Viajes Conecta S.L.'),
      note: good('cash at the office'),
      // A fresh key, one used again (a repeat: same payment or other money under it), or not a UUID.
      submissionKey: fc.oneof({ arbitrary: fc.uuid(), weight: 4 }, { arbitrary: fc.constant('6f1c2b9e-3d4a-4c8b-9e7f-0a1b2c3d4e5f'), weight: 2 }, { arbitrary: shortHostileString, weight: 1 }).map(str),
    });
  }
  return hostileJson;
}

function caseFor(route: Route, bed: FuzzBed): fc.Arbitrary<HttpCase> {
  const isStaff = route.url.startsWith('/staff');
  const isWebchat = route.url.startsWith('/webchat/');
  // Path: each :param generated.
  const segments = route.url.split('/').map((segment) => {
    if (segment === ':id' && route.url.includes('/resellers/')) return fc.oneof(fc.constantFrom('B2B-003', 'B2B-001', 'b2b-002', 'B2B-999'), hostileSegment);
    if (segment === ':id') return idSegment;
    if (segment === ':file') return fc.oneof(fc.constantFrom(...bed.qrTokens).map((t) => `${t}.png`), tokenish.map((t) => `${t}.png`), hostileSegment);
    if (segment === ':token') return fc.oneof(fc.constantFrom(...bed.orderTokens), tokenish, hostileSegment);
    return fc.constant(segment);
  });
  const query =
    route.url === '/webchat/messages' && route.method !== 'POST'
      ? fc
          .array(
            fc.oneof(
              { arbitrary: fc.constantFrom(...SEED_IDENTITIES, bed.webchatToken.address).map((v) => `from=${percentEncode(v)}`), weight: 4 },
              { arbitrary: fc.constantFrom('0', '1', '3', '-1', '1e3', 'abc', '', '99999999999999999999', '9007199254740993', '0x10', ' 2').map((v) => `after=${percentEncode(v)}`), weight: 3 },
              { arbitrary: fc.constantFrom('0', '5', '50', '-1', '30001', 'abc', '', 'Infinity', '1e1', '0x10').map((v) => `wait=${percentEncode(v)}`), weight: 2 },
              { arbitrary: fc.tuple(fc.constantFrom('from', 'after', 'wait', 'from[]', '__proto__', 'constructor'), hostileSegment).map(([k, v]) => `${k}=${v}`), weight: 2 },
            ),
            { maxLength: 5 },
          )
          .map((pairs) => (pairs.length ? `?${pairs.join('&')}` : ''))
      : fc.oneof({ arbitrary: fc.constant(''), weight: 6 }, { arbitrary: fc.tuple(fc.constantFrom('x', '__proto__', 'from', 'id'), hostileSegment).map(([k, v]) => `?${k}=${v}`), weight: 1 });
  const wantsBody = route.method === 'POST';
  const body = fc.oneof(
    { arbitrary: bodyFor(route, bed).map((node) => Buffer.from(jsonText(node), 'utf8')), weight: wantsBody ? 12 : 1 },
    { arbitrary: invalidJsonBody, weight: 2 },
    { arbitrary: fc.integer({ min: 1_048_577, max: 1_100_000 }).map((n) => Buffer.from(`{"from":"+66812345601","id":"big","text":"${'a'.repeat(n)}"}`)), weight: 1 },
    { arbitrary: fc.constant(null), weight: wantsBody ? 1 : 12 },
  );
  const auth = isStaff
    ? fc.tuple(cookieHeader, csrfHeader).map(([a, b]) => [...a, ...b])
    : isWebchat
      ? authorizationHeader
      : fc.constant<[string, HeaderValue][]>([]);
  const method = route.method === 'GET' ? fc.oneof({ arbitrary: fc.constant('GET'), weight: 6 }, { arbitrary: fc.constant('HEAD'), weight: 1 }) : fc.constant(route.method);
  return fc
    .record({
      server: fc.oneof({ arbitrary: fc.constant<ServerKind>('demo'), weight: 3 }, { arbitrary: fc.constant<ServerKind>('tokens'), weight: 1 }),
      method,
      path: fc.tuple(...segments).map((parts) => parts.join('/')),
      query,
      body,
      contentType,
      auth,
      other: otherHeaders,
    })
    .map((c) => ({
      server: c.server,
      route: routeName(route),
      method: c.method,
      target: `${c.path || '/'}${c.query}`,
      headers: [...(c.body ? ([['content-type', lit(c.contentType)]] as [string, HeaderValue][]) : []), ...c.auth, ...c.other],
      body: c.body,
    }));
}

/** A request for a path no route has (the 404 handler, traversal attempts). */
const strayCase: fc.Arbitrary<HttpCase> = fc
  .record({ segments: fc.array(hostileSegment, { minLength: 1, maxLength: 4 }), method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'TRACE', 'PROPFIND', 'get', 'FUZZ'), body: fc.option(invalidJsonBody) })
  .map((c) => ({ server: 'demo' as const, route: 'stray', method: c.method, target: `/${c.segments.join('/')}`, headers: c.body ? [['content-type', lit('application/json')] as [string, HeaderValue]] : [], body: c.body }));

export function httpCases(routes: Route[], bed: FuzzBed): fc.Arbitrary<HttpCase> {
  return fc.oneof({ arbitrary: fc.constantFrom(...routes.filter((r) => r.method !== 'HEAD')).chain((route) => caseFor(route, bed)), weight: 12 }, { arbitrary: strayCase, weight: 1 });
}

// ------------------------------------------------------------------------------- checking

/** Words that only internal errors carry: SQL and driver messages, stack frames, file paths. */
export const INTERNAL_TEXT = /\b(sql|postgres(ql)?|pglite|prisma|relation|column|syntax error|violates|constraint|duplicate key|invalid input syntax|out of range for type|deadlock|ECONN\w+|TypeError|ReferenceError|RangeError|SyntaxError: Unexpected end|Cannot read propert\w+|is not a function|undefined is not)\b|\n\s+at \S|node_modules|\.[jt]s:\d+/i;

export function resolveRequest(bed: FuzzBed, c: HttpCase): RawRequest {
  const headers: [string, string][] = c.headers.map(([name, value]) => {
    if ('literal' in value) return [name, value.literal];
    if (value.live === 'cookie') return [name, bed.staff.cookie];
    if (value.live === 'csrf') return [name, bed.staff.csrf];
    return [name, `Bearer ${bed.webchatToken.token}`];
  });
  return { method: c.method, target: c.target, headers, body: c.body };
}

/** What is wrong with one answer (nothing: []). */
export function problemsOf(c: HttpCase, result: RawResult, stats: FuzzStats): string[] {
  if (result.kind === 'error') return [`${c.method} ${c.target.slice(0, 200)}: ${result.error} (${result.received} bytes received, ${result.ms} ms)`];
  stats.status(result.status);
  const problems: string[] = [];
  const text = result.body.toString('utf8');
  const json = /application\/json/i.test(result.headers['content-type'] ?? '') && c.method !== 'HEAD' ? tryJson(text) : undefined;
  if (json === INVALID) problems.push(`answer announced JSON but is not: ${text.slice(0, 200)}`);
  if (result.status >= 500 && c.method === 'HEAD') {
    // A HEAD answer has no body to carry the reference: judged by its GET twin (and counted by noServerErrors).
  } else if (result.status >= 500) {
    const reference = json && json !== INVALID && typeof json === 'object' ? (json as { reference?: unknown }).reference : undefined;
    if (result.status === 500 && typeof reference === 'string' && /^ERR-[0-9a-f]{10}$/.test(reference)) {
      if (!stats.referenced500s.has(c.route)) stats.referenced500s.set(c.route, summarise({ method: c.method, target: c.target, body: c.body?.toString('utf8') }, 80));
    } else problems.push(`${result.status} without a reference id: ${text.slice(0, 300)}`);
  }
  if (result.status >= 400 && INTERNAL_TEXT.test(text)) problems.push(`internal text in a ${result.status} answer: ${text.slice(0, 300)}`);
  if (result.status === 429) {
    const retryAfter = result.headers['retry-after'];
    if (!retryAfter || !/^\d+$/.test(retryAfter) || Number(retryAfter) < 1) problems.push(`429 without a usable Retry-After (${retryAfter ?? 'none'})`);
  }
  return problems;
}

const INVALID = Symbol('invalid JSON');
function tryJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return INVALID;
  }
}

export const MAX_ANSWER_BYTES = 8 * 1024 * 1024;
export const REQUEST_TIMEOUT_MS = 5_000;

export const noServerErrors = (target: string) => `HTTP: no 500 at all, a refused input is a 4xx (${target})`;
export const answeredInTime = (target: string) => `HTTP: every request answered within ${REQUEST_TIMEOUT_MS / 1000} s (${target})`;

/**
 * Sends a case to its server and checks the answer; then waits for the bot when it accepted a
 * message. A request left unanswered is recorded as its own finding (answeredInTime) rather than
 * failing the case: each costs the whole timeout, and it would hide every other finding.
 */
export async function runHttpCase(bed: FuzzBed, c: HttpCase, stats: FuzzStats, routes: Set<string>): Promise<void> {
  const errorsBefore = bed.errors.length;
  const server = bed.servers[c.server];
  const result = await rawHttp(server.port, resolveRequest(bed, c), { timeoutMs: REQUEST_TIMEOUT_MS, maxBytes: MAX_ANSWER_BYTES });
  stats.sampleRss();
  const hung = result.kind === 'error' && /no complete answer within/.test(result.error);
  stats.check(answeredInTime(bed.target), hung ? `${c.method} ${c.target.slice(0, 200)}: ${result.error}` : null, c);
  if (hung) return;
  // Allowed by the rule below when it carries a reference id, but each 500 is an input the server did not refuse cleanly.
  stats.check(noServerErrors(bed.target), result.kind === 'response' && result.status >= 500 ? `${c.method} ${c.target.slice(0, 200)} answered ${result.status}` : null, c);
  const problems = problemsOf(c, result, stats);
  if (result.kind === 'response') {
    const notFoundRoute = result.status === 404 && /Route \w+:.* not found/.test(result.body.toString('utf8'));
    if (routes.has(c.route) && !notFoundRoute) stats.routesCovered.add(c.route);
    if (c.route === 'POST /staff/logout' && result.status === 200) await bed.refreshStaffSession();
    if (c.route === 'GET /webchat/messages' && result.status === 200) {
      const body = tryJson(result.body.toString('utf8')) as { messages?: { text?: string }[] } | undefined;
      for (const m of (body && typeof body === 'object' && body.messages) || []) stats.reply(m.text?.length ?? 0, 'GET /webchat/messages');
    }
  }
  if (result.kind === 'response' && result.status === 202) {
    const idle = await Promise.race([bed.bot.idle().then(() => true), new Promise<false>((resolve) => setTimeout(() => resolve(false), 60_000).unref())]);
    if (!idle) problems.push('the bot did not finish the accepted message within 60 s');
  }
  const logged = bed.errors.slice(errorsBefore).filter((e) => e.msg !== 'request failed'); // a 500 with a reference logs 'request failed'; checked above
  for (const e of logged) problems.push(`the app logged an error: ${e.msg} ${summarise(e.fields ?? {}, 300)}`);
  if (problems.length > 0) throw new Error(problems.join('\n'));
}

/** The server still answers /healthz (checked between cases). */
export async function healthy(bed: FuzzBed): Promise<void> {
  for (const [kind, server] of Object.entries(bed.servers)) {
    const result = await rawHttp(server.port, { method: 'GET', target: '/healthz', headers: [], body: null }, { timeoutMs: 10_000, maxBytes: 10_000 });
    if (result.kind !== 'response' || result.status !== 200) throw new Error(`/healthz of the ${kind} server: ${result.kind === 'response' ? `${result.status} ${result.body.toString('utf8').slice(0, 200)}` : result.error}`);
  }
}

// ------------------------------------------------------------------ the shipped limits

/** A burst against the server with the default limits: web-chat posts, sign-ins and polls. */
export interface Burst {
  requests: ({ kind: 'post'; from: string; text: string } | { kind: 'login'; email: string; password: string } | { kind: 'poll'; from: string })[];
}

const burstFrom = fc.oneof({ arbitrary: fc.constantFrom(...SEED_IDENTITIES.slice(0, 3)), weight: 6 }, { arbitrary: shortHostileString, weight: 1 });
export const bursts: fc.Arbitrary<Burst> = fc.record({
  requests: fc.array(
    fc.oneof(
      { arbitrary: fc.record({ kind: fc.constant('post' as const), from: burstFrom, text: fc.constantFrom('balance', 'status', 'hi', 'what is my balance?', 'saldo') }), weight: 8 },
      { arbitrary: fc.record({ kind: fc.constant('login' as const), email: fc.constantFrom(FUZZ_STAFF.email, 'nobody@esimhub.test'), password: fc.constantFrom('wrong', FUZZ_STAFF.password) }), weight: 2 },
      { arbitrary: fc.record({ kind: fc.constant('poll' as const), from: burstFrom }), weight: 1 },
    ),
    { minLength: 5, maxLength: 60 },
  ),
});

/** What the shipped limits let through so far, to check against limit × windows since the first request. */
export class LimitLedger {
  private readonly first = new Map<string, number>();
  private readonly passed = new Map<string, number>();
  count(key: string, passed: boolean): void {
    if (!this.first.has(key)) this.first.set(key, Date.now());
    if (passed) this.passed.set(key, (this.passed.get(key) ?? 0) + 1);
  }
  over(key: string, limit: number, windowMs: number): string | null {
    const windows = Math.floor((Date.now() - (this.first.get(key) ?? Date.now())) / windowMs) + 1;
    const passed = this.passed.get(key) ?? 0;
    return passed > limit * windows ? `${key}: ${passed} let through in ${windows} window(s) of ${windowMs / 1000} s (limit ${limit} each)` : null;
  }
}

export async function runBurst(bed: FuzzBed, burst: Burst, stats: FuzzStats, ledger: LimitLedger, normalise: (from: string) => string): Promise<void> {
  const { port, limits } = bed.servers.defaults;
  const problems: string[] = [];
  const errorsBefore = bed.errors.length;
  for (const r of burst.requests) {
    const request: RawRequest =
      r.kind === 'post'
        ? { method: 'POST', target: '/webchat/messages', headers: [['content-type', 'application/json']], body: Buffer.from(JSON.stringify({ from: r.from, text: r.text, id: `burst-${Date.now()}-${Math.random()}` })) }
        : r.kind === 'login'
          ? { method: 'POST', target: '/staff/login', headers: [['content-type', 'application/json']], body: Buffer.from(JSON.stringify({ email: r.email, password: r.password })) }
          : { method: 'GET', target: `/webchat/messages?from=${percentEncode(r.from)}`, headers: [], body: null };
    const c: HttpCase = { server: 'defaults', route: `${request.method} ${request.target.split('?')[0]}`, method: request.method, target: request.target, headers: [], body: request.body };
    const result = await rawHttp(port, request, { timeoutMs: REQUEST_TIMEOUT_MS, maxBytes: MAX_ANSWER_BYTES });
    problems.push(...problemsOf(c, result, stats));
    if (result.kind !== 'response') continue;
    const text = result.body.toString('utf8');
    if (r.kind === 'post') {
      const byAddress = result.status === 429 && /network address/.test(text);
      ledger.count('web chat, per address', !byAddress);
      if (result.status === 202 || (result.status === 429 && !byAddress)) ledger.count(`web chat, per sender ${normalise(r.from)}`, result.status === 202);
    } else if (r.kind === 'login') {
      ledger.count('sign-in, per address', !(result.status === 429 && /network address/.test(text)));
    }
  }
  for (const [key, limit, windowMs] of [['web chat, per address', limits.webchatPerAddress, limits.webchatWindowMs], ['sign-in, per address', limits.loginAttemptsPerAddress, limits.loginWindowMs]] as const) {
    const over = ledger.over(key, limit, windowMs);
    if (over) problems.push(over);
  }
  for (const from of new Set(burst.requests.filter((r) => r.kind === 'post').map((r) => normalise((r as { from: string }).from)))) {
    const over = ledger.over(`web chat, per sender ${from}`, limits.webchatPerIdentity, limits.webchatWindowMs);
    if (over) problems.push(over);
  }
  const idle = await Promise.race([bed.bot.idle().then(() => true), new Promise<false>((resolve) => setTimeout(() => resolve(false), 60_000).unref())]);
  if (!idle) problems.push('the bot did not finish the burst within 60 s');
  for (const e of bed.errors.slice(errorsBefore).filter((e) => e.msg !== 'request failed')) problems.push(`the app logged an error: ${e.msg} ${summarise(e.fields ?? {}, 300)}`);
  if (problems.length > 0) throw new Error(problems.join('\n'));
}
