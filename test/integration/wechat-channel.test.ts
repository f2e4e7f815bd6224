import { WechatyBuilder, type Message } from 'wechaty';
import { PuppetMock, mock } from 'wechaty-puppet-mock';
import { ChannelWatchdog } from '../../bot/channels/watchdog';
import { wechatStores } from '../../bot/channels/wechat-stores';
import { loadConfig } from '../../bot/config';
import { log } from '../../bot/log';
import { OutboxDispatcher } from '../../bot/outbox/dispatcher';
import { poolSql } from '../../bot/db/sql';
import { enqueueReply } from '../../bot/pipeline/reply';
import { Bot } from '../../bot/pipeline/bot';
import { createSandboxSupplier } from '../../bot/supplier/sandbox-supplier';
import { WechatAdapter } from '../../channels/wechat/adapter';
import { auditLedger } from '../support/ledger-auditor';
import { decodeQr } from '../support/qr';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

interface Received {
  to: string;
  text: string;
  file?: { name: string; bytes: Buffer };
}

describe('the WeChat channel on the real wechaty runtime with the mock puppet', () => {
  let db: TestDatabase;
  let bot: Bot;
  let outbox: OutboxDispatcher;
  let adapter: WechatAdapter;
  let mocker: mock.Mocker;
  let botUser: mock.ContactMock;
  const received: Received[] = [];

  beforeAll(async () => {
    db = await createTestDatabase('pglite', { seed: true });
    bot = new Bot({ db, config: loadConfig({ DEMO_MODE: '0' }), supplier: createSandboxSupplier(), sleep: async () => undefined });
    mocker = new mock.Mocker();
    const wechaty = WechatyBuilder.build({ puppet: new PuppetMock({ mocker }) });
    // What the bot account sends shows up as its own messages: that is what the reseller receives.
    wechaty.on('message', async (message: Message) => {
      if (!message.self()) return;
      const to = message.room() ? `room:${message.room()!.id}` : message.listener()!.id;
      if (message.type() === wechaty.Message.Type.Text) received.push({ to, text: message.text() });
      else {
        const box = await message.toFileBox();
        received.push({ to, text: '', file: { name: box.name, bytes: await box.toBuffer() } });
      }
    });
    adapter = new WechatAdapter(wechaty, wechatStores(db), { log, status: new ChannelWatchdog({ alert: () => undefined, ready: () => void outbox.retryNow('wechat') }).listener('wechat') });
    outbox = new OutboxDispatcher(db, [adapter], { pollMs: 100 });
    bot.activity.on('replied', () => outbox.wake());
    await adapter.start(bot);
    // A reply queued before the bot account logs in waits, without using up attempts, and goes on login.
    const [conversation] = await poolSql(db.pool).query<{ id: number }>(
      `INSERT INTO conversations (channel, conversation_key, customer_id, updated_at) VALUES ('wechat', 'wechat:wxid_haoyun_li', 'B2B-009', now()) RETURNING id`,
    );
    await enqueueReply(poolSql(db.pool), { id: conversation!.id, channel: 'wechat', conversationKey: 'wechat:wxid_haoyun_li' }, 'test:before-login', 'sent after login');
    outbox.start();
    await new Promise((resolve) => setTimeout(resolve, 300));
    const [waiting] = await poolSql(db.pool).query<{ status: string; attempts: number }>(`SELECT status::text AS status, attempts FROM outbox_messages WHERE idempotency_key = 'test:before-login'`);
    expect(waiting).toEqual({ status: 'pending', attempts: 0 });
    mocker.createContact({ id: 'wxid_haoyun_li', name: 'Li Na' } as never);
    mocker.scan('https://login.weixin.qq.com/mock', 0);
    botUser = mocker.createContact({ name: 'eSIM Hub' });
    mocker.login(botUser);
  });

  afterAll(async () => {
    await outbox.stop();
    await adapter.stop();
    await bot.stop();
    await db.close();
  });

  const waitFor = async (match: (r: Received) => boolean, timeoutMs = 15_000): Promise<Received> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = received.find(match);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`nothing matching within ${timeoutMs} ms; received: ${JSON.stringify(received.map((r) => r.text || r.file?.name))}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };

  test('a reply queued before login went out on login', async () => {
    await waitFor((r) => r.to === 'wxid_haoyun_li' && r.text === 'sent after login');
  });

  test('a reseller contact orders in Chinese, gets the quote, confirms and receives the QR images', async () => {
    const reseller = mocker.createContact({ id: 'wxid_youyi_chen', name: 'Chen Jie' } as never); // B2B-001, postpaid
    reseller.say('你好，日本 1GB 7天 2张').to(botUser);
    const quote = await waitFor((r) => r.to === reseller.id && /Q-\d+/.test(r.text));
    expect(quote.text).toMatch(/报价|Q-/);
    reseller.say('确认').to(botUser);
    const delivered = await waitFor((r) => r.to === reseller.id && /ORD-\d+/.test(r.text) && /LPA:1\$/.test(r.text));
    expect(delivered.text).toMatch(/ICCID/);
    await waitFor(() => received.filter((r) => r.to === reseller.id && r.file?.name.endsWith('.png')).length === 2);
    const images = received.filter((r) => r.to === reseller.id && r.file?.name.endsWith('.png'));
    for (const image of images) expect(decodeQr(image.file!.bytes)).toMatch(/^LPA:1\$[^$]+\$TEST-/);
    await bot.idle();
    expect(await db.prisma.message.count({ where: { channel: 'wechat', direction: 'inbound' } })).toBe(2);
    expect(await auditLedger(db.pool)).toEqual([]);
  }, 60_000);

  test('group messages are ignored unless the group is linked to a reseller', async () => {
    const reseller = mocker.createContact({ id: 'wxid_lvxing_zhou', name: 'Zhou Min' } as never); // B2B-005
    const unlinked = mocker.createRoom({ topic: 'travel chat', memberIdList: [reseller.id, botUser.id] } as never);
    const linked = mocker.createRoom({ topic: 'Lvxing x eSIM Hub', memberIdList: [reseller.id, botUser.id] } as never);
    await db.prisma.channelIdentity.create({ data: { customerId: 'B2B-005', channel: 'wechat', address: `room:${linked.id}`, contactName: 'Lvxing group', role: 'buyer' } });
    reseller.say('日本 1GB 7天 3张').to(unlinked);
    reseller.say('日本 1GB 7天 3张').to(linked);
    await waitFor((r) => r.to === `room:${linked.id}` && /Q-\d+/.test(r.text));
    await bot.idle();
    expect(received.some((r) => r.to === `room:${unlinked.id}`)).toBe(false);
    expect(await db.prisma.message.count({ where: { channel: 'wechat', direction: 'inbound', senderAddress: `room:${unlinked.id}` } })).toBe(0);
  }, 30_000);
});
