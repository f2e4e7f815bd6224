import { ChannelUnavailableError, InvalidMessageError, RateLimitedError, RecipientUnreachableError } from '../../channels/errors';
import { GraphApiError } from '../../channels/whatsapp-cloud/graph-api';
import { channelError } from '../../channels/whatsapp-cloud/graph-errors';
import { mediaOf, parseCloudMessage } from '../../channels/whatsapp-cloud/parse';
import { SendPacing } from '../../channels/whatsapp-cloud/send-pacing';
import { templateBody, templateChoice, templateParameter } from '../../channels/whatsapp-cloud/template-message';
import { handshakeChallenge, signatureMatches } from '../../channels/whatsapp-cloud/webhook-auth';
import { webhookContents } from '../../channels/whatsapp-cloud/webhook-payload';
import { buttonReply, document, envelope, image, messagesBody, PHONE_NUMBER_ID, reaction, signature, statusBody, text } from '../support/cloud-webhook-payloads';

const SECRET = 'f3c1a9e2b7d4';

describe('webhook signature and handshake', () => {
  const raw = Buffer.from(JSON.stringify(messagesBody([text('66812345601', 'wamid.A', 'Japan 1GB 7 days x 2')])));

  test('only the HMAC-SHA256 of these exact bytes with the app secret passes', () => {
    expect(signatureMatches(raw, signature(raw, SECRET), SECRET)).toBe(true);
    expect(signatureMatches(raw, signature(raw, SECRET).toUpperCase().replace('SHA256=', 'sha256='), SECRET)).toBe(true);
    expect(signatureMatches(raw, signature(raw, 'other'), SECRET)).toBe(false);
    expect(signatureMatches(Buffer.concat([raw, Buffer.from(' ')]), signature(raw, SECRET), SECRET)).toBe(false);
    for (const header of [undefined, '', 'sha256=', 'sha256=abc', signature(raw, SECRET).replace('sha256', 'sha1'), `${signature(raw, SECRET)}00`]) {
      expect(signatureMatches(raw, header, SECRET)).toBe(false);
    }
  });

  test('the challenge comes back only for subscribe with our token', () => {
    expect(handshakeChallenge({ 'hub.mode': 'subscribe', 'hub.verify_token': 'tok', 'hub.challenge': '1158201444' }, 'tok')).toBe('1158201444');
    expect(handshakeChallenge({ 'hub.mode': 'subscribe', 'hub.verify_token': 'to', 'hub.challenge': '1' }, 'tok')).toBeNull();
    expect(handshakeChallenge({ 'hub.mode': 'subscribe', 'hub.verify_token': ['tok'], 'hub.challenge': '1' }, 'tok')).toBeNull();
    expect(handshakeChallenge({ 'hub.mode': 'subscribe', 'hub.verify_token': 'tok' }, 'tok')).toBeNull();
    expect(handshakeChallenge({ 'hub.verify_token': 'tok', 'hub.challenge': '1' }, 'tok')).toBeNull();
  });
});

describe('webhook contents', () => {
  test('messages with the sender\'s name, and statuses, for our number only', () => {
    const body = messagesBody([text('66812345601', 'wamid.A', 'hi'), buttonReply('66812345601', 'wamid.B', 'Yes')]);
    const contents = webhookContents(body, PHONE_NUMBER_ID);
    expect(contents.messages.map((m) => [m.message.id, m.displayName])).toEqual([['wamid.A', 'Somchai P.'], ['wamid.B', 'Somchai P.']]);
    expect(webhookContents(messagesBody([text('66812345601', 'wamid.A', 'hi')], 'x', '999999999'), PHONE_NUMBER_ID)).toMatchObject({ messages: [], elsewhere: 1 });
    expect(webhookContents(messagesBody([{ ...text('66812345601', 'wamid.T', 'hi'), timestamp: '1e20' }]), PHONE_NUMBER_ID)).toMatchObject({ messages: [], skipped: 1 });
    const status = webhookContents(statusBody('wamid.C', 'failed', '34612345603', { code: 131026, title: 'Message undeliverable' }), PHONE_NUMBER_ID);
    expect(status.statuses).toEqual([expect.objectContaining({ id: 'wamid.C', status: 'failed', errors: [expect.objectContaining({ code: 131026 })] })]);
  });

  test('what does not fit the documented shapes is skipped alone; other objects and fields are not ours', () => {
    const body = envelope({ messages: [{ from: 'not-a-number', id: 'x', timestamp: '1', type: 'text' }, text('66812345601', 'wamid.OK', 'fine')], statuses: [{ id: 'wamid.S', status: 'exploded', timestamp: '1' }] });
    const contents = webhookContents(body, PHONE_NUMBER_ID);
    expect(contents.messages.map((m) => m.message.id)).toEqual(['wamid.OK']);
    expect(contents.skipped).toBe(2);
    expect(webhookContents({ object: 'page', entry: [] }, PHONE_NUMBER_ID)).toEqual({ messages: [], statuses: [], skipped: 1, elsewhere: 0 });
    expect(webhookContents({ object: 'whatsapp_business_account', entry: [{ changes: [{ field: 'account_update', value: {} }] }] }, PHONE_NUMBER_ID).skipped).toBe(0);
    for (const junk of [null, 42, 'x', [], { object: 'whatsapp_business_account' }]) expect(webhookContents(junk, PHONE_NUMBER_ID).messages).toEqual([]);
  });
});

describe('a Cloud API message as the pipeline takes it', () => {
  const only = (body: Record<string, unknown>) => webhookContents(body, PHONE_NUMBER_ID).messages[0]!.message;

  test('text, button and list replies; the number with + is the conversation', async () => {
    const inbound = (await parseCloudMessage(only(messagesBody([text('66812345601', 'wamid.A', 'Japan 1GB 7 days x 2')])), 'Somchai P.', null))!;
    expect(inbound).toMatchObject({ channel: 'whatsapp', externalId: 'wamid.A', conversationKey: 'whatsapp:+66812345601', sender: { address: '+66812345601', displayName: 'Somchai P.', authenticated: true }, text: 'Japan 1GB 7 days x 2' });
    expect((await parseCloudMessage(only(messagesBody([buttonReply('66812345601', 'wamid.B', 'Confirm', 'wamid.Q')])), undefined, null))).toMatchObject({ text: 'Confirm', inReplyTo: 'wamid.Q' });
    const list = { from: '66812345601', id: 'wamid.L', timestamp: '1764000000', type: 'interactive', interactive: { type: 'list_reply', list_reply: { id: 'jp', title: 'Japan 5GB 30 days' } } };
    expect((await parseCloudMessage(only(messagesBody([list])), undefined, null))!.text).toBe('Japan 5GB 30 days');
    expect(await parseCloudMessage(only(messagesBody([reaction('66812345601', 'wamid.R', 'wamid.A')])), undefined, null)).toBeNull();
  });

  test('a CSV purchase order by document is read into lines after its caption; an image keeps its caption', async () => {
    const message = only(messagesBody([document('34612345603', 'wamid.D', '1482', 'PO-2026-0412.csv', 'text/csv', 'Pedido adjunto')]));
    expect(mediaOf(message)).toEqual({ id: '1482', mimeType: 'text/csv', filename: 'PO-2026-0412.csv' });
    const csv = Buffer.from('SKU,Qty\nESIM-JP-1GB-7D,40\n');
    const inbound = (await parseCloudMessage(message, undefined, { bytes: csv, mimeType: 'text/csv' }))!;
    expect(inbound.text.split('\n')[0]).toBe('Pedido adjunto');
    expect(inbound.text).toContain('[Attachment: PO-2026-0412.csv]');
    expect(inbound.attachments.map((a) => [a.kind, a.filename])).toEqual([['file', 'PO-2026-0412.csv']]);
    expect((await parseCloudMessage(message, undefined, null))!.text).toBe('Pedido adjunto');
    const withoutCaption = only(messagesBody([document('34612345603', 'wamid.E', '1483', 'scan.pdf', 'application/pdf')]));
    expect((await parseCloudMessage(withoutCaption, undefined, null))!.text).toBe('scan.pdf');
    const photo = (await parseCloudMessage(only(messagesBody([image('34612345603', 'wamid.I', '1484', 'the QR does not scan')])), undefined, { bytes: Buffer.from([1]), mimeType: 'image/jpeg' }))!;
    expect(photo).toMatchObject({ text: 'the QR does not scan', attachments: [expect.objectContaining({ kind: 'image', filename: 'image.jpeg' })] });
  });
});

describe('the template outside the 24-hour window', () => {
  test('name and language from the setting; the text flattened to what Meta accepts', () => {
    expect(templateChoice('order_update:en_US')).toEqual({ name: 'order_update', language: 'en_US' });
    expect(templateChoice('order_update')).toEqual({ name: 'order_update', language: 'en' });
    expect(templateParameter('Line one\n\n\tLine    two  ')).toBe('Line one · Line two');
    const long = templateParameter('x'.repeat(5000));
    expect(long).toHaveLength(1000);
    expect(long.endsWith('…')).toBe(true);
    expect(templateBody('66812345601', { name: 't', language: 'es' }, 'Hola')).toEqual({ to: '66812345601', type: 'template', template: { name: 't', language: { code: 'es' }, components: [{ type: 'body', parameters: [{ type: 'text', text: 'Hola' }] }] } });
  });
});

describe('Graph errors as the outbox\'s typed errors', () => {
  const graph = (httpStatus: number, code: number | null, retryAfterMs: number | null = null) => new GraphApiError(`Graph API error ${code}`, httpStatus, code, null, null, retryAfterMs);

  test.each([
    [graph(400, 130429), RateLimitedError, false],
    [graph(400, 131056), RateLimitedError, false],
    [graph(429, null), RateLimitedError, false],
    [graph(401, 190), ChannelUnavailableError, true],
    [graph(403, 200), ChannelUnavailableError, true],
    [graph(400, 131026), RecipientUnreachableError, false],
    [graph(400, 131030), RecipientUnreachableError, false],
    [graph(400, 132001), ChannelUnavailableError, true],
    [graph(400, 100), InvalidMessageError, false],
    [graph(500, 131000), GraphApiError, false],
    [graph(0, null), GraphApiError, false],
  ])('HTTP %#: %p', (error, type, alert) => {
    const mapped = channelError(error);
    expect(mapped.error).toBeInstanceOf(type);
    expect(mapped.alert).toBe(alert);
  });

  test('a rate limit waits what Graph said, else what the limit implies', () => {
    expect((channelError(graph(400, 130429, 7_000)).error as RateLimitedError).retryAfterMs).toBe(7_000);
    expect((channelError(graph(400, 131056)).error as RateLimitedError).retryAfterMs).toBe(6_000);
  });
});

describe('pacing', () => {
  test('per recipient: a burst, then one every 6 s; others are not held up by them', () => {
    let now = 1_000_000;
    const pacing = new SendPacing({ intervalMs: 1000 / 80, burst: 80 }, { intervalMs: 6_000, burst: 3 }, () => now);
    const send = (to: string) => pacing.reserveRecipient(to) + pacing.reserveNumber();
    expect([send('a'), send('a'), send('a')]).toEqual([0, 0, 0]);
    expect(pacing.wouldWait('a')).toBe(6_000);
    expect(pacing.reserveRecipient('a')).toBe(6_000);
    expect(pacing.reserveRecipient('b')).toBe(0);
    now += 12_000;
    expect(pacing.reserveRecipient('a')).toBe(0);
  });

  test('per number: no more than its throughput in a second', () => {
    const now = 5_000;
    const pacing = new SendPacing({ intervalMs: 100, burst: 10 }, { intervalMs: 6_000, burst: 20 }, () => now);
    const waits = Array.from({ length: 15 }, (_, i) => pacing.reserveRecipient(`r${i}`) + pacing.reserveNumber());
    expect(waits.slice(0, 10).every((w) => w === 0)).toBe(true);
    expect(waits.slice(10)).toEqual([100, 200, 300, 400, 500]);
  });
});
