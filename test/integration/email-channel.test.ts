import { generateKeyPairSync } from 'node:crypto';
import { ImapFlow } from 'imapflow';
import MailComposer from 'nodemailer/lib/mail-composer';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { dkimSign } = require('mailauth/lib/dkim/sign') as { dkimSign: (message: string, options: unknown) => Promise<{ signatures: string; errors: unknown[] }> };
import { EmailAdapter } from '../../channels/email/adapter';
import { emailStores } from '../../bot/channels/email-stores';
import { loadConfig } from '../../bot/config';
import { postEntry } from '../../bot/ledger/ledger-store';
import { log } from '../../bot/log';
import { OutboxDispatcher } from '../../bot/outbox/dispatcher';
import { Bot } from '../../bot/pipeline/bot';
import { createSandboxSupplier } from '../../bot/supplier/sandbox-supplier';
import * as events from '../../domain/ledger/events';
import { Dovecot } from '../support/dovecot';
import { auditLedger } from '../support/ledger-auditor';
import { SmtpInbox } from '../support/smtp-inbox';
import { decodeQr } from '../support/qr';
import { until } from '../support/until';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

const RESELLER = 'orders@seoulmobile.kr'; // B2B-007, prepaid USD
const US = 'orders@esimhub.test';

function mail(headers: Record<string, string>, body: string): string {
  const lines = Object.entries({ From: `Kim Ji-woo <${RESELLER}>`, To: US, Date: new Date().toUTCString(), ...headers }).map(([k, v]) => `${k}: ${v}`);
  return `${lines.join('\r\n')}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${body.replace(/\n/g, '\r\n')}\r\n`;
}

describe('the email channel against Dovecot IMAP and an SMTP server', () => {
  let db: TestDatabase;
  let dovecot: Dovecot;
  let smtp: SmtpInbox;
  let bot: Bot;
  let adapter: EmailAdapter;
  let outbox: OutboxDispatcher;
  const append = async (source: string) => {
    const client = new ImapFlow({ host: '127.0.0.1', port: dovecot.port, secure: false, doSTARTTLS: false, auth: { user: dovecot.user, pass: dovecot.password }, logger: false });
    await client.connect();
    await client.append('INBOX', source);
    await client.logout();
  };
  const startAdapter = async () => {
    adapter = new EmailAdapter({ imapUrl: dovecot.url, smtpUrl: smtp.url, from: US, authservId: 'mx.esimhub.test', reconnectMs: 100, log, status: () => undefined }, emailStores(db));
    outbox = new OutboxDispatcher(db, [adapter], { pollMs: 100 });
    await adapter.start(bot);
    outbox.start();
  };

  beforeAll(async () => {
    [db, dovecot, smtp] = await Promise.all([createTestDatabase('pglite', { seed: true }), Dovecot.start(), SmtpInbox.start()]);
    const topUp = events.prepaidTopUp({ customerId: 'B2B-007', currency: 'USD', amountMinor: 50_000, usdMinor: 50_000 }, 'BANK-E1', '2026-11-25T09:00:00.000Z');
    expect((await db.prisma.$transaction((tx) => postEntry(tx, topUp))).ok).toBe(true);
    bot = new Bot({ db, config: loadConfig({ DEMO_MODE: '0' }), supplier: createSandboxSupplier(), sleep: async () => undefined });
    bot.activity.on('replied', () => outbox.wake());
    await startAdapter();
  });

  afterAll(async () => {
    await adapter.stop();
    await outbox.stop();
    await bot.stop();
    await Promise.all([dovecot.stop(), smtp.stop(), db.close()]);
  });

  test('an order email is quoted on its thread; a confirming reply after a dropped connection brings the eSIMs, once', async () => {
    const auth = 'mx.esimhub.test; spf=pass smtp.mailfrom=seoulmobile.kr; dkim=pass header.d=seoulmobile.kr; dmarc=pass header.from=seoulmobile.kr';
    await append(mail({ Subject: 'Order for next week', 'Message-ID': '<po-1@seoulmobile.kr>', 'Authentication-Results': auth }, 'Hello,\nplease quote Japan 1GB 7 days x 2\nThanks, Kim'));

    const quote = await smtp.waitFor((m) => /Quote Q-\d+/.test(m.text ?? ''));
    expect(quote.to).toMatchObject({ value: [{ address: RESELLER }] });
    expect(quote.subject).toBe('Re: Order for next week');
    expect(quote.inReplyTo).toBe('<po-1@seoulmobile.kr>');
    const quoteRef = /Q-\d+/.exec(quote.text!)![0];

    // Every IMAP connection drops; the reply arrives while the adapter reconnects.
    await dovecot.restart();
    await append(
      mail(
        { Subject: 'Re: Order for next week', 'Message-ID': '<po-2@seoulmobile.kr>', 'In-Reply-To': quote.messageId!, References: `<po-1@seoulmobile.kr> ${quote.messageId}`, 'Authentication-Results': auth },
        `yes, go ahead\n\nOn Wed, 25 Nov 2026 at 10:00, eSIM Hub <${US}> wrote:\n> ${quote.text!.split('\n').join('\n> ')}`,
      ),
    );
    const delivered = await smtp.waitFor((m) => /Here are your 2 eSIM/.test(m.text ?? ''));
    expect(delivered.inReplyTo).toBe('<po-2@seoulmobile.kr>');
    expect(delivered.references).toEqual(expect.arrayContaining(['<po-1@seoulmobile.kr>', '<po-2@seoulmobile.kr>']));
    const images = delivered.attachments.filter((a) => a.contentType === 'image/png');
    expect(images).toHaveLength(2);
    for (const image of images) {
      expect(image.contentId).toBeTruthy();
      expect(delivered.html).toContain(`cid:${image.contentId!.replace(/[<>]/g, '')}`);
      expect(decodeQr(image.content)).toMatch(/^LPA:1\$[^$]+\$TEST-/);
    }
    expect(delivered.text).toContain(quoteRef.replace('Q-', '') ? 'ORD-' : '');

    // Nothing doubled: two inbound messages, each reply mailed once, the ledger balanced.
    await bot.idle();
    const inbound = await db.prisma.message.count({ where: { channel: 'email', direction: 'inbound' } });
    expect(inbound).toBe(2);
    const subjects = smtp.mails.map((m) => m.text!.split('\n')[0]);
    expect(new Set(subjects).size).toBe(subjects.length);
    expect(await db.prisma.outboxMessage.count({ where: { channel: 'email', status: { not: 'sent' } } })).toBe(0);
    expect(await auditLedger(db.pool)).toEqual([]);
  }, 60_000);

  test('a restarted adapter reads from its checkpoint: nothing is acted on twice', async () => {
    const before = smtp.mails.length;
    await adapter.stop();
    await outbox.stop();
    await startAdapter();
    await append(mail({ Subject: 'balance?', 'Message-ID': '<bal-1@seoulmobile.kr>', 'Authentication-Results': 'mx.esimhub.test; dmarc=pass header.from=seoulmobile.kr' }, 'What is my balance?'));
    await smtp.waitFor((m) => m.inReplyTo === '<bal-1@seoulmobile.kr>');
    await bot.idle();
    expect(smtp.mails.length).toBe(before + 1);
    expect(await db.prisma.message.count({ where: { channel: 'email', direction: 'inbound' } })).toBe(3);
  }, 30_000);

  test('a UIDVALIDITY change re-reads the mailbox without acting on anything twice', async () => {
    const before = smtp.mails.length;
    const inbound = await db.prisma.message.count({ where: { channel: 'email', direction: 'inbound' } });
    await adapter.stop();
    await outbox.stop();
    // As if the server had rebuilt the mailbox: the stored checkpoint no longer matches.
    await db.prisma.emailCheckpoint.updateMany({ data: { uidValidity: 1n, lastUid: 999n } });
    await startAdapter();
    await append(mail({ Subject: 'status', 'Message-ID': '<st-1@seoulmobile.kr>', 'Authentication-Results': 'mx.esimhub.test; dmarc=pass header.from=seoulmobile.kr' }, 'status of my orders?'));
    await smtp.waitFor((m) => m.inReplyTo === '<st-1@seoulmobile.kr>');
    await bot.idle();
    expect(smtp.mails.length).toBe(before + 1);
    expect(await db.prisma.message.count({ where: { channel: 'email', direction: 'inbound' } })).toBe(inbound + 1);
    const checkpoint = await db.prisma.emailCheckpoint.findFirstOrThrow();
    expect(checkpoint.uidValidity).not.toBe(1n);
  }, 30_000);

  test('without a trusted header, the bot checks DKIM and DMARC itself (mailauth): a signed mail is the reseller\'s, a forged one is not', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const dns: Record<string, string> = {
      'sel1._domainkey.seoulmobile.kr': `v=DKIM1; k=rsa; p=${publicKey.export({ type: 'spki', format: 'der' }).toString('base64')}`,
      '_dmarc.seoulmobile.kr': 'v=DMARC1; p=reject',
    };
    const resolver = async (name: string, type: string) => {
      const record = type === 'TXT' ? dns[name.toLowerCase()] : undefined;
      if (!record) throw Object.assign(new Error(`queryTxt ENOTFOUND ${name}`), { code: 'ENOTFOUND' });
      return [[record]];
    };
    await adapter.stop();
    await outbox.stop();
    adapter = new EmailAdapter({ imapUrl: dovecot.url, smtpUrl: smtp.url, from: US, reconnectMs: 100, resolver, log, status: () => undefined }, emailStores(db)); // no EMAIL_AUTHSERV_ID
    outbox = new OutboxDispatcher(db, [adapter], { pollMs: 100 });
    await adapter.start(bot);
    outbox.start();

    const unsigned = mail({ Subject: 'balance', 'Message-ID': '<signed-1@seoulmobile.kr>', 'Authentication-Results': 'mx.esimhub.test; dmarc=pass header.from=seoulmobile.kr' }, 'What is my balance?');
    const signature = await dkimSign(unsigned, { signatureData: [{ signingDomain: 'seoulmobile.kr', selector: 'sel1', privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }) }] });
    expect(signature.errors).toEqual([]);
    await append(signature.signatures + unsigned);
    await smtp.waitFor((m) => m.inReplyTo === '<signed-1@seoulmobile.kr>');

    const tickets = await db.prisma.handoffTicket.count({ where: { reason: 'unverified_sender' } });
    // Same words, no signature; its A-R header names our server but EMAIL_AUTHSERV_ID is not set, so it counts for nothing.
    await append(mail({ Subject: 'balance', 'Message-ID': '<forged-1@evil.example>', 'Authentication-Results': 'mx.esimhub.test; dmarc=pass header.from=seoulmobile.kr' }, 'What is my balance?'));
    await until(async () => (await db.prisma.handoffTicket.count({ where: { reason: 'unverified_sender' } })) === tickets + 1, 'the forged mail\'s ticket');
    await bot.idle();
    expect(smtp.mails.some((m) => m.inReplyTo === '<forged-1@evil.example>')).toBe(false);

    await adapter.stop();
    await outbox.stop();
    await startAdapter();
  }, 30_000);

  test('an email whose From fails DMARC goes to staff, and the address is told nothing', async () => {
    const before = smtp.mails.length;
    await append(mail({ Subject: 'Urgent order', 'Message-ID': '<spoof-1@evil.example>', 'Authentication-Results': 'mx.esimhub.test; dmarc=fail header.from=seoulmobile.kr' }, 'Japan 1GB 7 days x 100, confirm now'));
    const spoofed = { reason: 'unverified_sender' as const, detail: { contains: 'Japan 1GB 7 days x 100' } };
    await until(async () => (await db.prisma.handoffTicket.count({ where: spoofed })) === 1, 'the spoofed mail\'s ticket');
    const ticket = await db.prisma.handoffTicket.findFirstOrThrow({ where: spoofed });
    expect(ticket.detail).toContain('Japan 1GB 7 days x 100');
    await bot.idle();
    await new Promise((r) => setTimeout(r, 500));
    expect(smtp.mails.length).toBe(before);
    expect(await db.prisma.quote.count({ where: { customerId: 'B2B-007' } })).toBe(1);
  }, 30_000);

  test('the subject is a heading: a CSV purchase order is the order, its PO number is kept; a subject naming a product never becomes a line', async () => {
    const auth = 'mx.esimhub.test; dmarc=pass header.from=seoulmobile.kr';
    const withPo = await new MailComposer({
      from: `Kim Ji-woo <${RESELLER}>`,
      to: US,
      subject: 'PO-2026-1187 Japan eSIMs',
      messageId: '<po-1187@seoulmobile.kr>',
      headers: { 'Authentication-Results': auth },
      text: 'Hello,\n\nPlease quote the attached purchase order.\n\nBest regards,\nKim Ji-woo\nSeoul Mobile Partners\n+82 2 555 7781',
      attachments: [{ filename: 'PO-2026-1187.csv', contentType: 'text/csv', content: 'SKU,Description,Qty\nESIM-JP-10GB-15D,Japan 10GB 15 days,20\nESIM-JP-3GB-15D,Japan 3GB 15 days,10\n' }],
    }).compile().build();
    await append(withPo.toString());
    const quote = await smtp.waitFor((m) => m.inReplyTo === '<po-1187@seoulmobile.kr>');
    expect(quote.text).toMatch(/^Quote Q-\d+/);
    expect(quote.text).toContain('Your reference: PO-2026-1187');
    expect(quote.text).toMatch(/- 20 x .*\(ESIM-JP-10GB-15D\)[\s\S]*- 10 x .*\(ESIM-JP-3GB-15D\)/);
    expect(quote.text).not.toContain('Which product');
    expect(quote.text!.split('\n').filter((l) => l.startsWith('- '))).toHaveLength(2); // no line read from "PO-2026-1187"
    const ref = /Q-\d+/.exec(quote.text!)![0];
    expect((await db.pool.query('SELECT customer_reference FROM quotes WHERE reference = $1', [ref])).rows[0].customer_reference).toBe('PO-2026-1187');

    await append(mail({ Subject: 'Order Japan eSIMs', 'Message-ID': '<po-1188@seoulmobile.kr>', 'Authentication-Results': auth }, 'Please quote 20 x ESIM-JP-10GB-15D and 10 x ESIM-JP-3GB-15D\n\nThanks,\nKim'));
    const second = await smtp.waitFor((m) => m.inReplyTo === '<po-1188@seoulmobile.kr>');
    expect(second.text).toMatch(/^Quote Q-\d+/);
    expect(second.text).toMatch(/- 20 x .*\(ESIM-JP-10GB-15D\)[\s\S]*- 10 x .*\(ESIM-JP-3GB-15D\)/);
    expect(second.text).not.toContain('Which product');
  }, 60_000);

  test('mails sent close together are each answered on their own thread, not on the newest one', async () => {
    const auth = 'mx.esimhub.test; spf=pass smtp.mailfrom=seoulmobile.kr; dkim=pass header.d=seoulmobile.kr; dmarc=pass header.from=seoulmobile.kr';
    // The reader is stopped while three purchase orders arrive: it then reads them in one go, each stored before the first is answered.
    await adapter.stop();
    await outbox.stop();
    const orders = [
      ['PO-2026-3112', 'Japan 1GB 7 days x 3'],
      ['PO-2026-3118', 'Korea 1GB 7 days x 4'],
      ['PO-2026-3124', 'Thailand 3GB 15 days x 5'],
    ] as const;
    for (const [po, line] of orders) {
      await append(mail({ Subject: `Order ${po}: ${line}`, 'Message-ID': `<${po.toLowerCase()}@seoulmobile.kr>`, 'Authentication-Results': auth }, `Hi,\nplease quote ${line}\nRegards, Kim`));
    }
    const before = smtp.mails.length;
    await startAdapter();
    await until(() => smtp.mails.length >= before + 3 || null, 'three answers', 30_000);
    const answers = smtp.mails.slice(before).map((m) => ({ subject: m.subject, inReplyTo: m.inReplyTo, quotes: /(\d+) x /.exec(m.text ?? '')?.[1] }));
    expect(answers).toEqual(orders.map(([po, line]) => ({ subject: `Re: Order ${po}: ${line}`, inReplyTo: `<${po.toLowerCase()}@seoulmobile.kr>`, quotes: /x (\d+)$/.exec(line)![1] })));
  }, 60_000);

});
