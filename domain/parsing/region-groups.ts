// Places named together: "Hong Kong and Macau and the mainland" is the China + HK + Macau product,
// "Estados Unidos + Canadá" the US + Canada one; "Japan and Thailand on one eSIM" names no product we
// have (asked, never split into two quotes). Places we do not sell are kept as such, so the reseller
// is told, instead of the message being read as if they were not there.

export interface RegionMention {
  start: number;
  end: number;
  /** A catalogue region code; PART_* a place sold only inside a multi-country product; UNSOLD a place we do not sell. */
  code: string;
  sku?: string;
  /** A product read from the places named, not named itself ("France, Italy and Spain": Europe). */
  inferred?: boolean;
  /** What the reseller wrote, for the answer ("Brazil"). */
  name?: string;
  /** Named beside a European country that was left out ("Greece and Turkey 5GB"): not surely the whole line. */
  doubtful?: boolean;
}

export const UNSOLD = 'UNSOLD';
export const NO_SINGLE_PRODUCT = 'MULTI';

/** Chinese shorthands for several places at once: 日韩 is Japan and Korea, 新马泰 Singapore, Malaysia and Thailand. */
export const SHORTHANDS: readonly { pattern: RegExp; codes: readonly string[] }[] = [
  { pattern: /新马泰|新馬泰/gu, codes: ['SG', 'MY', 'TH'] },
  { pattern: /日韩|日韓/gu, codes: ['JP', 'KR'] },
  { pattern: /新马|新馬/gu, codes: ['SG', 'MY'] },
  { pattern: /港澳(?!台)/gu, codes: ['HK', 'PART_MO'] },
  { pattern: /欧美|歐美/gu, codes: ['EU', 'US'] },
];

/** Places that exist only inside a multi-country product. */
export const PART_PATTERNS: readonly { code: string; pattern: RegExp }[] = [
  { code: 'PART_MO', pattern: /(?<![\p{L}])(?:macau|macao|macáu)(?![\p{L}])|澳门|澳門/giu },
  { code: 'PART_CA', pattern: /(?<![\p{L}])(?:canada|canadá|canadian)(?![\p{L}])|加拿大/giu },
  { code: 'PART_MAINLAND', pattern: /(?<![\p{L}])(?:the\s+)?mainland(?![\p{L}])/giu },
];

/**
 * Cities, read as places only when the message names no country or region ("Seattle and Vancouver",
 * "Nueva York y Toronto", "Miami e Montreal", "the States and Canada": the US + Canada product); beside
 * a place named ("North America 10GB for our Toronto–New York tour") they only say where.
 * `doubtful`: the city stands for its country's product, but not surely ("10 for the Osaka group,
 * 5GB 15 days"): the reseller may be in that city rather than going there, so the reading goes to the
 * LLM or is read back. Cities of the mainland (where most resellers write from) are not listed.
 */
export const CITY_PATTERNS: readonly { code: string; pattern: RegExp; doubtful?: boolean }[] = [
  { code: 'PART_CA', pattern: /(?<![\p{L}])(?:toronto|vancouver|montr[eé]al|ottawa|calgary|qu[eé]bec)(?![\p{L}])|多伦多|多倫多|温哥华|溫哥華|蒙特利尔|蒙特利爾/giu },
  { code: 'US', pattern: /(?<![\p{L}])(?:the\s+states|new\s+york|nueva\s+york|nova\s+(?:york|iorque)|miami|seattle|los\s+[áa]ngeles|san\s+francisco|las\s+vegas|chicago|orlando|boston)(?![\p{L}])|纽约|紐約|洛杉矶|洛杉磯|西雅图|西雅圖|旧金山|舊金山|迈阿密|邁阿密/giu },
  { code: 'US', doubtful: true, pattern: /(?<![\p{L}])(?:hawaii|hawái|havaí|honolulu|houston|dallas|atlanta|washington\s+d\.?c|nyc)(?![\p{L}])|夏威夷|檀香山|拉斯维加斯|拉斯維加斯|芝加哥|波士顿|波士頓|奥兰多|奧蘭多/giu },
  { code: 'JP', doubtful: true, pattern: /(?<![\p{L}])(?:tokyo|tokio|t[óo]quio|osaka|kyoto|quioto|sapporo|hokkaido|fukuoka|okinawa|nagoya|hiroshima|yokohama|narita|haneda)(?![\p{L}])|东京|東京|大阪|京都|北海道|札幌|福冈|福岡|冲绳|沖繩|沖縄|名古屋|广岛|廣島|横滨|橫濱/giu },
  { code: 'KR', doubtful: true, pattern: /(?<![\p{L}])(?:seoul|se[úu]l|busan|pusan|jeju|incheon)(?![\p{L}])|首尔|首爾|釜山|济州|濟州|仁川/giu },
  { code: 'TH', doubtful: true, pattern: /(?<![\p{L}])(?:bangkok|banguecoque|phuket|chiang\s+mai|pattaya|krabi|(?:koh\s+)?samui|phi\s+phi)(?![\p{L}])|曼谷|普吉|清迈|清邁|芭提雅|甲米|苏梅|蘇梅/giu },
  { code: 'MY', doubtful: true, pattern: /(?<![\p{L}])(?:kuala\s+lumpur|penang|langkawi|malacca|melaka|kota\s+kinabalu)(?![\p{L}])|吉隆坡|槟城|檳城|兰卡威|蘭卡威|马六甲|馬六甲|沙巴/giu },
  { code: 'VN', doubtful: true, pattern: /(?<![\p{L}])(?:hanoi|han[óo]i|ha\s+noi|ho\s+chi\s+minh(?:\s+city)?|saig[óo]n|da\s+nang|danang|hoi\s+an|nha\s+trang|phu\s+quoc|ha\s+long|halong|sapa)(?![\p{L}])|河内|河內|胡志明|西贡|西貢|岘港|峴港|会安|會安|芽庄|芽莊|富国岛|富國島|下龙湾|下龍灣/giu },
  { code: 'ID', doubtful: true, pattern: /(?<![\p{L}])(?:jakarta|yakarta|lombok|yogyakarta|ubud)(?![\p{L}])|雅加达|雅加達|巴厘岛|巴厘島|峇里|巴里岛|巴里島/giu },
  { code: 'TW', doubtful: true, pattern: /(?<![\p{L}])(?:taipei|taip[ée]i|kaohsiung|taichung|tainan|hualien)(?![\p{L}])|台北|臺北|高雄|台中|臺中|台南|臺南|花莲|花蓮|垦丁|墾丁/giu },
  { code: 'UK', doubtful: true, pattern: /(?<![\p{L}])(?:london|londres|edinburgh|edimburgo|manchester|liverpool|heathrow)(?![\p{L}])|伦敦|倫敦|爱丁堡|愛丁堡|曼彻斯特|曼徹斯特/giu },
  { code: 'TR', doubtful: true, pattern: /(?<![\p{L}])(?:istanbul|[ée]stambul|istambul|cappadocia|capadocia|capad[óo]cia|antalya|ankara|izmir)(?![\p{L}])|伊斯坦布尔|伊斯坦堡|卡帕多奇亚|卡帕多西亚/giu },
  { code: 'AE', doubtful: true, pattern: /(?<![\p{L}])(?:abu\s+dhabi|abu\s+dabi|sharjah)(?![\p{L}])|阿布扎比|阿布達比/giu },
  { code: 'AU', doubtful: true, pattern: /(?<![\p{L}])(?:sydney|s[íi]dney|melbourne|brisbane|perth|gold\s+coast|cairns)(?![\p{L}])|悉尼|墨尔本|墨爾本|布里斯班|珀斯|黄金海岸|黃金海岸|凯恩斯/giu },
];

// "Hanoi Connect", "Seoul Mobile Partners", "from Bangkok", "aquí en Lisboa": a city that names the
// reseller's company or where they are, not where the travellers go.
export const CITY_OF_THE_RESELLER_AFTER = /^\s*(?:office|branch|team|store|oficina|escrit[óo]rio|filial|loja|tienda|办公室|分公司|门店|門店|connect|mobile|sim|e-?sim|travel|travels|tours?|roam|go|nomad|partners|shop|data|telecom|trading|agency|viagens|viajes|turismo|tour|旅行社|国旅|國旅)(?![\p{L}])/iu;
export const CITY_OF_THE_RESELLER_BEFORE = /(?:(?<![\p{L}])(?:from|based\s+in|here\s+in|office\s+in|desde|aqu[ií]\s+en|aqui\s+em|somos\s+de|estamos\s+en|estamos\s+em)\s+|我们在|我們在|来自|來自)$/iu;

export const PART_EU = 'PART_EU';
/**
 * Countries the Europe plan covers, and their great cities ("Paris-Rome-Barcelona", "巴黎、罗马"), not sold on their own: two or more named together ("France,
 * Italy and Spain", "法国意大利西班牙") are the Europe product; one alone names no product (left to the
 * reader, as before: it stays an unknown place).
 */
export const EUROPEAN_COUNTRIES =
  /(?<![\p{L}])(?:france|francia|frança|franca|italy|italia|itália|spain|españa|espana|espanha|germany|alemania|alemanha|portugal|greece|grecia|grécia|netherlands|holland|holanda|países\s+bajos|paises\s+bajos|países\s+baixos|switzerland|suiza|suíça|suica|austria|áustria|belgium|bélgica|belgica|ireland|irlanda|croatia|croacia|croácia|czechia|czech\s+republic|república\s+checa|chéquia|poland|polonia|polónia|polônia|sweden|suecia|suécia|denmark|dinamarca|norway|noruega|finland|finlandia|finlândia|hungary|hungría|hungria|slovenia|eslovenia|eslov[êe]nia|slovakia|eslovaquia|eslov[áa]quia|luxembourg|luxemburgo|estonia|est[ôo]nia|latvia|letonia|let[ôo]nia|lithuania|lituania|litu[âa]nia|romania|rumania|ruman[íi]a|rom[êe]nia|bulgaria|bulg[áa]ria|malta|cyprus|chipre|iceland|islandia|isl[âa]ndia|liechtenstein|monaco|m[óo]naco|paris|par[íi]s|rome|roma|barcelona|madrid|lisbon|lisboa|berlin|berl[íi]n|amsterdam|[áa]msterdam|prague|praga|vienna|viena|munich|m[úu]nich|munique|athens|atenas|budapest|zurich|z[úu]rich|brussels|bruselas|bruxelas|milan|mil[áa]n|mil[ãa]o|venice|venecia|veneza)(?![\p{L}])|巴黎|罗马|羅馬|巴塞罗那|巴塞隆納|马德里|馬德里|里斯本|柏林|阿姆斯特丹|布拉格|维也纳|維也納|慕尼黑|雅典|布达佩斯|布達佩斯|苏黎世|蘇黎世|米兰|米蘭|威尼斯|法国|法國|意大利|義大利|西班牙|德国|德國|葡萄牙|希腊|希臘|荷兰|荷蘭|瑞士|奥地利|奧地利|比利时|比利時|爱尔兰|愛爾蘭|克罗地亚|捷克|波兰|波蘭|瑞典|丹麦|丹麥|挪威|芬兰|芬蘭|匈牙利|斯洛文尼亚|斯洛維尼亞|斯洛伐克|卢森堡|盧森堡|爱沙尼亚|愛沙尼亞|拉脱维亚|拉脫維亞|立陶宛|罗马尼亚|羅馬尼亞|保加利亚|保加利亞|马耳他|馬爾他|塞浦路斯|冰岛|冰島|克羅地亞/giu;

const COMPOSITES: readonly { code: string; parts: readonly string[]; needs: (codes: Set<string>) => boolean }[] = [
  // China + Hong Kong + Macau: Macau with Hong Kong or the mainland, China (or the mainland) with Hong
  // Kong ("China + HK 3GB", "China e Hong Kong", "中国和香港"), or all three named.
  { code: 'CHM', parts: ['CHM', 'HK', 'PART_MO', 'PART_MAINLAND'], needs: (c) => c.has('PART_MO') || ((c.has('PART_MAINLAND') || c.has('CHM')) && c.has('HK')) },
  { code: 'USCA', parts: ['US', 'PART_CA'], needs: (c) => c.has('US') && c.has('PART_CA') },
];

// Between two places of one list: commas, "and", "+", "&", "/", a dash ("Paris-Rome-Barcelona"), "in"/"en", articles; nothing else;
// or the next stop of the trip: "New York then drives up to Toronto", "Seúl y luego a Tokio", "São Paulo e depois pra Lima", "首尔然后去东京".
const CONNECTOR = /^[\s,、，+&/\-–]*(?:(?:and|y|e|plus|with|con|com|和|与|與|加|及|以及|跟|同)[\s,、，]*)?(?:(?:then|luego|despu[eé]s|depois|ent[ãa]o)[\s,]+(?:(?:\p{L}+\s+){0,3}?(?:to|a|al|para|pra|in|en|em)\s+)?|(?:然后|然後|再)(?:去|到|飞|飛)?)?(?:(?:in|en|em|to|para|pra)\s+)?(?:(?:the|el|la|los|las|o|a|os|as|no|na|nos|nas|em)\s+)?$/iu;

/**
 * One product covering several places: "on one eSIM", "un solo eSIM", "numa eSIM só", "juntos",
 * "un eSIM que funcione en", "um chip só que funcione na", "an eSIM that works in",
 * "一张卡", "通用", "en la misma", "a plan for Japan, Korea and Taiwan". With it, places named together are one line (a product that covers them, if there is one).
 */
// ... and "an eSIM valid in China and Japan both", "que valga en Perú y Chile los dos".
export const ONE_PRODUCT =
  /(?<![\p{L}])(?:valid|works?|working|usable|v[áa]lid[oa]|valga|valha|funcione)\s+(?:in|en|em|for|para|pra)\s+[^.?!\n]{1,40}?\s+(?:both|ambos|ambas|los\s+dos|las\s+dos|os\s+dois|as\s+duas)(?![\p{L}])|(?<![\p{L}])(?:(?:one|a single|single|same|one single)\s+(?:e?sims?|card|chip|plan|product|package)|(?:on|in)\s+one|covering\s+(?:both|all|them)|(?:works?|valid)\s+in\s+(?:both|all)|both\s+countries|un\s+(?:solo|único|unico)\s+(?:e?sim|chip|plan)|una\s+sola|uma\s+(?:só|única|unica)|numa\s+(?:e?sim|chip)\s+só|num\s+(?:só|único)|(?:e?sim|chip)\s+(?:único|única|unico|unica)|juntos|juntas|em\s+conjunto)(?![\p{L}])|(?:misma|mismo|mesma|mesmo)\s+(?:e?sim|chip|tarjeta|plan|plano)|(?<![\p{L}])(?:en\s+(?:la|el)\s+(?:misma|mismo)|n[ao]\s+(?:mesma|mesmo)|on\s+the\s+same\s+one|(?:a|one|un|una|um|uma)\s+(?:single\s+)?(?:plan|plano|package|paquete|pacote)\s+(?:for|para|pra|covering))(?![\p{L}])|(?<![\p{L}])(?:an?|one|un|una|um|uma)\s+(?:e?sim|chip|card|tarjeta|cartão|plan|plano)\s+(?:(?:só|so|solo|sola|only)\s+)?(?:que|that|which)\s+(?:funcione|funcionen|sirva|cubra|valga|valha|works?|covers?)(?![\p{L}])|(?<![\p{L}])(?:um|uma|un|una|uno|one)\s+(?:e?sim|chip|cart[ãa]o|tarjeta|card)\s+(?:s[óo]|solo|only)(?![\p{L}])|(?<![\p{L}])(?:uno|una|um|uma|one)\s+(?:que|that)\s+(?:sirva|funcione|valga|valha|works?|covers?)\s+(?:en|em|in|na|no|para|for)(?![\p{L}])|(?<![\p{L}])(?:a\s+la\s+vez|ao\s+mesmo\s+tempo|at\s+the\s+same\s+time)(?![\p{L}])|(?<![\p{L}])(?:num|numa|em\s+um|em\s+uma|en\s+un|en\s+una|in\s+a|on\s+a)\s+(?:(?:só|so|solo|sola|único|única|single)\s+)?(?:e?sim|chip|cartão|cartao|tarjeta|card)(?![\p{L}])|(?<![\p{L}])(?:e?sims?|chips?|cards?|tarjetas?|cartões|cartoes|planes|planos?|plans?)(?:\s+[^\s.?!]+){0,3}?\s+(?:que|that|which)\s+(?:funcione|funcionen|funcionem|sirva|sirvan|sirvam|cubra|cubran|cubram|works?|covers?)\s+(?:en|em|in|na|no|nos|nas|para|for)(?![\p{L}])|一张卡|一張卡|同一张|同一張|通用|一卡通|多国|多國|都能用|都可以用|一起用|一起使用|同时用|同時用|一齊用|一齐用|一齊使用/iu;

function group(text: string, mentions: RegionMention[]): RegionMention[][] {
  const sorted = [...mentions].sort((a, b) => a.start - b.start);
  const groups: RegionMention[][] = [];
  for (const m of sorted) {
    const last = groups[groups.length - 1];
    const previous = last?.[last.length - 1];
    if (last && previous && (m.start < previous.end || CONNECTOR.test(text.slice(previous.end, m.start)))) last.push(m);
    else groups.push([m]);
  }
  return groups;
}

/** The mentions with places named together joined: a composite product, or one line no product covers (countForEach: the message gives a count for each). */
export function joinRegions(text: string, mentions: RegionMention[], written: string = text, countForEach = false): RegionMention[] {
  const onePlace = ONE_PRODUCT.test(written);
  const out: RegionMention[] = [];
  for (const g of group(text, mentions)) {
    const codes = new Set(g.map((m) => m.code));
    // "mainland China + HK": the mainland named, with Hong Kong, is the China + HK + Macau product.
    const named = new Set(codes);
    if (g.some((m) => m.code === 'CHM' && /mainland|continental|大陆|大陸|内地|內地/iu.test(m.name ?? ''))) named.add('PART_MAINLAND');
    const european = g.filter((m) => m.code === PART_EU);
    if (european.length > 0) {
      const others = g.filter((m) => m.code !== PART_EU);
      // "France, Italy and Spain" (or "Europe: France, Italy"): the Europe product, once.
      if (others.every((m) => m.code === 'EU') && (european.length >= 2 || others.length > 0)) {
        out.push({ start: g[0]!.start, end: g[g.length - 1]!.end, code: 'EU', ...(others.length === 0 ? { inferred: true } : {}) });
        continue;
      }
      // "Spain and Morocco on one eSIM": no single product covers them.
      if (onePlace && others.length > 0) {
        out.push({ start: g[0]!.start, end: g[g.length - 1]!.end, code: NO_SINGLE_PRODUCT, name: [...new Set(g.map((m) => m.name ?? m.code))].join(' + ') });
        continue;
      }
      // A European country alone, or beside places sold on their own: left as it was written.
      g.splice(0, g.length, ...others.map((m) => ({ ...m, doubtful: true })));
      if (g.length === 0) continue;
      codes.delete(PART_EU);
      named.delete(PART_EU);
    }
    // "eSIMs that work in China and Hong Kong": the product whose own place is named, with its parts, on one eSIM.
    const composite = COMPOSITES.find((c) => g.every((m) => c.parts.includes(m.code)) && (c.needs(named) || (onePlace && codes.has(c.code) && codes.size > 1)));
    const first = g[0]!;
    const span = { start: first.start, end: g[g.length - 1]!.end };
    if (composite) {
      out.push({ ...span, code: composite.code });
    } else if ((onePlace || (codes.has(UNSOLD) && !countForEach)) && codes.size > 1) {
      // "6 eSIMs for USA + Mexico": places named together, one not sold, one count: no product covers
      // them ("México e EUA, 50 de cada" is a line each).
      out.push({ ...span, code: NO_SINGLE_PRODUCT, name: [...new Set(g.map((m) => m.name ?? m.code))].join(' + ') });
    } else {
      // A part alone: Macau or the mainland is the China product; Canada alone is not sold by itself.
      for (const m of g) {
        if (m.code === 'PART_MO' || m.code === 'PART_MAINLAND') out.push({ ...m, code: 'CHM' });
        else if (m.code === 'PART_CA') out.push({ ...m, code: UNSOLD, name: m.name ?? 'Canada' });
        else out.push(m);
      }
    }
  }
  return out;
}
