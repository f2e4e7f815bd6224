import { EventEmitter } from 'node:events';
import { DatabaseNotifications } from '../../bot/jobs/notifications';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { until } from '../support/until';

// Two processes' listeners on one PostgreSQL (LISTEN/NOTIFY works on a real server only): what one
// process commits or does reaches the other's web-chat polls and staff streams.

const describeOnPostgres = process.env.TEST_DATABASE_URL ? describe : describe.skip;

describeOnPostgres('database notifications between processes', () => {
  let db: TestDatabase;
  const a = new EventEmitter();
  const b = new EventEmitter();
  let listenA: DatabaseNotifications;
  let listenB: DatabaseNotifications;

  beforeAll(async () => {
    db = await createTestDatabase('postgres', { seed: true });
    listenA = new DatabaseNotifications(db.url, a, 'process-a');
    listenB = new DatabaseNotifications(db.url, b, 'process-b');
    await Promise.all([listenA.start(), listenB.start()]);
  });

  afterAll(async () => {
    await Promise.all([listenA.stop(), listenB.stop()]);
    await db.close();
  });

  test('a reply committed anywhere wakes every process, with its conversation', async () => {
    const seen: number[] = [];
    b.on('replied', (id: number) => seen.push(id));
    const { rows } = await db.pool.query<{ id: number }>(`INSERT INTO conversations (channel, conversation_key, updated_at) VALUES ('web', 'web:notify@example.test', now()) RETURNING id`);
    const conversationId = rows[0]!.id;
    await db.pool.query(
      `INSERT INTO messages (conversation_id, direction, channel, channel_message_id, sender_address, text, received_at) VALUES ($1, 'outbound', 'web', 'notify-test-1', 'bot', 'Quote Q-000001 ...', now())`,
      [conversationId],
    );
    await until(() => seen.includes(conversationId), 'the reply reaching the other process', 5_000);
  });

  test("a staff action in one process refreshes the other's staff app, and is not echoed back", async () => {
    const inB: unknown[] = [];
    const inA: unknown[] = [];
    b.on('staff-changed', (change: unknown) => inB.push(change));
    a.on('staff-changed', (change: unknown) => inA.push(change));
    a.emit('staff-changed'); // a payout approved on process A
    await until(() => inB.length > 0, 'the change reaching process B', 5_000);
    expect(inB).toEqual([{ remote: true }]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(inA).toEqual([undefined]); // only its own local event: nothing came back
    expect(inB).toHaveLength(1); // B did not publish A's change again
  });
});
