import { readMessage } from '../support/read-message';

// Fourteenth to seventeenth tuning sets, the intent read wrong: kinds of messages they showed, each rule with
// messages written for it here, in the four languages (not copied from a labelled set).

const read = readMessage;

describe('a price asked in words the lists lacked', () => {
  test.each([
    ['Japan 5GB 跟 Korea 5GB 各要50个，price多少', 'quote'],
    ['泰国10GB要20张，quote一下', 'quote'],
    ['¿Me cotizas Japón 5GB? Serían 12', 'quote'],
    ['nos cotizan Corea 5GB, unas 30?', 'quote'],
    ['Coreia 5GB, 10 unidades, me passa o valor', 'quote'],
    ['Turquía 10GB, cotízanos 25', 'quote'],
    ['Japão 3GB, 8 unidades, me passe o valor por favor', 'quote'],
    ['日本10GB 30天的批发价多少？', 'quote'],
    ['韩国5GB，之前是6.5一张，现在多少？', 'quote'],
  ])('%s', (text, intent) => {
    expect(read(text).intent).toBe(intent);
  });

  test('a quote with an English price word in a Chinese sentence is not read surely as either', () => {
    expect(read('日本5GB 要30个，price多少')).toMatchObject({ intent: 'quote', lines: [['ESIM-JP-5GB-30D', 30]], sure: false });
  });

  test('the Latin word still needs its own edges among Latin letters', () => {
    expect(read('Japan 5GB x 20, priceless trip').intent).toBe('order');
  });
});

describe('a yes that puts the answer off is no yes', () => {
  test.each([
    ['ok dale, luego te confirmo'],
    ['vale, mañana te aviso'],
    ['sounds ok, will confirm tomorrow'],
    ['beleza, amanhã confirmo'],
  ])('%s', (text) => {
    expect(read(text)).toMatchObject({ intent: 'other', sure: false });
  });
});
