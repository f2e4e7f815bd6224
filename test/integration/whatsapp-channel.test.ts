import ExcelJS from 'exceljs';
import { MessageMedia } from 'whatsapp-web.js';
import { ChannelWatchdog } from '../../bot/channels/watchdog';
import { loadConfig } from '../../bot/config';
import { deliveryFile } from '../../bot/delivery/files';
import { poolSql } from '../../bot/db/sql';
import { log } from '../../bot/log';
import { OutboxDispatcher } from '../../bot/outbox/dispatcher';
import { Bot } from '../../bot/pipeline/bot';
import { enqueueReply } from '../../bot/pipeline/reply';
import { createSandboxSupplier } from '../../bot/supplier/sandbox-supplier';
import { WhatsAppAdapter, numberOf } from '../../channels/whatsapp/adapter';
import { auditLedger } from '../support/ledger-auditor';
import { asClient, ContractClient } from '../support/whatsapp-contract-client';
import { decodeQr } from '../support/qr';
import { until } from '../support/until';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

const SOMCHAI = '66812345601@c.us'; // B2B-002, postpaid

describe('the WhatsApp adapter against the whatsapp-web.js Client contract', () => {
  let db: TestDatabase;
  let bot: Bot;
  beforeAll(async () => {
    db = await createTestDatabase('pglite', { seed: true });
    bot = new Bot({ db, config: loadConfig({ DEMO_MODE: '0' }), supplier: createSandboxSupplier(), sleep: async () => undefined });
  });
  afterAll(async () => {
    await bot.stop();
    await db.close();
  });

  /** The adapter wired as the app wires it, with clients the test scripts. */
  async function wire(behaviours: { linked: boolean; becomesReady?: boolean; failsToStart?: boolean }[], options: { stallMs?: number } = {}) {
    const clients: ContractClient[] = [];
    const alerts: string[] = [];
    let outbox: OutboxDispatcher | undefined;
    const watchdog = new ChannelWatchdog({ alert: (text) => alerts.push(text), ready: () => void outbox?.retryNow('whatsapp') });
    const adapter = new WhatsAppAdapter({
      createClient: () => {
        const client = new ContractClient(behaviours[Math.min(clients.length, behaviours.length - 1)]!);
        clients.push(client);
        return asClient(client);
      },
      createMedia: (mime, data, filename) => new MessageMedia(mime, data, filename),
      stores: { file: (url) => deliveryFile(db, url) },
      status: watchdog.listener('whatsapp'),
      log,
      sendIntervalMs: 5,
      reconnectMs: 20,
      stallMs: options.stallMs ?? 60_000,
      watchdogMs: 25,
      printQr: false,
    });
    outbox = new OutboxDispatcher(db, [adapter], { pollMs: 50 });
    const wake = () => outbox!.wake();
    bot.activity.on('replied', wake);
    await adapter.start(bot);
    outbox.start();
    return {
      adapter,
      clients,
      alerts,
      outbox,
      async stop() {
        bot.activity.off('replied', wake);
        await outbox!.stop();
        await adapter.stop();
      },
    };
  }

  test('chat ids: one-to-one numbers only', () => {
    expect(numberOf('66812345601@c.us')).toBe('+66812345601');
    expect(numberOf('120363025246125244@g.us')).toBeNull();
    expect(numberOf('status@broadcast')).toBeNull();
  });

  test('pairing QR until linked; an order, its quote and the eSIMs as documents; groups, status and duplicates ignored', async () => {
    const wa = await wire([{ linked: false }]);
    try {
      await until(() => wa.adapter.pairingQr !== null, 'the pairing QR');
      wa.clients[0]!.emit('ready');
      await until(() => wa.adapter.isReady, 'ready');
      expect(wa.adapter.pairingQr).toBeNull();

      const client = wa.clients[0]!;
      const order = ContractClient.message(SOMCHAI, 'Japan 1GB 7 days x 2 please', 'M1');
      client.emit('message', order);
      client.emit('message', order); // WhatsApp Web delivers the same event twice at times
      client.emit('message', ContractClient.message('120363025246125244@g.us', 'Japan 1GB 7 days x 50', 'G1', { author: SOMCHAI }));
      client.emit('message', ContractClient.message('status@broadcast', 'new deals!', 'S1'));
      client.emit('message', ContractClient.message(SOMCHAI, 'our own echo', 'E1', { fromMe: true }));
      await until(() => client.sent.some((s) => /Quote Q-\d+/.test(String(s.content))), 'the quote');
      client.emit('message', ContractClient.message(SOMCHAI, 'yes', 'M2'));
      await until(() => client.sent.filter((s) => s.content instanceof MessageMedia).length === 2, 'two QR documents');

      expect(client.sent.every((s) => s.chatId === SOMCHAI)).toBe(true);
      expect(client.sent.filter((s) => /Quote Q-\d+/.test(String(s.content)))).toHaveLength(1);
      const documents = client.sent.filter((s) => s.content instanceof MessageMedia);
      for (const doc of documents) {
        expect(doc.options?.sendMediaAsDocument).toBe(true);
        const media = doc.content as MessageMedia;
        expect(media.mimetype).toBe('image/png');
        expect(decodeQr(Buffer.from(media.data, 'base64'))).toMatch(/^LPA:1\$[^$]+\$TEST-/);
      }
      await bot.idle();
      expect(await db.prisma.message.count({ where: { channel: 'whatsapp', direction: 'inbound' } })).toBe(2);
      expect(await auditLedger(db.pool)).toEqual([]);
    } finally {
      await wa.stop();
    }
  }, 30_000);

  test('a purchase order as an XLSX document is quoted; a PDF one goes to a person', async () => {
    const wa = await wire([{ linked: true }]);
    const maria = '34612345603@c.us'; // B2B-003
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('PO');
    sheet.addRow(['Producto', 'Cantidad']);
    sheet.addRow(['Japan 1GB 7 days', 40]);
    const xlsx = Buffer.from(await workbook.xlsx.writeBuffer()).toString('base64');
    const document = (id: string, mimetype: string, filename: string, data: string) =>
      ContractClient.message(maria, filename, id, { type: 'document' as never, hasMedia: true, downloadMedia: async () => new MessageMedia(mimetype, data, filename) });
    try {
      await until(() => wa.adapter.isReady, 'ready');
      const client = wa.clients[0]!;
      client.emit('message', document('D1', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'pedido.xlsx', xlsx));
      await until(() => client.sent.some((s) => s.chatId === maria && /Q-\d+/.test(String(s.content))), 'the quote of the XLSX order');
      const [quote] = await db.prisma.quote.findMany({ where: { customerId: 'B2B-003' }, include: { lines: true } });
      expect(quote!.lines.map((l) => [l.sku, l.quantity])).toEqual([['ESIM-JP-1GB-7D', 40]]);

      client.emit('message', document('D2', 'application/pdf', 'pedido.pdf', Buffer.from('%PDF-1.4 ...').toString('base64')));
      await until(async () => (await db.prisma.handoffTicket.count({ where: { customerId: 'B2B-003', reason: 'unsure_parse' } })) === 1, 'a ticket for the PDF');
      await until(() => client.sent.filter((s) => s.chatId === maria).length >= 2, 'the answer to the PDF');
    } finally {
      await wa.stop();
    }
  }, 30_000);

  test('a dropped session reconnects and sends what was queued meanwhile; a LOGOUT alerts staff and keeps replies queued', async () => {
    const wa = await wire([{ linked: true }]);
    const sql = poolSql(db.pool);
    const [conversation] = await sql.query<{ id: number }>(`SELECT id FROM conversations WHERE conversation_key = 'whatsapp:+66812345601'`);
    const ref = { id: conversation!.id, channel: 'whatsapp' as const, conversationKey: 'whatsapp:+66812345601' };
    try {
      await until(() => wa.adapter.isReady, 'ready');
      wa.clients[0]!.emit('disconnected', 'NAVIGATION');
      await enqueueReply(sql, ref, 'test:while-down', 'sent after the reconnect');
      wa.outbox.wake();
      await until(() => wa.clients.length === 2 && wa.adapter.isReady, 'a new session');
      expect(wa.clients[0]!.destroyed).toBe(true);
      await until(() => wa.clients[1]!.sent.some((s) => s.content === 'sent after the reconnect'), 'the queued reply');

      wa.clients[1]!.emit('disconnected', 'LOGOUT');
      await enqueueReply(sql, ref, 'test:logged-out', 'waits for the relink');
      wa.outbox.wake();
      await until(() => wa.alerts.some((a) => /logged this session out/.test(a)), 'the LOGOUT alert');
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(wa.clients).toHaveLength(2); // no reconnect after a LOGOUT
      const [row] = await sql.query<{ status: string; attempts: number }>(`SELECT status::text AS status, attempts FROM outbox_messages WHERE idempotency_key = 'test:logged-out'`);
      expect(row).toEqual({ status: 'pending', attempts: 0 });
    } finally {
      await wa.stop();
    }
  }, 30_000);

  test('the watchdog reports a session that never gets ready, and one that stops answering', async () => {
    const stalled = await wire([{ linked: true, becomesReady: false }, { linked: true }], { stallMs: 150 });
    try {
      await until(() => stalled.alerts.some((a) => /not become ready/.test(a)), 'the stall alert');
      await until(() => stalled.adapter.isReady, 'the restarted session');
      stalled.clients[1]!.state = 'hang';
      await until(() => stalled.alerts.some((a) => /stopped answering/.test(a)), 'the hang alert');
      await until(() => stalled.clients.length === 3 && stalled.adapter.isReady, 'another restart');
    } finally {
      await stalled.stop();
    }
  }, 30_000);

  test('a client that cannot start is retried with growing waits, and staff hear of it once', async () => {
    const failing = await wire([{ linked: true, failsToStart: true }]);
    try {
      await until(() => failing.clients.length >= 4, 'four start attempts', 5_000); // waits 20, 40, 80 ms (reconnectMs 20)
      expect(failing.alerts.filter((a) => /cannot start/.test(a))).toHaveLength(1);
      expect(failing.adapter.isReady).toBe(false);
    } finally {
      await failing.stop();
    }
  }, 15_000);
});
