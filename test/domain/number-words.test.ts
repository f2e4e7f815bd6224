import fc from 'fast-check';
import { readChineseNumber, spellOutNumbers } from '../../domain/parsing/number-words';

describe('English numbers in words', () => {
  test.each<[string, string]>([
    ['Asia 10GB, thirty-six pieces please.', 'Asia 10GB, 36 pieces please.'],
    ['uk 10gb... make it a hundred and fifty', 'uk 10gb... make it 150'],
    ['Japan 5GB x twenty', 'Japan 5GB x 20'],
    ['need twelve Korea 3GB', 'need 12 Korea 3GB'],
    ['Thailand unlimited, forty five pcs', 'Thailand unlimited, 45 pcs'],
    ['Twenty-One eSIMs for Vietnam', '21 eSIMs for Vietnam'],
    ['NINETY-NINE cards', '99 cards'],
    ['two hundred and fifty Europe 10GB', '250 Europe 10GB'],
    ['one hundred Singapore 5GB', '100 Singapore 5GB'],
    ['a hundred Japan 1GB 7 days', '100 Japan 1GB 7 days'],
    ['about a thousand of the US 10GB', 'about 1000 of the US 10GB'],
    ['two thousand five hundred Global 3GB', '2500 Global 3GB'],
    ['one thousand two hundred and five units', '1205 units'],
    ['twelve hundred Korea 5GB', '1200 Korea 5GB'],
    ['a dozen Turkey 5GB', '12 Turkey 5GB'],
    ['two dozen UAE 10GB please', '24 UAE 10GB please'],
    ['half a dozen for the VIPs', '6 for the VIPs'],
    ['Europe 3GB 15 days for the Lisbon group. Oh and we need eighteen.', 'Europe 3GB 15 days for the Lisbon group. Oh and we need 18.'],
    ['Korea 3GB, sixty of them please, group leaves Friday', 'Korea 3GB, 60 of them please, group leaves Friday'],
    ['Japan unlimited for ten days, seven pcs', 'Japan unlimited for 10 days, 7 pcs'],
    ['five-day trip', '5-day trip'],
    ['we need 2 thousand for the summer', 'we need 2000 for the summer'],
    ['Hi Mei,\n\nFollowing our call - Asia 10GB, thirty-six pieces please.\n\nBest,\nTom', 'Hi Mei,\n\nFollowing our call - Asia 10GB, 36 pieces please.\n\nBest,\nTom'],
  ])('%j', (input, expected) => {
    expect(spellOutNumbers(input)).toBe(expected);
  });
});

describe('Spanish numbers in words', () => {
  test.each<[string, string]>([
    ['Hola! cincuenta eSIM de Japón 3GB para un grupo de estudiantes', 'Hola! 50 eSIM de Japón 3GB para un grupo de estudiantes'],
    ['Necesito eSIM Turquía 10 gigas, unas trescientas unidades', 'Necesito eSIM Turquía 10 gigas, unas 300 unidades'],
    ['Buenas, quiero Indonesia 10GB. Cantidad: mil quinientas', 'Buenas, quiero Indonesia 10GB. Cantidad: 1500'],
    ['Corea 5GB 30 días x veinte', 'Corea 5GB 30 días x 20'],
    ['Japón ilimitado 5 días. Me mandas doce?', 'Japón ilimitado 5 días. Me mandas 12?'],
    ['Serían ochenta en total.', 'Serían 80 en total.'],
    ['treinta y cinco eSIM de Tailandia', '35 eSIM de Tailandia'],
    ['treinta y un viajeros', '31 viajeros'],
    ['veintidós unidades', '22 unidades'],
    ['veintidos unidades', '22 unidades'],
    ['VEINTIDÓS unidades', '22 unidades'],
    ['veintiún eSIM de Corea', '21 eSIM de Corea'],
    ['dieciséis tarjetas', '16 tarjetas'],
    ['cien eSIM de Europa', '100 eSIM de Europa'],
    ['ciento veinte unidades', '120 unidades'],
    ['ciento uno', '101'],
    ['doscientas cincuenta unidades de EEUU', '250 unidades de EEUU'],
    ['quinientos chips', '500 chips'],
    ['novecientas noventa y nueve', '999'],
    ['dos mil quinientos eSIM', '2500 eSIM'],
    ['mil eSIM de Japón', '1000 eSIM de Japón'],
    ['cien mil', '100000'],
    ['una docena de eSIM de México', '12 de eSIM de México'],
    ['dos docenas de tarjetas', '24 de tarjetas'],
    ['media docena para la familia', '6 para la familia'],
    ['Necesito dos eSIM para el viernes', 'Necesito 2 eSIM para el viernes'],
    ['Hola, once unidades de Japón 3GB por favor, gracias', 'Hola, 11 unidades de Japón 3GB por favor, gracias'],
    ['necesito 2 mil unidades', 'necesito 2000 unidades'],
  ])('%j', (input, expected) => {
    expect(spellOutNumbers(input)).toBe(expected);
  });
});

describe('Portuguese numbers in words', () => {
  test.each<[string, string]>([
    ['preciso de duzentos chips eSIM Europa 10GB 30 dias', 'preciso de 200 chips eSIM Europa 10GB 30 dias'],
    ['Austrália 5GB, mandem quarenta e cinco por favor', 'Austrália 5GB, mandem 45 por favor'],
    ['Segue nosso pedido: eSIM Tailândia 20GB 30 dias, cento e vinte unidades.', 'Segue nosso pedido: eSIM Tailândia 20GB 30 dias, 120 unidades.'],
    ['Quero eSIM Global 3GB, são quinze clientes', 'Quero eSIM Global 3GB, são 15 clientes'],
    ['vinte e cinco eSIMs', '25 eSIMs'],
    ['trinta e um chips', '31 chips'],
    ['trinta e uma unidades', '31 unidades'],
    ['duas unidades', '2 unidades'],
    ['dois chips físicos', '2 chips físicos'],
    ['três eSIMs', '3 eSIMs'],
    ['tres eSIMs', '3 eSIMs'],
    ['cem eSIMs', '100 eSIMs'],
    ['duzentas e cinquenta unidades', '250 unidades'],
    ['quinhentos chips', '500 chips'],
    ['mil e quinhentos', '1500'],
    ['dois mil e quinhentos eSIMs', '2500 eSIMs'],
    ['mil duzentos e cinquenta', '1250'],
    ['dezesseis, dezassete, dezenove, catorze, quatorze', '16, 17, 19, 14, 14'],
    ['uma dúzia de chips', '12 de chips'],
    ['uma duzia de chips', '12 de chips'],
    ['meia dúzia', '6'],
    ['duas dúzias', '24'],
    ['Japão 10GB, doze unidades por favor', 'Japão 10GB, 12 unidades por favor'],
  ])('%j', (input, expected) => {
    expect(spellOutNumbers(input)).toBe(expected);
  });
});

describe('Chinese numerals', () => {
  test.each<[string, string]>([
    ['台湾5G的来八十张', '台湾5G的来80张'],
    ['要新加坡3G十五天的，数量一百二十', '要新加坡3G15天的，数量120'],
    ['香港的3G，一千张，尽快', '香港的3G，1000张，尽快'],
    ['美国20G 30天 要两百五十个', '美国20G 30天 要250个'],
    ['韩国1G七天那个，三十张', '韩国1G7天那个，30张'],
    ['泰国无限流量十天的 实体卡 要六十张', '泰国无限流量10天的 实体卡 要60张'],
    ['日本3G 十五天 报个价 五千张', '日本3G 15天 报个价 5000张'],
    ['日本無限流量五天的，三十個', '日本無限流量5天的，30個'],
    ['美国3G 15天 报价，数量两百', '美国3G 15天 报价，数量200'],
    ['印尼10G 四十五张', '印尼10G 45张'],
    ['三百张', '300张'],
    ['两千张', '2000张'],
    ['一百五十张', '150张'],
    ['两万张', '20000张'],
    ['一万五', '15000'],
    ['两百五', '250'],
    ['一千二', '1200'],
    ['一千零五十个', '1050个'],
    ['兩張', '2張'],
    ['两张', '2张'],
    ['三个月', '3个月'],
    ['两周', '2周'],
    ['五套', '5套'],
    ['要5千张', '要5000张'],
    ['1.5万张', '15000张'],
    ['二〇二六年', '2026年'],
  ])('%j', (input, expected) => {
    expect(spellOutNumbers(input)).toBe(expected);
  });

  test('readChineseNumber reads whole numbers and refuses the rest', () => {
    expect(readChineseNumber('十')).toBe(10);
    expect(readChineseNumber('十一')).toBe(11);
    expect(readChineseNumber('二十一')).toBe(21);
    expect(readChineseNumber('一百零八')).toBe(108);
    expect(readChineseNumber('三十万')).toBe(300000);
    expect(readChineseNumber('五六')).toBeNull();
    expect(readChineseNumber('两三百')).toBeNull();
    expect(readChineseNumber('千万')).toBeNull();
    expect(readChineseNumber('万一')).toBeNull();
    expect(readChineseNumber('百')).toBeNull();
  });
});

describe('what is never a number', () => {
  test.each<string>([
    // articles and "one" alone
    'Pls 1 x UAE 5GB asap for one VIP client',
    'I need an eSIM for a client, one with unlimited data',
    'Quiero un eSIM de Japón para una clienta, uno solo',
    'Preciso de um chip para uma cliente',
    // inside other words, ordinals
    'someone from our team will pay tomorrow',
    'the eleventh group, a tendency to order late',
    'first order, second batch, third time',
    'primero Japón, segundo Corea',
    'Quinta-feira sai o grupo, segunda-feira o outro',
    'seisdedos tours',
    'we need it by the twenty-first of June',
    // plurals of scale words
    'dozens of customers asked about it',
    'hundreds of travellers, thousands of downloads',
    'cientos de clientes, docenas de pedidos',
    'por ciento',
    // the other language's word
    'once paid, please send the QR codes',
    'ten en cuenta que el grupo sale el lunes',
    'preciso dos chips para os clientes, obrigado',
    'a lista dos pedidos de você não chegou',
    'mil gracias por todo!',
    'a thousand thanks',
    'doce de leite',
    // digits, references, phone numbers, e-mail
    'Japan 3GB x 40, PO-2026-0412, call +34 612 345 678',
    'ref TN-2026-0077, 3GB, 10GB, 1.5 thousand',
    'send to two@example.com or https://example.com/ten',
    // Chinese
    '用一张卡',
    '用一張卡就行',
    '一张卡一个号码',
    '第一批 第二批 第三十批',
    '五六张 两三百 一两个',
    '十分感谢',
    '万一不够 千万别发错',
    '星期三出发，周五到',
    '百分之',
    '这两款',
  ])('%j is left as it is', (input) => {
    expect(spellOutNumbers(input)).toBe(input);
  });

  test('a number in an otherwise untouched sentence changes only its own span', () => {
    const input = 'Subject: Pedido Dubái\n\nBuenos días,\n\nPara la feria de noviembre queremos eSIM de Emiratos 5GB. Serían ochenta en total.\n\nUn saludo,\nLucía Ferrer\nTel. +34 954 221 873';
    expect(spellOutNumbers(input)).toBe(input.replace('ochenta', '80'));
  });

  test('text with no number words is returned unchanged (property)', () => {
    const safe = fc.constantFrom(
      'Japan', '10GB', '15', 'days', 'x', '30天', '日本', 'eSIM', ',', '，', '\n', 'PO-2026-0412', '+66 81 234 5601', 'qty', 'please', 'Hola', 'Japón', '张', '卡', 'someone', 'first', 'dozens', 'of',
    );
    fc.assert(
      fc.property(fc.array(safe, { maxLength: 20 }), fc.array(fc.constantFrom(' ', '', '  '), { maxLength: 20 }), (words, gaps) => {
        const text = words.map((w, i) => w + (gaps[i] ?? ' ')).join('');
        expect(spellOutNumbers(text)).toBe(text);
      }),
    );
  });

  test('rewriting twice changes nothing more', () => {
    for (const text of ['a hundred and fifty Japan 5GB', 'mil quinientas', 'dois mil e quinhentos', '两百五十个', 'treinta y cinco']) {
      const once = spellOutNumbers(text);
      expect(spellOutNumbers(once)).toBe(once);
    }
  });
});
