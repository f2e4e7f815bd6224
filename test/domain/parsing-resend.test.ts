import { parseMessage } from '../../domain/parsing/parse-message';
import { readingOf } from '../../domain/parsing/evaluation';
import { seedCatalogueIndex } from '../../bot/parsing/seed-catalogue';

// Issue 19, resend: a reseller asks for an order's eSIMs again. A complaint that also asks for a
// resend ("the QR won't scan, can you resend?") is still read as support: a person looks first.

const index = seedCatalogueIndex();
const parse = (text: string) => parseMessage(index, text);

describe('resend intent', () => {
  test.each([
    ['resend ORD-000123', ['ORD-000123']],
    ['Can you resend the eSIMs for ORD-000123 please?', ['ORD-000123']],
    ['please send me the QR codes again', []],
    ['send the eSIMs again for ORD-000045', ['ORD-000045']],
    ["I didn't get the QR codes", []],
    ['we never received the eSIMs for ORD-000009, can you send them again', ['ORD-000009']],
    ['reenviar ORD-000123', ['ORD-000123']],
    ['¿Me reenvías los QR del pedido ORD-000123?', ['ORD-000123']],
    ['mándame de nuevo los QR por favor', []],
    ['Pueden reenviar los códigos QR del último pedido?', []],
    ['podem reenviar a ORD-000200?', ['ORD-000200']],
    ['manda de novo os QR da última encomenda', []],
    ['重发', []],
    ['请重发 ORD-000123 的二维码', ['ORD-000123']],
    ['再发一次二维码', []],
    ['麻烦重新发送一下上次的eSIM', []],
  ])('%s', (text, refs) => {
    const r = parse(text);
    expect(r.intent).toBe('resend');
    expect(r.orderRefs).toEqual(refs);
    expect(r.lines).toEqual([]);
  });

  test('an order placed with its lines named, and asked again, is a resend of that order', () => {
    const r = parse('please resend ORD-000123 (Japan 5GB 30 days x 10)');
    expect(r.intent).toBe('resend');
    expect(r.orderRefs).toEqual(['ORD-000123']);
    expect(r.lines).toEqual([]);
  });

  test('"send again" with new lines and no order reference is a new order', () => {
    expect(parse('please send again 50 Japan 5GB 30 days').intent).toBe('order');
  });

  test.each([
    'Hi boss, order ORD-004512 the QR codes cannot scan lah, 10pcs Singapore 5GB. can resend?',
    'the eSIM does not work, resend?',
    'a esim sumiu do celular do cliente depois que ele atualizou o iOS, tem como reenviar?',
    'el QR no funciona, me lo pueden reenviar?',
    '二维码扫不了，能重发吗',
  ])('a complaint that asks for a resend still goes to a person: %s', (text) => {
    const r = parse(text);
    expect(readingOf(r).intent).toBe('support');
  });

  test.each([
    ['can you resend the invoice for October?', 'invoice'],
    ['reenvíame el estado de cuenta', 'statement'],
    ['Les reenvío el pedido de ayer: 20 Japan 5GB 30 días', 'order'],
    ['status of ORD-000123', 'status'],
  ])('not a resend of eSIMs: %s', (text, intent) => {
    expect(parse(text).intent).toBe(intent);
  });
});
