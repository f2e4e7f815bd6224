import { readMessage as read } from '../support/read-message';

// A city names its country's product when the message names no country or region, never surely:
// the reseller may be writing from that city rather than sending travellers there.

describe('a city alone names its country, not surely', () => {
  test.each([
    ['we need 12 eSIMs for the Osaka group, 10GB 15 days', 'ESIM-JP-10GB-15D', 12],
    ['grupo para Seúl, 8 eSIMs de 10GB 30 días', 'ESIM-KR-10GB-30D', 8],
    ['20 chips para o pessoal que vai a Phuket, 20GB 30 dias', 'ESIM-TH-20GB-30D', 20],
    ['去伊斯坦布尔的团，5GB 30天 要6张', 'ESIM-TR-5GB-30D', 6],
    ['Sydney trip: 4 x 10GB 30 days please', 'ESIM-AU-10GB-30D', 4],
  ])('%s', (text, sku, quantity) => {
    const r = read(text);
    expect(r.intent).toBe('order');
    expect(r.lines).toEqual([[sku, quantity]]);
    expect(r.sure).toBe(false);
  });
});

describe('a city beside a country, or the reseller’s own, says nothing about the product', () => {
  test.each([
    // the country named wins
    ['Japan 5GB 30 days x 12 for the group landing in Seoul first', 'ESIM-JP-5GB-30D', 12],
    // the city names the company or where the reseller is
    ['Hi, Hanoi Connect here. Japan 3GB 15 days x 10', 'ESIM-JP-3GB-15D', 10],
  ])('%s', (text, sku, quantity) => {
    expect(read(text).lines).toEqual([[sku, quantity]]);
  });

  test.each([
    'Hanoi Connect here, 10 x 10GB 30 days please',
    'hola, somos de Lisboa Viagens: 10 eSIMs de 5GB 15 días',
    'from our London office: 25 eSIMs 10GB 30 days',
  ])('%s: which country is asked', (text) => {
    const r = read(text);
    expect(r.lines.map((l) => l[0])).toEqual([null]);
    expect(r.sure).toBe(false);
  });
});

test('an email subject naming the country comes before a city of the body', () => {
  const r = read('Subject: Tailandia 5GB x 20\n\nHola,\n\nLo del asunto, para el grupo que llega a Bangkok el 8 de febrero.\n\nGracias,\nPaula');
  expect(r.lines.map((l) => l[1])).toEqual([20]);
  expect(r.lines[0]![0]).toMatch(/^ESIM-TH-5GB-/);
});
