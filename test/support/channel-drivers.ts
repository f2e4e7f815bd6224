import { ImapFlow } from 'imapflow';
import { WechatyBuilder, type Message } from 'wechaty';
import { PuppetMock, mock } from 'wechaty-puppet-mock';
import { MessageMedia } from 'whatsapp-web.js';
import { emailStores } from '../../bot/channels/email-stores';
import { wechatStores } from '../../bot/channels/wechat-stores';
import { deliveryFile } from '../../bot/delivery/files';
import { log } from '../../bot/log';
import { EmailAdapter } from '../../channels/email/adapter';
import type { ChannelAdapter, ChannelCapabilities, ChannelName, StatusListener } from '../../channels/port';
import { WechatAdapter } from '../../channels/wechat/adapter';
import { WhatsAppAdapter } from '../../channels/whatsapp/adapter';
import type { BotHarness } from './bot-harness';
import type { Dovecot } from './dovecot';
import type { SmtpInbox } from './smtp-inbox';
import type { TestDatabase } from './test-database';
import { asClient, ContractClient } from './whatsapp-contract-client';

// Each channel driven through its real test transport (the whatsapp-web.js Client contract, the
// wechaty mock puppet, Dovecot IMAP + an SMTP server, web chat over HTTP) behind one interface,
// so the contract suite runs the same cases on all of them. One reseller, B2B-002, on every channel.

/** One thing the reseller received: a text, or an attachment and how it came (`as`). */
export type Received =
  | { text: string }
  | { attachment: { kind: 'image' | 'file'; filename: string; bytes: Buffer; as: 'inline' | 'document' } };

export interface ChannelDriver {
  name: ChannelName;
  /** The conversation key the reseller's messages get, where replies must go. */
  key: string;
  capabilities: Pick<ChannelCapabilities, 'images' | 'files'>;
  /** The adapter the outbox sends through (web chat replies are read from the transcript). */
  adapter: ChannelAdapter | null;
  /** The reseller writes; `id` names the raw event, to deliver it again. */
  say(text: string, id: string): Promise<void>;
  /** The transport delivers the same raw event once more (a redelivery, a mail delivered twice). */
  redeliver(id: string): Promise<void>;
  /** A message of the bot's own account arrives as the transport delivers it; null where the channel has none. */
  echo: ((text: string, id: string) => Promise<void>) | null;
  /** Everything the reseller has received so far, in order. */
  received(): Promise<Received[]>;
  /** After the adapters are started (logins and the like). */
  ready(): Promise<void>;
  /** The channel cannot send (a dropped session, a logout, a mail server refusing), then can again; null where it cannot be down. */
  outage: { down(): Promise<void>; up(): Promise<void> } | null;
}

const NUMBER = '66812345601';
const CHAT = `${NUMBER}@c.us`;
const OUR_NUMBER = '66800000000@c.us';
export const EMAIL = 'ops@bangkokroam.test';
const OUR_EMAIL = 'orders@esimhub.test';
export const WECHAT = 'wxid_bangkok_roam';

const kindOf = (mimeOrName: string) => (/image\/|\.png$/.test(mimeOrName) ? ('image' as const) : ('file' as const));

export function whatsappDriver(db: TestDatabase, status: StatusListener): ChannelDriver {
  const clients: ContractClient[] = [];
  let behaviour = { linked: true, becomesReady: true };
  const client = () => clients[clients.length - 1]!;
  const events = new Map<string, ReturnType<typeof ContractClient.message>>();
  const adapter = new WhatsAppAdapter({
    createClient: () => {
      clients.push(new ContractClient(behaviour));
      return asClient(client());
    },
    status,
    reconnectMs: 20,
    createMedia: (mime, data, filename) => new MessageMedia(mime, data, filename),
    stores: { file: (url) => deliveryFile(db, url) },
    log,
    sendIntervalMs: 1,
    printQr: false,
  });
  return {
    name: 'whatsapp',
    key: `whatsapp:+${NUMBER}`,
    capabilities: adapter.capabilities,
    adapter,
    async say(text, id) {
      const message = ContractClient.message(CHAT, text, id);
      events.set(id, message);
      client().emit('message', message);
    },
    async redeliver(id) {
      client().emit('message', events.get(id)!);
    },
    async echo(text, id) {
      // What the phone itself sent: fromMe, from our number to the reseller's chat.
      client().emit('message', ContractClient.message(OUR_NUMBER, text, id, { fromMe: true, to: CHAT, id: { fromMe: true, remote: CHAT, id, _serialized: `true_${CHAT}_${id}` } } as never));
    },
    async received() {
      return clients
        .flatMap((c) => c.sent)
        .filter((s) => s.chatId === CHAT)
        .map((s): Received => {
          if (!(s.content instanceof MessageMedia)) return { text: String(s.content) };
          const media = s.content;
          return { attachment: { kind: kindOf(media.mimetype), filename: media.filename ?? '', bytes: Buffer.from(media.data, 'base64'), as: s.options?.sendMediaAsDocument ? 'document' : 'inline' } };
        });
    },
    ready: async () => {
      while (!adapter.isReady) await new Promise((resolve) => setTimeout(resolve, 10));
    },
    outage: {
      // The session drops and the new one does not get ready until up(): WhatsApp Web reconnecting.
      async down() {
        behaviour = { linked: true, becomesReady: false };
        const dropped = clients.length;
        client().emit('disconnected', 'NAVIGATION');
        while (clients.length === dropped) await new Promise((resolve) => setTimeout(resolve, 10));
      },
      async up() {
        behaviour = { linked: true, becomesReady: true };
        client().emit('ready');
        while (!adapter.isReady) await new Promise((resolve) => setTimeout(resolve, 10));
      },
    },
  };
}

export function wechatDriver(db: TestDatabase, status: StatusListener): ChannelDriver {
  const mocker = new mock.Mocker();
  const wechaty = WechatyBuilder.build({ puppet: new PuppetMock({ mocker }) });
  const adapter = new WechatAdapter(wechaty, wechatStores(db), { log, status });
  const puppetIds = new Map<string, string>();
  const echoes = new Set<string>();
  const received: Promise<Received | null>[] = [];
  // What the bot account sends shows up as its own messages: that is what the reseller receives.
  wechaty.on('message', (message: Message) => {
    if (!message.self() || message.listener()?.id !== WECHAT) return;
    received.push(
      (async (): Promise<Received | null> => {
        if (message.type() === wechaty.Message.Type.Text) return echoes.has(message.text()) ? null : { text: message.text() };
        const box = await message.toFileBox();
        return { attachment: { kind: kindOf(box.name), filename: box.name, bytes: await box.toBuffer(), as: 'inline' } };
      })(),
    );
  });
  let reseller: mock.ContactMock;
  let botUser: mock.ContactMock;
  /** The mock puppet names its messages itself: the id of the one just said. */
  const sayAndName = (say: () => void): string => {
    let emitted = '';
    const listener = ({ messageId }: { messageId: string }) => {
      emitted = messageId;
    };
    wechaty.puppet.on('message', listener);
    say();
    wechaty.puppet.off('message', listener);
    return emitted;
  };
  return {
    name: 'wechat',
    key: `wechat:${WECHAT}`,
    capabilities: adapter.capabilities,
    adapter,
    async say(text, id) {
      puppetIds.set(id, sayAndName(() => reseller.say(text).to(botUser)));
    },
    async redeliver(id) {
      wechaty.puppet.emit('message', { messageId: puppetIds.get(id)! });
    },
    async echo(text) {
      echoes.add(text);
      botUser.say(text).to(reseller);
    },
    async received() {
      return (await Promise.all(received)).filter((r): r is Received => r !== null);
    },
    async ready() {
      mocker.scan('https://login.weixin.qq.com/mock', 0);
      botUser = mocker.createContact({ name: 'eSIM Hub' });
      mocker.login(botUser);
      reseller = mocker.createContact({ id: WECHAT, name: 'Somchai' } as never);
      while (!wechaty.isLoggedIn) await new Promise((resolve) => setTimeout(resolve, 10));
    },
    outage: {
      // The bot account is logged out, then logs in again.
      async down() {
        await wechaty.puppet.logout('contract test: logged out');
        while (wechaty.isLoggedIn) await new Promise((resolve) => setTimeout(resolve, 10));
      },
      async up() {
        mocker.login(botUser);
        while (!wechaty.isLoggedIn) await new Promise((resolve) => setTimeout(resolve, 10));
      },
    },
  };
}

export function emailDriver(db: TestDatabase, dovecot: Dovecot, smtp: SmtpInbox, status: StatusListener): ChannelDriver {
  const adapter = new EmailAdapter({ imapUrl: dovecot.url, smtpUrl: smtp.url, from: OUR_EMAIL, authservId: 'mx.esimhub.test', reconnectMs: 100, log, status }, emailStores(db));
  const sources = new Map<string, string>();
  const append = async (source: string) => {
    const client = new ImapFlow({ host: '127.0.0.1', port: dovecot.port, secure: false, doSTARTTLS: false, auth: { user: dovecot.user, pass: dovecot.password }, logger: false });
    await client.connect();
    await client.append('INBOX', source);
    await client.logout();
  };
  // A reply's subject ("Re: ...") is not read as part of the order: the body alone is the message.
  const mail = (from: string, text: string, id: string) =>
    [`From: ${from}`, `To: ${OUR_EMAIL}`, 'Subject: Re: eSIM Hub', `Message-ID: <${id}@bangkokroam.test>`, `Date: ${new Date().toUTCString()}`,
      'Authentication-Results: mx.esimhub.test; dmarc=pass header.from=bangkokroam.test', 'Content-Type: text/plain; charset=utf-8', '', text, ''].join('\r\n');
  return {
    name: 'email',
    key: `email:${EMAIL}`,
    capabilities: adapter.capabilities,
    adapter,
    async say(text, id) {
      sources.set(id, mail(`Ops <${EMAIL}>`, text, id));
      await append(sources.get(id)!);
    },
    async redeliver(id) {
      await append(sources.get(id)!); // the same mail delivered twice: a new UID, the same Message-ID
    },
    async echo(text, id) {
      await append(mail(`eSIM Hub <${OUR_EMAIL}>`, text, id).replace('header.from=bangkokroam.test', 'header.from=esimhub.test'));
    },
    async received() {
      return smtp.mails
        .filter((m) => m.to && !Array.isArray(m.to) && m.to.value[0]?.address === EMAIL)
        .flatMap((m): Received[] => [
          { text: (m.text ?? '').trimEnd() },
          ...m.attachments.map((a): Received => ({ attachment: { kind: kindOf(a.contentType), filename: a.filename ?? '', bytes: a.content, as: a.contentId ? 'inline' : 'document' } })),
        ]);
    },
    ready: async () => undefined,
    outage: {
      // The mail server refuses for a while (451): the reply is retried until it takes it.
      down: async () => {
        smtp.refusing = true;
      },
      up: async () => {
        smtp.refusing = false;
      },
    },
  };
}

/** Web chat: not an adapter yet; its replies are read by polling, as the page does. */
export function webDriver(chat: BotHarness): ChannelDriver {
  const from = `+${NUMBER}`;
  const texts = new Map<string, string>();
  const received: Received[] = [];
  const post = async (text: string, id: string) => {
    const response = await chat.post(from, text, id);
    if (response.status !== 202) throw new Error(`POST /webchat/messages answered ${response.status}`);
  };
  const bytes = async (url: string) => Buffer.from(await (await fetch(`${chat.url}${url}`)).arrayBuffer());
  return {
    name: 'web',
    key: `web:${from}`,
    // The page shows images inline and offers files for download.
    capabilities: { images: 'inline', files: true },
    adapter: null,
    async say(text, id) {
      texts.set(id, text);
      await post(text, id);
    },
    async redeliver(id) {
      await post(texts.get(id)!, id);
    },
    echo: null,
    outage: null, // the bot's own HTTP server: down only with the bot
    async received() {
      for (const m of await chat.replies(from)) {
        received.push({ text: m.text });
        for (const image of m.images) received.push({ attachment: { kind: 'image', filename: image.url.split('/').pop()!, bytes: await bytes(image.url), as: 'inline' } });
        for (const file of m.files) received.push({ attachment: { kind: 'file', filename: file.filename, bytes: await bytes(file.url), as: 'document' } });
      }
      return [...received];
    },
    ready: async () => undefined,
  };
}
