import { EventEmitter } from 'node:events';
import net from 'node:net';
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

  test('a listener whose network goes silent (no error, no answer) is found out, and listens again once the network heals', async () => {
    // A proxy in front of PostgreSQL that can stop passing bytes without closing anything: a
    // failover or a NAT that drops the socket, and new connections that are accepted and never answered.
    const target = new URL(db.url);
    let silent = false;
    const sockets = new Set<net.Socket>();
    const proxy = net.createServer((client) => {
      sockets.add(client);
      client.on('error', () => undefined);
      client.on('close', () => sockets.delete(client));
      if (silent) return; // accepted, never answered
      const server = net.connect(Number(target.port || 5432), target.hostname);
      server.on('error', () => client.destroy());
      sockets.add(server);
      client.on('data', (d) => void (silent || server.write(d)));
      server.on('data', (d) => void (silent || client.write(d)));
      client.on('close', () => server.destroy());
      server.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const viaProxy = new URL(db.url);
    viaProxy.host = `127.0.0.1:${(proxy.address() as net.AddressInfo).port}`;
    const c = new EventEmitter();
    const watched: boolean[] = [];
    c.on('replies-watched', (on: boolean) => watched.push(on));
    const replied: number[] = [];
    c.on('replied', (id: number) => replied.push(id));
    const listenC = new DatabaseNotifications(viaProxy.toString(), c, 'process-c');
    try {
      await listenC.start();
      expect(watched).toEqual([true]);
      silent = true;
      const wentSilent = Date.now();
      await until(() => watched.at(-1) === false, 'the silent listener found out', 15_000);
      const foundOutMs = Date.now() - wentSilent;
      await new Promise((resolve) => setTimeout(resolve, 4_000)); // a reconnect or two meet the silent network
      silent = false;
      const healed = Date.now();
      await until(() => watched.at(-1) === true, 'listening again after the network healed', 15_000);
      const backMs = Date.now() - healed;
      await db.pool.query(`SELECT pg_notify('esim_hub_replied', '424242')`);
      await until(() => replied.includes(424242), 'a reply told after the heal', 5_000);
      process.stderr.write(`silent network: found out in ${foundOutMs} ms; listening again ${backMs} ms after it healed\n`);
    } finally {
      await listenC.stop();
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => proxy.close(resolve));
    }
  }, 60_000);
});
