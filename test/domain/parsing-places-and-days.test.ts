import { readMessage } from '../support/read-message';

// Places written short ("usa/can", "EAU"), a place that names the reseller's own shop, and days glued
// to the word after them ("30天eSIM").

const read = readMessage;

describe('places written short', () => {
  test.each([
    ['usa/can 10gb x 16', 'ESIM-USCA-10GB-30D', 16],
    ['need US/Canada 5GB, 9 pcs', 'ESIM-USCA-5GB-30D', 9],
    ['EAU 5GB 30 días, 11 unidades', 'ESIM-AE-5GB-30D', 11],
    ['Emirados (EAU) 10GB, 4 eSIMs', 'ESIM-AE-10GB-30D', 4],
  ])('%s', (text, sku, count) => {
    expect(read(text).lines).toEqual([[sku, count]]);
  });
});

describe("a place that names the reseller's shop is no destination", () => {
  test.each([
    ['香港機場店補貨：日本5GB 30天，共十二張', 'ESIM-JP-5GB-30D', 12],
    ['澳门门店要：台湾10GB 8张', 'ESIM-TW-10GB-30D', 8],
    ['for our Singapore airport shop: Korea 3GB 15 days x 25', 'ESIM-KR-3GB-15D', 25],
  ])('%s', (text, sku, count) => {
    expect(read(text).lines).toEqual([[sku, count]]);
  });
});

describe('days glued to the next word', () => {
  test('"30天eSIM" is the plan\'s days, not 30 cards', () => {
    expect(read('请报一下日本10GB 30天eSIM的价格').lines).toEqual([['ESIM-JP-10GB-30D', null]]);
    expect(read('韩国5GB 30天eSIM 要14张').lines).toEqual([['ESIM-KR-5GB-30D', 14]]);
  });
});

describe('smaller European countries named together are the Europe plan, not surely', () => {
  test.each([
    ['Eslovenia, Croacia y Austria, 5GB, 14 unidades', 'ESIM-EU-5GB-30D', 14],
    ['Estonia, Latvia and Lithuania 10GB x 8', 'ESIM-EU-10GB-30D', 8],
    ['Romênia e Bulgária, 20GB, 6 chips', 'ESIM-EU-20GB-30D', 6],
  ])('%s', (text, sku, count) => {
    const reading = read(text);
    expect(reading.lines).toEqual([[sku, count]]);
    expect(reading.sure).toBe(false);
  });
});

describe('one eSIM for places no single product covers, said in more words', () => {
  test.each([
    ['um esim só pra Coreia e Tailândia, 5GB, 9', 9],
    ['uma eSIM só para Japão e Austrália, 10GB, 4 unidades', 4],
    ['necesito uno que sirva en Japón y Australia, 10GB, 3', 3],
    ['need one that works in Korea and the UK, 5GB, 7 pcs', 7],
  ])('%s', (text, count) => {
    expect(read(text).lines).toEqual([[null, count]]);
  });
});
