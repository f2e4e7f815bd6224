import { simpleParser } from 'mailparser';
import { needsOwnCheck, parseEmail, type EmailContext } from '../../channels/email/parse';
import { emailFixture, fixtureNames } from '../support/channel-fixtures';

// Recorded RFC 822 sources (read by mailparser as the inbox reader does) -> the inbound message.

const context: EmailContext = { ownAddress: 'orders@esimhub.test', authservId: 'mx.esimhub.test', uidValidity: 1700000001, uid: 42, receivedAt: new Date('2026-11-26T00:14:02Z') };
const read = async (name: string) => simpleParser(emailFixture(name));

describe('parseEmail on recorded mails', () => {
  test('an order with an encoded Korean subject, a CSV purchase order (RFC 2231 name) and an inline image', async () => {
    const mail = await read('order-with-attachments');
    expect(needsOwnCheck(mail, context)).toBe(false); // our server's dmarc=pass decides
    const inbound = await parseEmail(mail, context);
    expect(inbound).toMatchObject({
      channel: 'email',
      externalId: '<CAH7x9Q1vA2mZ+po7781@mail.seoulmobile.kr>',
      conversationKey: 'email:orders@seoulmobile.kr',
      sender: { address: 'orders@seoulmobile.kr', displayName: '김지우', authenticated: true },
      receivedAt: context.receivedAt,
      thread: { subject: '주문: Japan 1GB 7 days x 20', messageId: '<CAH7x9Q1vA2mZ+po7781@mail.seoulmobile.kr>', references: [], authentication: 'dmarc=pass' },
    });
    expect(inbound!.text.split('\n')).toEqual([
      'Subject: 주문: Japan 1GB 7 days x 20',
      '',
      'Hello eSIM Hub,',
      '',
      'please quote the attached purchase order, and also Japan 1GB 7 days x 20.',
      '',
      '감사합니다,',
      'Kim Ji-woo',
      'Seoul Mobile Partners',
      '',
      '[Attachment: 발주서.csv]',
      'ESIM-JP-10GB-15D x 500',
      'ESIM-TH-UNL-10D x 1200',
    ]);
    expect(inbound!.attachments.map((a) => [a.kind, a.mimeType, a.filename])).toEqual([
      ['file', 'text/csv', '발주서.csv'],
      ['image', 'image/png', 'logo.png'],
    ]);
    expect(inbound!.fromSelf).toBeUndefined();
  });

  test('a reply in GB18030: the "回复:" subject is not read, the quoted quote is dropped, the thread is kept', async () => {
    const inbound = await parseEmail(await read('reply-quoted'), context);
    expect(inbound).toMatchObject({
      conversationKey: 'email:purchasing@youyi-travel.cn',
      sender: { displayName: '陈洁', authenticated: true },
      text: '确认，谢谢',
      inReplyTo: '<quote.Q-000123.1@esimhub.test>',
      thread: { subject: '回复: 报价 Q-000123', references: ['<po-1@youyi-travel.cn>', '<quote.Q-000123.1@esimhub.test>'] },
    });
  });

  test('a mail from our own address is marked fromSelf (no DNS check is asked for)', async () => {
    const mail = await read('own-address');
    expect(needsOwnCheck(mail, context)).toBe(false);
    expect(await parseEmail(mail, context)).toMatchObject({ fromSelf: true, conversationKey: 'email:orders@esimhub.test' });
  });

  test('an auto-reply is not for the bot', async () => {
    expect(await parseEmail(await read('auto-reply'), context)).toBeNull();
  });

  test('a DMARC fail from our server stands: not authenticated, and no own check', async () => {
    const mail = await read('dmarc-fail');
    expect(needsOwnCheck(mail, context)).toBe(false);
    expect(await parseEmail(mail, context)).toMatchObject({ sender: { address: 'orders@seoulmobile.kr', authenticated: false }, thread: { authentication: 'dmarc=fail' } });
  });

  test('without a trusted header the own check is asked for, and its result decides', async () => {
    const mail = await read('order-with-attachments');
    const untrusted = { ...context, authservId: undefined };
    expect(needsOwnCheck(mail, untrusted)).toBe(true);
    expect((await parseEmail(mail, untrusted))!.sender.authenticated).toBe(false);
    const checked = await parseEmail(mail, { ...untrusted, ownCheck: { pass: true, reason: 'mailauth dmarc=pass' } });
    expect(checked!.sender.authenticated).toBe(true);
    expect(checked!.thread!.authentication).toBe('EMAIL_AUTHSERV_ID is not set: no Authentication-Results header is trusted; mailauth dmarc=pass');
  });

  test.each(fixtureNames('email'))('fixture %s parses without throwing', async (name) => {
    await expect(read(name).then((mail) => parseEmail(mail, context))).resolves.toBeDefined();
  });
});
