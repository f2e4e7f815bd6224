import pg from 'pg';
import { BotHarness } from '../support/bot-harness';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

// The database gone for a moment (a restart, a failover, no connection free): a reseller's message is
// answered 503 with Retry-After, not a 500 that reads like a bug, and sent again it is taken and answered.

const describeOnPostgres = process.env.TEST_DATABASE_URL ? describe : describe.skip;
const MARIA = '+34612345603';

describeOnPostgres('a database outage seen from web chat', () => {
  let db: TestDatabase;
  let chat: BotHarness;
  let admin: pg.Client;
  const name = () => new URL(db.url).pathname.slice(1);

  beforeAll(async () => {
    db = await createTestDatabase('postgres', { seed: true });
    chat = await BotHarness.start(db);
    admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await admin.connect();
  }, 60_000);
  afterAll(async () => {
    await admin.query(`ALTER DATABASE ${name()} ALLOW_CONNECTIONS true`).catch(() => undefined);
    await admin.end();
    await chat?.stop();
    await db?.close();
  });

  test('503 with Retry-After while it is down; the same message sent again is taken and answered once', async () => {
    await admin.query(`ALTER DATABASE ${name()} ALLOW_CONNECTIONS false`);
    await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1`, [name()]);
    const down = await chat.post(MARIA, 'Japan 1GB 7 days x 2', 'outage-1');
    expect(down.status).toBe(503);
    expect(down.headers.get('retry-after')).toBe('5');
    expect(await down.json()).toEqual({ error: 'The service is busy for a moment: please send it again in a few seconds.', retryAfterSeconds: 5 });

    await admin.query(`ALTER DATABASE ${name()} ALLOW_CONNECTIONS true`);
    const replies = await chat.say(MARIA, 'Japan 1GB 7 days x 2', 'outage-1');
    expect(replies.map((r) => r.text).join('\n')).toMatch(/Q-\d+/);
    const { rows } = await db.pool.query(`SELECT count(*)::int AS n FROM messages WHERE channel_message_id = $1`, [`${MARIA}:outage-1`]);
    expect(rows[0].n).toBe(1);
  });
});
