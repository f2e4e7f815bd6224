import { ChannelUnavailableError, InvalidMessageError, RateLimitedError } from '../../channels/errors';
import type { ChannelAdapter, ChannelName, OutboundMessage } from '../../channels/port';
import { OutboxDispatcher, SEND_ATTEMPTS_MAX } from '../../bot/outbox/dispatcher';
import { claimDueReplies, deferReply, markReplyFailed, markReplySent } from '../../bot/store/outbox';
import { enqueueReply } from '../../bot/pipeline/reply';
import { poolSql } from '../../bot/db/sql';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { until } from '../support/until';

/** A channel whose sends fail while `down` is set, and which records what went out, in order. */
class RecordingChannel implements ChannelAdapter {
  constructor(
    readonly name: ChannelName = 'email',
    maxTextChars = 50_000,
    attachments: Pick<ChannelAdapter['capabilities'], 'images' | 'files'> = { images: 'inline', files: true },
  ) {
    this.capabilities = { ...attachments, maxTextChars };
  }
  readonly capabilities: ChannelAdapter['capabilities'];
  readonly sent: { key: string; text: string; idempotencyKey: string }[] = [];
  /** The number of attachments of each send, in the order of `sent`. */
  readonly attachmentCounts: number[] = [];
  down = false;
  /** Thrown by every send while set. */
  failWith: Error | null = null;
  async start(): Promise<void> {}
  async stop(): Promise<void> {}
  async send(conversationKey: string, message: OutboundMessage, idempotencyKey: string) {
    if (this.failWith) throw this.failWith;
    if (this.down) throw this.name === 'whatsapp' ? new ChannelUnavailableError('WhatsApp is logged out') : new Error('connection refused');
    this.sent.push({ key: conversationKey, text: message.text, idempotencyKey });
    this.attachmentCounts.push(message.attachments.length);
    return { externalId: `<${idempotencyKey}@test>` };
  }
}

describe('the outbox dispatcher', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase('pglite', { seed: true });
  });
  afterAll(() => db.close());

  const conversation = async (key: string) => {
    const [row] = await poolSql(db.pool).query<{ id: number }>(
      `INSERT INTO conversations (channel, conversation_key, updated_at) VALUES ('email', $1, now()) RETURNING id`,
      [key],
    );
    return { id: row!.id, channel: 'email' as const, conversationKey: key };
  };
  const dueNow = () => poolSql(db.pool).query(`UPDATE outbox_messages SET next_attempt_at = now() WHERE status = 'pending'`);

  test('keeps replies while the channel is down, then sends each once, in order per conversation', async () => {
    const channel = new RecordingChannel();
    const outbox = new OutboxDispatcher(db, [channel]);
    const a = await conversation('email:a@example.test');
    const b = await conversation('email:b@example.test');
    const sql = poolSql(db.pool);
    for (const [ref, n] of [[a, 1], [b, 1], [a, 2], [a, 3], [b, 2]] as const) await enqueueReply(sql, ref, `k:${ref.conversationKey}:${n}`, `${ref.conversationKey} #${n}`);

    channel.down = true;
    expect(await outbox.drainOnce()).toBe(2); // the oldest of each conversation only
    expect(await outbox.drainOnce()).toBe(0); // both wait for their retry time
    const [failed] = await sql.query<{ attempts: number; last_error: string }>(`SELECT attempts, last_error FROM outbox_messages WHERE idempotency_key = 'k:email:a@example.test:1'`);
    expect(failed).toEqual({ attempts: 1, last_error: 'connection refused' });

    channel.down = false;
    await dueNow();
    while ((await outbox.drainOnce()) > 0);
    expect(channel.sent.filter((s) => s.key === a.conversationKey).map((s) => s.text)).toEqual(['email:a@example.test #1', 'email:a@example.test #2', 'email:a@example.test #3']);
    expect(channel.sent.filter((s) => s.key === b.conversationKey).map((s) => s.text)).toEqual(['email:b@example.test #1', 'email:b@example.test #2']);
    const rows = await sql.query<{ status: string; external_id: string }>(`SELECT status::text AS status, external_id FROM outbox_messages WHERE channel = 'email' ORDER BY id`);
    expect(rows.every((r) => r.status === 'sent' && /^<k:email:.+@test>$/.test(r.external_id))).toBe(true);
    expect(await outbox.drainOnce()).toBe(0);
  });

  test('a row that keeps failing is given up after the last attempt, and one with an unreadable body at once', async () => {
    const channel = new RecordingChannel();
    const outbox = new OutboxDispatcher(db, [channel]);
    const c = await conversation('email:c@example.test');
    const sql = poolSql(db.pool);
    await enqueueReply(sql, c, 'k:c:1', 'never arrives');
    await sql.query(`INSERT INTO outbox_messages (idempotency_key, channel, conversation_key, body) VALUES ('k:d:1', 'email', 'email:d@example.test', '{"oops": true}')`);
    channel.down = true;
    for (let i = 0; i < SEND_ATTEMPTS_MAX; i += 1) {
      await dueNow();
      await outbox.drainOnce();
    }
    const rows = await sql.query<{ idempotency_key: string; status: string; attempts: number }>(
      `SELECT idempotency_key, status::text AS status, attempts FROM outbox_messages WHERE idempotency_key IN ('k:c:1', 'k:d:1') ORDER BY idempotency_key`,
    );
    expect(rows).toEqual([
      { idempotency_key: 'k:c:1', status: 'failed', attempts: SEND_ATTEMPTS_MAX },
      { idempotency_key: 'k:d:1', status: 'failed', attempts: 1 },
    ]);
  });

  test('a channel that is down does not use up attempts; replies waiting too long go to the reseller\'s email', async () => {
    const whatsapp = new RecordingChannel('whatsapp');
    const email = new RecordingChannel('email');
    whatsapp.down = true;
    const sql = poolSql(db.pool);
    const [row] = await sql.query<{ id: number }>(
      `INSERT INTO conversations (channel, conversation_key, customer_id, updated_at) VALUES ('whatsapp', 'whatsapp:+66812345601', 'B2B-002', now()) RETURNING id`,
    );
    const ref = { id: row!.id, channel: 'whatsapp' as const, conversationKey: 'whatsapp:+66812345601' };
    await db.prisma.channelIdentity.create({ data: { customerId: 'B2B-002', channel: 'email', address: 'ops@bangkokroam.test', contactName: 'Ops', role: 'owner' } });
    await enqueueReply(sql, ref, 'k:wa:text', 'a plain reply waits for WhatsApp');
    await enqueueReply(sql, ref, 'k:wa:delivery', 'Here are your eSIMs', [{ kind: 'image', filename: 'a.png', mimeType: 'image/png', url: '/qr/x.png' }]);

    // Not yet waited long enough: nothing falls back, and the failed tries are not attempts.
    const patient = new OutboxDispatcher(db, [whatsapp, email], { emailFallbackAfterMs: 60 * 60_000 });
    for (let i = 0; i < 3; i += 1) {
      await dueNow();
      await patient.drainOnce();
    }
    expect(email.sent).toEqual([]);
    const waiting = await sql.query<{ status: string; attempts: number }>(`SELECT status::text AS status, attempts FROM outbox_messages WHERE idempotency_key LIKE 'k:wa:%' ORDER BY id`);
    expect(waiting).toEqual([{ status: 'pending', attempts: 0 }, { status: 'pending', attempts: 0 }]);

    // Long enough: the replies go by email to the owner's address, in order.
    const fallback = new OutboxDispatcher(db, [whatsapp, email], { emailFallbackAfterMs: 0 });
    await dueNow();
    while ((await fallback.drainOnce()) > 0);
    expect(email.sent).toEqual([
      { key: 'email:ops@bangkokroam.test', text: 'a plain reply waits for WhatsApp', idempotencyKey: 'k:wa:text:email-fallback' },
      { key: 'email:ops@bangkokroam.test', text: 'Here are your eSIMs', idempotencyKey: 'k:wa:delivery:email-fallback' },
    ]);
    const [delivery] = await sql.query<{ status: string; external_id: string }>(`SELECT status::text AS status, external_id FROM outbox_messages WHERE idempotency_key = 'k:wa:delivery'`);
    expect(delivery).toEqual({ status: 'sent', external_id: 'email-fallback:ops@bangkokroam.test:<k:wa:delivery:email-fallback@test>' });
  });
  test('a reply longer than the channel allows goes out as several messages, cut between lines, the files with the last', async () => {
    const channel = new RecordingChannel('email', 1000);
    const outbox = new OutboxDispatcher(db, [channel]);
    const ref = await conversation('email:long@example.test');
    const lines = Array.from({ length: 60 }, (_, i) => `- 10 x Japan 10GB 15 days (ESIM-JP-10GB-15D) @ USD 7.10 = USD 71.00 #${i + 1}`);
    const qr = { kind: 'image' as const, filename: 'ORD-000001-1.png', mimeType: 'image/png', url: '/files/x' };
    await enqueueReply(poolSql(db.pool), ref, 'k:long', lines.join('\n'), [qr]);
    while ((await outbox.drainOnce()) > 0);
    const parts = channel.sent.filter((s) => s.key === ref.conversationKey);
    const attachments = channel.attachmentCounts.filter((_, i) => channel.sent[i]!.key === ref.conversationKey);
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.every((p) => p.text.length <= 1000)).toBe(true);
    expect(parts.map((p) => p.text).join('\n')).toBe(lines.join('\n'));
    expect(attachments).toEqual([...parts.slice(1).map(() => 0), 1]);
    expect(parts.at(-1)!.idempotencyKey).toBe('k:long');
    expect(new Set(parts.map((p) => p.idempotencyKey)).size).toBe(parts.length);
  });

  test('what the channel\'s capabilities cannot carry goes as a link in the text; what they can, as attachments', async () => {
    const channel = new RecordingChannel('email', 50_000, { images: 'link', files: true });
    const outbox = new OutboxDispatcher(db, [channel], { linkBaseUrl: 'https://hub.esimhub.test' });
    const ref = await conversation('email:links@example.test');
    const qr = { kind: 'image' as const, filename: 'ORD-000002-1.png', mimeType: 'image/png', url: '/qr/t1.png', caption: 'ICCID 8988211000000000001' };
    const csv = { kind: 'file' as const, filename: 'ORD-000002-esims.csv', mimeType: 'text/csv', url: '/orders/t/esims.csv' };
    await enqueueReply(poolSql(db.pool), ref, 'k:links', 'Here are your eSIMs', [qr, csv]);
    while ((await outbox.drainOnce()) > 0);
    const i = channel.sent.findIndex((s) => s.key === ref.conversationKey);
    expect(channel.sent[i]!.text).toBe('Here are your eSIMs\nICCID 8988211000000000001: https://hub.esimhub.test/qr/t1.png');
    expect(channel.attachmentCounts[i]).toBe(1);
  });

  test('a channel that asks to slow down is tried again when it said, without using up an attempt; a reply it can never carry is given up at once', async () => {
    const channel = new RecordingChannel('email');
    const outbox = new OutboxDispatcher(db, [channel]);
    const sql = poolSql(db.pool);
    const slow = await conversation('email:slow@example.test');
    await enqueueReply(sql, slow, 'k:rate-limited', 'wait for it');
    channel.failWith = new RateLimitedError('429 Too Many Requests', 90_000);
    while ((await outbox.drainOnce()) > 0);
    const [limited] = await sql.query<{ status: string; attempts: number; last_error: string; wait_s: number }>(
      `SELECT status::text AS status, attempts, last_error, extract(epoch FROM next_attempt_at - now())::float8 AS wait_s FROM outbox_messages WHERE idempotency_key = 'k:rate-limited'`,
    );
    expect(limited).toMatchObject({ status: 'pending', attempts: 0, last_error: '429 Too Many Requests' });
    expect(limited!.wait_s).toBeGreaterThan(80);
    expect(limited!.wait_s).toBeLessThanOrEqual(90);

    const invalid = await conversation('email:invalid@example.test');
    await enqueueReply(sql, invalid, 'k:invalid', 'cannot go');
    channel.failWith = new InvalidMessageError('email cannot send to email:invalid@example.test');
    while ((await outbox.drainOnce()) > 0);
    const [given] = await sql.query<{ status: string; attempts: number }>(`SELECT status::text AS status, attempts FROM outbox_messages WHERE idempotency_key = 'k:invalid'`);
    expect(given).toEqual({ status: 'failed', attempts: 1 });
    channel.failWith = null;
  });

  test('stopping finishes the sends in flight and claims nothing more, so the process taking the channel over has none of them to send again', async () => {
    /** A channel whose sends take until `open()` (a slow SMTP server, a slow Graph API). */
    class SlowChannel extends RecordingChannel {
      started = 0;
      private gate = new Promise<void>(() => undefined);
      open!: () => void;
      constructor() {
        super('wechat');
        this.gate = new Promise<void>((resolve) => (this.open = resolve));
      }
      override async send(conversationKey: string, message: OutboundMessage, idempotencyKey: string) {
        this.started += 1;
        await this.gate;
        return super.send(conversationKey, message, idempotencyKey);
      }
    }
    const sql = poolSql(db.pool);
    const refs = [];
    for (const who of ['ann', 'bo', 'cy']) {
      const [row] = await sql.query<{ id: number }>(`INSERT INTO conversations (channel, conversation_key, updated_at) VALUES ('wechat', $1, now()) RETURNING id`, [`wechat:${who}`]);
      refs.push({ id: row!.id, channel: 'wechat' as const, conversationKey: `wechat:${who}` });
    }
    for (const ref of refs) for (const n of [1, 2]) await enqueueReply(sql, ref, `k:stop:${ref.conversationKey}:${n}`, `${ref.conversationKey} #${n}`);
    const channel = new SlowChannel();
    const outbox = new OutboxDispatcher(db, [channel], { pollMs: 50 });
    outbox.start();
    await until(() => channel.started === 3 || null, 'three sends in flight', 5_000);
    const stopped = outbox.stop(5_000);
    setTimeout(() => channel.open(), 300);
    await stopped;
    const rows = await sql.query<{ key: string; status: string; attempts: number }>(
      `SELECT idempotency_key AS key, status::text AS status, attempts FROM outbox_messages WHERE idempotency_key LIKE 'k:stop:%' ORDER BY idempotency_key`,
    );
    // The three in flight went out and are recorded as sent; the next of each conversation was not claimed (nor counted).
    expect(rows.map((r) => [r.key.replace('k:stop:wechat:', ''), r.status, r.attempts])).toEqual([
      ['ann:1', 'sent', 1], ['ann:2', 'pending', 0], ['bo:1', 'sent', 1], ['bo:2', 'pending', 0], ['cy:1', 'sent', 1], ['cy:2', 'pending', 0],
    ]);
    expect(channel.sent).toHaveLength(3);
    await new Promise((resolve) => setTimeout(resolve, 200)); // its timer would have drained again by now
    expect(channel.started).toBe(3);
  });

  test('a send that fails after its row was claimed again, or sent, by another process sets nothing back', async () => {
    const sql = poolSql(db.pool);
    const [row] = await sql.query<{ id: number }>(`INSERT INTO conversations (channel, conversation_key, updated_at) VALUES ('wechat', 'wechat:late', now()) RETURNING id`);
    await enqueueReply(sql, { id: row!.id, channel: 'wechat', conversationKey: 'wechat:late' }, 'k:late', 'hello');
    const [claimed] = (await claimDueReplies(sql, ['wechat'], 1, 32)).filter((r) => r.idempotency_key === 'k:late');
    expect(claimed!.attempts).toBe(1);
    // The lease ran out while this send hung: another process claimed the row and sent it.
    await sql.query(`UPDATE outbox_messages SET next_attempt_at = now() WHERE idempotency_key = 'k:late'`);
    const [again] = (await claimDueReplies(sql, ['wechat'], 120, 32)).filter((r) => r.idempotency_key === 'k:late');
    expect(again!.attempts).toBe(2);
    await deferReply(sql, claimed!.id, claimed!.attempts, 'the first send failed late', 30);
    await markReplySent(sql, again!.id, 'wx-1', null);
    await markReplyFailed(sql, claimed!.id, claimed!.attempts, 'pending', 'the first send failed late', 2);
    const [after] = await sql.query<{ status: string; attempts: number; last_error: string | null }>(`SELECT status::text AS status, attempts, last_error FROM outbox_messages WHERE idempotency_key = 'k:late'`);
    expect(after).toEqual({ status: 'sent', attempts: 2, last_error: null });
  });

  test('stopping waits for a send that hangs no longer than it was given', async () => {
    const channel = new RecordingChannel('whatsapp');
    channel.send = () => new Promise(() => undefined); // never answers
    const sql = poolSql(db.pool);
    const [row] = await sql.query<{ id: number }>(`INSERT INTO conversations (channel, conversation_key, updated_at) VALUES ('whatsapp', 'whatsapp:+66800000001', now()) RETURNING id`);
    await enqueueReply(sql, { id: row!.id, channel: 'whatsapp', conversationKey: 'whatsapp:+66800000001' }, 'k:hangs', 'hello');
    const outbox = new OutboxDispatcher(db, [channel]);
    outbox.start();
    await until(async () => ((await sql.query<{ attempts: number }>(`SELECT attempts FROM outbox_messages WHERE idempotency_key = 'k:hangs'`))[0]!.attempts === 1 ? true : null), 'the send claimed', 5_000);
    const from = Date.now();
    await outbox.stop(250);
    expect(Date.now() - from).toBeLessThan(1_000);
  });
});
