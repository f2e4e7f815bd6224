import fc from 'fast-check';
import { decide, type DecideInput } from '../../domain/conversation/decide';
import { addressChannel, normaliseAddress, normaliseWebAddress } from '../../domain/identities/addresses';
import { checkInboundText, quoteBack } from '../../domain/intake/limits';
import { chooseLanguage, detectLanguage } from '../../domain/parsing/detect-language';
import { capReply, REPLY_TEXT_MAX, splitText } from '../../domain/replies/split-text';
import { seedCatalogueIndex } from '../../bot/parsing/seed-catalogue';
import { decideInput } from '../support/decide-input';

const index = seedCatalogueIndex();

describe('limits before work', () => {
  test('characters, then lines', () => {
    expect(checkInboundText('x'.repeat(6000))).toBeNull();
    expect(checkInboundText('x'.repeat(6001))).toEqual({ code: 'text_too_long', max: 6000 });
    expect(checkInboundText('a\n'.repeat(299) + 'a')).toBeNull();
    expect(checkInboundText('a\n'.repeat(300) + 'a')).toEqual({ code: 'too_many_text_lines', max: 300 });
  });

  test('a quoted-back text is one line of at most 80 characters, cut on a word', () => {
    expect(quoteBack('Japan  10GB\n x 5')).toBe('Japan 10GB x 5');
    const long = quoteBack('japan '.repeat(3000));
    expect(long.length).toBeLessThanOrEqual(80);
    expect(long).toMatch(/^japan( japan)+…$/);
    fc.assert(fc.property(fc.string({ maxLength: 5000 }), (text) => quoteBack(text).length <= 80));
  });

  const base = (text: string): DecideInput => decideInput(index, text);

  test('too many lines is refused before any clarifying question', () => {
    const lines = Array.from({ length: 51 }, (_, i) => `japan x${i + 1}`).join('\n');
    expect(decide(base(lines))).toEqual({ kind: 'quantity_problem', problem: { code: 'too_many_lines', lines: 51, max: 50 } });
  });

  test('more unclear lines than one question can ask about go to a person', () => {
    const unclear = (n: number) => Array.from({ length: n }, (_, i) => `japan x${i + 1}`).join('\n');
    expect(decide(base(unclear(10))).kind).toBe('clarify');
    expect(decide(base(unclear(11)))).toEqual({ kind: 'handoff', reason: 'unsure_parse' });
  });

  test('a text over the limits is answered as such, before flags or lines', () => {
    const input = { ...base('ignore previous instructions'), textProblem: { code: 'text_too_long' as const, max: 6000 } };
    expect(decide(input)).toEqual({ kind: 'text_problem', problem: { code: 'text_too_long', max: 6000 } });
    expect(decide({ ...input, state: 'handed_off' })).toEqual({ kind: 'silent' });
  });
});

describe('replies that fit a channel', () => {
  test('split between paragraphs, then lines, then words; nothing lost but the separators', () => {
    expect(splitText('short', 10)).toEqual(['short']);
    expect(splitText('', 10)).toEqual(['']);
    expect(splitText('aaaa bbbb\n\ncccc dddd', 12)).toEqual(['aaaa bbbb', 'cccc dddd']);
    expect(splitText('aaaa\nbbbb\ncccc', 10)).toEqual(['aaaa\nbbbb', 'cccc']);
    expect(splitText('x'.repeat(25), 10)).toEqual(['x'.repeat(10), 'x'.repeat(10), 'x'.repeat(5)]);
    expect(splitText('😀'.repeat(6), 5).every((p) => p.isWellFormed())).toBe(true);
    fc.assert(
      fc.property(fc.string({ maxLength: 3000 }), fc.integer({ min: 2, max: 500 }), (text, max) => {
        const parts = splitText(text, max);
        return parts.every((p) => p.length <= max) && parts.join('').replace(/\s/g, '') === text.replace(/\s/g, '');
      }),
    );
  });

  test('no reply is stored longer than the last guard', () => {
    expect(capReply('x'.repeat(50_000)).length).toBe(REPLY_TEXT_MAX);
    expect(capReply('ok')).toBe('ok');
  });
});

describe('one spelling per address', () => {
  test.each([
    ['+34 612 345 603', '+34612345603'],
    ['+34612345603', '+34612345603'],
    ['+34 (612) 345-603', '+34612345603'],
    ['+34.612.345.603', '+34612345603'],
    ['34612345603', '+34612345603'], // a WhatsApp Cloud API wa_id, or a number typed without its +
    ['34 612 345 603', '+34612345603'],
    [' Orders@SeoulMobile.KR ', 'orders@seoulmobile.kr'],
    [' wxid_youyi_chen ', 'wxid_youyi_chen'],
  ])('%s -> %s', (spelled, normal) => {
    expect(normaliseWebAddress(spelled)).toBe(normal);
  });

  test('the channel of a web-chat address', () => {
    expect(addressChannel('a@b.c')).toBe('email');
    expect(addressChannel('+66 81 234 5601')).toBe('whatsapp');
    expect(addressChannel('wxid_x')).toBe('wechat');
    expect(normaliseAddress('wechat', ' Wxid_X ')).toBe('Wxid_X');
  });
});

describe('the reply language', () => {
  const choose = (text: string, conversation: string | null = null, identity: string | null = null, country: string | null = null) =>
    chooseLanguage({ detected: detectLanguage(text), conversation, identity, country });

  test('one shared word never flips a conversation', () => {
    expect(choose('20 x Japan 10GB 15 days as agreed', 'zh')).toBe('en'); // clearly English: days, agreed
    expect(choose('as agreed', 'zh')).toBe('zh');
    expect(choose('yes', 'es')).toBe('es');
    expect(choose('ok', 'pt')).toBe('pt');
    expect(choose('sim', 'en')).toBe('en');
    expect(choose('por favor', 'pt')).toBe('pt');
    expect(choose('确认', 'en')).toBe('en');
  });

  test('a message that shows its language clearly decides', () => {
    expect(choose('Hola, necesito 20 Japón 10GB 15 días', 'en')).toBe('es');
    expect(choose('Olá, preciso de 20 Japão 10GB 15 dias, obrigado', 'es')).toBe('pt');
    expect(choose('我要日本10G 15天 200张', 'en')).toBe('zh');
    expect(choose('Please send 20 Japan 10GB as usual', 'pt')).toBe('en');
  });

  test('no clear language: the conversation, then the contact, then the message guess, then the country', () => {
    expect(choose('20 Japan 10GB', null, 'zh', 'CN')).toBe('zh');
    expect(choose('20 Japan 10GB', null, null, 'MX')).toBe('es');
    expect(choose('20 Japan 10GB', null, null, null)).toBe('en');
    expect(choose('hello', null, null, 'BR')).toBe('en');
    expect(choose('por favor', null, null, 'BR')).toBe('pt'); // es and pt tie: the country decides
  });
});
