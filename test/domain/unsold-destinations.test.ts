import { destinationOf, UNSOLD_DESTINATIONS, unsoldPattern } from '../../domain/parsing/unsold-destinations';
import { EXTRA_ALIASES } from '../../domain/parsing/extra-aliases';
import { seedCatalogueIndex } from '../../bot/parsing/seed-catalogue';

const found = (text: string): string[] => [...text.matchAll(unsoldPattern())].map((m) => destinationOf(m[0]) ?? `?${m[0]}`);

describe('the list', () => {
  test('about sixty destinations, each with a unique English name and aliases in lower case', () => {
    expect(UNSOLD_DESTINATIONS.length).toBeGreaterThanOrEqual(55);
    expect(UNSOLD_DESTINATIONS.length).toBeLessThanOrEqual(70);
    const names = UNSOLD_DESTINATIONS.map((d) => d.name);
    expect(new Set(names).size).toBe(names.length);
    for (const d of UNSOLD_DESTINATIONS) {
      expect(d.aliases.length).toBeGreaterThan(0);
      for (const alias of d.aliases) expect(alias).toBe(alias.toLowerCase());
    }
  });

  test('no alias belongs to two destinations', () => {
    const seen = new Map<string, string>();
    for (const d of UNSOLD_DESTINATIONS) {
      for (const alias of d.aliases) {
        expect([alias, seen.get(alias) ?? d.name]).toEqual([alias, d.name]);
        seen.set(alias, d.name);
      }
    }
  });

  test('every destination has a Chinese name', () => {
    const missing = UNSOLD_DESTINATIONS.filter((d) => !d.aliases.some((a) => /[\u4e00-\u9fff]/.test(a))).map((d) => d.name);
    expect(missing).toEqual([]);
  });

  test('nothing the wholesaler sells, no region name, no European country, no Macau', () => {
    const names = UNSOLD_DESTINATIONS.map((d) => d.name.toLowerCase());
    for (const sold of ['japan', 'south korea', 'thailand', 'singapore', 'malaysia', 'vietnam', 'indonesia', 'hong kong', 'taiwan', 'united states', 'united kingdom', 'turkey', 'united arab emirates', 'australia', 'china', 'macau', 'europe', 'asia', 'global']) {
      expect(names).not.toContain(sold);
    }
    for (const european of ['france', 'spain', 'portugal', 'italy', 'germany', 'greece', 'switzerland', 'norway', 'iceland', 'ireland', 'netherlands', 'croatia', 'ukraine', 'georgia']) {
      expect(names).not.toContain(european);
    }
    expect(names).toContain('canada');
  });

  test("no sold region's alias is read as an unsold destination (but US + Canada names Canada)", () => {
    const index = seedCatalogueIndex();
    const soldAliases = [...index.regions.flatMap((r) => [r.name, ...r.aliases]), ...Object.values(EXTRA_ALIASES).flat()];
    const clashes = soldAliases.filter((a) => found(a.toLowerCase()).length > 0 && !/canad/i.test(a));
    expect(clashes).toEqual([]);
  });

  test('no unsold alias is read as a sold region', () => {
    const index = seedCatalogueIndex();
    const clashes: string[] = [];
    for (const d of UNSOLD_DESTINATIONS) {
      for (const alias of d.aliases) {
        for (const matcher of index.matchers) {
          matcher.pattern.lastIndex = 0;
          const m = matcher.pattern.exec(alias);
          matcher.pattern.lastIndex = 0;
          if (m && !(matcher.capitalsOnly && m[0] !== m[0].toUpperCase())) clashes.push(`${alias} ~ ${matcher.code}:${matcher.alias}`);
        }
      }
    }
    expect(clashes).toEqual([]);
  });
});

describe('finding unsold destinations in messages', () => {
  test.each<[string, string[]]>([
    // English
    ['Brazil 10GB x 100 please', ['Brazil']],
    ['Subject: Egypt + Japan order\n\n- Egypt 5GB x 40\n- Japan 5GB x 40', ['Egypt', 'Egypt']],
    ['south africa 3gb, 60 pcs. also thailand 3gb 60', ['South Africa']],
    ['Morocco eSIM, 10 of them, whatever data you have', ['Morocco']],
    ['do u do Nepal? need about 18 for trekking group', ['Nepal']],
    ['Sri Lanka 5GB x 22, Maldives 5GB x 22', ['Sri Lanka', 'Maldives']],
    ['India unlimited 20 pcs asap', ['India']],
    ['New Zealand 10GB x 30', ['New Zealand']],
    ['Canada 5GB x 12', ['Canada']],
    ['SAUDI ARABIA 5GB x 15 for the Umrah group', ['Saudi Arabia']],
    ['Peru and Bolivia, 20 each', ['Peru', 'Bolivia']],
    ['Israel 3GB x 8, Jordania 3GB x 8', ['Israel', 'Jordan']],
    // Spanish
    ['México 5GB, 200 unidades', ['Mexico']],
    ['Mexico 5GB, 200 unidades', ['Mexico']],
    ['¿Precio de eSIM para Perú? Necesito 25', ['Peru']],
    ['Queremos 120 eSIM para Colombia de 5GB.', ['Colombia']],
    ['Kenia 5GB x 35 y Tanzania 5GB x 35', ['Kenya', 'Tanzania']],
    ['Chile 10GB, cuánto sale? todavía no sé cuántas', ['Chile']],
    ['Brasil 10GB (60 unidades) y Argentina 10GB (40 unidades)', ['Brazil', 'Argentina']],
    ['Marruecos y Egipto, 30 de cada', ['Morocco', 'Egypt']],
    ['Nueva Zelanda 10GB x 10', ['New Zealand']],
    ['República Dominicana 5GB, 40 unidades', ['Dominican Republic']],
    ['Costa Rica y Panamá, 15 de cada uno', ['Costa Rica', 'Panama']],
    // Portuguese
    ['eSIM Argentina 10GB, 30 unidades', ['Argentina']],
    ['Vocês têm eSIM pro Chile? Preciso de 15', ['Chile']],
    ['quanto fica eSIM para Índia, 80 unidades?', ['India']],
    ['quanto fica eSIM para India, 80 unidades?', ['India']],
    ['Temos um grupo indo para Cuba em dezembro. Precisamos de 45 eSIMs, 3GB.', ['Cuba']],
    ['Preciso de eSIM México e EUA, 10GB, 50 de cada', ['Mexico']],
    ['Egito e Marrocos, 20 de cada', ['Egypt', 'Morocco']],
    ['Nova Zelândia 5GB x 10', ['New Zealand']],
    ['Cabo Verde e Moçambique, 12 unidades', ['Cape Verde', 'Mozambique']],
    ['África do Sul 10GB', ['South Africa']],
    // Perhaps in the Asia plan, never sold on their own for sure: named, and the Asia plans offered.
    ['Philippines and Cambodia: is that the Asia plan?', ['Philippines', 'Cambodia']],
    // Chinese
    ['印度的eSIM 5G 有吗，要五十张', ['India']],
    ['新西兰的有没有？三十张左右', ['New Zealand']],
    ['紐西蘭 10G 二十張', ['New Zealand']],
    ['埃及10G 两百张，迪拜10G 一百张', ['Egypt']],
    ['沙特的流量卡 四十张 多少钱', ['Saudi Arabia']],
    ['沙烏地阿拉伯 5G', ['Saudi Arabia']],
    ['巴西和阿根廷各一百张，10G的', ['Brazil', 'Argentina']],
    ['蒙古 5G 十張', ['Mongolia']],
    ['加拿大 5G 二十张', ['Canada']],
    ['墨西哥、秘鲁 各十张', ['Mexico', 'Peru']],
    ['摩洛哥10G', ['Morocco']],
    ['馬爾地夫 5G 十張', ['Maldives']],
  ])('%j', (text, expected) => {
    expect(found(text)).toEqual(expected);
  });

  test.each<string>([
    'Japan 10GB x 20',
    '印度尼西亚 10G 二十张',
    '印尼10G 四十五张',
    '内蒙古 5G 十张',
    '阿曼达说要日本10G',
    'New Mexico group, US 10GB x 20',
    'Nuevo México, EEUU 10GB x 20',
    'Indiana group, US 5GB x 12',
    'Hi, this is Jordan from TripNest, Japan 5GB x 10',
    'Mauricio aquí, Japón 5GB x 10',
    'Maurício aqui, Japão 5GB x 10',
    'Salvador, Bahia: Japão 5GB x 10',
    'Quem gana? Japón 5GB',
    'Georgia group (Atlanta), US 5GB x 10',
    'Europa 10GB para Italia, España y Grecia',
    'China HK Macau 10GB x 20',
    'someone from Chilean Airlines, Perugia, Cubatão',
  ])('%j names no unsold destination', (text) => {
    expect(found(text)).toEqual([]);
  });

  test('US + Canada names Canada (the region matchers read USCA first)', () => {
    expect(found('USA + Canada 10GB x 10')).toEqual(['Canada']);
  });

  test('destinationOf reads any alias, case and accents aside', () => {
    expect(destinationOf('Marruecos')).toBe('Morocco');
    expect(destinationOf('MEXICO')).toBe('Mexico');
    expect(destinationOf('méxico')).toBe('Mexico');
    expect(destinationOf('nova zelandia')).toBe('New Zealand');
    expect(destinationOf('Nova  Zelândia')).toBe('New Zealand');
    expect(destinationOf('紐西蘭')).toBe('New Zealand');
    expect(destinationOf('沙特')).toBe('Saudi Arabia');
    expect(destinationOf('Japan')).toBeNull();
  });

  test('unsoldPattern gives a fresh global regex each time', () => {
    const a = unsoldPattern();
    const b = unsoldPattern();
    expect(a).not.toBe(b);
    expect(a.flags).toContain('g');
    expect(a.flags).toContain('i');
  });
});
