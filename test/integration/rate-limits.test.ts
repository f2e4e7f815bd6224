import { addStaffUser } from '../../bot/staff/staff-users';
import { BotHarness } from '../support/bot-harness';
import { runCli } from '../support/cli';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

// Limits on the open doors, through the real HTTP server on loopback. Every request of this file
// comes from 127.0.0.1; with TRUSTED_PROXY=127.0.0.1, X-Forwarded-For plays the client addresses.
// Counts are kept in the database, shared by every server on it: each test starts with none, or
// the earlier tests' requests from 127.0.0.1 would still count in the window.

describe('rate limits', () => {
  let db: TestDatabase;
  const servers: BotHarness[] = [];
  const start = async (env: Record<string, string> = {}) => {
    const harness = await BotHarness.start(db, { env });
    servers.push(harness);
    return harness;
  };
  beforeAll(async () => {
    db = await createTestDatabase('pglite', { seed: true });
    for (const name of ['ana', 'ben', 'carl', 'dora', 'eve', 'finn', 'gus', 'hal']) await addStaffUser(db, { email: `${name}@esimhub.test`, password: `right password of ${name}` });
  });
  beforeEach(async () => {
    await db.pool.query('DELETE FROM rate_limit_counts');
  });
  afterAll(async () => {
    for (const server of servers) await server.stop();
    await db.close();
  });

  const signIn = (server: BotHarness, email: string, password: string, forwardedFor?: string) =>
    fetch(`${server.url}/staff/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}) },
      body: JSON.stringify({ email, password }),
    });

  describe('staff sign-in', () => {
    test('a locked account does not lock other accounts out of the same address', async () => {
      const server = await start(); // defaults: 5 failures per account, 50 attempts per address, 15 min
      const statuses: number[] = [];
      for (let i = 0; i < 8; i += 1) statuses.push((await signIn(server, 'ana@esimhub.test', `guess ${i}`)).status);
      expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429, 429]);
      // Ana's account waits out the window, her right password too...
      const locked = await signIn(server, ' ANA@esimhub.test', 'right password of ana');
      expect(locked.status).toBe(429);
      const wait = Number(locked.headers.get('retry-after'));
      expect(wait).toBeGreaterThan(14 * 60);
      expect(wait).toBeLessThanOrEqual(15 * 60);
      expect(((await locked.json()) as { error: string }).error).toMatch(/try again in 15 min/);
      // ...while Ben, from the same address, signs in.
      const ben = await signIn(server, 'ben@esimhub.test', 'right password of ben');
      expect(ben.status).toBe(200);
      expect(ben.headers.get('set-cookie')).toMatch(/^esimhub_staff=/);
    });

    test('failures count per account whatever the address they come from (behind a trusted proxy)', async () => {
      const server = await start({ TRUSTED_PROXY: '127.0.0.1', STAFF_LOGIN_FAILURES_PER_ACCOUNT: '3' });
      const statuses: number[] = [];
      for (let i = 1; i <= 3; i += 1) statuses.push((await signIn(server, 'carl@esimhub.test', `guess ${i}`, `198.51.100.${i}`)).status);
      expect(statuses).toEqual([401, 401, 401]);
      const fourth = await signIn(server, 'carl@esimhub.test', 'right password of carl', '198.51.100.4');
      expect(fourth.status).toBe(429);
      expect(Number(fourth.headers.get('retry-after'))).toBeGreaterThan(0);
      // A new address is not locked for other accounts.
      expect((await signIn(server, 'dora@esimhub.test', 'right password of dora', '198.51.100.4')).status).toBe(200);
    });

    test('the right password forgets an account\'s failures; concurrent guesses cannot pass the limit together', async () => {
      const server = await start({ STAFF_LOGIN_FAILURES_PER_ACCOUNT: '3' });
      for (let i = 0; i < 2; i += 1) expect((await signIn(server, 'eve@esimhub.test', `typo ${i}`)).status).toBe(401);
      expect((await signIn(server, 'eve@esimhub.test', 'right password of eve')).status).toBe(200);
      for (let i = 0; i < 2; i += 1) expect((await signIn(server, 'eve@esimhub.test', `typo again ${i}`)).status).toBe(401);
      // Ten guesses at once: the password check takes a while, yet only 3 are let through to it.
      const statuses = await Promise.all(Array.from({ length: 10 }, (_, i) => signIn(server, 'finn@esimhub.test', `guess ${i}`).then((r) => r.status)));
      expect(statuses.filter((s) => s === 401)).toHaveLength(3);
      expect(statuses.filter((s) => s === 429)).toHaveLength(7);
    });

    test('two processes count the same failures, and a restart forgets none', async () => {
      const [a, b] = [await start(), await start()]; // two bot processes on one database, behind a load balancer
      const statuses: number[] = [];
      for (let i = 0; i < 6; i += 1) statuses.push((await signIn(i % 2 === 0 ? a : b, 'hal@esimhub.test', `guess ${i}`)).status);
      expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
      await a.stop();
      await b.stop();
      servers.splice(servers.indexOf(a), 1);
      servers.splice(servers.indexOf(b), 1);
      const restarted = await start();
      expect((await signIn(restarted, 'hal@esimhub.test', 'right password of hal')).status).toBe(429);
    });

    test('per address: attempts from one address are limited; without a trusted proxy X-Forwarded-For changes nothing', async () => {
      const env = { STAFF_LOGIN_ATTEMPTS_PER_ADDRESS: '6' };
      const direct = await start(env);
      const statuses: number[] = [];
      // Each try names another account and claims another address: all of it is 127.0.0.1.
      for (let i = 0; i < 6; i += 1) statuses.push((await signIn(direct, `nobody${i}@esimhub.test`, 'guess', `203.0.113.${i}`)).status);
      expect(statuses).toEqual([401, 401, 401, 401, 401, 401]);
      const blocked = await signIn(direct, 'gus@esimhub.test', 'right password of gus', '203.0.113.99');
      expect(blocked.status).toBe(429);
      expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);

      // Behind a trusted proxy the forwarded address is the client: a new one starts afresh, and
      // an address the client wrote in front of the proxy's own entry is not believed.
      const proxied = await start({ ...env, TRUSTED_PROXY: '127.0.0.1' });
      for (let i = 0; i < 6; i += 1) expect((await signIn(proxied, `nobody${i}@esimhub.test`, 'guess', `192.0.2.1${i}, 203.0.113.7`)).status).toBe(401);
      expect((await signIn(proxied, 'gus@esimhub.test', 'right password of gus', '203.0.113.7')).status).toBe(429);
      expect((await signIn(proxied, 'gus@esimhub.test', 'right password of gus', '203.0.113.8')).status).toBe(200);
    });
  });

  describe('web chat', () => {
    const post = (server: BotHarness, from: string, id: string, headers: Record<string, string> = {}) =>
      fetch(`${server.url}/webchat/messages`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ from, text: 'hello', id }) });

    test('100 posts at once from one sender (two spellings): the burst is taken, the rest get 429 with Retry-After and when to retry', async () => {
      const server = await start(); // defaults: 20 per sender, 120 per address, per minute
      const from = '+34612345603';
      const responses = await Promise.all(Array.from({ length: 100 }, (_, i) => post(server, i % 2 ? '+34 612 345 603' : from, `burst-${i}`)));
      const statuses = responses.map((r) => r.status);
      expect(statuses.filter((s) => s === 202)).toHaveLength(20);
      expect(statuses.filter((s) => s === 429)).toHaveLength(80);
      const refused = responses.find((r) => r.status === 429)!;
      const seconds = Number(refused.headers.get('retry-after'));
      expect(seconds).toBeGreaterThan(0);
      expect(seconds).toBeLessThanOrEqual(60);
      const body = (await refused.json()) as { error: string; retryAfterSeconds: number; retryAt: string };
      expect(body.error).toMatch(/too many messages from this sender; try again in \d+ s/);
      expect(body.retryAfterSeconds).toBe(seconds);
      expect(Date.parse(body.retryAt)).toBeGreaterThan(Date.now());
      await server.bot.idle();
      expect(await db.prisma.message.count({ where: { direction: 'inbound', channelMessageId: { contains: ':burst-' } } })).toBe(20);
      // Another sender from the same address still gets through.
      expect((await post(server, '+66812345601', 'other-1')).status).toBe(202);
      await server.bot.idle();
    });

    test('per address: beyond the limit every sender from that address waits; behind a trusted proxy, per forwarded address', async () => {
      const server = await start({ WEBCHAT_MESSAGES_PER_ADDRESS: '8', WEBCHAT_MESSAGES_PER_IDENTITY: '3', TRUSTED_PROXY: '127.0.0.1' });
      const from = (i: number) => `wxid_rate_${i}`;
      const statuses: number[] = [];
      for (let i = 0; i < 8; i += 1) statuses.push((await post(server, from(i), `a-${i}`, { 'x-forwarded-for': '198.51.100.20' })).status);
      expect(statuses).toEqual(Array(8).fill(202));
      const refused = await post(server, from(99), 'a-99', { 'x-forwarded-for': '198.51.100.20' });
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(((await refused.json()) as { error: string }).error).toMatch(/too many messages from your network address; try again in \d+ s/);
      // Invalid bodies count too (they are refused before they are read).
      expect((await fetch(`${server.url}/webchat/messages`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': '198.51.100.20' }, body: '{}' })).status).toBe(429);
      // Another client address is not affected; per sender, 3 within the window.
      const other = { 'x-forwarded-for': '198.51.100.21' };
      expect([await post(server, from(99), 'b-1', other), await post(server, from(99), 'b-2', other), await post(server, from(99), 'b-3', other), await post(server, from(99), 'b-4', other)].map((r) => r.status)).toEqual([202, 202, 202, 429]);
      await server.bot.idle();
    });

    test('two processes count the same posts: a sender alternating between them gets its limit once, not twice, and a restart forgets none', async () => {
      const env = { WEBCHAT_MESSAGES_PER_IDENTITY: '4', WEBCHAT_MESSAGES_PER_ADDRESS: '7', TRUSTED_PROXY: '127.0.0.1' };
      const [a, b] = [await start(env), await start(env)]; // behind a load balancer
      const office = { 'x-forwarded-for': '198.51.100.40' };
      const from = '+6281234567840';
      const statuses: number[] = [];
      for (let i = 0; i < 5; i += 1) statuses.push((await post(i % 2 ? b : a, from, `lb-${i}`, office)).status);
      expect(statuses).toEqual([202, 202, 202, 202, 429]);
      // The address has 7 and has counted all five posts, the refused one too: two more senders' posts, split over both, then it is full on both.
      expect((await post(a, '+6281234567841', 'lb-other-1', office)).status).toBe(202);
      expect((await post(b, '+6281234567842', 'lb-other-2', office)).status).toBe(202);
      expect((await post(a, '+6281234567843', 'lb-other-3', office)).status).toBe(429);
      expect((await post(b, '+6281234567843', 'lb-other-4', office)).status).toBe(429);
      // A process started afresh (a deploy, a crash) counts on from the same window: the sender's
      // count, asked from another address (the office's is full).
      await a.stop();
      const restarted = await start(env);
      const again = await post(restarted, from, 'lb-after-restart', { 'x-forwarded-for': '198.51.100.41' });
      expect(again.status).toBe(429);
      expect(((await again.json()) as { error: string }).error).toMatch(/too many messages from this sender/);
      expect(Number(again.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(Number(again.headers.get('retry-after'))).toBeLessThanOrEqual(60);
      expect(await db.prisma.message.count({ where: { direction: 'inbound', channelMessageId: { contains: ':lb-' } } })).toBe(6);
      await b.bot.idle();
      await restarted.bot.idle();
    });

    test('a message sent again after its answer was lost does not spend its sender\'s allowance twice; the address still counts it', async () => {
      const server = await start({ WEBCHAT_MESSAGES_PER_IDENTITY: '3', WEBCHAT_MESSAGES_PER_ADDRESS: '6', TRUSTED_PROXY: '127.0.0.1' });
      const from = '+6281234567860';
      const shop = { 'x-forwarded-for': '198.51.100.60' };
      const answers: { status: number; duplicate?: boolean }[] = [];
      for (const id of ['re-1', 're-1', 're-1', 're-2', 're-3', 're-4']) {
        const response = await post(server, from, id, shop);
        answers.push({ status: response.status, ...(response.status === 202 ? { duplicate: ((await response.json()) as { duplicate: boolean }).duplicate } : {}) });
      }
      expect(answers).toEqual([
        { status: 202, duplicate: false },
        { status: 202, duplicate: true },
        { status: 202, duplicate: true },
        { status: 202, duplicate: false },
        { status: 202, duplicate: false },
        { status: 429 },
      ]);
      // Six requests from the address: its limit is spent, whatever they were.
      expect((await post(server, '+6281234567861', 're-other', shop)).status).toBe(429);
      await server.bot.idle();
      expect(await db.prisma.message.count({ where: { direction: 'inbound', channelMessageId: { contains: ':re-' } } })).toBe(3);
    });

    test('a window that has run out starts afresh', async () => {
      const server = await start({ WEBCHAT_MESSAGES_PER_IDENTITY: '2', WEBCHAT_RATE_WINDOW_SECONDS: '2' });
      const from = '+6281234567850';
      const answers = [await post(server, from, 'w-1'), await post(server, from, 'w-2'), await post(server, from, 'w-3')];
      expect(answers.map((r) => r.status)).toEqual([202, 202, 429]);
      await new Promise((resolve) => setTimeout(resolve, Number(answers[2]!.headers.get('retry-after')) * 1000 + 100));
      expect((await post(server, from, 'w-4')).status).toBe(202);
      const row = await db.pool.query<{ hits: number }>(`SELECT hits FROM rate_limit_counts WHERE key = $1`, [`webchat-sender:web:${from}`]);
      expect(row.rows).toEqual([{ hits: 1 }]);
      await server.bot.idle();
    });

    test('open long polls: a few per sender and per address; one answered or abandoned frees its place at once', async () => {
      const server = await start({ WEBCHAT_OPEN_POLLS_PER_IDENTITY: '2', WEBCHAT_OPEN_POLLS_PER_ADDRESS: '3', TRUSTED_PROXY: '127.0.0.1' });
      const [ana, ben, cai] = ['wxid_polls_ana', 'wxid_polls_ben', 'wxid_polls_cai'];
      const cursors = new Map<string, number>();
      for (const from of [ana, ben, cai]) {
        await server.say(from, 'hello'); // a conversation with a reply, so that a poll after it waits
        const now = (await (await fetch(`${server.url}/webchat/messages?from=${from}&after=0`)).json()) as { cursor: number };
        cursors.set(from, now.cursor);
      }
      const aborts: AbortController[] = [];
      const poll = (from: string, forwardedFor: string, waitMs = 20_000) => {
        const abort = new AbortController();
        aborts.push(abort);
        const response = fetch(`${server.url}/webchat/messages?from=${from}&after=${cursors.get(from)}&wait=${waitMs}`, { headers: { 'x-forwarded-for': forwardedFor }, signal: abort.signal });
        return { abort, response: response.catch(() => null) };
      };
      const settle = () => new Promise((resolve) => setTimeout(resolve, 300)); // the polls before have reached the server
      try {
        const office = '198.51.100.30';
        const first = poll(ana, office);
        const second = poll(ana, office);
        await settle();
        const third = await poll(ana, office).response;
        expect(third!.status).toBe(429);
        expect(third!.headers.get('retry-after')).toBe('1');
        expect(((await third!.json()) as { error: string }).error).toMatch(/too many polls open at once for this sender or network address/);
        // The address has room for one more, of another sender; then it is full for everyone there.
        const benWaiting = poll(ben, office);
        await settle();
        expect((await poll(cai, office).response)!.status).toBe(429);
        const caiElsewhere = poll(cai, '198.51.100.31');
        await settle();
        // A client that goes away frees its place: Ana opens another at once.
        first.abort.abort();
        await settle();
        const again = poll(ana, office);
        // A reply answers Ana's open polls, and their places are free again.
        await server.post(ana, 'what is my balance?');
        for (const answered of [await second.response, await again.response]) {
          expect(answered!.status).toBe(200);
          expect(((await answered!.json()) as { messages: unknown[] }).messages.length).toBeGreaterThan(0);
        }
        cursors.set(ana, 0);
        expect((await poll(ana, office, 1).response)!.status).toBe(200);
        expect((await poll(ana, office, 1).response)!.status).toBe(200);
        benWaiting.abort.abort();
        caiElsewhere.abort.abort();
      } finally {
        for (const abort of aborts) abort.abort();
        await server.bot.idle();
      }
    });

    test('outside demo mode a sender\'s allowance is spent only by requests that carry its token', async () => {
      const server = await start({ DEMO_MODE: '0', WEBCHAT_MESSAGES_PER_IDENTITY: '2' });
      const from = '+84912345616';
      for (let i = 0; i < 5; i += 1) expect((await post(server, from, `forged-${i}`)).status).toBe(401);
      const issued = await runCli(['webchat-token', from], { DATABASE_URL: db.url });
      expect(issued.code).toBe(0);
      const auth = { authorization: `Bearer ${issued.stdout.trim()}` };
      expect([await post(server, from, 'real-1', auth), await post(server, from, 'real-2', auth), await post(server, from, 'real-3', auth)].map((r) => r.status)).toEqual([202, 202, 429]);
      await server.bot.idle();
    });
  });
});
