import { ImapFlow } from 'imapflow';
import { WechatyBuilder, type Message } from 'wechaty';
import { PuppetMock, mock } from 'wechaty-puppet-mock';
import { MessageMedia } from 'whatsapp-web.js';
import { emailStores } from '../../bot/channels/email-stores';
import { wechatStores } from '../../bot/channels/wechat-stores';
import { deliveryFile } from '../../bot/delivery/files';
import { log } from '../../bot/log';
import { OutboxDispatcher } from '../../bot/outbox/dispatcher';
import { EmailAdapter } from '../../channels/email/adapter';
import type { ChannelAdapter } from '../../channels/port';
import { WechatAdapter } from '../../channels/wechat/adapter';
import { WhatsAppAdapter } from '../../channels/whatsapp/adapter';
import { BotHarness } from '../support/bot-harness';
import { Dovecot } from '../support/dovecot';
import { SmtpInbox } from '../support/smtp-inbox';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { asClient, ContractClient } from '../support/whatsapp-contract-client';

// One reseller (B2B-002, Bangkok Roam) writes the same order on every channel: each adapter
// normalises it, and the one pipeline quotes it identically on each.

const ORDER = 'Japan 1GB 7 days x 20';
const EMAIL = 'ops@bangkokroam.test';
const WECHAT = 'wxid_bangkok_roam';

describe('the same order through WhatsApp, WeChat, email and web chat', () => {
  let db: TestDatabase;
  let dovecot: Dovecot;
  let smtp: SmtpInbox;
  let chat: BotHarness;
  let outbox: OutboxDispatcher;
  const adapters: ChannelAdapter[] = [];

  beforeAll(async () => {
    [db, dovecot, smtp] = await Promise.all([createTestDatabase('pglite', { seed: true }), Dovecot.start(), SmtpInbox.start()]);
    await db.prisma.channelIdentity.createMany({
      data: [
        { customerId: 'B2B-002', channel: 'email', address: EMAIL, contactName: 'Ops', role: 'buyer' },
        { customerId: 'B2B-002', channel: 'wechat', address: WECHAT, contactName: 'Somchai', role: 'buyer' },
      ],
    });
    chat = await BotHarness.start(db, { env: { DEMO_MODE: '1' } });
  });

  afterAll(async () => {
    await outbox?.stop();
    for (const adapter of adapters) await adapter.stop();
    await chat.stop();
    await Promise.all([dovecot.stop(), smtp.stop(), db.close()]);
  });

  test('every channel gets the same quote', async () => {
    const whatsapp = new ContractClient({ linked: true });
    const wa = new WhatsAppAdapter({
      createClient: () => asClient(whatsapp),
      createMedia: (mime, data, filename) => new MessageMedia(mime, data, filename),
      stores: { file: (url) => deliveryFile(db, url) },
      status: () => undefined,
      log,
      sendIntervalMs: 1,
      printQr: false,
    });
    const mocker = new mock.Mocker();
    const wechaty = WechatyBuilder.build({ puppet: new PuppetMock({ mocker }) });
    const wechatReplies: string[] = [];
    wechaty.on('message', (m: Message) => {
      if (m.self() && m.type() === wechaty.Message.Type.Text) wechatReplies.push(m.text());
    });
    const wx = new WechatAdapter(wechaty, wechatStores(db), { log, status: () => undefined });
    const email = new EmailAdapter({ imapUrl: dovecot.url, smtpUrl: smtp.url, from: 'orders@esimhub.test', authservId: 'mx.esimhub.test', reconnectMs: 100, log, status: () => undefined }, emailStores(db));
    adapters.push(wa, wx, email);
    outbox = new OutboxDispatcher(db, adapters, { pollMs: 50 });
    chat.bot.activity.on('replied', () => outbox.wake());
    for (const adapter of adapters) await adapter.start(chat.bot);
    mocker.scan('https://login.weixin.qq.com/mock', 0);
    const botUser = mocker.createContact({ name: 'eSIM Hub' });
    mocker.login(botUser);
    outbox.start();

    // WhatsApp, WeChat, email, web chat: the same words.
    whatsapp.emit('message', ContractClient.message('66812345601@c.us', ORDER, 'X1'));
    mocker.createContact({ id: WECHAT, name: 'Somchai' } as never).say(ORDER).to(botUser);
    const imap = new ImapFlow({ host: '127.0.0.1', port: dovecot.port, secure: false, doSTARTTLS: false, auth: { user: dovecot.user, pass: dovecot.password }, logger: false });
    await imap.connect();
    await imap.append('INBOX', `From: Ops <${EMAIL}>\r\nTo: orders@esimhub.test\r\nSubject: order\r\nMessage-ID: <x1@bangkokroam.test>\r\nAuthentication-Results: mx.esimhub.test; dmarc=pass header.from=bangkokroam.test\r\n\r\n${ORDER}\r\n`);
    await imap.logout();
    const web = await chat.say('+66812345601', ORDER);

    const deadline = Date.now() + 20_000;
    const quoteTexts = () => ({
      whatsapp: whatsapp.sent.map((s) => String(s.content)).find((t) => /Quote Q-/.test(t)),
      wechat: wechatReplies.find((t) => /Q-\d+/.test(t)),
      email: smtp.mails.map((m) => m.text ?? '').find((t) => /Quote Q-/.test(t)),
      web: web.map((m) => m.text).find((t) => /Quote Q-/.test(t)),
    });
    while (Object.values(quoteTexts()).some((t) => t === undefined)) {
      if (Date.now() > deadline) throw new Error(`not every channel was quoted: ${JSON.stringify(quoteTexts())}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    // The same quote: same lines at the same locked prices, in the reseller's currency.
    const quotes = await db.prisma.quote.findMany({ where: { customerId: 'B2B-002' }, include: { lines: true, conversation: true }, orderBy: { id: 'asc' } });
    expect(quotes.map((q) => q.conversation?.channel).sort()).toEqual(['email', 'web', 'wechat', 'whatsapp']);
    const shape = (q: (typeof quotes)[number]) => ({
      currency: q.currency,
      totalMinor: String(q.totalMinor),
      totalUsdMinor: String(q.totalUsdMinor),
      lines: q.lines.map((l) => ({ sku: l.sku, quantity: l.quantity, unit: String(l.unitPriceUsdMinor) })),
    });
    for (const quote of quotes) expect(shape(quote)).toEqual(shape(quotes[0]!));
    expect(shape(quotes[0]!).lines).toEqual([{ sku: 'ESIM-JP-1GB-7D', quantity: 20, unit: expect.any(String) }]);
    // And each channel's text says the same thing, but for its own reference.
    const withoutRef = (text: string) => text.replace(/Q-\d+/g, 'Q-#');
    const texts = Object.values(quoteTexts()).map((t) => withoutRef(t!).trim());
    expect(new Set(texts).size).toBe(1);
  }, 60_000);
});
