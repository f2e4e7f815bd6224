import { readMessage } from '../support/read-message';

// A count corrected as it is written ("x 30 no wait 35"), and a day count's letter glued to a word
// that is not one ("17 dá").

const read = readMessage;

describe('a count corrected as it is written: the last one said', () => {
  test.each([
    ['Korea 5GB x 30 no wait 35', 'ESIM-KR-5GB-30D', 35],
    ['Turkey 10GB x 20, sorry I meant 25', 'ESIM-TR-10GB-30D', 25],
    ['Japón 5GB, 30, digo 35', 'ESIM-JP-5GB-30D', 35],
    ['Japão 5GB, 25, ou melhor 28', 'ESIM-JP-5GB-30D', 28],
    ['泰国5G 30张，不对，35张', 'ESIM-TH-5GB-30D', 35],
  ])('%s', (text, sku, count) => {
    const reading = read(text);
    expect(reading.lines).toEqual([[sku, count]]);
    expect(reading.sure).toBe(false);
  });

  test('people still deciding are no correction of the count', () => {
    expect(read('日本5GB 30天 20张，目前3个人还在考虑').lines).toEqual([['ESIM-JP-5GB-30D', 20]]);
  });
});

describe('a "d" that starts another word is no day count', () => {
  test('"acho que 17 dá" is 17 cards, not a 17-day plan', () => {
    expect(read('Turquia 10GB, acho que 17 dá').lines).toEqual([['ESIM-TR-10GB-30D', 17]]);
  });
});

describe('a round number and the 5G network', () => {
  test.each([
    ['Singapore 3GB - make it a round hundred', 'ESIM-SG-3GB-15D', 100],
    ['Need an even dozen Thailand 20GB', 'ESIM-TH-20GB-30D', 12],
  ])('%s', (text, sku, count) => {
    expect(read(text).lines).toEqual([[sku, count]]);
  });

  test('the network generation is no data size, and adds no line', () => {
    expect(read('are they 5G in Seoul? need Korea 5GB, 30 pcs').lines).toEqual([['ESIM-KR-5GB-30D', 30]]);
    expect(read('Japan 5GB x 20, does it support 5G?').lines).toEqual([['ESIM-JP-5GB-30D', 20]]);
    expect(read('Japón 10GB 15 días x 8, ¿tiene cobertura 4G/5G?').lines).toEqual([['ESIM-JP-10GB-15D', 8]]);
    expect(read('日本5G 30张').lines).toEqual([['ESIM-JP-5GB-30D', 30]]);
  });
});
