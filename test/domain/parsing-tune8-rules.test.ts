import { readMessage } from '../support/read-message';

// Issue 16, eighth tuning set: kinds of messages it showed were read wrong; each rule with
// messages written for it here, in the four languages (not copied from a labelled set).

const read = readMessage;

describe('complaints said as a phrase go to a person, whatever else the message orders', () => {
  test.each([
    'my client cannot activate the Japan 10GB, also send 20 more Japan 10GB',
    'the guest is unable to scan the QR for Korea 5GB',
    'la cliente no la puede escanear, es la de Tailandia 3GB',
    'o cliente não consegue ativar o chip da Turquia 5GB',
    '客户的日本10G扫不了，顺便再要20张',
    'the Singapore 10GB stopped working after two days',
    'el eSIM de Vietnam dejó de funcionar ayer',
    'o eSIM do Japão parou de funcionar, manda mais 10',
    'you charged us twice for the Europe order',
    'nos cobraron dos veces la factura de Corea',
    'cobraram duas vezes o pedido de Taiwan 5GB',
    '上周的订单扣了两次钱',
    '新加坡的卡显示无服务，客户要求退钱',
    'el QR de Corea sale borroso',
    '客户说这个码已被使用',
    'o QR já foi usado, diz o cliente',
  ])('%s', (text) => {
    expect(read(text).intent).toBe('support');
  });

  test('a call asked for in Chinese with the number given', () => {
    expect(read('泰国卡的事情麻烦打我电话 13912345678').intent).toBe('support');
  });

  test('an order that only mentions it was fine before is still an order', () => {
    expect(read('the last 40 Korea 5GB were great, send 40 more').intent).toBe('order');
  });
});

describe('a price the reseller states is no question', () => {
  test.each([
    ['send 30 Japan 5GB, the price we agreed on the phone is USD 6.20', 'order'],
    ['30 Japan 5GB at USD 6.20 each please', 'order'],
    ['30 Japón 5GB, precio acordado con Luis en USD 6,20', 'order'],
    ['30 Japón 5GB a 6,20 USD cada una', 'order'],
    ['30 Japão 5GB, preço combinado com a Ana: R$ 31', 'order'],
    ['日本5GB 30张，价格按之前的 $6.2', 'order'],
    ['30 Japan 5GB, what price at USD 6.20?', 'quote'],
    ['¿precio de 30 Japón 5GB? la otra vez fue USD 6,20', 'quote'],
  ])('%s', (text, intent) => {
    expect(read(text).intent).toBe(intent);
  });
});

describe('places written with or without their accents, and several places on one eSIM', () => {
  test.each([
    ['10 Dubái 5GB', [['ESIM-AE-5GB-30D', 10]]],
    ['10 Turquía 5GB', [['ESIM-TR-5GB-30D', 10]]],
    ['10 Turquia 5GB', [['ESIM-TR-5GB-30D', 10]]],
    ['10 Japon 5GB', [['ESIM-JP-5GB-30D', 10]]],
    ['Necesitamos 12 eSIM mundiales de 10GB', [['ESIM-GLOBAL-10GB-30D', 12]]],
    ['12 eSIMs internacionais de 10GB', [['ESIM-GLOBAL-10GB-30D', 12]]],
  ])('%s', (text, lines) => {
    expect(read(text).lines).toEqual(lines);
  });

  test.each([
    'Japão + Coreia num eSIM, 5GB, 20',
    'Japón y Corea en una sola eSIM, 5GB, 20',
    '20 eSIMs of 5GB that work in Japan and Korea',
    '20 eSIM de 5GB que funcionen en Japón y Corea',
    '日本和韩国都能用的卡 5G 20张',
  ])('no single product covers them: %s', (text) => {
    const r = read(text);
    expect(r.lines).toEqual([[null, 20]]);
    expect(r.sure).toBe(false);
  });

  test('eSIMs that work in China and Hong Kong are the China + HK + Macau product', () => {
    expect(read('20 eSIMs of 3GB that work in China and Hong Kong').lines).toEqual([['ESIM-CHM-3GB-15D', 20]]);
    expect(read('20 eSIM de 3GB que funcionem na China e em Hong Kong').lines).toEqual([['ESIM-CHM-3GB-15D', 20]]);
  });
});

describe('one count for both lines, and dozens', () => {
  test.each([
    ['Japão 5GB + Coreia 5GB, x20 os dois', true],
    ['x20 both: Japan 5GB & Korea 5GB', true],
    ['both x20 - Japan 5GB, Korea 5GB', true],
    ['Japón 5GB y Corea 5GB, x20 las dos', true],
    ['Japón 5GB y Corea 5GB, 20 para los dos', false],
  ])('%s', (text, sure) => {
    const r = read(text);
    expect(r.lines).toEqual([
      ['ESIM-JP-5GB-30D', 20],
      ['ESIM-KR-5GB-30D', 20],
    ]);
    expect(r.sure).toBe(sure);
  });

  test.each([
    ['dos docenas de Japón 5GB', 24],
    ['duas dúzias de Japão 5GB', 24],
    ['two dozen Japan 5GB', 24],
    ['media docena de Japón 5GB', 6],
  ])('%s', (text, quantity) => {
    expect(read(text).lines).toEqual([['ESIM-JP-5GB-30D', quantity]]);
  });
});

describe('the reseller\'s order number after "orden nº", "ordem de compra", "order no."', () => {
  test.each([
    ['Ordem nº 4521:\n- Japão 5GB: 20', '4521'],
    ['Subject: Ordem de compra 7710\n\nJapão 5GB x 20', '7710'],
    ['Orden No. 3381 - Japón 5GB x 20', '3381'],
    ['order no. 9902: Japan 5GB x 20', '9902'],
  ])('%s', (text, reference) => {
    expect(read(text).reference).toBe(reference);
  });
});

describe('places named together, one of them not sold', () => {
  test.each(['6 eSIMs for USA + Mexico, 10GB', '6 eSIM Estados Unidos y México 10GB', '美国和墨西哥 10GB 6张'])('one line no product covers, asked: %s', (text) => {
    const r = read(text);
    expect(r.lines).toEqual([[null, 6]]);
    expect(r.sure).toBe(false);
  });

  test('with a count for each, a line each', () => {
    expect(read('eSIM México e EUA, 10GB, 6 de cada').lines).toEqual([
      [null, 6],
      ['ESIM-US-10GB-30D', 6],
    ]);
  });
});
