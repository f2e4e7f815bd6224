import { createHash } from 'node:crypto';
import { WhatsAppCloudInbox } from '../../bot/channels/whatsapp-cloud-inbox';
import { whatsAppCloudGraph } from '../../bot/channels/whatsapp-cloud-wiring';
import { loadConfig } from '../../bot/config';
import { poolSql } from '../../bot/db/sql';
import { Bot } from '../../bot/pipeline/bot';
import { claimCloudEvents, storeCloudEvent } from '../../bot/store/whatsapp-cloud-events';
import { createSandboxSupplier } from '../../bot/supplier/sandbox-supplier';
import { document, messagesBody, PHONE_NUMBER_ID, text } from '../support/cloud-webhook-payloads';
import { GraphApiServer } from '../support/graph-api-server';
import { until } from '../support/until';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

// Stored webhook deliveries of the WhatsApp Cloud API are worked by any process under a lease: a
// process that dies with one leased leaves it to the others once the lease runs out, and a process
// still working one (a slow media download) keeps it by renewing the lease, so no other works it too.

const TOKEN = 'EAAGm0PX4ZCpsBAKZB-lease-test';
const SOMCHAI = '66812345601'; // B2B-002

describe('the leases of stored WhatsApp Cloud API deliveries, two processes on one database', () => {
  let db: TestDatabase;
  let graph: GraphApiServer;
  let bot: Bot;
  const inboxes: WhatsAppCloudInbox[] = [];
  const config = () => loadConfig({ DEMO_MODE: '0', WHATSAPP_CLOUD_ACCESS_TOKEN: TOKEN, WHATSAPP_CLOUD_PHONE_NUMBER_ID: PHONE_NUMBER_ID, WHATSAPP_CLOUD_APP_SECRET: 'secret', WHATSAPP_CLOUD_VERIFY_TOKEN: 'verify', WHATSAPP_CLOUD_GRAPH_URL: graph.url });
  /** The inbox of one more process: its own Graph client, the shared database and pipeline. */
  const anotherProcess = (leaseSeconds: number) => {
    const inbox = new WhatsAppCloudInbox({ db, graph: whatsAppCloudGraph(config())!, phoneNumberId: PHONE_NUMBER_ID, sink: bot, emailOn: false, sweepMs: 200, leaseSeconds, orderWaitMs: config().WHATSAPP_CLOUD_ORDER_WAIT_MS });
    inboxes.push(inbox);
    return inbox;
  };
  const store = async (payload: unknown) => {
    const raw = JSON.stringify(payload);
    await storeCloudEvent(poolSql(db.pool), createHash('sha256').update(raw).digest('hex'), raw, [SOMCHAI], new Date());
  };
  const inbound = async (wamid: string) => (await poolSql(db.pool).query<{ n: number }>(`SELECT count(*)::int AS n FROM messages WHERE channel_message_id = $1`, [wamid]))[0]!.n;

  beforeAll(async () => {
    [db, graph] = await Promise.all([createTestDatabase('pglite', { seed: true }), GraphApiServer.start({ token: TOKEN, phoneNumberId: PHONE_NUMBER_ID })]);
    bot = new Bot({ db, config: config(), supplier: createSandboxSupplier(), sleep: async () => undefined });
  }, 60_000);
  afterAll(async () => {
    await Promise.all(inboxes.map((inbox) => inbox.stop()));
    await bot?.stop();
    await graph?.close();
    await db?.close();
  });

  test('a delivery leased by a process that died is taken in by another once the lease runs out, not a minute later', async () => {
    await store(messagesBody([text(SOMCHAI, 'wamid.LEASE-DEAD-1', 'balance?')]));
    // The process that took it died before working it: its lease stands.
    expect(await claimCloudEvents(poolSql(db.pool), 1, 2, 0)).toHaveLength(1);
    const from = Date.now();
    anotherProcess(2).start();
    await until(async () => ((await inbound('wamid.LEASE-DEAD-1')) === 1 ? true : null), 'the message taken in', 10_000);
    const waited = Date.now() - from;
    expect(waited).toBeGreaterThanOrEqual(1_500); // not before the dead process's lease ran out
    expect(waited).toBeLessThan(8_000); // the fixed lease was 60 s
  });

  test('a delivery whose media download outlasts the lease stays with the process working it: downloaded once', async () => {
    graph.media.set('media-po-77', { bytes: Buffer.from('product,quantity\nESIM-JP-1GB-7D,3\n'), mimeType: 'text/csv' });
    graph.mediaDelayMs = 7_000; // longer than the 3 s lease: renewed every second meanwhile
    const downloads = () => graph.calls.filter((c) => c.path === '/media-download/media-po-77').length;
    await store(messagesBody([document(SOMCHAI, 'wamid.LEASE-SLOW-1', 'media-po-77', 'PO-77.csv', 'text/csv')]));
    anotherProcess(3).start();
    anotherProcess(3).start(); // a second process, sweeping every 200 ms for deliveries whose lease ran out
    await until(async () => ((await inbound('wamid.LEASE-SLOW-1')) === 1 ? true : null), 'the document taken in', 25_000);
    await new Promise((resolve) => setTimeout(resolve, 2_000)); // a second worker, had it taken the delivery, would be downloading too
    expect(downloads()).toBe(1);
    graph.mediaDelayMs = 0;
  }, 40_000);

  test('two messages posted the other way round to two processes are taken in in the order they were written', async () => {
    const [a, b] = [anotherProcess(15), anotherProcess(15)];
    a.start();
    b.start();
    const written = Date.now() - 10_000;
    const post = (inbox: WhatsAppCloudInbox, payload: unknown) => inbox.store(Buffer.from(JSON.stringify(payload)), payload);
    // The later one reaches process b first; the earlier one reaches process a 30 ms after.
    await post(b, messagesBody([text(SOMCHAI, 'wamid.ORDER-2', 'cancel that', written + 1_000)]));
    await new Promise((resolve) => setTimeout(resolve, 30));
    await post(a, messagesBody([text(SOMCHAI, 'wamid.ORDER-1', 'Japan 1GB 7 days x 3', written)]));
    await until(async () => ((await inbound('wamid.ORDER-1')) + (await inbound('wamid.ORDER-2')) === 2 ? true : null), 'both taken in', 10_000);
    const { rows } = await db.pool.query<{ channel_message_id: string }>(`SELECT channel_message_id FROM messages WHERE channel_message_id LIKE 'wamid.ORDER-%' ORDER BY id`);
    expect(rows.map((r) => r.channel_message_id)).toEqual(['wamid.ORDER-1', 'wamid.ORDER-2']);
  }, 30_000);
});
