import { readMessage as read } from '../support/read-message';

// Rules learned from tune20, tested on sentences written apart from it.

describe('the trouble of a trip before, told to explain the order, is no complaint', () => {
  test.each([
    ['Subject: Japan group\n\nOn our inspection trip the SIMs we bought at the airport kept dropping. So this time we want Japan 5GB for everyone, 24 in total.\n\nThanks', 'ESIM-JP-5GB-30D', 24],
    ['Hola,\n\nEn el viaje de prueba los chips que compramos en el aeropuerto no funcionaban. Por eso queremos Corea 5GB, veinte.\n\nSaludos', 'ESIM-KR-5GB-30D', 20],
    ['Olá,\n\nA maior queixa do grupo piloto foi a internet que não funcionava. Desta vez queremos Tailândia 5GB, 18 unidades.', 'ESIM-TH-5GB-30D', 18],
    ['上次团里用随身wifi，老是没电，很麻烦。这次统一用eSIM，日本5G 30张。', 'ESIM-JP-5GB-30D', 30],
  ])('%s', (text, sku, quantity) => {
    const r = read(text);
    expect(r.intent).toBe('order');
    expect(r.lines).toEqual([[sku, quantity]]);
  });

  test('our own cards from last time that failed are still a complaint', () => {
    expect(read('上次那批日本卡有一半用不了，客户投诉了').intent).toBe('support');
  });
});

describe('price words that ask no price', () => {
  test.each([
    ['报价收到，确认下单：日本5GB 20张', 'order'],
    ['请报价 150张泰国5GB', 'quote'],
    ['Attached PO. Terms: net 30, prices as per quote Q-000233.\n\n[Attachment: PO4471.csv]\nsku,qty\nESIM-JP-5GB-30D,40', 'order'],
    ['Japón 5GB x 30, precios según la cotización de ayer', 'order'],
  ])('%s', (text, intent) => {
    expect(read(text).intent).toBe(intent);
  });

  test('"能不能便宜点" asks, without a question mark', () => {
    expect(read('韩国5G 80张 能不能便宜点').intent).toBe('quote');
  });
});

describe('a call asked about an order already had goes to a person', () => {
  test.each([
    'call me about the 40 Japan ones please, +61 412 555 019',
    'llámame por lo de las 30 Tailandia, +52 55 8765 4321',
  ])('%s', (text) => {
    expect(read(text).intent).toBe('support');
  });
});

describe('stock left and time to go are no counts', () => {
  test.each([
    ['Del Japón 5GB nos quedan tres. Mándanos otros cuarenta, porfa.', 'ESIM-JP-5GB-30D', 40],
    ['Korea 5GB: only 2 left on the shelf, send 25 more', 'ESIM-KR-5GB-30D', 25],
    ['日本5G还剩3张，再来20张', 'ESIM-JP-5GB-30D', 20],
    ['need 15 Thailand 5GB, 4 days left before the trip', 'ESIM-TH-5GB-30D', 15],
  ])('%s', (text, sku, quantity) => {
    expect(read(text).lines).toEqual([[sku, quantity]]);
  });

  test('data used up in a day goes to a person', () => {
    expect(read('o eSIM da Coreia 5GB se gastou em um dia, o cliente quase não usou').intent).toBe('support');
  });
});

describe('a place told in the story, covered by the line ordered, is no line of its own', () => {
  test('Canada in the story beside the US + Canada line', () => {
    const r = read('Hola,\n\nEl año pasado los chips de Nueva York no funcionaban en Canadá.\n\nAsí que queremos EEUU y Canadá con el mismo chip, 10GB 30 días, veinte.\n\nSaludos');
    expect(r.lines).toEqual([['ESIM-USCA-10GB-30D', 20]]);
  });
  test('Canada alone is still a line, told we do not sell it', () => {
    expect(read('Canadá 10GB, 5 unidades').lines).toEqual([[null, 5]]);
  });
});

describe('students and the staff who travel with them are all counted', () => {
  test.each([
    ['Japan 5GB for the whole class of 32 plus 2 teachers', 34],
    ['Japón 5GB: 30 alumnos más 3 profesores', 33],
    ['Japão 5GB, 28 alunos e 2 professores', 30],
    ['日本5G 30个学生加3个老师', 33],
  ])('%s', (text, quantity) => {
    const r = read(text);
    expect(r.lines).toEqual([['ESIM-JP-5GB-30D', quantity]]);
    expect(r.sure).toBe(false);
  });
});
