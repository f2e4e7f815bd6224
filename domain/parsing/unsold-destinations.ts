// Popular travel destinations the wholesaler does NOT sell, in English, Spanish, Portuguese and
// simplified and traditional Chinese, so that "Brazil 10GB x 100" or "印度的eSIM 有吗" is read as a
// product the catalogue lacks rather than as nothing at all.
//
// How the list was chosen (against prisma/seed/regions.csv and catalogue.csv):
// - Left out: every country sold on its own (JP KR TH SG MY VN ID HK TW US UK TR AE AU) and every
//   region's own name (China, Europe, Asia, Global...). China mainland is sold as China + HK + Macau,
//   so China and Macau are not here.
// - Left out: all European countries (the Europe plan covers 33 countries and its list is not in the
//   data), and the countries of the Caucasus (Georgia, Armenia, Azerbaijan), which some Europe plans
//   include; "Georgia" is also a US state.
// - Kept, with the Asia plans offered first: the South-East Asian countries that an "Asia (8 countries)"
//   plan may cover besides the ones sold on their own (Philippines, Cambodia, Laos, Myanmar, Brunei).
//   The data does not say which eight, so none of them is sold on its own for sure: "柬埔寨的卡 来二十张"
//   is a line the reseller is told about, never nothing at all, and never a quote.
// - Left out: US territories and states (Puerto Rico, Guam, Hawaii), which US plans usually cover.
// - Kept: Canada. It is sold only together with the US (USCA), never on its own, so "Canada 5GB"
//   alone asks for something not sold; "US + Canada" is matched by the USCA region first.
// - Aliases that are everyday words or names are not listed: "Jordan" (a first name; Jordania,
//   Jordânia and 约旦 are), "Gana" (Spanish "he wins"; Ghana is), "Mauricio"/"Maurício" (first names;
//   "Isla Mauricio", "Ilhas Maurício" are), "Salvador" (a Brazilian city; "El Salvador" is), "Niger",
//   "Chad", "Guinea", "Dominica". 印度 does not match inside 印度尼西亚 (Indonesia, sold) or 印度洋,
//   蒙古 not inside 内蒙古 (Inner Mongolia, China), 阿曼 not inside 阿曼达, Mexico not in "New Mexico".

export interface UnsoldDestination {
  /** English name, as staff and replies use it. */
  name: string;
  /** Lower case; Latin aliases match as whole words with or without accents, CJK anywhere. */
  aliases: readonly string[];
  /** The region whose plans are offered instead (else the Global plans). */
  closest?: 'USCA' | 'ASIA';
}

export const UNSOLD_DESTINATIONS: readonly UnsoldDestination[] = [
  // The Americas
  { name: 'Canada', aliases: ['canada', 'canadá', '加拿大'], closest: 'USCA' },
  { name: 'Mexico', aliases: ['mexico', 'méxico', 'méjico', 'cancún', '墨西哥', '坎昆'] },
  { name: 'Brazil', aliases: ['brazil', 'brasil', '巴西'] },
  { name: 'Argentina', aliases: ['argentina', '阿根廷'] },
  { name: 'Chile', aliases: ['chile', '智利'] },
  { name: 'Peru', aliases: ['peru', 'perú', '秘鲁', '秘魯'] },
  { name: 'Colombia', aliases: ['colombia', 'colômbia', '哥伦比亚', '哥倫比亞'] },
  { name: 'Ecuador', aliases: ['ecuador', 'equador', '厄瓜多尔', '厄瓜多爾', '厄瓜多'] },
  { name: 'Bolivia', aliases: ['bolivia', 'bolívia', '玻利维亚', '玻利維亞'] },
  { name: 'Uruguay', aliases: ['uruguay', 'uruguai', '乌拉圭', '烏拉圭'] },
  { name: 'Paraguay', aliases: ['paraguay', 'paraguai', '巴拉圭'] },
  { name: 'Venezuela', aliases: ['venezuela', '委内瑞拉', '委內瑞拉'] },
  { name: 'Cuba', aliases: ['cuba', '古巴'] },
  { name: 'Dominican Republic', aliases: ['dominican republic', 'república dominicana', 'rep. dominicana', 'punta cana', '多米尼加', '多明尼加'] },
  { name: 'Jamaica', aliases: ['jamaica', '牙买加', '牙買加'] },
  { name: 'Costa Rica', aliases: ['costa rica', '哥斯达黎加', '哥斯大黎加'] },
  { name: 'Panama', aliases: ['panama', 'panamá', '巴拿马', '巴拿馬'] },
  { name: 'Guatemala', aliases: ['guatemala', '危地马拉', '瓜地馬拉'] },
  { name: 'El Salvador', aliases: ['el salvador', '萨尔瓦多', '薩爾瓦多'] },
  { name: 'Honduras', aliases: ['honduras', '洪都拉斯', '宏都拉斯'] },
  { name: 'Nicaragua', aliases: ['nicaragua', 'nicarágua', '尼加拉瓜'] },
  { name: 'Bahamas', aliases: ['bahamas', 'the bahamas', '巴哈马', '巴哈馬'] },
  // Africa
  { name: 'Egypt', aliases: ['egypt', 'egipto', 'egito', '埃及'] },
  { name: 'Morocco', aliases: ['morocco', 'marruecos', 'marrocos', '摩洛哥'] },
  { name: 'South Africa', aliases: ['south africa', 'sudáfrica', 'sudafrica', 'áfrica do sul', '南非'] },
  { name: 'Kenya', aliases: ['kenya', 'kenia', 'quênia', 'quénia', '肯尼亚', '肯尼亞', '肯亚', '肯亞'] },
  { name: 'Tanzania', aliases: ['tanzania', 'tanzânia', 'zanzibar', 'zanzíbar', '坦桑尼亚', '坦尚尼亞', '桑给巴尔'] },
  { name: 'Tunisia', aliases: ['tunisia', 'túnez', 'tunísia', '突尼斯', '突尼西亞'] },
  { name: 'Ethiopia', aliases: ['ethiopia', 'etiopía', 'etiópia', '埃塞俄比亚', '衣索比亞'] },
  { name: 'Nigeria', aliases: ['nigeria', 'nigéria', '尼日利亚', '奈及利亞'] },
  { name: 'Ghana', aliases: ['ghana', '加纳', '迦納'] },
  { name: 'Uganda', aliases: ['uganda', '乌干达', '烏干達'] },
  { name: 'Namibia', aliases: ['namibia', 'namíbia', '纳米比亚', '納米比亞'] },
  { name: 'Madagascar', aliases: ['madagascar', 'madagáscar', '马达加斯加', '馬達加斯加'] },
  { name: 'Mauritius', aliases: ['mauritius', 'isla mauricio', 'ilhas maurício', 'maurícia', '毛里求斯', '模里西斯'] },
  { name: 'Seychelles', aliases: ['seychelles', 'seicheles', '塞舌尔', '塞席爾'] },
  { name: 'Cape Verde', aliases: ['cape verde', 'cabo verde', '佛得角', '維德角'] },
  { name: 'Angola', aliases: ['angola', '安哥拉'] },
  { name: 'Mozambique', aliases: ['mozambique', 'moçambique', '莫桑比克', '莫三比克'] },
  // The Middle East
  { name: 'Saudi Arabia', aliases: ['saudi arabia', 'saudi', 'ksa', 'arabia saudita', 'arabia saudí', 'arábia saudita', '沙特阿拉伯', '沙特', '沙烏地阿拉伯', '沙烏地', '沙地阿拉伯'] },
  { name: 'Qatar', aliases: ['qatar', 'catar', '卡塔尔', '卡塔爾', '卡达', '卡達'] },
  { name: 'Oman', aliases: ['oman', 'omán', 'omã', '阿曼'] },
  { name: 'Kuwait', aliases: ['kuwait', 'kuait', '科威特'] },
  { name: 'Bahrain', aliases: ['bahrain', 'baréin', 'bahréin', 'bahrein', 'barém', '巴林'] },
  { name: 'Jordan', aliases: ['jordania', 'jordânia', '约旦', '約旦'] },
  { name: 'Israel', aliases: ['israel', '以色列'] },
  { name: 'Lebanon', aliases: ['lebanon', 'líbano', '黎巴嫩'] },
  { name: 'Iran', aliases: ['iran', 'irán', 'irã', 'irão', '伊朗'] },
  // South-East Asia, perhaps in the Asia plan
  { name: 'Philippines', aliases: ['philippines', 'filipinas', '菲律宾', '菲律賓'], closest: 'ASIA' },
  { name: 'Cambodia', aliases: ['cambodia', 'camboya', 'camboja', '柬埔寨'], closest: 'ASIA' },
  { name: 'Laos', aliases: ['laos', '老挝', '老撾'], closest: 'ASIA' },
  { name: 'Myanmar', aliases: ['myanmar', 'burma', 'birmania', 'birmânia', '缅甸', '緬甸'], closest: 'ASIA' },
  { name: 'Brunei', aliases: ['brunei', 'brunéi', '文莱', '汶萊'], closest: 'ASIA' },
  // South and Central Asia, and Russia
  { name: 'India', aliases: ['india', 'índia', '印度'] },
  { name: 'Nepal', aliases: ['nepal', '尼泊尔', '尼泊爾'] },
  { name: 'Sri Lanka', aliases: ['sri lanka', 'srilanka', '斯里兰卡', '斯里蘭卡'] },
  { name: 'Maldives', aliases: ['maldives', 'maldivas', '马尔代夫', '馬爾地夫', '馬爾代夫'] },
  { name: 'Bangladesh', aliases: ['bangladesh', 'bangladés', '孟加拉国', '孟加拉國', '孟加拉'] },
  { name: 'Pakistan', aliases: ['pakistan', 'pakistán', 'paquistão', '巴基斯坦'] },
  { name: 'Bhutan', aliases: ['bhutan', 'bután', 'butão', '不丹'] },
  { name: 'Mongolia', aliases: ['mongolia', 'mongólia', '蒙古国', '蒙古國', '蒙古'] },
  { name: 'Kazakhstan', aliases: ['kazakhstan', 'kazajistán', 'kazajstán', 'cazaquistão', '哈萨克斯坦', '哈薩克斯坦', '哈薩克'] },
  { name: 'Uzbekistan', aliases: ['uzbekistan', 'uzbekistán', 'usbequistão', 'uzbequistão', '乌兹别克斯坦', '烏茲別克'] },
  { name: 'Russia', aliases: ['russia', 'rusia', 'rússia', '俄罗斯', '俄羅斯', '俄国', '俄國'] },
  // Oceania
  { name: 'New Zealand', aliases: ['new zealand', 'nueva zelanda', 'nova zelândia', 'nova zelandia', '新西兰', '新西蘭', '纽西兰', '紐西蘭'] },
  { name: 'Fiji', aliases: ['fiji', 'fiyi', '斐济', '斐濟'] },
];

const CJK = /[\u3000-\u9fff\uf900-\ufaff]/u;

/** Where an alias is part of a longer name that means something else. */
const NOT_BEFORE: Readonly<Record<string, string>> = {
  印度: '[尼洋]', // 印度尼西亚 (Indonesia), 印度洋
  阿曼: '[达達]', // 阿曼达 (Amanda)
};
const NOT_AFTER: Readonly<Record<string, string>> = {
  蒙古: '[内內]', // 内蒙古 (Inner Mongolia, China)
  mexico: String.raw`(?:new|nuevo|novo)\s+`, // New Mexico (a US state)
  méxico: String.raw`(?:new|nuevo|novo)\s+`,
  méjico: String.raw`(?:new|nuevo|novo)\s+`,
};

function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Every alias, and for accented Latin aliases the same without accents, longest first. */
function allAliases(): string[] {
  const all = new Set<string>();
  for (const d of UNSOLD_DESTINATIONS) {
    for (const alias of d.aliases) {
      all.add(alias.toLowerCase());
      if (!CJK.test(alias)) all.add(fold(alias));
    }
  }
  return [...all].sort((a, b) => b.length - a.length || a.localeCompare(b));
}

/**
 * One regex for every unsold destination: Latin aliases as whole words (any spacing, accents
 * optional, any case), CJK aliases anywhere, longest first. Global: reset lastIndex or use matchAll.
 */
export function unsoldPattern(): RegExp {
  // Latin aliases share one word-start and one word-end check (not one each): a long text is read
  // in one pass, and the regex compiles fast (see wordsPattern). An alias's own checks stay with it.
  const latin: string[] = [];
  const cjk: string[] = [];
  for (const alias of allAliases()) {
    const body = escape(alias).replace(/\s+/g, String.raw`\s+`);
    const after = NOT_BEFORE[alias] ? `(?!${NOT_BEFORE[alias]})` : '';
    const notAfterKey = NOT_AFTER[alias] ?? NOT_AFTER[fold(alias)];
    const before = notAfterKey ? `(?<!${notAfterKey})` : '';
    if (CJK.test(alias)) cjk.push(`${before}${body}${after}`);
    else latin.push(`${before}${body}${after}`);
  }
  const words = latin.length > 0 ? [String.raw`(?<![\p{L}\p{N}])(?:${latin.join('|')})(?![\p{L}\p{N}])`] : [];
  return new RegExp(`(?:${[...words, ...cjk].join('|')})`, 'giu');
}

const BY_ALIAS: ReadonlyMap<string, UnsoldDestination> = new Map(UNSOLD_DESTINATIONS.flatMap((d) => d.aliases.map((alias) => [fold(alias), d] as const)));

/** The region whose plans are offered instead of a place we do not sell, as the reseller wrote it ("Camboja" -> ASIA). */
export function closestRegionOf(match: string): string {
  return BY_ALIAS.get(fold(match))?.closest ?? 'GLOBAL';
}

/** The English name of the destination a match of unsoldPattern() names ("Marruecos" -> "Morocco"); null if none. */
export function destinationOf(match: string): string | null {
  return BY_ALIAS.get(fold(match))?.name ?? null;
}
