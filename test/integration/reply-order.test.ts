import type pg from 'pg';
import type { Sql } from '../../bot/db/sql';
import { enqueueReply, type ReplyTo } from '../../bot/store/outbox';
import { BotHarness } from '../support/bot-harness';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

// Two writers of one conversation's replies at once, on PostgreSQL: a delivery or a progress
// message (an order's job) while the conversation's own message is answered (its job), or a staff
// reply. The web-chat page reads replies after a cursor, the id of the last one it saw. An id is
// drawn when the row is inserted, not when it commits: a reply that took its id first and committed
// last fell behind a cursor that had already moved past it, and the page never showed it (a
// reviewer's case). PGlite serves one transaction at a time, so it cannot happen there.

const describePg = process.env.TEST_DATABASE_URL ? describe : describe.skip;
const FROM = '+6281234567870';

describePg('replies of one conversation written at once', () => {
  let db: TestDatabase;
  let server: BotHarness;
  let conversation: ReplyTo;
  beforeAll(async () => {
    db = await createTestDatabase('postgres', { seed: true });
    server = await BotHarness.start(db);
    await server.say(FROM, 'hello');
    const { rows } = await db.pool.query<{ id: number; conversation_key: string }>(`SELECT id, conversation_key FROM conversations WHERE conversation_key = $1`, [`web:${FROM}`]);
    conversation = { id: rows[0]!.id, channel: 'web', conversationKey: rows[0]!.conversation_key };
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    await db?.close();
  });

  const onClient = (client: pg.PoolClient): Sql => ({ query: async (text, params) => (await client.query(text, params)).rows });

  test('a reply that took its id first and committed last is still read by a page following the cursor', async () => {
    const seen: string[] = [];
    const follow = async () => seen.push(...(await server.replies(FROM)).map((m) => m.text));
    await follow();
    seen.length = 0;

    const slow = await db.pool.connect();
    const quick = await db.pool.connect();
    try {
      await slow.query('BEGIN');
      await enqueueReply(onClient(slow), conversation, 'race:slow', 'first written, committed last');
      // The other writer, in its own transaction; with the conversation's replies in commit order it waits for the first.
      const quickDone = (async () => {
        await quick.query('BEGIN');
        await enqueueReply(onClient(quick), conversation, 'race:quick', 'second written, committed first');
        await quick.query('COMMIT');
      })();
      await new Promise((resolve) => setTimeout(resolve, 300));
      await follow(); // the page polls meanwhile
      await slow.query('COMMIT');
      await quickDone;
      await follow();
      await follow();
    } finally {
      slow.release();
      quick.release();
    }
    expect(seen).toEqual(['first written, committed last', 'second written, committed first']);
  });
});
