import { readMessage as read } from '../support/read-message';

// Rules learned from tune21, tested on sentences written apart from it.

describe('how long the trip is, not a plan\'s days', () => {
  test.each([
    ['Quanto custa Europa 10GB? O grupo vai ficar 12 dias', 'ESIM-EU-10GB-30D'],
    ['Singapore 5GB price? the team is travelling 9 days', 'ESIM-SG-5GB-30D'],
    ['日本无限流量，去玩五天，多少钱一张', 'ESIM-JP-UNL-5D'],
    ['Quanto sai Vietnã 10GB pro cruzeiro de 12 dias?', 'ESIM-VN-10GB-30D'],
  ])('%s', (text, sku) => {
    const r = read(text);
    expect(r.lines).toEqual([[sku, null]]);
    expect(r.sure).toBe(false);
  });

  test('two plans of that size lasting the trip: asked, never guessed', () => {
    expect(read('Japan 10GB, 20 pax, they are travelling 12 days').lines).toEqual([[null, 20]]);
  });
});

describe('an order is not a price asked for', () => {
  test.each([
    'Subject: Order (cost centre 4410)\n\nWe need 12 Korea 5GB eSIMs. Please bill cost centre 4410.\n\nThanks',
    'Our PO number is 4500012345; please quote it on the invoice.\n\nJapan 20GB x 18\nKorea 5GB x 10',
  ])('%s', (text) => {
    expect(read(text).intent).toBe('order');
  });
});

describe('words of tune21', () => {
  test.each([
    ['Turquía y Emiratos en la misma eSIM, 10GB, 8 unidades', 'order', [[null, 8]]],
    ['Japão e Coreia na mesma, 5GB, 10 unidades', 'order', [[null, 10]]],
    ['Korea 5GB for my boss, just one eSIM', 'order', [['ESIM-KR-5GB-30D', 1]]],
    ['個客裝咗eSIM但係冇數據', 'support', []],
    ['y mi pedido?', 'status', []],
  ])('%s', (text, intent, lines) => {
    const r = read(text);
    expect(r.intent).toBe(intent);
    expect(r.lines).toEqual(lines);
  });

  test('"avanzá nomás" accepts the open quote', () => {
    expect(read('dale, avanzá nomás', { openQuote: true }).intent).toBe('confirm');
  });

  test('"un solo chip" for several places is still no count of one', () => {
    expect(read('un solo chip para Japón y Corea, 5GB.').lines).toEqual([[null, null]]);
  });
});

describe('tables and numbers of tune21', () => {
  test('a table with Chinese headers 地區 / 流量 / 天數 / 數量 is read by its header', () => {
    const r = read('訂購單號 TP-7712，明細如下：\n\n| 地區 | 流量 | 天數 | 數量 |\n|------|------|------|------|\n| 韓國 | 10GB | 15 | 12 |\n| 泰國 | 5GB | 30 | 8 |\n\n謝謝');
    expect(r.lines).toEqual([['ESIM-KR-10GB-15D', 12], ['ESIM-TH-5GB-30D', 8]]);
  });

  test('a unit number "#20-01" is no count', () => {
    expect(read('Please arrange 9 Korea 5GB eSIMs.\n\nAnna Lee\n8 Marina View, #20-01, Singapore').lines).toEqual([['ESIM-KR-5GB-30D', 9]]);
  });

  test.each([
    'Context: 12 nights, the price per person is 2.450 €, all hotels booked.\n\nPlease send Japan 5GB 30 days, 22 units.',
    'Background: total cost per head is about USD 3,100 for the tour.\n\nPlease book Korea 5GB, 18 units.',
  ])('the trip\'s price told asks no price: %s', (text) => {
    expect(read(text).intent).toBe('order');
  });
});

describe('"a plan for" several places asks for one product', () => {
  test('none covers Japan, Korea and Taiwan: one line, asked about', () => {
    expect(read('a plan for Japan, Korea and Taiwan, 5GB, 40 pax').lines).toEqual([[null, 40]]);
  });
  test('one place is that place', () => {
    expect(read('a plan for Japan 5GB, 20 pax').lines).toEqual([['ESIM-JP-5GB-30D', 20]]);
  });
});
