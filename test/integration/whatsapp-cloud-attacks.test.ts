import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import os from 'node:os';
import path from 'node:path';
import { startApp, type RunningApp } from '../../bot/app';
import { loadConfig } from '../../bot/config';
import { poolSql } from '../../bot/db/sql';
import { enqueueReply } from '../../bot/store/outbox';
import { InvalidMessageError } from '../../channels/errors';
import type { OutboundMessage } from '../../channels/port';
import { defaultPacing, WhatsAppCloudAdapter, type CloudStores } from '../../channels/whatsapp-cloud/adapter';
import { GraphApi, GraphApiError } from '../../channels/whatsapp-cloud/graph-api';
import { document, envelope, messagesBody, PHONE_NUMBER_ID, signature, statusBody, text } from '../support/cloud-webhook-payloads';
import { Dovecot } from '../support/dovecot';
import { GraphApiServer } from '../support/graph-api-server';
import { SmtpInbox } from '../support/smtp-inbox';
import { until } from '../support/until';

// Issue 18, attacked: the Cloud API webhook and adapter against hostile, malformed and replayed
// input, an operator's mistakes, and Graph failing half-way through a reply.

const SECRET = 'app-secret-attack-5e1f';
const VERIFY = 'verify-token-attack-91c2';
const TOKEN = 'EAAG-attack-test-token';
const SOMCHAI = '66812345601'; // B2B-002, no email on file
const MARIA = '34612345603'; // B2B-003, compras@viajesconecta.es
const NGUYEN = '84912345604'; // B2B-004

const silentLog = { info: () => undefined, warn: () => undefined, error: () => undefined, debug: () => undefined };

describe('the Cloud API webhook, attacked through the running app', () => {
  let graph: GraphApiServer;
  let smtp: SmtpInbox;
  let dovecot: Dovecot;
  let app: RunningApp;
  let dir: string;

  beforeAll(async () => {
    [graph, smtp, dovecot] = await Promise.all([GraphApiServer.start({ token: TOKEN, phoneNumberId: PHONE_NUMBER_ID }), SmtpInbox.start(), Dovecot.start()]);
    dir = mkdtempSync(path.join(os.tmpdir(), 'esimhub-cloud-attack-'));
    app = await startApp(
      loadConfig({
        DATA_DIR: dir, PORT: '0', DEMO_MODE: '0', LOG_LEVEL: 'error',
        WHATSAPP_CLOUD_ACCESS_TOKEN: TOKEN, WHATSAPP_CLOUD_PHONE_NUMBER_ID: PHONE_NUMBER_ID, WHATSAPP_CLOUD_APP_SECRET: SECRET,
        WHATSAPP_CLOUD_VERIFY_TOKEN: VERIFY, WHATSAPP_CLOUD_GRAPH_URL: graph.url, WHATSAPP_CLOUD_TEMPLATE: 'order_update:en_US',
        IMAP_URL: dovecot.url, SMTP_URL: smtp.url, EMAIL_FROM: 'orders@esimhub.test', EMAIL_AUTHSERV_ID: 'mx.esimhub.test',
      }),
    );
  }, 60_000);

  afterAll(async () => {
    await app?.stop();
    await Promise.all([graph?.close(), smtp?.stop(), dovecot?.stop()]);
    rmSync(dir, { recursive: true, force: true });
  });

  const post = (raw: string | Buffer, headers: Record<string, string>) => fetch(`${app.url}/whatsapp/webhook`, { method: 'POST', headers, body: raw });
  const signed = (raw: string | Buffer, extra: Record<string, string> = { 'content-type': 'application/json' }) => post(raw, { ...extra, 'x-hub-signature-256': signature(raw, SECRET) });
  const deliver = (body: unknown) => signed(JSON.stringify(body));
  const eventCount = async () => (await app.db.pool.query('SELECT count(*)::int AS n FROM whatsapp_cloud_events')).rows[0].n as number;
  const inboundFrom = async (number: string) => (await app.db.pool.query(`SELECT m.text, m.channel_message_id AS external_id FROM messages m JOIN conversations c ON c.id = m.conversation_id WHERE c.conversation_key = $1 AND m.direction = 'inbound' ORDER BY m.id`, [`whatsapp:+${number}`])).rows as { text: string; external_id: string }[];
  const texts = (to: string) => graph.to(to).filter((s) => s.type === 'text').map((s) => (s.body.text as { body: string }).body);
  // Worked: finished, or only statuses left that wait for their sends to be recorded (up to 10 minutes, by design).
  const allWorked = () => until(async () => (await app.db.pool.query(`SELECT count(*)::int AS n FROM whatsapp_cloud_events WHERE processed_at IS NULL AND (last_error IS NULL OR last_error NOT LIKE '%statuses for sends not recorded%')`)).rows[0].n === 0, 'every stored event worked', 20_000);

  describe('refusals are specific', () => {
    test('unsigned, wrongly signed, sha1, or several signature headers: 401 and nothing stored; uppercase hex and spaces around it pass', async () => {
      const before = await eventCount();
      const raw = JSON.stringify(messagesBody([text(NGUYEN, 'wamid.SIG-1', 'hi')]));
      expect((await post(raw, { 'content-type': 'application/json' })).status).toBe(401);
      const wrong = await post(raw, { 'content-type': 'application/json', 'x-hub-signature-256': signature(raw, 'guess') });
      expect(wrong.status).toBe(401);
      expect(await wrong.json()).toEqual({ error: 'invalid signature' });
      // Two headers (Node joins them with ", "): refused, even when one is right.
      const both = new Headers({ 'content-type': 'application/json' });
      both.append('x-hub-signature-256', signature(raw, SECRET));
      both.append('x-hub-signature-256', signature(raw, 'guess'));
      expect((await fetch(`${app.url}/whatsapp/webhook`, { method: 'POST', headers: both, body: raw })).status).toBe(401);
      expect(await eventCount()).toBe(before);
      const upper = `sha256=${signature(raw, SECRET).slice(7).toUpperCase()}`;
      expect((await post(raw, { 'content-type': 'application/json', 'X-Hub-Signature-256': `  ${upper} ` })).status).toBe(200);
    });

    test('an empty signed body is 400 "not JSON"; an empty unsigned one 401', async () => {
      const empty = await signed('');
      expect(empty.status).toBe(400);
      expect(await empty.json()).toEqual({ error: 'body: not JSON' });
      expect((await post('', { 'content-type': 'application/json' })).status).toBe(401);
    });

    test('content types: text/plain and multipart are read as the signed bytes; gzip bytes are 400 not JSON, not a crash', async () => {
      const raw = JSON.stringify(messagesBody([text(NGUYEN, 'wamid.CT-1', 'hello from text/plain')]));
      expect((await signed(raw, { 'content-type': 'text/plain' })).status).toBe(200);
      expect((await signed(raw, { 'content-type': 'multipart/form-data; boundary=x' })).status).toBe(200);
      const zipped = gzipSync(Buffer.from(JSON.stringify(messagesBody([text(NGUYEN, 'wamid.CT-2', 'gz')])))) ;
      const gz = await signed(zipped, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
      expect([400, 415]).toContain(gz.status);
      expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
    });

    test('no content type at all: the signed body is still read (Meta always sends one; refusing would be specific)', async () => {
      const raw = JSON.stringify(messagesBody([text(NGUYEN, 'wamid.CT-3', 'no content type')]));
      // fetch adds text/plain for a string body; a Buffer body has no content type.
      const response = await post(Buffer.from(raw), { 'x-hub-signature-256': signature(raw, SECRET) });
      expect([200, 415]).toContain(response.status);
    });

    test('over 3 MiB (what Meta documents as the most) is 413 with a reason, and the process lives', async () => {
      const raw = JSON.stringify(messagesBody([text(NGUYEN, 'wamid.BIG-0', 'x'.repeat(3_200_000))]));
      const response = await signed(raw);
      expect(response.status).toBe(413);
      expect(await response.json()).toEqual({ error: 'body: larger than this server accepts' });
      expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
    });

    test('a 1.5 MB delivery is within what Meta documents ("Webhooks payloads can be up to 3MB") and is taken', async () => {
      const statuses = Array.from({ length: 4_000 }, (_, i) => ({ id: `wamid.BULK${String(i).padStart(40, '0')}`, status: 'delivered', timestamp: '1764000000', recipient_id: '34600000000', conversation: { id: 'c'.repeat(32), origin: { type: 'utility' } }, pricing: { billable: true, pricing_model: 'PMP', category: 'utility' } }));
      const raw = JSON.stringify(envelope({ statuses }));
      expect(raw.length).toBeGreaterThan(1_048_576);
      expect(raw.length).toBeLessThan(3_000_000);
      expect((await signed(raw)).status).toBe(200);
    });

    test('handshake: duplicate, missing or over-long parameters are 403; the challenge is echoed as text/plain', async () => {
      const get = (query: string) => fetch(`${app.url}/whatsapp/webhook?${query}`);
      expect((await get(`hub.mode=subscribe&hub.verify_token=${VERIFY}&hub.verify_token=${VERIFY}&hub.challenge=1`)).status).toBe(403);
      expect((await get(`hub.mode=subscribe&hub.mode=subscribe&hub.verify_token=${VERIFY}&hub.challenge=1`)).status).toBe(403);
      expect((await get(`hub.mode=subscribe&hub.verify_token=${VERIFY}&hub.challenge=1&hub.challenge=2`)).status).toBe(403);
      expect((await get(`hub.mode=subscribe&hub.verify_token=${VERIFY}`)).status).toBe(403);
      expect((await get(`hub.mode=subscribe&hub.verify_token=${VERIFY}&hub.challenge=${'9'.repeat(300)}`)).status).toBe(403);
      expect((await get(`hub.mode=subscribe&hub.verify_token=${VERIFY.slice(0, -1)}&hub.challenge=1`)).status).toBe(403);
      expect((await get(`hub.mode=subscribe&hub.verify_token=${VERIFY}x&hub.challenge=1`)).status).toBe(403);
      const ok = await get(`hub.mode=subscribe&hub.verify_token=${VERIFY}&hub.challenge=%3Cscript%3E`);
      expect(ok.status).toBe(200);
      expect(ok.headers.get('content-type')).toMatch(/^text\/plain/);
    });
  });

  describe('hostile but validly signed bodies', () => {
    test('replayed 30 times: stored once, taken in once', async () => {
      const before = await eventCount();
      const body = messagesBody([text(NGUYEN, 'wamid.REPLAY-1', 'replay me')]);
      const answers = await Promise.all(Array.from({ length: 30 }, () => deliver(body)));
      expect(answers.every((a) => a.status === 200)).toBe(true);
      expect(await eventCount()).toBe(before + 1);
      await allWorked();
      expect((await inboundFrom(NGUYEN)).filter((m) => m.external_id === 'wamid.REPLAY-1')).toHaveLength(1);
    });

    test('another phone number id, a from with + or letters, a 10 KB message id: nothing taken in, nothing stuck', async () => {
      const before = (await app.db.pool.query(`SELECT count(*)::int AS n FROM messages WHERE direction = 'inbound'`)).rows[0].n;
      expect((await deliver(messagesBody([text(NGUYEN, 'wamid.OTHER-NUMBER', 'not for this bot')], 'x', '999999999999'))).status).toBe(200);
      expect((await deliver(envelope({ messages: [{ ...text(NGUYEN, 'wamid.PLUS', 'plus'), from: `+${NGUYEN}` }, { ...text(NGUYEN, 'wamid.LETTERS', 'letters'), from: '84912abc604' }, text(NGUYEN, 'x'.repeat(10_000), 'long id')] }))).status).toBe(200);
      expect((await deliver(statusBody('y'.repeat(10_000), 'failed', MARIA, { code: 131026, title: 'x' }))).status).toBe(200);
      await allWorked();
      expect((await app.db.pool.query(`SELECT count(*)::int AS n FROM messages WHERE direction = 'inbound'`)).rows[0].n).toBe(before);
    });

    test('a 100 KB text, RTL and emoji, numbers as strings: taken in and answered, the process lives', async () => {
      expect((await deliver(messagesBody([{ ...text(SOMCHAI, 'wamid.HUGE-TEXT', 'Japan 1GB '.repeat(10_000)), timestamp: 1764000000 }]))).status).toBe(200);
      expect((await deliver(messagesBody([text(SOMCHAI, 'wamid.RTL', '\u202Eמה המחיר? 🇯🇵🇯🇵 يابان')]))).status).toBe(200);
      await until(async () => (await inboundFrom(SOMCHAI)).some((m) => m.external_id === 'wamid.RTL'), 'the RTL message taken in');
      expect((await inboundFrom(SOMCHAI)).some((m) => m.external_id === 'wamid.HUGE-TEXT')).toBe(true);
      expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
    });

    test('deeply nested JSON (signed) is refused with a 400 or stored, never a 500', async () => {
      const raw = `{"object":"whatsapp_business_account","entry":[],"x":${'['.repeat(50_000)}${']'.repeat(50_000)}}`;
      const response = await signed(raw);
      expect(response.status).not.toBe(500);
      expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
    });

    test('a text with a NUL character (any WhatsApp user can send one) is stored (as the raw body, not jsonb) and taken in', async () => {
      const response = await deliver(messagesBody([text(MARIA, 'wamid.NUL-1', 'Japan 1GB\u0000 x 2')]));
      expect(response.status).toBe(200);
      await until(async () => (await inboundFrom(MARIA)).some((m) => m.external_id === 'wamid.NUL-1'), 'the NUL message taken in');
    });

    test('a lone surrogate in a text is stored too', async () => {
      const raw = JSON.stringify(messagesBody([text(MARIA, 'wamid.SURROGATE-1', 'half an emoji \ud83d here')]));
      expect((await signed(raw)).status).toBe(200);
    });

    test('a message with an out-of-range timestamp is skipped alone: the good message batched after it is taken in', async () => {
      const body = messagesBody([{ ...text(NGUYEN, 'wamid.BAD-TS', 'bad clock'), timestamp: '1e20' }, text(NGUYEN, 'wamid.GOOD-AFTER-BAD-TS', 'Korea 3GB 15 days x 4')]);
      expect((await deliver(body)).status).toBe(200);
      await until(async () => (await inboundFrom(NGUYEN)).some((m) => m.external_id === 'wamid.GOOD-AFTER-BAD-TS'), 'the good message of the batch taken in', 8_000);
    }, 15_000);
  });

  describe('statuses', () => {
    let mariaWamid: string;

    beforeAll(async () => {
      expect((await deliver(messagesBody([text(MARIA, 'wamid.M-BAL-1', '¿cuál es mi saldo?')], 'María López'))).status).toBe(200);
      mariaWamid = (await until(() => graph.to(MARIA).find((s) => s.type === 'text' && /^Su saldo prepago/.test((s.body.text as { body: string }).body)), 'the answer to María\'s question', 20_000)).wamid;
      await until(async () => (await app.db.pool.query(`SELECT 1 FROM outbox_message_parts WHERE external_id = $1`, [mariaWamid])).rows.length, 'the answer recorded');
    }, 30_000);

    const fallbackRows = async () => (await app.db.pool.query(`SELECT count(*)::int AS n FROM outbox_messages WHERE idempotency_key LIKE '%:email-fallback'`)).rows[0].n as number;

    test('without the app secret a failed status for another reseller\'s message is 401 and queues no email', async () => {
      const before = await fallbackRows();
      const raw = JSON.stringify(statusBody(mariaWamid, 'failed', MARIA, { code: 131026, title: 'Message undeliverable' }));
      expect((await post(raw, { 'content-type': 'application/json', 'x-hub-signature-256': signature(raw, 'not-the-secret') })).status).toBe(401);
      expect((await post(raw, { 'content-type': 'application/json' })).status).toBe(401);
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(await fallbackRows()).toBe(before);
      expect((await app.db.pool.query(`SELECT delivery_status FROM outbox_messages o JOIN outbox_message_parts p ON p.idempotency_key = o.idempotency_key WHERE p.external_id = $1`, [mariaWamid])).rows[0].delivery_status).not.toBe('failed');
    });

    test('a flood of statuses for wamids never sent moves nothing, sends nothing, and holds up no other delivery', async () => {
      const sentBefore = graph.sent.length;
      const mailsBefore = smtp.mails.length;
      const statuses = Array.from({ length: 2_000 }, (_, i) => ({ id: `wamid.NEVER-SENT-${i}`, status: i % 2 ? 'failed' : 'read', timestamp: '1764000000', recipient_id: MARIA, errors: [{ code: 131026, title: 'x' }] }));
      expect((await deliver(envelope({ statuses }))).status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      expect(graph.sent.length).toBe(sentBefore);
      expect(smtp.mails.length).toBe(mailsBefore);
      expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
      // Meanwhile a reseller writes: how long until the message is taken in?
      const started = Date.now();
      expect((await deliver(messagesBody([text(NGUYEN, 'wamid.DURING-FLOOD', 'Japan 1GB 7 days x 1')]))).status).toBe(200);
      await until(async () => (await inboundFrom(NGUYEN)).some((m) => m.external_id === 'wamid.DURING-FLOOD'), 'the message during the flood', 60_000);
      const flood = (await app.db.pool.query(`SELECT attempts, processed_at, last_error FROM whatsapp_cloud_events WHERE body LIKE '%NEVER-SENT-1999%'`)).rows[0];
      expect(flood?.processed_at ?? null).toBeNull(); // still waiting for sends that never come, apart from the rest
      expect(Date.now() - started).toBeLessThan(3_000);
    }, 70_000);

    test('a failed status whose recipient_id is not the reseller the message went to is not applied', async () => {
      const before = await fallbackRows();
      expect((await deliver(statusBody(mariaWamid, 'failed', SOMCHAI, { code: 131026, title: 'Message undeliverable' }))).status).toBe(200);
      const id = (await app.db.pool.query('SELECT max(id)::int AS id FROM whatsapp_cloud_events')).rows[0].id;
      await until(async () => (await app.db.pool.query('SELECT processed_at FROM whatsapp_cloud_events WHERE id = $1', [id])).rows[0].processed_at, 'the status worked', 30_000);
      expect(await fallbackRows()).toBe(before);
    }, 40_000);
  });

  describe('media', () => {
    test('a document whose download fails once is still taken in before the text the reseller wrote next', async () => {
      // The media id is unknown to Graph at first (a transient failure), then appears.
      const po = document(NGUYEN, 'wamid.ORDER-DOC', '7700001', 'PO-77.csv', 'text/csv', 'our PO');
      expect((await deliver(messagesBody([po]))).status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect((await deliver(messagesBody([text(NGUYEN, 'wamid.ORDER-AFTER-DOC', 'make it 20 of each')]))).status).toBe(200);
      graph.media.set('7700001', { bytes: Buffer.from('SKU,Qty\nESIM-JP-1GB-7D,10\n'), mimeType: 'text/csv' });
      await until(async () => (await inboundFrom(NGUYEN)).some((m) => m.external_id === 'wamid.ORDER-AFTER-DOC'), 'both taken in', 20_000);
      const order = (await inboundFrom(NGUYEN)).map((m) => m.external_id).filter((id) => id.startsWith('wamid.ORDER-'));
      expect(order).toEqual(['wamid.ORDER-DOC', 'wamid.ORDER-AFTER-DOC']);
    }, 30_000);
  });

  describe('sending through the real app', () => {
    async function conversationOf(number: string, wamid: string) {
      expect((await deliver(messagesBody([text(number, wamid, 'hola')]))).status).toBe(200);
      return until(() => app.db.prisma.conversation.findFirst({ where: { conversationKey: `whatsapp:+${number}` } }), `the conversation of ${number}`, 20_000);
    }

    test('an invalid conversation key is given up at once, nothing sent', async () => {
      const conversation = await conversationOf(SOMCHAI, 'wamid.SEND-SETUP-1');
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      const sentBefore = graph.sent.length;
      await enqueueReply(poolSql(app.db.pool), { id: conversation!.id, channel: 'whatsapp', conversationKey: 'whatsapp:+123' }, 'attack:bad-key:1', 'hello');
      await until(async () => (await app.db.pool.query(`SELECT status FROM outbox_messages WHERE idempotency_key = 'attack:bad-key:1'`)).rows[0]?.status === 'failed', 'the row given up');
      expect(graph.sent.filter((m) => m.to === '123')).toHaveLength(0);
      void sentBefore;
    }, 30_000);

    test('a 10,000-character reply goes as three texts of at most 4,096', async () => {
      const conversation = await conversationOf(MARIA, 'wamid.SEND-SETUP-2');
      await app.db.pool.query(`UPDATE messages SET received_at = now() WHERE conversation_id = $1 AND direction = 'inbound'`, [conversation!.id]);
      const long = Array.from({ length: 200 }, (_, i) => `Line ${String(i).padStart(3, '0')} ${'y'.repeat(40)}`).join('\n');
      await enqueueReply(poolSql(app.db.pool), { id: conversation!.id, channel: 'whatsapp', conversationKey: `whatsapp:+${MARIA}` }, 'attack:long:1', long);
      await until(() => texts(MARIA).some((t) => t.includes('Line 199')), 'the last part');
      const parts = texts(MARIA).filter((t) => t.includes('Line '));
      expect(parts.length).toBe(3);
      expect(parts.every((t) => t.length <= 4096)).toBe(true);
    }, 20_000);
  });
});

describe('the adapter alone: Graph failing half-way through a reply', () => {
  const png = Buffer.from('89504e470d0a1a0a', 'hex');
  const message: OutboundMessage = {
    text: 'Your order ORD-000077 is delivered: 2 eSIMs',
    attachments: [
      { kind: 'image', filename: '8901.png', mimeType: 'image/png', url: '/qr/aaa.png', caption: 'ICCID 8901' },
      { kind: 'image', filename: '8902.png', mimeType: 'image/png', url: '/qr/bbb.png', caption: 'ICCID 8902' },
    ],
  };

  function harness(options: { lastInboundAt: () => Date | null; linkBaseUrl?: string }) {
    const parts = new Map<number, string>();
    const sent: Record<string, unknown>[] = [];
    let failures: ((body: Record<string, unknown>) => GraphApiError | null)[] = [];
    let n = 0;
    const graph = {
      sendMessage: async (body: Record<string, unknown>) => {
        const failure = failures.map((f) => f(body)).find(Boolean);
        if (failure) throw failure;
        sent.push(body);
        return `wamid.T${++n}`;
      },
      uploadMedia: async () => `media-${++n}`,
      phoneNumber: async () => ({ display: null, name: null }),
    } as unknown as GraphApi;
    const stores: CloudStores = {
      file: async (url: string) => ({ bytes: png, contentType: 'image/png', url }),
      lastInboundAt: async () => options.lastInboundAt(),
      sentParts: async () => new Map(parts),
      recordPart: async (_key: string, part: number, id: string) => void parts.set(part, id),
    } as unknown as CloudStores;
    const adapter = new WhatsAppCloudAdapter({ graph, stores, status: () => undefined, log: silentLog, template: { name: 'order_update', language: 'en' }, linkBaseUrl: options.linkBaseUrl, pacing: defaultPacing(), maxPacingWaitMs: 60_000 });
    return { adapter, sent, parts, fail: (f: (body: Record<string, unknown>) => GraphApiError | null) => failures.push(f), clear: () => (failures = []) };
  }

  const tokenExpired = () => new GraphApiError('Graph API error 190: expired', 401, 190, null, null, null);
  const outsideWindow = () => new GraphApiError('Graph API error 131047: re-engagement', 400, 131047, null, null, null);

  test('the token expires at the second QR image; after recovery only that image goes, nothing twice', async () => {
    const h = harness({ lastInboundAt: () => new Date() });
    let images = 0;
    h.fail((body) => (body.type === 'image' && ++images === 2 ? tokenExpired() : null));
    await expect(h.adapter.send(`whatsapp:+${MARIA}`, message, 'deliver:1')).rejects.toThrow(/access token/);
    expect(h.sent.map((b) => b.type)).toEqual(['text', 'image']);
    h.clear();
    await h.adapter.send(`whatsapp:+${MARIA}`, message, 'deliver:1');
    expect(h.sent.map((b) => b.type)).toEqual(['text', 'image', 'image']);
    expect([...h.parts.keys()].sort()).toEqual([0, 1, 2]);
  });

  test('the token expires at the second QR image and is fixed after the 24-hour window closed: that QR goes as a link in the template', async () => {
    let last = new Date();
    const h = harness({ lastInboundAt: () => last, linkBaseUrl: 'https://bot.example' });
    let images = 0;
    h.fail((body) => (body.type === 'image' && ++images === 2 ? tokenExpired() : null));
    await expect(h.adapter.send(`whatsapp:+${MARIA}`, message, 'deliver:2')).rejects.toThrow(/access token/);
    h.clear();
    last = new Date(Date.now() - 26 * 3600_000); // staff fixed the token the next day
    await h.adapter.send(`whatsapp:+${MARIA}`, message, 'deliver:2');
    // The second QR code must reach the reseller somehow (as an image, or its link in the template).
    const reached = JSON.stringify(h.sent);
    expect(reached).toContain('/qr/bbb.png');
  });

  test('Meta says the window closed (131047) at a QR image on a retry: the image goes as a link in the template', async () => {
    const h = harness({ lastInboundAt: () => new Date(), linkBaseUrl: 'https://bot.example' });
    h.fail((body) => (body.type === 'image' ? new GraphApiError('Graph API answered 500', 500, null, null, null, null) : null));
    await expect(h.adapter.send(`whatsapp:+${MARIA}`, message, 'deliver:3')).rejects.toThrow();
    h.clear();
    h.fail((body) => (body.type === 'image' ? outsideWindow() : null));
    await h.adapter.send(`whatsapp:+${MARIA}`, message, 'deliver:3');
    expect(JSON.stringify(h.sent)).toContain('/qr/aaa.png');
  });

  test('outside the window, a delivery whose text is long keeps every QR link in the template parameter (links first)', async () => {
    const h = harness({ lastInboundAt: () => new Date(Date.now() - 48 * 3600_000), linkBaseUrl: 'https://bot.example' });
    const profiles = Array.from({ length: 5 }, (_, i) => `${i + 1}. ICCID 89852240810733${String(i).padStart(6, '0')}\n   LPA:1$smdp.example-supplier.com$TEST-${'A'.repeat(32)}-${i}`);
    const delivery: OutboundMessage = {
      text: `Your order ORD-000078 is delivered: 5 eSIMs\n${profiles.join('\n')}`,
      attachments: Array.from({ length: 5 }, (_, i) => ({ kind: 'image' as const, filename: `${i}.png`, mimeType: 'image/png', url: `/qr/token-${i}-${'k'.repeat(32)}.png`, caption: `ICCID 89852240810733${String(i).padStart(6, '0')}` })),
    };
    await h.adapter.send(`whatsapp:+${MARIA}`, delivery, 'deliver:4');
    const parameter = JSON.stringify(h.sent[0]);
    for (let i = 0; i < 5; i++) expect(parameter).toContain(`/qr/token-${i}-`);
  });

  test('conversation keys it must refuse: other channels, too short, too long, a group id', async () => {
    const h = harness({ lastInboundAt: () => new Date() });
    for (const key of ['web:abc', 'email:a@b.c', 'whatsapp:+123', 'whatsapp:', 'whatsapp:+1234567890123456', 'whatsapp:120363041234567890@g.us', 'whatsapp:34612345603-1600000000@g.us']) {
      await expect(h.adapter.send(key, { text: 'x', attachments: [] }, `k:${key}`)).rejects.toBeInstanceOf(InvalidMessageError);
    }
    expect(h.sent).toHaveLength(0);
  });
});

describe('the Graph client: where the bearer token goes', () => {
  test('a media URL Graph returns on a host that is not Meta\'s is refused, and gets no bearer token', async () => {
    const seen: (string | undefined)[] = [];
    const other = createServer((request, response) => {
      seen.push(request.headers.authorization);
      response.writeHead(200, { 'content-type': 'text/csv' }).end('SKU,Qty\n');
    });
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', () => resolve()));
    const fakeGraph = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ url: `http://127.0.0.1:${(other.address() as AddressInfo).port}/steal`, mime_type: 'text/csv', file_size: 8 }));
    });
    await new Promise<void>((resolve) => fakeGraph.listen(0, '127.0.0.1', () => resolve()));
    try {
      const client = new GraphApi({ baseUrl: `http://127.0.0.1:${(fakeGraph.address() as AddressInfo).port}/v24.0`, accessToken: 'EAAG-secret', phoneNumberId: '1065' });
      await expect(client.downloadMedia('123', 1_000_000)).rejects.toThrow(/not Meta's: not downloaded/);
      expect(seen).toEqual([]);
    } finally {
      other.close();
      fakeGraph.close();
    }
  });
});
