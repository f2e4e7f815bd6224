import { EventEmitter } from 'node:events';
import { CHANNEL_CAPABILITIES, type ChannelAdapter, type InboundSink } from '../../channels/port';
import { ChannelLeases } from '../../bot/channels/channel-leases';
import { DatabaseNotifications } from '../../bot/jobs/notifications';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { until } from '../support/until';

// The session of a channel that must be single (a mailbox reader, a WhatsApp login), among three
// processes on one PostgreSQL: let go by one that stops, it is taken at once by one still running,
// never by one that is stopping too (all of them stop at once in a deploy), and never while the
// first still runs it.

const describeOnPostgres = process.env.TEST_DATABASE_URL ? describe : describe.skip;

/** A session that takes a moment to close, and says when it ran. */
class Session implements ChannelAdapter {
  readonly name = 'email' as const;
  readonly capabilities = CHANNEL_CAPABILITIES.email;
  startedAt: number[] = [];
  stoppedAt: number[] = [];
  async start(): Promise<void> {
    this.startedAt.push(Date.now());
  }
  async stop(): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, 200));
    this.stoppedAt.push(Date.now());
  }
  async send(): Promise<{ externalId: string }> {
    throw new Error('not sent in this test');
  }
}

const sink: InboundSink = { receive: async () => ({ duplicate: false, messageId: null }) };

describeOnPostgres('the session of a single channel across processes that stop', () => {
  let db: TestDatabase;
  const running: { leases: ChannelLeases; notifications: DatabaseNotifications }[] = [];

  /** One process's leases, told by the database when another lets a session go (as bot/app.ts wires them). */
  async function startProcess(name: string) {
    const session = new Session();
    const activity = new EventEmitter();
    const notifications = new DatabaseNotifications(db.url, activity, name);
    await notifications.start();
    const leases = new ChannelLeases(db.url, [session], sink, { held: () => undefined, lost: () => undefined }, name);
    activity.on('channel-freed', () => leases.tryNow());
    await leases.start();
    running.push({ leases, notifications });
    return { session, leases };
  }

  beforeAll(async () => {
    db = await createTestDatabase('postgres', { migrate: false });
  }, 60_000);

  afterAll(async () => {
    for (const p of running) {
      await p.leases.stop();
      await p.notifications.stop();
    }
    await db?.close();
  });

  test('let go on SIGTERM, it is taken within a second by a process still running, not by one stopping too', async () => {
    const first = await startProcess('first');
    expect(first.session.startedAt).toHaveLength(1);
    const stopping = await startProcess('stopping');
    const staying = await startProcess('staying');
    // Two of them got SIGTERM: the one holding the session, and another.
    stopping.leases.stopTaking();
    await first.leases.stop();
    const released = Date.now();
    await until(() => staying.session.startedAt.length === 1 || null, 'the running process taking the session', 3_000);
    expect(staying.session.startedAt[0]! - released).toBeLessThan(1_000); // not at its next try, up to 5 s later
    expect(staying.session.startedAt[0]!).toBeGreaterThanOrEqual(first.session.stoppedAt[0]!); // never two at once
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(stopping.session.startedAt).toEqual([]);
  }, 30_000);
});
