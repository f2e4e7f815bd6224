import { readMessage } from '../support/read-message';

// Numbers that name one thing of a traveller's trip (a cabin, a bunk, a gate, a ticket, a booking, the
// end of a passport), a time written "14h30", an amount in a currency's code, and "one card" said of
// a product for several places: none of them is a count of cards.

const read = readMessage;

describe('a number that names a place or a document of the trip is no count', () => {
  test.each([
    ['Japan 5GB 30 days for the couple in cabin 8123, ship leaves Sunday', 'ESIM-JP-5GB-30D'],
    ['Tailandia 20GB para el señor del camarote 512, zarpamos el lunes', 'ESIM-TH-20GB-30D'],
    ['Korea 3GB 15 days for the guest in bed 14 of dorm B', 'ESIM-KR-3GB-15D'],
    ['Vietnã 10GB para o hóspede da cama 9, ele sai amanhã', 'ESIM-VN-10GB-30D'],
    ['UK 10GB for my client, seat 23C, boarding at gate 17', 'ESIM-UK-10GB-30D'],
    ['Austrália 5GB para a cliente, embarque no portão 12, terminal 3', 'ESIM-AU-5GB-30D'],
    ['Europa 3GB 15 días para el partido, entrada con boleto 88120', 'ESIM-EU-3GB-15D'],
    ['Singapore 5GB for reservation 774411, arriving on the 3rd', 'ESIM-SG-5GB-30D'],
    ['Japón 10GB 30 días, pasaporte terminado en 4471', 'ESIM-JP-10GB-30D'],
    ['Korea 5GB, passport ends 0932, flies Tuesday', 'ESIM-KR-5GB-30D'],
    ['台湾10GB，客人手机尾号5523', 'ESIM-TW-10GB-30D'],
    ['Malásia 10GB, voo às 14h30 de amanhã', 'ESIM-MY-10GB-30D'],
  ])('%s', (text, sku) => {
    expect(read(text).lines).toEqual([[sku, null]]);
  });

  test('a count said right after such a word still counts', () => {
    expect(read('reserva 30 eSIM Japão 5GB pra gente').lines).toEqual([['ESIM-JP-5GB-30D', 30]]);
    expect(read('Thailand 20GB for the cabin crew, 14 units').lines).toEqual([['ESIM-TH-20GB-30D', 14]]);
    expect(read('Reserva 150 Japón 5GB 30 días para el grupo de abril').lines).toEqual([['ESIM-JP-5GB-30D', 150]]);
    expect(read("We're booking 120 Japan 5GB 30 days for the tour").lines).toEqual([['ESIM-JP-5GB-30D', 120]]);
    expect(read('Next week 30 Japan 5GB 30 days please').lines).toEqual([['ESIM-JP-5GB-30D', 30]]);
  });
});

describe('an amount in a currency code is no count', () => {
  test.each([
    ['¿Precio de Japón 5GB? El cliente paga en pesos, 25.000 ARS máximo', 'ESIM-JP-5GB-30D'],
    ['Quanto fica Coreia 5GB? Cliente pode pagar até 180 BRL', 'ESIM-KR-5GB-30D'],
  ])('%s', (text, sku) => {
    expect(read(text).lines).toEqual([[sku, null]]);
  });
});

describe('"one card" said of a product for several places is no count of one', () => {
  test.each([
    ['大陆加香港澳门一张卡的，10GB，要十五张', 'ESIM-CHM-10GB-30D', 15],
    ['中国大陆和港澳一张卡那种，5G的，8张', 'ESIM-CHM-5GB-30D', 8],
  ])('%s', (text, sku, count) => {
    expect(read(text).lines).toEqual([[sku, count]]);
  });
});

describe("a number after a reference's label is no count, however the line goes on", () => {
  test.each([
    ['ref 88213 - Korea 5GB, 25 units', 'ESIM-KR-5GB-30D', 25],
    ['order no. 4410 – Japan 10GB 15 days, 12', 'ESIM-JP-10GB-15D', 12],
    ['referencia 7781 — Turquía 10GB, 9 unidades', 'ESIM-TR-10GB-30D', 9],
    ['encomenda n.º 3390 - Austrália 5GB, 6 unidades', 'ESIM-AU-5GB-30D', 6],
  ])('%s', (text, sku, count) => {
    expect(read(text).lines).toEqual([[sku, count]]);
  });
});

describe('a floor, a table, a zone, a carriage or a shop number is no count', () => {
  test.each([
    ['Japan 5GB for the group on floor 12 of the Hilton, need 8', 'ESIM-JP-5GB-30D', 8],
    ['日本5G，客人在3楼等，要6张', 'ESIM-JP-5GB-30D', 6],
    ['Corea 5GB para la mesa 4 del congreso, son 7', 'ESIM-KR-5GB-30D', 7],
    ['Japón 5GB, vagón 7 del tren bala, 11 unidades', 'ESIM-JP-5GB-30D', 11],
    ['Turkey 5GB, zone 2 of the expo, we need 6', 'ESIM-TR-5GB-30D', 6],
  ])('%s', (text, sku, quantity) => {
    expect(read(text).lines).toEqual([[sku, quantity]]);
  });

  test('a count right after such a word still counts', () => {
    expect(read('floor 30 eSIMs Japan 5GB').lines).toEqual([['ESIM-JP-5GB-30D', 30]]);
    expect(read('日本5G 20张 送到5楼').lines).toEqual([['ESIM-JP-5GB-30D', 20]]);
  });
});

describe('"ID" as an identifier\'s label is not Indonesia', () => {
  test.each([
    ['Japan 5GB x 10, WeChat ID wxid_88213', [['ESIM-JP-5GB-30D', 10]]],
    ['Tax ID: 0614-5521, Korea 5GB x 3', [['ESIM-KR-5GB-30D', 3]]],
  ])('%s', (text, lines) => {
    expect(read(text).lines).toEqual(lines);
  });

  test('ID as the place still reads Indonesia', () => {
    expect(read('JP, KR, ID 5GB x 3 each').lines).toEqual([['ESIM-JP-5GB-30D', 3], ['ESIM-KR-5GB-30D', 3], ['ESIM-ID-5GB-30D', 3]]);
  });
});

describe('a street address is no count', () => {
  test.each([
    ['Kindly arrange 15 UAE 5GB eSIMs.\n\nPriya Raman\n1 Raffles Place, #20-01, Singapore', 'ESIM-AE-5GB-30D', 15],
    ['Japón 5GB, calle 93 #11-26 Bogotá, 9 unidades', 'ESIM-JP-5GB-30D', 9],
    ['Korea 5GB x 6, courier to 40 Collins Street, Melbourne', 'ESIM-KR-5GB-30D', 6],
    ['Japão 5GB, 12 chips, entregar na Rua Augusta, 2300', 'ESIM-JP-5GB-30D', 12],
    ['台灣 5GB x 20\n\n黃小姐\n香港九龍彌敦道 132 號 8 樓', 'ESIM-TW-5GB-30D', 20],
    ['Thailand 5GB, 8 pcs, to our office at 12/F, Tower 2', 'ESIM-TH-5GB-30D', 8],
  ])('%s', (text, sku, quantity) => {
    expect(read(text).lines).toEqual([[sku, quantity]]);
  });

  test('a count before a road trip still counts', () => {
    expect(read('US 10GB, 6 pax road trip').lines).toEqual([['ESIM-US-10GB-30D', 6]]);
  });
});

describe('a stage, a school year, flights and stopovers are no counts', () => {
  test.each([
    ['Japan 5GB for our grade 10 students, 28 units', 'ESIM-JP-5GB-30D', 28],
    ['Turquía 5GB, 3 vuelos y 2 escalas, 16 unidades', 'ESIM-TR-5GB-30D', 16],
    ['Japan 5GB, phase 2 of the project, 35 units', 'ESIM-JP-5GB-30D', 35],
    ['Japão 5GB para a 3ª série, 27 chips', 'ESIM-JP-5GB-30D', 27],
  ])('%s', (text, sku, quantity) => {
    expect(read(text).lines).toEqual([[sku, quantity]]);
  });
});

describe('a hotel\'s stars and days spent in a city are no count and no plan\'s days', () => {
  test.each([
    ['Japón 5GB para el hotel 4 estrellas, 15 unidades', 'ESIM-JP-5GB-30D', 15],
    ['Japão 5GB, hotel 5 estrelas, 20 chips', 'ESIM-JP-5GB-30D', 20],
    ['Japan 5GB, 3 days in Tokyo, 16 travellers', 'ESIM-JP-5GB-30D', 16],
    ['Korea 10GB, 15 días en Seúl, 12', 'ESIM-KR-10GB-15D', 12],
  ])('%s', (text, sku, quantity) => {
    expect(read(text).lines).toEqual([[sku, quantity]]);
  });
});
