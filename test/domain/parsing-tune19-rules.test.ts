import { readMessage } from '../support/read-message';

// Nineteenth tuning set (the former holdout12): kinds of messages it showed, each rule with messages written for it here,
// in the four languages (not copied from a labelled set).

const read = readMessage;

describe('a traveller complaining, said as it goes on', () => {
  test.each([
    ['esim da Coreia sem sinal em Seul, cliente reclamando'],
    ['la esim de Japón va fatal, el cliente se queja todo el día'],
    ['los pasajeros se quejaron del chip de Turquía'],
    ['客人一直抱怨泰国的卡'],
    ['the Japan eSIM keeps dropping, customer complains every day'],
  ])('%s', (text) => {
    expect(read(text)).toMatchObject({ intent: 'support', sure: false });
  });

  test('an order with no complaint stays an order', () => {
    expect(read('Japan 5GB x 10 please')).toMatchObject({ intent: 'order', lines: [['ESIM-JP-5GB-30D', 10]] });
    expect(read('Japão 5GB, 12 unidades')).toMatchObject({ intent: 'order', lines: [['ESIM-JP-5GB-30D', 12]] });
  });
});

describe('the reseller names its own number with "is" or as internal', () => {
  test.each([
    ['Korea 5GB x 12. Our order number is KTR-2027-4.', 'KTR-2027-4'],
    ['Corea 5GB, 12 unidades. Referencia interna: VIAJE-SEUL-9', 'VIAJE-SEUL-9'],
    ['Coreia 5GB, 12 unidades. Ref. interna: GRP-COR-31', 'GRP-COR-31'],
    ['Corea 5GB x 12. Nuestro número de orden es OR-5521', 'OR-5521'],
  ])('%s', (text, reference) => {
    expect(read(text).reference).toBe(reference);
  });

  test('a number that is not one stays unread', () => {
    expect(read('Korea 5GB x 12. The order number is in the subject').reference).toBeNull();
    expect(read('Korea 5GB x 12, internal use only').reference).toBeNull();
  });
});

describe('a "+" or "&" written without spaces does not swallow the next place', () => {
  test.each([
    ['Singapore 3GB+Malaysia 3GB 15 each', [['ESIM-SG-3GB-15D', 15], ['ESIM-MY-3GB-15D', 15]]],
    ['新加坡3GB+马来西亚3GB 各15', [['ESIM-SG-3GB-15D', 15], ['ESIM-MY-3GB-15D', 15]]],
    ['Japón 5GB+Corea 5GB, 10 de cada', [['ESIM-JP-5GB-30D', 10], ['ESIM-KR-5GB-30D', 10]]],
    ['Japão 5GB&Coreia 5GB, 10 de cada', [['ESIM-JP-5GB-30D', 10], ['ESIM-KR-5GB-30D', 10]]],
  ])('%s', (text, lines) => {
    expect(read(text)).toMatchObject({ intent: 'order', lines });
  });

  test('with spaces it reads as before', () => {
    expect(read('Singapore 3GB + Malaysia 3GB 15 each')).toMatchObject({ lines: [['ESIM-SG-3GB-15D', 15], ['ESIM-MY-3GB-15D', 15]] });
  });
});

describe('the places of the trip, then a colon and the lines', () => {
  test.each([
    ['for the Japan and Korea tour: Japan 5GB and Korea 5GB, 12 of each', [['ESIM-JP-5GB-30D', 12], ['ESIM-KR-5GB-30D', 12]]],
    ['viaje a Japón y Corea: Japón 5GB y Corea 5GB, 12 de cada una', [['ESIM-JP-5GB-30D', 12], ['ESIM-KR-5GB-30D', 12]]],
    ['excursão Japão e Coreia: Japão 5GB e Coreia 5GB, 12 de cada', [['ESIM-JP-5GB-30D', 12], ['ESIM-KR-5GB-30D', 12]]],
    ['日韩团：日本5GB和韩国5GB 各12张', [['ESIM-JP-5GB-30D', 12], ['ESIM-KR-5GB-30D', 12]]],
  ])('%s', (text, lines) => {
    expect(read(text)).toMatchObject({ intent: 'order', lines });
  });

  test('a colon between a place and its size still joins them', () => {
    expect(read('Japan: 5GB x 20')).toMatchObject({ lines: [['ESIM-JP-5GB-30D', 20]] });
    expect(read('Corea: 5GB, 20 unidades')).toMatchObject({ lines: [['ESIM-KR-5GB-30D', 20]] });
  });
});

describe('one count "dos dois", "pros dois", "das duas": of the two, each', () => {
  test.each([
    ['vietnã 10gb e indonésia 5gb, 15 dos dois', [['ESIM-VN-10GB-30D', 15], ['ESIM-ID-5GB-30D', 15]]],
    ['japão 5gb e coreia 5gb, 8 pros dois', [['ESIM-JP-5GB-30D', 8], ['ESIM-KR-5GB-30D', 8]]],
    ['tailândia 3gb e malásia 3gb, 12 das duas', [['ESIM-TH-3GB-15D', 12], ['ESIM-MY-3GB-15D', 12]]],
  ])('%s', (text, lines) => {
    expect(read(text)).toMatchObject({ intent: 'order', lines, sure: false });
  });

  test('Portuguese "dos" ("of the") is no number where "sem", "em" or "dois" say the language', () => {
    expect(read('eua 5gb sem demora, 10 unidades dos chips')).toMatchObject({ lines: [['ESIM-US-5GB-30D', 10]] });
    // Spanish "dos" is still two.
    expect(read('Japón 5GB, dos unidades')).toMatchObject({ lines: [['ESIM-JP-5GB-30D', 2]] });
  });
});

describe('a count "per article" is each line\'s', () => {
  test.each([
    ['Japão 5GB e Emirados 10GB: 9 unidades por artigo', [['ESIM-JP-5GB-30D', 9], ['ESIM-AE-10GB-30D', 9]]],
    ['Japón 5GB y Emiratos 10GB, 9 unidades por artículo', [['ESIM-JP-5GB-30D', 9], ['ESIM-AE-10GB-30D', 9]]],
    ['Japan 5GB and UAE 10GB, 9 per article', [['ESIM-JP-5GB-30D', 9], ['ESIM-AE-10GB-30D', 9]]],
  ])('%s', (text, lines) => {
    expect(read(text)).toMatchObject({ intent: 'order', lines });
  });
});

describe('a count beside a bracketed list is each line\'s', () => {
  test.each([
    ['25 x (Japan 5GB, Korea 5GB)', [['ESIM-JP-5GB-30D', 25], ['ESIM-KR-5GB-30D', 25]]],
    ['(Japón 5GB y Corea 5GB) x 12', [['ESIM-JP-5GB-30D', 12], ['ESIM-KR-5GB-30D', 12]]],
    ['12 x (Japão 5GB e Coreia 5GB)', [['ESIM-JP-5GB-30D', 12], ['ESIM-KR-5GB-30D', 12]]],
    ['（日本5GB，韩国5GB）x 12', [['ESIM-JP-5GB-30D', 12], ['ESIM-KR-5GB-30D', 12]]],
  ])('%s', (text, lines) => {
    expect(read(text)).toMatchObject({ intent: 'order', lines });
  });

  test('brackets around one product\'s details share nothing', () => {
    expect(read('Japan 5GB, Korea 5GB (30 days) x 20')).toMatchObject({ lines: [['ESIM-JP-5GB-30D', null], ['ESIM-KR-5GB-30D', 20]], sure: false });
  });
});

describe('"both" opening two lines, the count after the second', () => {
  test.each([
    ['both Japan 5GB and Korea 5GB x 20', [['ESIM-JP-5GB-30D', 20], ['ESIM-KR-5GB-30D', 20]]],
    ['tanto Japón 5GB como Corea 5GB, 20 unidades', [['ESIM-JP-5GB-30D', 20], ['ESIM-KR-5GB-30D', 20]]],
    ['ambos Japão 5GB e Coreia 5GB x 20', [['ESIM-JP-5GB-30D', 20], ['ESIM-KR-5GB-30D', 20]]],
  ])('%s', (text, lines) => {
    expect(read(text)).toMatchObject({ intent: 'order', lines, sure: false });
  });

  test('without "both", or with a count each, nothing is shared', () => {
    expect(read('Japan 5GB and Korea 5GB x 20')).toMatchObject({ lines: [['ESIM-JP-5GB-30D', null], ['ESIM-KR-5GB-30D', 20]], sure: false });
    expect(read('both Japan 5GB x 10 and Korea 5GB x 20')).toMatchObject({ lines: [['ESIM-JP-5GB-30D', 10], ['ESIM-KR-5GB-30D', 20]] });
  });
});

describe('a cabin and the nights of a cruise are no count', () => {
  test.each([
    ['Japón 5GB para el crucero, cabina 5107'],
    ['Japan 5GB for the cruise, cabin 5107'],
    ['Japão 5GB pro cruzeiro, cabine 5107'],
    ['日本5GB 邮轮用 舱房5107'],
    ['日本5GB 给邮轮5晚航次用'],
  ])('%s', (text) => {
    expect(read(text)).toMatchObject({ intent: 'order', lines: [['ESIM-JP-5GB-30D', null]], sure: false });
  });

  test('the count said beside them stays', () => {
    expect(read('日本5GB 20张 舱房5107')).toMatchObject({ lines: [['ESIM-JP-5GB-30D', 20]] });
    expect(read('Japón 5GB, cabina 5107, 12 unidades')).toMatchObject({ lines: [['ESIM-JP-5GB-30D', 12]] });
  });
});

describe('a range of seats or cabins is no count', () => {
  test.each([
    ['Seats 1-40 on the coach: Japan 5GB, 40 pax', [['ESIM-JP-5GB-30D', 40]]],
    ['asientos 1 a 40: Japón 5GB, 40 pasajeros', [['ESIM-JP-5GB-30D', 40]]],
    ['assentos 1-40: Japão 5GB, 40 passageiros', [['ESIM-JP-5GB-30D', 40]]],
    ['cabins 7101-7120, Japan 5GB x 20', [['ESIM-JP-5GB-30D', 20]]],
  ])('%s', (text, lines) => {
    expect(read(text)).toMatchObject({ intent: 'order', lines });
  });
});

describe('"Qtd", "Qtde", "Cant." lead a count as "Qty" does', () => {
  test.each([
    ['1  eSIM Japão 5GB 30D   Qtd 14   P.U. 12,99', [['ESIM-JP-5GB-30D', 14]]],
    ['Japão 5GB, qtde 14', [['ESIM-JP-5GB-30D', 14]]],
    ['Japón 5GB 30 días, cant. 14', [['ESIM-JP-5GB-30D', 14]]],
    ['Japan 5GB, qty 14', [['ESIM-JP-5GB-30D', 14]]],
  ])('%s', (text, lines) => {
    expect(read(text)).toMatchObject({ intent: 'order', lines });
  });
});

describe('a count corrected as it is written, "不对，是64张"', () => {
  test.each([
    ['日本5GB 30天，大概40张，不对，是44张', [['ESIM-JP-5GB-30D', 44]]],
    ['日本5GB 30天 40张，不对，要44张', [['ESIM-JP-5GB-30D', 44]]],
    ['Japan 5GB x 40 no wait 44', [['ESIM-JP-5GB-30D', 44]]],
    ['Japón 5GB, 40, digo 44', [['ESIM-JP-5GB-30D', 44]]],
    ['Japão 5GB, 40, ou melhor 44', [['ESIM-JP-5GB-30D', 44]]],
  ])('%s', (text, lines) => {
    expect(read(text)).toMatchObject({ intent: 'order', lines, sure: false });
  });
});

describe('"一张卡用吗": one card for several places asked, not a count of one', () => {
  test('the count said after it is the count', () => {
    expect(read('泰国马来西亚能一张卡用吗？5GB，30张报个价')).toMatchObject({ intent: 'quote', lines: [[null, 30]], sure: false });
    expect(read('日本韩国一张卡用得了吗？5GB 20张')).toMatchObject({ lines: [[null, 20]] });
  });

  test('one card asked for is still one', () => {
    expect(read('日本5GB 要一张卡用')).toMatchObject({ lines: [['ESIM-JP-5GB-30D', 1]] });
  });
});

describe('how many cards a sum buys is a price asked', () => {
  test.each([
    ['Japan 5GB, budget USD 500, how many can we get?'],
    ['Japón 5GB, tengo 3.000 MXN de presupuesto, ¿cuántas me alcanzan?'],
    ['Japão 5GB, tenho R$ 3.000, quantas dá pra comprar?'],
    ['日本5GB 预算3000元 能买几张'],
  ])('%s', (text) => {
    expect(read(text)).toMatchObject({ intent: 'quote', lines: [['ESIM-JP-5GB-30D', null]], sure: false });
  });

  test('without money it is no price asked; a budget beside a count stays an order', () => {
    expect(read('Japan 5GB, how many can we get by Friday?').intent).toBe('order');
    expect(read('Japan 5GB x 20, budget USD 500')).toMatchObject({ intent: 'order', lines: [['ESIM-JP-5GB-30D', 20]] });
  });
});

describe('"and my order?" asks where it is', () => {
  test.each([['and my order?'], ['what about our order?'], ['¿y mi pedido?'], ['e o meu pedido?'], ['e a nossa encomenda?'], ['我的订单呢？']])('%s', (text) => {
    expect(read(text)).toMatchObject({ intent: 'status' });
  });

  test('an order named in a sentence that asks nothing is not a status question', () => {
    expect(read('y mi pedido es Japón 5GB x 10').intent).toBe('order');
    expect(read('e o meu pedido: Japão 5GB, 10 unidades').intent).toBe('order');
  });
});

describe('a table\'s count cell written in words', () => {
  test.each([
    ['目的地 | 套餐 | 数量\n日本 | 5GB 30天 | 一百二十\n韩国 | 5GB 30天 | 三十', [['ESIM-JP-5GB-30D', 120], ['ESIM-KR-5GB-30D', 30]]],
    ['Destino | Paquete | Cantidad\nJapón | 5GB 30 días | veinte\nCorea | 5GB 30 días | 12', [['ESIM-JP-5GB-30D', 20], ['ESIM-KR-5GB-30D', 12]]],
    ['Destino | Pacote | Quantidade\nJapão | 5GB 30 dias | vinte e cinco', [['ESIM-JP-5GB-30D', 25]]],
    ['Country | Plan | Qty\nJapan | 5GB 30 days | forty', [['ESIM-JP-5GB-30D', 40]]],
  ])('%s', (text, lines) => {
    expect(read(text)).toMatchObject({ intent: 'order', lines });
  });

  test('a cell that is no number leaves the count to be asked', () => {
    expect(read('Country | Plan | Qty\nJapan | 5GB 30 days | TBC')).toMatchObject({ lines: [['ESIM-JP-5GB-30D', null]], sure: false });
  });
});

describe('rows lined up with their counts labelled are no header', () => {
  test.each([
    ['Item 1  eSIM Japan 5GB 30D      qty 14   unit 12.99\nItem 2  eSIM Korea 5GB 30D      qty 6    unit 12.99', [['ESIM-JP-5GB-30D', 14], ['ESIM-KR-5GB-30D', 6]]],
    ['Artículo 1  eSIM Japón 5GB 30D    cantidad 14   precio 12,99\nArtículo 2  eSIM Corea 5GB 30D    cantidad 6   precio 12,99', [['ESIM-JP-5GB-30D', 14], ['ESIM-KR-5GB-30D', 6]]],
  ])('%s', (text, lines) => {
    expect(read(text)).toMatchObject({ intent: 'order', lines });
  });

  test('a real header row over aligned rows is still read as one', () => {
    expect(read('Item  Descrição                 Qtd   Valor unit. R$\n1     Japão 5GB 30 dias          32    39,90')).toMatchObject({ lines: [['ESIM-JP-5GB-30D', 32]] });
  });
});

describe('the next stop of the trip joins places as "and" does', () => {
  test.each([
    ['the group flies to Seattle then drives up to Vancouver, one esim for both, 5GB, 8 pcs'],
    ['van a Nueva York y luego a Toronto, una sola eSIM, 5GB, 8 unidades'],
    ['vão pra Nova York e depois pra Toronto, um chip só, 5GB, 8 unidades'],
  ])('%s', (text) => {
    expect(read(text)).toMatchObject({ intent: 'order', lines: [['ESIM-USCA-5GB-30D', 8]] });
  });

  test('two lines said one after the other stay two lines', () => {
    expect(read('Japan 5GB x 10 then Korea 5GB x 5')).toMatchObject({ lines: [['ESIM-JP-5GB-30D', 10], ['ESIM-KR-5GB-30D', 5]] });
    expect(read('Japón 5GB x 10 y luego Corea 5GB x 5')).toMatchObject({ lines: [['ESIM-JP-5GB-30D', 10], ['ESIM-KR-5GB-30D', 5]] });
  });
});

describe('Cantonese "同" (and) and "一齊用" (used together)', () => {
  test.each([
    ['大陸、香港同澳門一齊用嘅 5GB，要12張', [['ESIM-CHM-5GB-30D', 12]]],
    ['香港同澳門 5GB 要12張', [['ESIM-CHM-5GB-30D', 12]]],
    ['日本同韩国 5GB 各10张', [['ESIM-JP-5GB-30D', 10], ['ESIM-KR-5GB-30D', 10]]],
  ])('%s', (text, lines) => {
    expect(read(text)).toMatchObject({ intent: 'order', lines });
  });
});

describe('everyone needs both lines: the travellers counted are each line\'s count', () => {
  test.each([
    ['team of 20 players, everyone needs Korea 3GB and Japan 3GB', [['ESIM-KR-3GB-15D', 20], ['ESIM-JP-3GB-15D', 20]]],
    ['somos 18 personas, todos necesitan Corea 3GB y Japón 3GB', [['ESIM-KR-3GB-15D', 18], ['ESIM-JP-3GB-15D', 18]]],
    ['são 18 jogadores, todos precisam de Coreia 3GB e Japão 3GB', [['ESIM-KR-3GB-15D', 18], ['ESIM-JP-3GB-15D', 18]]],
    ['团里18个人，每人都要韩国3GB和日本3GB', [['ESIM-KR-3GB-15D', 18], ['ESIM-JP-3GB-15D', 18]]],
  ])('%s', (text, lines) => {
    expect(read(text)).toMatchObject({ intent: 'order', lines, sure: false });
  });

  test('counts of their own stay, whatever everyone needs besides', () => {
    expect(read('Korea 3GB x 10 and Japan 3GB x 5 for 15 pax, everyone needs a charger and a plug')).toMatchObject({ lines: [['ESIM-KR-3GB-15D', 10], ['ESIM-JP-3GB-15D', 5]] });
  });

  test('players are people counted', () => {
    expect(read('Korea 3GB for 22 players')).toMatchObject({ lines: [['ESIM-KR-3GB-15D', 22]], sure: false });
  });
});

describe('a place we do not sell, named as where the reseller is', () => {
  test.each([
    ['Hi, front desk of the hotel in Cancún here. A guest wants 2 eSIM USA 5GB 30 days', [['ESIM-US-5GB-30D', 2]]],
    ['Somos una agencia en México, Japón 5GB x 10', [['ESIM-JP-5GB-30D', 10]]],
    ['somos uma agência no Brasil, Japão 5GB, 10 unidades', [['ESIM-JP-5GB-30D', 10]]],
  ])('%s', (text, lines) => {
    expect(read(text)).toMatchObject({ intent: 'order', lines });
  });

  test('the travellers\' destination is still read', () => {
    expect(read('Brasil 5GB x 10')).toMatchObject({ lines: [[null, 10]], sure: false });
    expect(read('guests staying at a hotel in Bangkok need 5GB x 10')).toMatchObject({ lines: [['ESIM-TH-5GB-30D', 10]] });
  });
});
