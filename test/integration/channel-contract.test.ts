import { ChannelWatchdog } from '../../bot/channels/watchdog';
import { poolSql } from '../../bot/db/sql';
import { OutboxDispatcher } from '../../bot/outbox/dispatcher';
import { enqueueReply } from '../../bot/pipeline/reply';
import type { ChannelAdapter } from '../../channels/port';
import { BotHarness } from '../support/bot-harness';
import { EMAIL, emailDriver, wechatDriver, WECHAT, webDriver, whatsappDriver, type ChannelDriver, type Received } from '../support/channel-drivers';
import { Dovecot } from '../support/dovecot';
import { decodeQr } from '../support/qr';
import { SmtpInbox } from '../support/smtp-inbox';
import { createTestDatabase, targets, type TestDatabase } from '../support/test-database';
import { until } from '../support/until';

// The channel contract, the same cases on every channel through its real test transport: a text in
// is answered on the same conversation key; images and files reach the reseller as the channel's
// capabilities say; a raw event delivered twice is acted on once; the bot's own messages are ignored.

describe.each(targets)('the channel contract on %s', (target) => {
  let db: TestDatabase;
  let dovecot: Dovecot;
  let smtp: SmtpInbox;
  let chat: BotHarness;
  let outbox: OutboxDispatcher;
  const drivers = new Map<string, ChannelDriver>();

  beforeAll(async () => {
    [db, dovecot, smtp] = await Promise.all([createTestDatabase(target, { seed: true }), Dovecot.start(), SmtpInbox.start()]);
    await db.prisma.channelIdentity.createMany({
      data: [
        { customerId: 'B2B-002', channel: 'email', address: EMAIL, contactName: 'Ops', role: 'buyer' },
        { customerId: 'B2B-002', channel: 'wechat', address: WECHAT, contactName: 'Somchai', role: 'buyer' },
      ],
    });
    chat = await BotHarness.start(db, { env: { DEMO_MODE: '1' } });
    // The app's watchdog: a channel that is back wakes its queued replies.
    const watchdog = new ChannelWatchdog({ alert: () => undefined, ready: (channel) => void outbox?.retryNow(channel) });
    for (const driver of [whatsappDriver(db, watchdog.listener('whatsapp')), wechatDriver(db, watchdog.listener('wechat')), emailDriver(db, dovecot, smtp, watchdog.listener('email')), webDriver(chat)]) drivers.set(driver.name, driver);
    const adapters = [...drivers.values()].map((d) => d.adapter).filter((a): a is ChannelAdapter => a !== null);
    outbox = new OutboxDispatcher(db, adapters, { pollMs: 50 });
    chat.bot.activity.on('replied', () => outbox.wake());
    for (const adapter of adapters) await adapter.start(chat.bot);
    for (const driver of drivers.values()) await driver.ready();
    outbox.start();
  }, 60_000);

  afterAll(async () => {
    await outbox?.stop();
    for (const driver of drivers.values()) await driver.adapter?.stop();
    await chat?.stop();
    await Promise.all([dovecot?.stop(), smtp?.stop(), db?.close()]);
  });

  const texts = (received: Received[]) => received.flatMap((r) => ('text' in r ? [r.text] : []));
  const attachments = (received: Received[]) => received.flatMap((r) => ('attachment' in r ? [r.attachment] : []));

  /** Says `text` and waits until the reseller has received something matching `reply` (beyond what came before). */
  async function exchange(driver: ChannelDriver, text: string, id: string, reply: RegExp): Promise<Received[]> {
    const before = (await driver.received()).length;
    await driver.say(text, id);
    return until(async () => {
      const now = (await driver.received()).slice(before);
      return texts(now).some((t) => reply.test(t)) ? now : null;
    }, `${driver.name}: a reply matching ${reply} to "${text}"`, 30_000);
  }

  /** Everything the reseller received once the bot and the outbox are quiet. */
  async function settled(driver: ChannelDriver): Promise<Received[]> {
    await chat.bot.idle();
    await new Promise((resolve) => setTimeout(resolve, 300));
    await chat.bot.idle();
    return driver.received();
  }

  const inbound = (key: string) => db.prisma.message.findMany({ where: { direction: 'inbound', conversation: { conversationKey: key } }, orderBy: { id: 'asc' } });

  // Web chat has no own echo (the bot's replies never come back in as messages) and no outage of
  // its own (it is the bot's HTTP server).
  describe.each([
    { name: 'whatsapp', echoes: true, outages: true },
    { name: 'wechat', echoes: true, outages: true },
    { name: 'email', echoes: true, outages: true },
    { name: 'web', echoes: false, outages: false },
  ] as const)('the $name channel keeps the contract', ({ name, echoes, outages }) => {
    const driver = () => drivers.get(name)!;

    test('a text in is answered on the same conversation key', async () => {
      const d = driver();
      const received = await exchange(d, 'Japan 1GB 7 days x 2', `${name}-order-1`, /Quote Q-\d+/);
      expect(texts(received).filter((t) => /Quote Q-\d+/.test(t))).toHaveLength(1);
      const [conversation] = await db.prisma.conversation.findMany({ where: { conversationKey: d.key }, include: { messages: { orderBy: { id: 'asc' } } } });
      expect(conversation!.messages.map((m) => m.direction)).toEqual(['inbound', 'outbound']);
      const rows = await db.prisma.outboxMessage.findMany({ where: { conversationKey: d.key } });
      if (d.adapter) {
        // An adapter's replies go through the outbox, under the key the message came in on, on its channel.
        expect(rows.length).toBeGreaterThan(0);
        expect(new Set(rows.map((r) => r.channel))).toEqual(new Set([name]));
      }
    }, 60_000);

    test('images reach the reseller as the channel\'s capabilities say', async () => {
      const d = driver();
      await exchange(d, 'yes', `${name}-yes-1`, /Here are your 2 eSIM/);
      const images = await until(async () => {
        const found = attachments(await d.received()).filter((a) => a.kind === 'image');
        return found.length === 2 ? found : null;
      }, `${name}: two QR images`, 30_000);
      for (const image of images) {
        expect(image.as).toBe(d.capabilities.images === 'document' ? 'document' : 'inline');
        expect(decodeQr(image.bytes)).toMatch(/^LPA:1\$[^$]+\$TEST-/);
      }
    }, 60_000);

    test('files reach the reseller where the capabilities allow them', async () => {
      const d = driver();
      await exchange(d, 'Japan 1GB 7 days x 6', `${name}-order-2`, /Quote Q-\d+/);
      const received = await exchange(d, 'yes', `${name}-yes-2`, /6 eSIM/);
      const files = d.capabilities.files
        ? await until(async () => {
            const found = attachments(await d.received()).filter((a) => a.kind === 'file');
            return found.length === 2 ? found : null;
          }, `${name}: the CSV and the ZIP`, 30_000)
        : [];
      if (d.capabilities.files) {
        expect(files.map((f) => f.filename.replace(/^ORD-\d+/, 'ORD')).sort()).toEqual(['ORD-esims.csv', 'ORD-qr-codes.zip']);
        expect(files.find((f) => f.filename.endsWith('.csv'))!.bytes.toString()).toMatch(/^order,n,sku,iccid/);
      } else {
        expect(texts(received).join('\n')).toMatch(/esims\.csv: /);
      }
    }, 60_000);

    test('a raw event delivered twice is acted on once', async () => {
      const d = driver();
      const messagesBefore = (await inbound(d.key)).length;
      const quotesBefore = texts(await settled(d)).filter((t) => /Quote Q-\d+/.test(t)).length;
      await d.redeliver(`${name}-order-1`);
      // Something said after the redelivery is answered after it: by then the redelivery was handled.
      await exchange(d, 'What is my balance?', `${name}-after-redelivery`, /balance|credit|limit/i);
      const after = await settled(d);
      expect((await inbound(d.key)).length).toBe(messagesBefore + 1);
      expect(texts(after).filter((t) => /Quote Q-\d+/.test(t))).toHaveLength(quotesBefore);
    }, 60_000);

    (echoes ? test : test.skip)('the bot\'s own messages are not taken in', async () => {
      const d = driver();
      const before = (await inbound(d.key)).length;
      await d.echo!('Japan 1GB 7 days x 9', `${name}-own-1`);
      await exchange(d, 'What is my balance?', `${name}-after-echo`, /balance|credit|limit/i);
      await settled(d);
      const messages = await inbound(d.key);
      expect(messages).toHaveLength(before + 1);
      expect(messages.some((m) => m.text.includes('x 9'))).toBe(false);
      expect(await db.prisma.quote.count({ where: { lines: { some: { quantity: 9 } } } })).toBe(0);
    }, 60_000);

    (outages ? test : test.skip)('a reply queued while the channel is down goes out once it is back, once', async () => {
      const d = driver();
      const text = `${name}: sent after the channel came back`;
      const [conversation] = await db.prisma.conversation.findMany({ where: { conversationKey: d.key } });
      await d.outage!.down();
      await enqueueReply(poolSql(db.pool), { id: conversation!.id, channel: name, conversationKey: d.key }, `contract:${name}:while-down`, text);
      outbox.wake();
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(texts(await d.received())).not.toContain(text);
      await d.outage!.up();
      outbox.wake();
      await until(async () => texts(await d.received()).includes(text), `${name}: the reply queued while down`, 30_000);
      expect(texts(await settled(d)).filter((t) => t === text)).toHaveLength(1);
      const [row] = await db.prisma.outboxMessage.findMany({ where: { idempotencyKey: `contract:${name}:while-down` } });
      expect(row!.status).toBe('sent');
    }, 60_000);
  });
});
