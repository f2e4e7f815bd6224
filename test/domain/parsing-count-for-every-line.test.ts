import { readMessage } from '../support/read-message';

// One count said once for every line of a list, as its heading or in words ("across the board",
// "the three with 15"), and the number of lines said as such, which counts no cards.

const read = readMessage;

describe('one count for every line, said as a heading', () => {
  test.each([
    ['Subject: restock\n\nQty across the board: 40\n- Japan 1GB 7 days\n- Korea 1GB 7 days', [['ESIM-JP-1GB-7D', 40], ['ESIM-KR-1GB-7D', 40]]],
    ['Same quantity on every line: 12\nThailand 20GB\nVietnam 10GB', [['ESIM-TH-20GB-30D', 12], ['ESIM-VN-10GB-30D', 12]]],
    ['Cantidad x ítem: 35\nJapón 5GB\nCorea 5GB', [['ESIM-JP-5GB-30D', 35], ['ESIM-KR-5GB-30D', 35]]],
    ['Cantidad única para todas las líneas: 18\nTurquía 10GB\nEmiratos 5GB', [['ESIM-TR-10GB-30D', 18], ['ESIM-AE-5GB-30D', 18]]],
    ['Quantidade idêntica em todas as linhas: 22\nMalásia 10GB\nSingapura 5GB', [['ESIM-MY-10GB-30D', 22], ['ESIM-SG-5GB-30D', 22]]],
    ['for all two the qty is 9: Australia 10GB, UK 5GB', [['ESIM-AU-10GB-30D', 9], ['ESIM-UK-5GB-30D', 9]]],
    ['las dos con 16: Taiwán 10GB y Hong Kong 3GB', [['ESIM-TW-10GB-30D', 16], ['ESIM-HK-3GB-15D', 16]]],
    ['os três com 30 unid: Japão 20GB, Coreia 20GB, Vietnã 10GB', [['ESIM-JP-20GB-30D', 30], ['ESIM-KR-20GB-30D', 30], ['ESIM-VN-10GB-30D', 30]]],
    ["Japón 5GB y Corea 5GB, 12 pa' cada uno", [['ESIM-JP-5GB-30D', 12], ['ESIM-KR-5GB-30D', 12]]],
    ['uk 5gb, turkey 5gb. 18 a pop', [['ESIM-UK-5GB-30D', 18], ['ESIM-TR-5GB-30D', 18]]],
    ['UK 10GB and Australia 5GB, equal numbers, 26', [['ESIM-UK-10GB-30D', 26], ['ESIM-AU-5GB-30D', 26]]],
  ])('%s', (text, lines) => {
    expect(read(text).lines).toEqual(lines);
  });

  test('a size or a validity after the heading is no count', () => {
    expect(read('Same quantity on every line: 10GB\nThailand\nVietnam').lines.every(([, q]) => q !== 10)).toBe(true);
  });
});

describe('the number of lines is no count of cards', () => {
  test.each([
    ['Three lines please: Japan 5GB, Korea 5GB and Taiwan 10GB, 20 of each', [['ESIM-JP-5GB-30D', 20], ['ESIM-KR-5GB-30D', 20], ['ESIM-TW-10GB-30D', 20]]],
    ['2 líneas: Europa 3GB 15 días y Turquía 5GB, 11 de cada una', [['ESIM-EU-3GB-15D', 11], ['ESIM-TR-5GB-30D', 11]]],
    ['São 2 linhas: Austrália 5GB e Japão 1GB, 8 de cada', [['ESIM-AU-5GB-30D', 8], ['ESIM-JP-1GB-7D', 8]]],
  ])('%s', (text, lines) => {
    expect(read(text).lines).toEqual(lines);
  });
});
