import { parseWebchatPost, webchatPostBody } from '../../channels/webchat/parse';
import { fixtureNames, webFixture } from '../support/channel-fixtures';

// POST /webchat/messages bodies as the page sends them -> the inbound message.

const at = new Date('2026-11-27T08:00:00Z');

describe('the web chat POST body and its parse', () => {
  test('a phone number in any spelling is one conversation; the message id is scoped to the sender', () => {
    const body = webchatPostBody.parse(webFixture('text-order'));
    expect(parseWebchatPost(body, true, at)).toEqual({
      channel: 'web',
      externalId: '+66812345601:m-1764230400123-7f3a',
      conversationKey: 'web:+66812345601',
      sender: { address: '+66812345601', authenticated: true },
      text: 'Japan 1GB 7 days x 20',
      attachments: [],
      receivedAt: at,
    });
  });

  test('an email identity is lower-cased; the text is kept as typed', () => {
    const inbound = parseWebchatPost(webchatPostBody.parse(webFixture('email-identity')), false, at);
    expect(inbound).toMatchObject({ conversationKey: 'web:ops@bangkokroam.test', text: '日本 1GB 7天 5张', sender: { authenticated: false } });
  });

  test('a NUL in the text is refused at the edge with the field\'s name', () => {
    const result = webchatPostBody.safeParse(webFixture('nul-in-text'));
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]!.message).toMatch(/^text contains a control character/);
  });

  test.each(fixtureNames('web'))('fixture %s is accepted or refused by the schema, never a throw', (name) => {
    expect(() => webchatPostBody.safeParse(webFixture(name))).not.toThrow();
  });
});
