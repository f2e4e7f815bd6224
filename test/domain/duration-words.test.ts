import { spellOutDurations } from '../../domain/parsing/duration-words';
import { spellOutNumbers } from '../../domain/parsing/number-words';
import { parseMessage } from '../../domain/parsing/parse-message';
import { seedCatalogueIndex } from '../../bot/parsing/seed-catalogue';

/** As the parser would use them: numbers first, then durations. */
const rewrite = (text: string) => spellOutDurations(spellOutNumbers(text));

describe('durations in words become days', () => {
  test.each<[string, string]>([
    // English
    ['Japan 1GB for one week, 35 pcs', 'Japan 1GB for 7 days, 35 pcs'],
    ['Our students are in Seoul for a week. Please quote Korea 1GB, 64 units.', 'Our students are in Seoul for 7 days. Please quote Korea 1GB, 64 units.'],
    ['Korea 1GB 1 week x 20', 'Korea 1GB 7 days x 20'],
    ['Thailand 10GB for a fortnight x 60', 'Thailand 10GB for 15 days x 60'],
    ['Thailand 10GB fortnight x 60', 'Thailand 10GB 15 days x 60'],
    ['US 5GB for a month? need 24', 'US 5GB for 30 days? need 24'],
    ['UK 5GB one month x 10', 'UK 5GB 30 days x 10'],
    ['UK 5GB 1 month x 10', 'UK 5GB 30 days x 10'],
    ['Japan 10GB for a month - no wait, they are only there two weeks, so the shorter one. 40 pcs', 'Japan 10GB for 30 days - no wait, they are only there 15 days, so the shorter one. 40 pcs'],
    ['Europe 3GB 2 weeks x 42', 'Europe 3GB 15 days x 42'],
    ['Europe 3GB a 2-week trip x 42', 'Europe 3GB a 15 days trip x 42'],
    ['Europe 3GB for three weeks x 42', 'Europe 3GB for 21 days x 42'],
    ['Europe 3GB 2wks x 42', 'Europe 3GB 15 days x 42'],
    ['Japan 1GB 7-day x 10', 'Japan 1GB 7 days x 10'],
    ['the 30-day Korea 5GB, 12 of them', 'the 30 days Korea 5GB, 12 of them'],
    ['a one-week plan', 'a 7 days plan'],
    ['half a month in Vietnam', '15 days in Vietnam'],
    ['Europe unlimited for ten days, 12 please', 'Europe unlimited for 10 days, 12 please'],
    // Spanish
    ['Corea 10GB por un mes, 30 unidades', 'Corea 10GB por 30 days, 30 unidades'],
    ['Japón 10GB por dos semanas, 25 eSIM', 'Japón 10GB por 15 days, 25 eSIM'],
    ['Un grupo de jubilados viaja dos semanas a Italia y Grecia. Necesitamos Europa 3GB, 42 unidades.', 'Un grupo de jubilados viaja 15 days a Italia y Grecia. Necesitamos Europa 3GB, 42 unidades.'],
    ['Tailandia 3GB una semana x 18', 'Tailandia 3GB 7 days x 18'],
    ['Tailandia 3GB una quincena x 18', 'Tailandia 3GB 15 days x 18'],
    ['Tailandia 3GB para quince días, 18 eSIMs', 'Tailandia 3GB para 15 días, 18 eSIMs'],
    ['EEUU ilimitado medio mes', 'EEUU ilimitado 15 days'],
    ['tres semanas en Japón', '21 days en Japón'],
    // Portuguese
    ['Japão ilimitado por uma semana, 10 eSIMs', 'Japão ilimitado por 7 days, 10 eSIMs'],
    ['quanto custa 100 de Coreia 10GB por um mês?', 'quanto custa 100 de Coreia 10GB por 30 days?'],
    ['China 10GB um mes, 25 chips físicos', 'China 10GB 30 days, 25 chips físicos'],
    ['Japão 10GB duas semanas, 40 unidades', 'Japão 10GB 15 days, 40 unidades'],
    ['Japão 10GB por uma quinzena', 'Japão 10GB por 15 days'],
    ['Japão 10GB meio mês', 'Japão 10GB 15 days'],
    ['Japão 10GB por quinze dias, 40 unidades', 'Japão 10GB por 15 dias, 40 unidades'],
    // Chinese
    ['日本10G一个月的，来五十张', '日本10G30天的，来50张'],
    ['日本10G一個月的', '日本10G30天的'],
    ['日本10G 1个月', '日本10G 30天'],
    ['韩国10G半个月的 二十张', '韩国10G15天的 20张'],
    ['韩国10G半個月', '韩国10G15天'],
    ['欧洲1G一周的，六十张', '欧洲1G7天的，60张'],
    ['欧洲1G一星期', '欧洲1G7天'],
    ['欧洲1G一个星期', '欧洲1G7天'],
    ['歐洲1G一個星期', '歐洲1G7天'],
    ['欧洲1G两周', '欧洲1G15天'],
    ['歐洲1G兩週', '歐洲1G15天'],
    ['欧洲1G两个星期', '欧洲1G15天'],
    ['欧洲1G三周', '欧洲1G21天'],
    ['美国无限流量七天', '美国无限流量7天'],
    ['美国 三个月', '美国 90天'],
  ])('%j', (input, expected) => {
    expect(rewrite(input)).toBe(expected);
  });

  test('durations already in digits need no number pass', () => {
    expect(spellOutDurations('Korea 2 weeks, Japan 3 weeks, US 2 months')).toBe('Korea 15 days, Japan 21 days, US 60 days');
    expect(spellOutDurations('Korea two weeks, Japan a week')).toBe('Korea 15 days, Japan 7 days');
    expect(spellOutDurations('Corea dos semanas, Brasil duas semanas')).toBe('Corea 15 days, Brasil 15 days');
  });

  test('native units keep the message in its language', () => {
    expect(spellOutDurations('Corea 10GB por un mes', { latinUnit: 'native' })).toBe('Corea 10GB por 30 días');
    expect(spellOutDurations('Coreia 10GB por um mês', { latinUnit: 'native' })).toBe('Coreia 10GB por 30 dias');
    expect(spellOutDurations('Japão 10GB 2 semanas, não esquece', { latinUnit: 'native' })).toBe('Japão 10GB 15 dias, não esquece');
    expect(spellOutDurations('Japón 10GB 2 semanas, gracias', { latinUnit: 'native' })).toBe('Japón 10GB 15 días, gracias');
    expect(spellOutDurations('Japan 10GB a week', { latinUnit: 'native' })).toBe('Japan 10GB 7 days');
    expect(spellOutDurations('日本一个月', { latinUnit: 'native' })).toBe('日本30天');
  });
});

describe('what is not a validity', () => {
  test.each<string>([
    'Japan next week, around 150, 10GB',
    'we leave in a week, Japan 10GB x 40',
    'please deliver within a month',
    'we ordered 2 weeks ago',
    'I top up once a week',
    'last month statement please',
    'this week or next week',
    'el grupo sale en una semana',
    'compramos hace un mes',
    'o grupo viaja daqui a um mês',
    'pedido de um mês atrás',
    'send 2 weeks later',
    'PO-2 weeks ref',
    '一周内发货',
    '一个月内发货',
    '两周后出发',
    '上个月的账单',
    '下个月出发',
    '这一周',
    '一月出发',
    '每个月',
    '一个半月',
    '3GB 15 days x 10',
    '日本10G 30天 二十张',
  ])('%j is left as it is', (input) => {
    const numbers = spellOutNumbers(input);
    expect(spellOutDurations(numbers)).toBe(numbers);
  });
});

describe('the validity rule reads the rewritten text', () => {
  const index = seedCatalogueIndex();
  test.each<[string, string, number]>([
    ['Japan 1GB for one week, 35 pcs', 'ESIM-JP-1GB-7D', 35],
    ['Thailand 10GB for a fortnight x 60', 'ESIM-TH-10GB-15D', 60],
    ['Corea 10GB por un mes, 30 unidades', 'ESIM-KR-10GB-30D', 30],
    ['Japón 10GB por dos semanas, 25 eSIM', 'ESIM-JP-10GB-15D', 25],
    ['Japão 1GB uma semana, 70 unidades', 'ESIM-JP-1GB-7D', 70],
    ['日本10G一个月的，来五十张', 'ESIM-JP-10GB-30D', 50],
    ['韩国10G半个月的 二十张', 'ESIM-KR-10GB-15D', 20],
    ['欧洲1G一周的，六十张', 'ESIM-EU-1GB-7D', 60],
  ])('%j', (text, sku, quantity) => {
    const result = parseMessage(index, rewrite(text));
    expect(result.lines.map((l) => [l.sku, l.quantity])).toEqual([[sku, quantity]]);
  });
});
