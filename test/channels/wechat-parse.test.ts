import { parseWechat } from '../../channels/wechat/parse';
import { fixtureNames, wechatFixture } from '../support/channel-fixtures';

// wechaty MessagePayloads (recorded from the mock puppet; the attachment as a real puppet names it)
// -> the inbound message.

describe('parseWechat on recorded wechaty message payloads', () => {
  test('a contact\'s text: the contact is the conversation', async () => {
    const inbound = await parseWechat(wechatFixture('text-order'));
    expect(inbound).toMatchObject({
      channel: 'wechat',
      externalId: 'cmwyp4e8s0003527d900mf8jw',
      conversationKey: 'wechat:wxid_youyi_chen',
      sender: { address: 'wxid_youyi_chen', displayName: '陈洁 Chen Jie', authenticated: true },
      text: '你好，日本 1GB 7天 20张',
      attachments: [],
      receivedAt: new Date(1795766690332), // milliseconds from this puppet
    });
    expect(inbound!.fromSelf).toBeUndefined();
  });

  test('a CSV attachment is read as order lines; its timestamp in seconds is a date all the same', async () => {
    const inbound = await parseWechat(wechatFixture('attachment-purchase-order'));
    expect(inbound!.text).toBe('[Attachment: 采购单.csv]\n日本 1GB 7天 x 30\nESIM-TH-UNL-10D x 15');
    expect(inbound!.attachments.map((a) => [a.kind, a.mimeType, a.filename])).toEqual([['file', 'text/csv', '采购单.csv']]);
    expect(inbound!.receivedAt).toEqual(new Date(1795766695 * 1000));
  });

  test('an image is an image attachment with no text', async () => {
    const inbound = await parseWechat(wechatFixture('image'));
    expect(inbound!.text).toBe('');
    expect(inbound!.attachments.map((a) => [a.kind, a.mimeType, a.filename])).toEqual([['image', 'image/png', 'screenshot.png']]);
  });

  test('the bot account\'s own message is marked fromSelf, on the contact it went to', async () => {
    expect(await parseWechat(wechatFixture('own-echo'))).toMatchObject({ fromSelf: true, conversationKey: 'wechat:wxid_youyi_chen' });
  });

  test('a linked group speaks as room:<id> under its topic; an unlinked one is ignored', async () => {
    expect(await parseWechat(wechatFixture('linked-group'))).toMatchObject({
      conversationKey: 'wechat:room:20399912345@chatroom',
      sender: { address: 'room:20399912345@chatroom', displayName: 'Lvxing x eSIM Hub' },
    });
    expect(await parseWechat(wechatFixture('unlinked-group'))).toBeNull();
  });

  test('stickers (and voice, links, mini-programs) are nothing for the order bot', async () => {
    expect(await parseWechat(wechatFixture('sticker'))).toBeNull();
  });

  test.each(fixtureNames('wechat'))('fixture %s parses without throwing', async (name) => {
    await expect(parseWechat(wechatFixture(name))).resolves.toBeDefined();
  });
});
