import ExcelJS from 'exceljs';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startApp, type RunningApp } from '../../bot/app';
import { loadConfig } from '../../bot/config';
import { poolSql } from '../../bot/db/sql';
import { enqueueReply } from '../../bot/store/outbox';
import { pruneCloudEvents } from '../../bot/store/whatsapp-cloud-events';
import { auditLedger } from '../support/ledger-auditor';
import { buttonReply, document, messagesBody, PHONE_NUMBER_ID, reaction, signature, statusBody, text } from '../support/cloud-webhook-payloads';
import { Dovecot } from '../support/dovecot';
import { GraphApiServer } from '../support/graph-api-server';
import { decodeQr } from '../support/qr';
import { SmtpInbox } from '../support/smtp-inbox';
import { until } from '../support/until';

// The Cloud API adapter in the running app (embedded PGlite, the app's own HTTP server), against a
// local server speaking the Graph API and webhook bodies shaped as Meta documents them.

const SECRET = 'app-secret-0d1e5b7c';
const VERIFY = 'verify-token-7f3a';
const TOKEN = 'EAAGm0PX4ZCpsBAKZB-test-token';
const SOMCHAI = '66812345601'; // B2B-002, postpaid, no email on file
const MARIA = '34612345603'; // B2B-003, email compras@viajesconecta.es
const NGUYEN = '84912345604'; // B2B-004
const PAOLO = '639171234608'; // B2B-008

describe('WhatsApp through the Cloud API: webhook in, Graph API out', () => {
  let graph: GraphApiServer;
  let smtp: SmtpInbox;
  let dovecot: Dovecot;
  let app: RunningApp;
  let dir: string;

  beforeAll(async () => {
    [graph, smtp, dovecot] = await Promise.all([GraphApiServer.start({ token: TOKEN, phoneNumberId: PHONE_NUMBER_ID }), SmtpInbox.start(), Dovecot.start()]);
    dir = mkdtempSync(path.join(os.tmpdir(), 'esimhub-cloud-'));
    app = await startApp(
      loadConfig({
        DATA_DIR: dir,
        PORT: '0',
        DEMO_MODE: '0',
        LOG_LEVEL: 'error',
        WHATSAPP_CLOUD_ACCESS_TOKEN: TOKEN,
        WHATSAPP_CLOUD_PHONE_NUMBER_ID: PHONE_NUMBER_ID,
        WHATSAPP_CLOUD_APP_SECRET: SECRET,
        WHATSAPP_CLOUD_VERIFY_TOKEN: VERIFY,
        WHATSAPP_CLOUD_GRAPH_URL: graph.url,
        WHATSAPP_CLOUD_TEMPLATE: 'order_update:en_US',
        IMAP_URL: dovecot.url,
        SMTP_URL: smtp.url,
        EMAIL_FROM: 'orders@esimhub.test',
        EMAIL_AUTHSERV_ID: 'mx.esimhub.test',
      }),
    );
  }, 60_000);

  afterAll(async () => {
    await app?.stop();
    await Promise.all([graph?.close(), smtp?.stop(), dovecot?.stop()]);
    rmSync(dir, { recursive: true, force: true });
  });

  const sql = () => poolSql(app.db.pool);

  async function deliver(body: unknown, sign: (raw: string) => string | undefined = (raw) => signature(raw, SECRET)): Promise<Response> {
    const raw = JSON.stringify(body);
    const header = sign(raw);
    return fetch(`${app.url}/whatsapp/webhook`, { method: 'POST', headers: { 'content-type': 'application/json', ...(header ? { 'x-hub-signature-256': header } : {}) }, body: raw });
  }

  const texts = (to: string) => graph.to(to).filter((s) => s.type === 'text').map((s) => (s.body.text as { body: string }).body);

  test('the subscription handshake echoes the challenge only for our verify token', async () => {
    const get = (query: string) => fetch(`${app.url}/whatsapp/webhook?${query}`);
    const ok = await get(`hub.mode=subscribe&hub.verify_token=${VERIFY}&hub.challenge=1158201444`);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('1158201444');
    expect((await get('hub.mode=subscribe&hub.verify_token=guess&hub.challenge=1158201444')).status).toBe(403);
    expect((await get(`hub.mode=unsubscribe&hub.verify_token=${VERIFY}&hub.challenge=1`)).status).toBe(403);
    expect((await get('')).status).toBe(403);
  });

  test('a signed order is quoted, confirmed by a button reply, and its eSIMs arrive as QR images; the ledger balances', async () => {
    const order = await deliver(messagesBody([text(SOMCHAI, 'wamid.IN-ORDER-1', 'Hi, Japan 1GB 7 days x 2 please')]));
    expect(order.status).toBe(200);
    await until(() => texts(SOMCHAI).find((t) => /Quote Q-\d+/.test(t)), 'the quote');
    const quote = graph.to(SOMCHAI).find((s) => s.type === 'text')!;
    expect(quote.body).toMatchObject({ messaging_product: 'whatsapp', recipient_type: 'individual', to: SOMCHAI, text: { preview_url: false } });

    expect((await deliver(messagesBody([buttonReply(SOMCHAI, 'wamid.IN-YES-1', 'Yes', quote.wamid)]))).status).toBe(200);
    const images = await until(() => { const sent = graph.to(SOMCHAI).filter((s) => s.type === 'image'); return sent.length === 2 ? sent : null; }, 'two QR images', 20_000);
    for (const sent of images) {
      const upload = graph.uploads.find((u) => u.id === (sent.body.image as { id: string }).id)!;
      expect(upload.mimeType).toBe('image/png');
      expect(decodeQr(upload.bytes)).toMatch(/^LPA:1\$[^$]+\$TEST-/);
    }
    const orders = await app.db.prisma.order.findMany({ where: { customerId: 'B2B-002' } });
    expect(orders).toHaveLength(1);
    expect(orders[0]!.status).toBe('delivered');
    expect(await auditLedger(app.db.pool)).toEqual([]);
  }, 40_000);

  test('a forged or missing signature is refused with 401 and nothing is stored', async () => {
    const before = await app.db.prisma.message.count();
    const events = await app.db.pool.query('SELECT count(*)::int AS n FROM whatsapp_cloud_events');
    const body = messagesBody([text(NGUYEN, 'wamid.FORGED-1', 'Japan 1GB 7 days x 500')]);
    expect((await deliver(body, (raw) => signature(raw, 'not-the-app-secret'))).status).toBe(401);
    expect((await deliver(body, () => undefined)).status).toBe(401);
    expect((await deliver(body, (raw) => signature(raw, SECRET).replace('sha256=', 'sha1='))).status).toBe(401);
    // Signed, then changed on the way: the signature no longer matches the bytes.
    const raw = JSON.stringify(body);
    const tampered = await fetch(`${app.url}/whatsapp/webhook`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature(raw, SECRET) }, body: raw.replace('x 500', 'x 5000') });
    expect(tampered.status).toBe(401);
    expect((await app.db.pool.query('SELECT count(*)::int AS n FROM whatsapp_cloud_events')).rows[0]).toEqual(events.rows[0]);
    expect(await app.db.prisma.message.count()).toBe(before);
  });

  test('a delivery Meta repeats, or the same message in another batch, is acted on once; reactions are not messages', async () => {
    const body = messagesBody([text(NGUYEN, 'wamid.IN-DUP-1', 'Thailand unlimited 10 days, 3 pcs')]);
    expect((await deliver(body)).status).toBe(200);
    expect((await deliver(body)).status).toBe(200);
    // The same message again, batched with a reaction (a different body, the same message id).
    expect((await deliver(messagesBody([reaction(NGUYEN, 'wamid.IN-REACT-1', 'wamid.HBgL000001'), text(NGUYEN, 'wamid.IN-DUP-1', 'Thailand unlimited 10 days, 3 pcs')]))).status).toBe(200);
    await until(() => texts(NGUYEN).find((t) => /Q-\d+/.test(t)), 'the quote');
    await until(async () => (await app.db.pool.query(`SELECT count(*)::int AS n FROM whatsapp_cloud_events WHERE processed_at IS NULL`)).rows[0].n === 0, 'every event worked');
    expect(await app.db.prisma.message.count({ where: { channel: 'whatsapp', direction: 'inbound', conversation: { conversationKey: `whatsapp:+${NGUYEN}` } } })).toBe(1);
    expect(await app.db.prisma.quote.count({ where: { customerId: 'B2B-004' } })).toBe(1);
    expect(texts(NGUYEN).filter((t) => /Q-\d+/.test(t))).toHaveLength(1);
  }, 30_000);

  test('messages Meta posts the other way round are answered in the order the reseller wrote them', async () => {
    const written = Date.now() - 5_000;
    // "cancel" written a second after the order, its post arriving 30 ms before the order's (two
    // posts Meta did not wait for each other on): the order is quoted first, then the quote cancelled.
    expect((await deliver(messagesBody([text(PAOLO, 'wamid.IN-LATE-2', 'cancel that please', written + 1_000)], 'Paolo Reyes'))).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect((await deliver(messagesBody([text(PAOLO, 'wamid.IN-LATE-1', 'Japan 1GB 7 days x 3', written)], 'Paolo Reyes'))).status).toBe(200);
    const [quote, cancelled] = await until(() => (texts(PAOLO).length >= 2 ? texts(PAOLO) : null), 'two answers');
    const ref = /Quote (Q-\d{6})/.exec(quote!)?.[1];
    expect(ref).toBeDefined();
    expect(cancelled).toBe(`Quote ${ref} is cancelled. Nothing was charged.`);
    // One delivery holding both, the later first: taken in by the time written as well.
    expect((await deliver(messagesBody([text(PAOLO, 'wamid.IN-LATE-4', 'cancel', written + 3_000), text(PAOLO, 'wamid.IN-LATE-3', 'Korea 3GB 15 days x 2', written + 2_000)], 'Paolo Reyes'))).status).toBe(200);
    const [, , quote2, cancelled2] = await until(() => (texts(PAOLO).length >= 4 ? texts(PAOLO) : null), 'four answers');
    expect(cancelled2).toBe(`Quote ${/Quote (Q-\d{6})/.exec(quote2!)?.[1]} is cancelled. Nothing was charged.`);
    // Meta's clock a second ahead of ours: the "cancel" stamped in our future still comes after the order.
    const now = Date.now();
    expect((await deliver(messagesBody([text(PAOLO, 'wamid.IN-LATE-6', 'cancel that', now + 1_000)], 'Paolo Reyes'))).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect((await deliver(messagesBody([text(PAOLO, 'wamid.IN-LATE-5', 'Japan 1GB 7 days x 5', now)], 'Paolo Reyes'))).status).toBe(200);
    const [, , , , quote3, cancelled3] = await until(() => (texts(PAOLO).length >= 6 ? texts(PAOLO) : null), 'six answers');
    expect(cancelled3).toBe(`Quote ${/Quote (Q-\d{6})/.exec(quote3!)?.[1]} is cancelled. Nothing was charged.`);
    expect(await app.db.prisma.quote.count({ where: { customerId: 'B2B-008', status: 'open' } })).toBe(0);
  }, 30_000);

  test('a timestamp Meta would never send (year 2099, or 1970) neither reorders the reseller\'s messages nor closes their 24-hour window', async () => {
    const before = texts(PAOLO).length;
    expect((await deliver(messagesBody([text(PAOLO, 'wamid.IN-FUTURE-1', 'Korea 3GB 15 days x 4', Date.UTC(2099, 11, 31))], 'Paolo Reyes'))).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect((await deliver(messagesBody([text(PAOLO, 'wamid.IN-FUTURE-2', 'cancel that')], 'Paolo Reyes'))).status).toBe(200);
    const [quote, cancelled] = await until(() => (texts(PAOLO).length >= before + 2 ? texts(PAOLO).slice(before) : null), 'two answers');
    expect(cancelled).toBe(`Quote ${/Quote (Q-\d{6})/.exec(quote!)?.[1]} is cancelled. Nothing was charged.`);
    // A message stamped 1970 is answered as the rest: in the window the reseller's other messages opened, as text, not as the template.
    const sends = graph.to(PAOLO).length;
    expect((await deliver(messagesBody([text(PAOLO, 'wamid.IN-EPOCH-1', 'what is my balance?', 0)], 'Paolo Reyes'))).status).toBe(200);
    const [answer] = await until(() => (graph.to(PAOLO).length > sends ? graph.to(PAOLO).slice(sends) : null), 'the answer');
    expect(answer!.type).toBe('text');
  }, 30_000);

  test('a purchase order sent as an XLSX document is downloaded through the media endpoint and quoted', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('PO');
    sheet.addRow(['SKU', 'Description', 'Qty']);
    sheet.addRow(['ESIM-JP-1GB-7D', 'Japan 1GB 7 days', 40]);
    sheet.addRow(['ESIM-KR-3GB-15D', 'Korea 3GB 15 days', 15]);
    graph.media.set('1482716253459877', { bytes: Buffer.from(await workbook.xlsx.writeBuffer()), mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
    const body = messagesBody([document(MARIA, 'wamid.IN-PO-1', '1482716253459877', 'Pedido PO-2026-0412.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'Buenos días, adjunto pedido')], 'María López');
    expect((await deliver(body)).status).toBe(200);
    await until(() => texts(MARIA).find((t) => /Q-\d+/.test(t)), 'the quote of the XLSX order');
    const [quote] = await app.db.prisma.quote.findMany({ where: { customerId: 'B2B-003' }, include: { lines: { orderBy: { id: 'asc' } } } });
    expect(quote!.lines.map((l) => [l.sku, l.quantity])).toEqual([['ESIM-JP-1GB-7D', 40], ['ESIM-KR-3GB-15D', 15]]);
    expect(graph.calls.some((c) => c.path === '/media-download/1482716253459877')).toBe(true);
  }, 30_000);

  test('delivered and read move a reply on (never back); failed sends it to the reseller\'s email', async () => {
    // María's quote from the previous test is on its way; its wamid is what Meta reports on.
    const quote = graph.to(MARIA).find((s) => s.type === 'text' && /Q-\d+/.test((s.body.text as { body: string }).body))!;
    const row = async () => (await app.db.pool.query(`SELECT o.idempotency_key, o.status, o.delivery_status FROM outbox_messages o JOIN outbox_message_parts p ON p.idempotency_key = o.idempotency_key WHERE p.external_id = $1`, [quote.wamid])).rows[0];
    await until(async () => (await row())?.status === 'sent', 'the quote recorded as sent');
    await deliver(statusBody(quote.wamid, 'read', MARIA));
    await deliver(statusBody(quote.wamid, 'delivered', MARIA)); // arrives late: not a step back
    await until(async () => (await row())?.delivery_status === 'read', 'read');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await row()).delivery_status).toBe('read');

    // A later reply that WhatsApp reports it could not deliver goes by email.
    await deliver(messagesBody([text(MARIA, 'wamid.IN-STATUS-1', '¿cuál es mi saldo?')], 'María López'));
    const answer = await until(() => graph.to(MARIA).filter((s) => s.type === 'text')[1], 'the balance answer');
    expect((await deliver(statusBody(answer.wamid, 'failed', MARIA, { code: 131026, title: 'Message undeliverable', details: 'Message Undeliverable.' }))).status).toBe(200);
    const mail = await smtp.waitFor((m) => !Array.isArray(m.to) && m.to?.value[0]?.address === 'compras@viajesconecta.es');
    expect(mail.text).toContain((answer.body.text as { body: string }).body.split('\n')[0]);
    const failed = (await app.db.pool.query(`SELECT o.delivery_status, o.last_error FROM outbox_messages o JOIN outbox_message_parts p ON p.idempotency_key = o.idempotency_key WHERE p.external_id = $1`, [answer.wamid])).rows[0];
    expect(failed.delivery_status).toBe('failed');
    expect(failed.last_error).toMatch(/131026 Message undeliverable.*sent by email to compras@viajesconecta\.es/);
    // Meta repeats the failure: still one email.
    await deliver(statusBody(answer.wamid, 'failed', MARIA, { code: 131026, title: 'Message undeliverable' }));
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(smtp.mails.filter((m) => !Array.isArray(m.to) && m.to?.value[0]?.address === 'compras@viajesconecta.es')).toHaveLength(1);
  }, 40_000);

  test('outside the 24-hour window the configured template carries the reply', async () => {
    const [conversation] = await app.db.prisma.conversation.findMany({ where: { conversationKey: `whatsapp:+${NGUYEN}` } });
    await app.db.pool.query(`UPDATE messages SET received_at = now() - interval '26 hours' WHERE conversation_id = $1 AND direction = 'inbound'`, [conversation!.id]);
    await enqueueReply(sql(), { id: conversation!.id, channel: 'whatsapp', conversationKey: `whatsapp:+${NGUYEN}` }, 'test:low-balance:1', 'Your prepaid balance is low: USD 120.00 left.\nTop up to keep ordering.');
    const sent = await until(() => graph.to(NGUYEN).find((s) => s.type === 'template'), 'the template');
    expect(sent.body.template).toEqual({ name: 'order_update', language: { code: 'en_US' }, components: [{ type: 'body', parameters: [{ type: 'text', text: 'Your prepaid balance is low: USD 120.00 left. · Top up to keep ordering.' }] }] });
    expect(graph.to(NGUYEN).filter((s) => s.type === 'text' && (s.body.text as { body: string }).body.includes('balance is low'))).toHaveLength(0);
  }, 20_000);

  test('Graph errors: a rate limit waits as told, a number not on WhatsApp goes to email, an expired token alerts staff and the reply waits', async () => {
    const [maria] = await app.db.prisma.conversation.findMany({ where: { conversationKey: `whatsapp:+${MARIA}` } });
    const to = { id: maria!.id, channel: 'whatsapp' as const, conversationKey: `whatsapp:+${MARIA}` };
    await app.db.pool.query(`UPDATE messages SET received_at = now() WHERE conversation_id = $1 AND direction = 'inbound'`, [maria!.id]);

    graph.failNext({ status: 400, code: 130429, message: '(#130429) Rate limit hit', retryAfterSeconds: 2 });
    const started = Date.now();
    await enqueueReply(sql(), to, 'test:rate-limit:1', 'Your invoice INV-2026-0113 is attached.');
    await until(() => texts(MARIA).find((t) => t.includes('INV-2026-0113')), 'sent after the wait', 15_000);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_900);

    graph.failNext({ status: 400, code: 131026, message: 'Message undeliverable' });
    await enqueueReply(sql(), to, 'test:unreachable:1', 'Statement for November: USD 1,240.00 due.');
    await smtp.waitFor((m) => (m.text ?? '').includes('Statement for November'));
    expect(texts(MARIA).some((t) => t.includes('Statement for November'))).toBe(false);

    graph.token = 'EAAG-rotated';
    await enqueueReply(sql(), to, 'test:token:1', 'Your order ORD-000042 is on its way.');
    await until(async () => (await app.db.pool.query(`SELECT last_error FROM outbox_messages WHERE idempotency_key = 'test:token:1'`)).rows[0]?.last_error, 'the refused attempt');
    const row = (await app.db.pool.query(`SELECT status, attempts, last_error FROM outbox_messages WHERE idempotency_key = 'test:token:1'`)).rows[0];
    expect(row.status).toBe('pending');
    expect(row.last_error).toMatch(/access token.*WHATSAPP_CLOUD_ACCESS_TOKEN/);
    const staff = await fetch(`${app.url}/healthz`);
    expect(staff.status).toBe(200);
    graph.token = TOKEN;
    await app.db.pool.query(`UPDATE outbox_messages SET next_attempt_at = now() WHERE idempotency_key = 'test:token:1'`);
    await until(() => texts(MARIA).find((t) => t.includes('ORD-000042')), 'sent once the token works');
  }, 40_000);

  test('worked deliveries are kept a month, then pruned; unworked ones never', async () => {
    await app.db.pool.query(`INSERT INTO whatsapp_cloud_events (body_sha256, body, received_at, lease_until) VALUES ('unworked-old', '{}', now() - interval '40 days', now() + interval '1 hour')`);
    await app.db.pool.query(`UPDATE whatsapp_cloud_events SET received_at = now() - interval '40 days' WHERE processed_at IS NOT NULL AND id = (SELECT min(id) FROM whatsapp_cloud_events)`);
    const count = async () => (await app.db.pool.query('SELECT count(*)::int AS n FROM whatsapp_cloud_events')).rows[0].n as number;
    const before = await count();
    expect(await pruneCloudEvents(sql(), new Date(Date.now() - 30 * 86_400_000))).toBe(1);
    expect(await count()).toBe(before - 1);
    expect((await app.db.pool.query(`SELECT count(*)::int AS n FROM whatsapp_cloud_events WHERE body_sha256 = 'unworked-old'`)).rows[0].n).toBe(1);
    await app.db.pool.query(`DELETE FROM whatsapp_cloud_events WHERE body_sha256 = 'unworked-old'`);
  });
});
