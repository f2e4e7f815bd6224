import { parseWhatsApp } from '../../channels/whatsapp/parse';
import { fixtureNames, whatsappFixture } from '../support/channel-fixtures';

// whatsapp-web.js Message payloads (with their downloaded media) -> the inbound message.

describe('parseWhatsApp on recorded whatsapp-web.js messages', () => {
  test('a one-to-one text: the number is the conversation, the body the text', async () => {
    const inbound = await parseWhatsApp(whatsappFixture('text-order'));
    expect(inbound).toMatchObject({
      channel: 'whatsapp',
      externalId: 'false_66812345601@c.us_3EB0C431C26A1916B7E5',
      conversationKey: 'whatsapp:+66812345601',
      sender: { address: '+66812345601', authenticated: true },
      text: 'Japan 1GB 7 days x 20 please',
      attachments: [],
      receivedAt: new Date(1795766690 * 1000),
    });
    expect(inbound!.fromSelf).toBeUndefined();
  });

  test('a CSV document is read as order lines and kept as a file', async () => {
    const inbound = await parseWhatsApp(whatsappFixture('document-purchase-order'));
    expect(inbound!.text).toBe('[Attachment: pedido-noviembre.csv]\nJapan 1GB 7 days x 40\nESIM-TH-UNL-10D x 1000');
    expect(inbound!.attachments.map((a) => [a.kind, a.mimeType, a.filename])).toEqual([['file', 'text/csv', 'pedido-noviembre.csv']]);
    expect((await inbound!.attachments[0]!.fetch()).toString()).toContain('Producto,Cantidad');
  });

  test('an image keeps its caption as the text; a nameless one is named by its type', async () => {
    const inbound = await parseWhatsApp(whatsappFixture('image-with-caption'));
    expect(inbound!.text).toBe('this QR does not scan, can you resend?');
    expect(inbound!.attachments.map((a) => [a.kind, a.mimeType, a.filename])).toEqual([['image', 'image/jpeg', 'image']]);
  });

  test('without its media (not downloaded, or gone), a media message is its text alone', async () => {
    const { message } = whatsappFixture('image-with-caption');
    expect((await parseWhatsApp({ message }))!.attachments).toEqual([]);
  });

  test('our own message is marked fromSelf, on the chat it went to, and its media is not read', async () => {
    const inbound = await parseWhatsApp(whatsappFixture('own-echo'));
    expect(inbound).toMatchObject({ fromSelf: true, conversationKey: 'whatsapp:+66812345601', sender: { address: '+66800000000' } });
  });

  test('groups and status updates are not conversations', async () => {
    expect(await parseWhatsApp(whatsappFixture('group'))).toBeNull();
    expect(await parseWhatsApp(whatsappFixture('status-update'))).toBeNull();
  });

  test('what is not a message of the library\'s shape is null, not a throw', async () => {
    expect(await parseWhatsApp({ message: null })).toBeNull();
    expect(await parseWhatsApp({ message: { id: 'x', from: 1 } })).toBeNull();
  });

  test.each(fixtureNames('whatsapp'))('fixture %s parses without throwing', async (name) => {
    await expect(parseWhatsApp(whatsappFixture(name))).resolves.toBeDefined();
  });
});
