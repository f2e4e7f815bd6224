import { readMessage } from '../support/read-message';

// The count that holds now, said after the ones still open ("two to confirm, for now it's 21"), and a
// day count's letter glued to a word that is not one ("17 dá").

const read = readMessage;

describe('the count for now is the count', () => {
  test.each([
    ['Korea 5GB, two more to confirm but for now it is 14', 'ESIM-KR-5GB-30D', 14],
    ['Japón 3GB, faltan dos por confirmar, por ahora son 19', 'ESIM-JP-3GB-15D', 19],
    ['Japão 3GB. Faltam confirmar dois, mas por agora são 21', 'ESIM-JP-3GB-15D', 21],
    ['泰国5GB，还有两个人没定，目前18个', 'ESIM-TH-5GB-30D', 18],
  ])('%s', (text, sku, count) => {
    const reading = read(text);
    expect(reading.lines).toEqual([[sku, count]]);
    expect(reading.sure).toBe(false);
  });
});

describe('a "d" that starts another word is no day count', () => {
  test('"acho que 17 dá" is 17 cards, not a 17-day plan', () => {
    expect(read('Turquia 10GB, acho que 17 dá').lines).toEqual([['ESIM-TR-10GB-30D', 17]]);
  });
});
