import { parseMessage } from '../../domain/parsing/parse-message';
import { readMessage as read, seedIndex } from '../support/read-message';

// Rules learned from tune18 (once holdout5), tested on sentences written apart from it.

describe('two lines with the same size and count stay two lines', () => {
  test.each([
    ['Camboya 5GB 10 y Vietnam 5GB 10', [[null, 10], ['ESIM-VN-5GB-30D', 10]]],
    ['Laos 3GB 20 and Thailand 3GB 20', [[null, 20], [expect.stringMatching(/^ESIM-TH-3GB/), 20]]],
  ])('%s', (text, lines) => {
    const r = read(text);
    expect(r.lines).toEqual(lines);
    expect(r.sure).toBe(false);
  });

  test('"50 and 50" is still one count for each', () => {
    expect(read('Japão 5GB e Coreia 5GB, 50 e 50').lines).toEqual([['ESIM-JP-5GB-30D', 50], ['ESIM-KR-5GB-30D', 50]]);
  });
});

describe('numbers of a room, a fair stand, a coach or an internal order are no count', () => {
  test.each([
    ['la señora del cuarto 1207 quiere tres Japón 10GB 30 días', 'ESIM-JP-10GB-30D', 3],
    ['Feria en Dubái, stand 2215: ocho eSIM Emiratos 5GB', 'ESIM-AE-5GB-30D', 8],
    ['We are at booth 431 next week, need 6 Singapore 5GB', 'ESIM-SG-5GB-30D', 6],
    ['o grupo vai no ônibus 3, são 25 eSIM Turquia 5GB', 'ESIM-TR-5GB-30D', 25],
    ['Pedido interno 5520: Japón 5GB, son 30', 'ESIM-JP-5GB-30D', 30],
    ['internal ref 8821 - Korea 20GB x 12', 'ESIM-KR-20GB-30D', 12],
  ])('%s', (text, sku, quantity) => {
    expect(read(text).lines).toEqual([[sku, quantity]]);
  });

  test('a count right after the word still counts', () => {
    expect(read('coach 30 eSIMs Japan 5GB').lines).toEqual([['ESIM-JP-5GB-30D', 30]]);
  });
});

describe('a price per card and one card for several places are no count', () => {
  test.each([
    ['日本5GB如果8块一张可以的话，我要50张', 'ESIM-JP-5GB-30D', 50],
    ['德国意大利西班牙一张卡搞定，5GB，要30张', 'ESIM-EU-5GB-30D', 30],
  ])('%s', (text, sku, quantity) => {
    expect(read(text).lines).toEqual([[sku, quantity]]);
  });
});

describe('"but only N need them" is the count', () => {
  test.each([
    ['Somos 40 no grupo mas só 18 precisam de eSIM Japão 5GB', 'ESIM-JP-5GB-30D', 18],
    ['Vienen 30 profesores pero solo 11 quieren Corea 5GB', 'ESIM-KR-5GB-30D', 11],
    ['52 delegates flying, but only 20 need Turkey 5GB', 'ESIM-TR-5GB-30D', 20],
  ])('%s', (text, sku, quantity) => {
    expect(read(text).lines).toEqual([[sku, quantity]]);
  });
});

describe('one count said for every line, alone', () => {
  test.each([
    ['Japão 5GB e Coreia 20GB, quantidade igual: 15', [['ESIM-JP-5GB-30D', 15], ['ESIM-KR-20GB-30D', 15]]],
    ['Japan 3GB 15 days and Korea 5GB, same amount, 22', [['ESIM-JP-3GB-15D', 22], ['ESIM-KR-5GB-30D', 22]]],
    ['台湾10GB、香港5GB，统一40张', [['ESIM-TW-10GB-30D', 40], ['ESIM-HK-5GB-30D', 40]]],
  ])('%s', (text, lines) => {
    expect(read(text).lines).toEqual(lines);
  });

  test('"same quantity as last time" names no count', () => {
    expect(read('Japan 5GB and Korea 5GB, same quantity as last time').lines).toEqual([['ESIM-JP-5GB-30D', null], ['ESIM-KR-5GB-30D', null]]);
  });
});

describe('counts and plans in other words', () => {
  test.each([
    ['泰国5GB，数量：十五', 'ESIM-TH-5GB-30D', 15],
    ['10 eSIM Japón ilimitadas diez días', 'ESIM-JP-UNL-10D', 10],
  ])('%s', (text, sku, quantity) => {
    expect(read(text).lines).toEqual([[sku, quantity]]);
  });
});

describe('a price offered on condition is a price asked', () => {
  test.each([
    ['日本5GB要是能给到5块，我要100张，可以吗？', 'ESIM-JP-5GB-30D', 100],
    ['Corea 5GB: si me las dejás a 4 dólares llevo 60?', 'ESIM-KR-5GB-30D', 60],
  ])('%s', (text, sku, quantity) => {
    const r = read(text);
    expect(r.intent).toBe('quote');
    expect(r.lines).toEqual([[sku, quantity]]);
  });
});

describe('support said as a situation goes to a person', () => {
  test.each([
    'my client has full bars in Tokyo but no data, already tried airplane mode',
    'el cliente está en Seúl y la eSIM se queda buscando señal',
    'o cliente está em Seul e o chip fica procurando rede',
    'ninguno de los QR que enviaron lo lee el iPhone del cliente, no lo reconoce',
    'Como configuro a eSIM no Samsung do cliente?',
    'please check ICCID 8985200000123456789, the guest says it never connected',
    '客人扫码一直转圈，最后显示无法完成',
    '客人的手机不支持eSIM，能换成实体卡吗',
    '客人刷机以后eSIM没了，怎么办',
    'la de Japón caducó a los 12 días y era de 30',
    'the Korea plan stopped working after 6 days, it was the 15 day one',
    'o da Turquia acabou em 5 dias, era de 15',
    'give me a ring when you can, it is about the Bali group',
  ])('%s', (text) => {
    expect(read(text).intent).toBe('support');
  });

  test('an order that leaves a number for problems is the order', () => {
    const r = read('日本20GB要12张，有问题打我电话139 1234 5678');
    expect(r.intent).toBe('order');
    expect(r.lines).toEqual([['ESIM-JP-20GB-30D', 12]]);
  });

  test('an order with a thank-you for the prices is the order', () => {
    expect(read('Subject: Re: Japan pricing\n\nThanks for the quote, we will go with it.\n\nJapan 5GB: 30\nKorea 5GB: 20\n\nBest,\nAna').intent).toBe('order');
  });
});

describe('short answers', () => {
  test.each([
    ['perfeito, confirma', { openQuote: true }, 'confirm'],
    ['perfecto, procedemos', { openQuote: true }, 'confirm'],
    ['anúlalo porfa', { openQuote: true }, 'cancel'],
    ['这单撤掉吧', { openQuote: true }, 'cancel'],
    ['稍等，我跟老板确认一下', { openQuote: true }, 'other'],
  ])('%s', (text, context, intent) => {
    expect(read(text, context).intent).toBe(intent);
  });
});

describe('South-East Asian places perhaps in the Asia plan are lines, offered the Asia plans', () => {
  test.each([
    ['缅甸的卡来十五张', 15],
    ['Myanmar 5GB x 15', 15],
    ['Camboja 3GB, 8 unidades', 8],
  ])('%s', (text, quantity) => {
    const r = read(text);
    expect(r.lines).toEqual([[null, quantity]]);
    expect(r.sure).toBe(false);
  });

  test('the Asia plans are what is offered', () => {
    const line = parseMessage(seedIndex, 'Laos 5GB x 12').lines[0]!;
    expect(line.resolution).toBe('not_sold');
    expect(line.candidates).toEqual(['ESIM-ASIA-5GB-30D']);
  });
});

describe('a count in Chinese numerals after 数量, with the words around it', () => {
  test.each([
    ['亚洲10G，数量嘛……四十吧', 'ESIM-ASIA-10GB-30D', 40],
    ['全球5G 数量呢，二十', 'ESIM-GLOBAL-5GB-30D', 20],
  ])('%s', (text, sku, quantity) => {
    expect(read(text).lines).toEqual([[sku, quantity]]);
  });
});

describe('more support said as a situation', () => {
  test.each([
    'el cliente dice que la eSIM de Tailandia no le da internet en Phuket',
    'el QR llegó pero el cliente no tiene wifi para instalarlo',
    'Turkey eSIM: customer is in Istanbul and it says SIM not supported',
  ])('%s', (text) => {
    expect(read(text).intent).toBe('support');
  });
});
