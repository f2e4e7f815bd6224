import { readMessage } from '../support/read-message';

// Twelfth tuning set (tuned after the thirteenth): kinds of messages it showed were read wrong; each
// rule with messages written for it here, in the four languages (not copied from a labelled set).

const read = readMessage;

describe('one count for every line, said after them', () => {
  test.each([
    ['Send Vietnam 5GB and Korea 5GB, both at 14 please', [['ESIM-VN-5GB-30D', 14], ['ESIM-KR-5GB-30D', 14]]],
    ['Korea 5GB + Japan 5GB, each type 9', [['ESIM-KR-5GB-30D', 9], ['ESIM-JP-5GB-30D', 9]]],
    ['Vietnã 5GB e Coreia 5GB, ambos com 14 unidades', [['ESIM-VN-5GB-30D', 14], ['ESIM-KR-5GB-30D', 14]]],
    ['Vietnam 5GB y Corea 5GB, cada tipo 14', [['ESIM-VN-5GB-30D', 14], ['ESIM-KR-5GB-30D', 14]]],
    ['Japan 5GB + Korea 5GB + Vietnam 5GB. 7 for each one', [['ESIM-JP-5GB-30D', 7], ['ESIM-KR-5GB-30D', 7], ['ESIM-VN-5GB-30D', 7]]],
  ])('%s', (text, lines) => {
    expect(read(text)).toMatchObject({ intent: 'order', lines });
  });

  test('"make it N each" said last replaces the counts before', () => {
    for (const text of ['4 japan 5gb and 4 korea 5gb. actually make it 9 each', '4 Japón 5GB y 4 Corea 5GB, mejor que sean 9 de cada', '4 Japão 5GB e 4 Coreia 5GB, melhor 9 de cada', '日本5GB 4张，韩国5GB 4张，改成各9张']) {
      expect([text, read(text)]).toMatchObject([text, { intent: 'order', lines: [['ESIM-JP-5GB-30D', 9], ['ESIM-KR-5GB-30D', 9]], sure: false }]);
    }
  });

  test('a size after "both" is no count', () => {
    expect(read('Japan and Korea, both 5 GB, 20 each').lines).toEqual([['ESIM-JP-5GB-30D', 20], ['ESIM-KR-5GB-30D', 20]]);
  });
});

describe('one total shared evenly among the lines', () => {
  test.each([
    ['50 eSIMs in total, split evenly between Japan 5GB and Korea 5GB'],
    ['Necesito 50 eSIM en total, mitad Japón 5GB y mitad Corea 5GB'],
    ['50 chips divididos igual entre Japão 5GB e Coreia 5GB'],
    ['一共50张，日本5GB和韩国5GB一半一半'],
  ])('%s', (text) => {
    expect(read(text)).toMatchObject({ intent: 'order', lines: [['ESIM-JP-5GB-30D', 25], ['ESIM-KR-5GB-30D', 25]], sure: false });
  });

  test('a total that does not split evenly is no line’s count', () => {
    expect(read('25 eSIMs in total, split evenly between Japan 5GB and Korea 5GB').lines).toEqual([
      ['ESIM-JP-5GB-30D', null],
      ['ESIM-KR-5GB-30D', null],
    ]);
  });
});

describe('so many for each traveller, times the travellers', () => {
  test.each([
    ['we need 2 per person, family of 5: Korea 1GB', 10],
    ['3 por persona, somos 4: eSIM Corea 1GB', 12],
    ['2 chips por pessoa, 9 pessoas: Coreia 1GB 7 dias', 18],
    ['每人2张，一共6个人，韩国1GB', 12],
  ])('%s', (text, count) => {
    expect(read(text)).toMatchObject({ intent: 'order', lines: [['ESIM-KR-1GB-7D', count]], sure: false });
  });
});

describe('what an e-mail says under its attachment', () => {
  test('the signature and disclaimer under the rows are no order lines', () => {
    const text =
      'Subject: PO-2027-0310 Korea\n\nHi,\n\nPO attached.\n\n[Attachment: PO-2027-0310.csv]\nsku,qty\nESIM-KR-5GB-30D,16\n\nKind regards,\nAlex Moore\nNorthway Travel, Leeds\nThis message is confidential. Registered in England No. 04412345.';
    expect(read(text)).toMatchObject({ intent: 'order', lines: [['ESIM-KR-5GB-30D', 16]], reference: 'PO-2027-0310' });
  });

  test('a row whose count is left empty is still a line, its count to be asked', () => {
    const text = 'Subject: pedido\n\nHola,\n\n[Attachment: pedido.csv]\nsku,descripcion,cantidad\nESIM-KR-5GB-30D,Corea 5GB,16\nESIM-JP-5GB-30D,Japón 5GB,\n\nLa cantidad de Japón la confirmo mañana.\n\nSaludos';
    expect(read(text)).toMatchObject({ intent: 'order', lines: [['ESIM-KR-5GB-30D', 16], ['ESIM-JP-5GB-30D', null]], sure: false });
  });

  test('"gracias de antemano" closes the message: the signature under it is no line', () => {
    expect(read('Buen día,\n\nJapón 5GB - 20 unidades\n\nGracias de antemano.\n\nLuis Prado\nPrado Viajes - Lima, Perú\nRUC 20123456789-1').lines).toEqual([['ESIM-JP-5GB-30D', 20]]);
  });
});
