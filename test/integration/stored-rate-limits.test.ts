import { storedRateLimits } from '../../bot/http/stored-rate-limits';
import { BotHarness } from '../support/bot-harness';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

// Web-chat limits counted in PostgreSQL by several processes at once (two HTTP servers, each with
// its own pool): concurrent posts of one sender split over both pass the limit once in all, not
// once per process; expired windows are deleted.

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

  test('expired windows are deleted; live ones are kept', async () => {
    const Store = storedRateLimits(db.pool, { pruneEveryMs: 0 });
    const store = new Store({ name: 'prune-test' } as never);
    const incr = (key: string, windowMs: number) =>
      new Promise<{ current: number; ttl: number }>((resolve, reject) => store.incr(key, (error, result) => (error ? reject(error) : resolve(result!)), windowMs, 10));
    expect(await incr('short', 1)).toEqual({ current: 1, ttl: expect.any(Number) });
    expect(await incr('long', 60_000)).toMatchObject({ current: 1 });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await incr('long', 60_000)).toMatchObject({ current: 2 }); // counts, and prunes
    const keys = async () => (await db.pool.query<{ key: string }>(`SELECT key FROM rate_limit_counts WHERE key LIKE 'prune-test:%' ORDER BY key`)).rows.map((r) => r.key);
    for (let i = 0; i < 50 && (await keys()).length > 1; i += 1) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await keys()).toEqual(['prune-test:long']);
  });
});
