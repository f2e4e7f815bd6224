import { rateLimitStoreClass } from '../../bot/http/stored-rate-limits';
import { poolSql } from '../../bot/db/sql';
import { deleteExpiredCounts } from '../../bot/store/rate-limit-counts';
import { BotHarness } from '../support/bot-harness';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

// Web-chat limits counted in PostgreSQL by several processes at once (two HTTP servers, each with
// its own pool): concurrent posts of one sender split over both pass the limit once in all, not
// once per process; a key over its limit is refused from memory (5 s at most), without a statement; expired
// windows are deleted however many; a table that cannot be written lets requests through and
// tells the operator once, not once a request (a reviewer's cases).

const describePg = process.env.TEST_DATABASE_URL ? describe : describe.skip;

describePg('stored rate limits on postgres', () => {
  let db: TestDatabase;
  const servers: BotHarness[] = [];
  beforeAll(async () => {
    db = await createTestDatabase('postgres', { seed: true });
    for (let i = 0; i < 2; i += 1) servers.push(await BotHarness.start(db, { env: { WEBCHAT_MESSAGES_PER_IDENTITY: '20', WEBCHAT_MESSAGES_PER_ADDRESS: '1000' } }));
  }, 120_000);
  afterAll(async () => {
    for (const s of servers) await s.stop();
    await db?.close();
  });

  test('60 simultaneous posts of one sender split over two servers: 20 taken, 40 refused with 429', async () => {
    const from = '+66812345670';
    const statuses = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        fetch(`${servers[i % 2]!.url}/webchat/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ from, text: 'hello', id: `both-${i}` }) }).then((r) => r.status),
      ),
    );
    expect(statuses.filter((s) => s === 202)).toHaveLength(20);
    expect(statuses.filter((s) => s === 429)).toHaveLength(40);
    for (const s of servers) await s.bot.idle();
    expect(await db.prisma.message.count({ where: { direction: 'inbound', channelMessageId: { contains: ':both-' } } })).toBe(20);
  }, 60_000);

  const storeNamed = (name: string, deleteExpiredEveryMs = 60_000) => {
    const Store = rateLimitStoreClass(db.pool, { deleteExpiredEveryMs });
    const store = new Store({ name } as never);
    return (key: string, windowMs: number, max = 10) =>
      new Promise<{ current: number; ttl: number }>((resolve, reject) => store.incr(key, (error: Error | null, result?: { current: number; ttl: number }) => (error ? reject(error) : resolve(result!)), windowMs, max));
  };
  const hitsOf = async (key: string) => (await db.pool.query<{ hits: number }>(`SELECT hits FROM rate_limit_counts WHERE key = $1`, [key])).rows[0]?.hits;
  const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  test('a key over its limit is refused from memory, with no statement and its window\'s Retry-After', async () => {
    const incr = storeNamed('memory-test');
    const answers = [];
    for (let i = 0; i < 6; i += 1) answers.push(await incr('flood', 60_000, 3));
    expect(answers.map((a) => a.current)).toEqual([1, 2, 3, 4, 4, 4]); // over the limit from the 4th on
    expect(answers[5]!.ttl).toBeGreaterThan(55_000); // the window's end, not the memory's
    expect(answers[5]!.ttl).toBeLessThanOrEqual(60_000);
    expect(await hitsOf('memory-test:flood')).toBe(4); // the 5th and 6th never reached the database
    // A window that ends is counted in the database again.
    expect((await incr('brief', 1_000, 1)).current).toBe(1);
    const refused = await incr('brief', 1_000, 1);
    expect(refused.current).toBe(2);
    await pause(refused.ttl + 50);
    expect((await incr('brief', 1_000, 1)).current).toBe(1);
  });

  test('a count deleted (staff letting an address in, a crash emptying the table) is honoured within 5 s, whatever the window', async () => {
    const incr = storeNamed('unlock-test');
    await incr('office', 15 * 60_000, 1);
    expect((await incr('office', 15 * 60_000, 1)).current).toBe(2);
    await db.pool.query(`DELETE FROM rate_limit_counts WHERE key = 'unlock-test:office'`);
    expect((await incr('office', 15 * 60_000, 1)).current).toBe(2); // still remembered
    await pause(5_100);
    expect((await incr('office', 15 * 60_000, 1)).current).toBe(1);
  });

  test('a request taken back (a resend) leaves its window one lighter, never below none, and an ended window alone', async () => {
    const Store = rateLimitStoreClass(db.pool);
    const store = new Store({ name: 'uncount-test' } as never);
    const incr = (key: string, windowMs: number) =>
      new Promise<number>((resolve, reject) => store.incr(key, (error: Error | null, result?: { current: number }) => (error ? reject(error) : resolve(result!.current)), windowMs, 10));
    await incr('sender', 60_000);
    await incr('sender', 60_000);
    await Store.uncount('uncount-test', 'sender');
    expect(await hitsOf('uncount-test:sender')).toBe(1);
    for (let i = 0; i < 3; i += 1) await Store.uncount('uncount-test', 'sender');
    expect(await hitsOf('uncount-test:sender')).toBe(0);
    expect(await incr('sender', 60_000)).toBe(1);
    await incr('ended', 200);
    await pause(300);
    await Store.uncount('uncount-test', 'ended');
    expect(await hitsOf('uncount-test:ended')).toBe(1);
    await Store.uncount('uncount-test', 'never-counted'); // nothing to take back: no row is made
    expect(await hitsOf('uncount-test:never-counted')).toBeUndefined();
  });

  test('expired windows are deleted, more than one batch in one call; live ones are kept', async () => {
    await db.pool.query(`INSERT INTO rate_limit_counts (key, hits, window_ends_at)
      SELECT 'prune-test:old-' || n, 1, now() - interval '1 minute' FROM generate_series(1, 2500) AS n`);
    await db.pool.query(`INSERT INTO rate_limit_counts (key, hits, window_ends_at) VALUES ('prune-test:live', 1, now() + interval '1 minute')`);
    const keys = async () => (await db.pool.query<{ key: string }>(`SELECT key FROM rate_limit_counts WHERE key LIKE 'prune-test:%' ORDER BY key`)).rows.map((r) => r.key);
    expect(await deleteExpiredCounts(poolSql(db.pool))).toBeGreaterThanOrEqual(2500);
    expect(await keys()).toEqual(['prune-test:live']);
    // The store deletes them as it counts (here on every count; once a minute by default).
    await db.pool.query(`INSERT INTO rate_limit_counts (key, hits, window_ends_at) VALUES ('prune-test:old', 1, now() - interval '1 second')`);
    await storeNamed('prune-test', 0)('live', 60_000);
    for (let i = 0; i < 100 && (await keys()).length > 1; i += 1) await pause(20);
    expect(await keys()).toEqual(['prune-test:live']);
  });

  test('a table that cannot be written lets requests through and is logged once, not once a request', async () => {
    const lines: string[] = [];
    const spy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    // Servers of their own: their stores have logged nothing yet, whatever ran before.
    const fresh = [await BotHarness.start(db, { env: { WEBCHAT_MESSAGES_PER_IDENTITY: '20' } }), await BotHarness.start(db, { env: { WEBCHAT_MESSAGES_PER_IDENTITY: '20' } })];
    servers.push(...fresh);
    await db.pool.query('ALTER TABLE rate_limit_counts RENAME TO rate_limit_counts_gone');
    try {
      const from = '+66812345690';
      const statuses = await Promise.all(
        Array.from({ length: 25 }, (_, i) =>
          fetch(`${fresh[i % 2]!.url}/webchat/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ from, text: 'hello', id: `gone-${i}` }) }).then((r) => r.status),
        ),
      );
      expect(statuses).toEqual(Array(25).fill(202)); // unlimited, not refused: the limiter is broken, not the sender
      for (const s of fresh) await s.bot.idle();
    } finally {
      await db.pool.query('ALTER TABLE rate_limit_counts_gone RENAME TO rate_limit_counts');
      spy.mockRestore();
    }
    const told = lines.filter((line) => line.includes('request limits could not be counted'));
    expect(told).toHaveLength(2); // once per server
    expect(JSON.parse(told[0]!)).toMatchObject({ level: 'error', error: { code: '42P01' } });
  }, 60_000);
});
