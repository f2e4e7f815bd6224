import type { CatalogueIndex } from './catalogue-index';
import { CHINESE_NUMERAL, chineseToNumber } from './numbers';
import { resolveProduct, type Resolution } from './resolve-product';
import { blank, wordsPattern } from './text-matching';
import { WORDS } from './vocabulary';
import { spellOutNumbers } from './number-words';
import { spellOutDurations } from './duration-words';
import { closestRegionOf, unsoldPattern } from './unsold-destinations';
import { NOT_QUANTITIES } from './not-quantities';
import { travelDetails } from './travel-details';
import { CITY_OF_THE_RESELLER_AFTER, CITY_OF_THE_RESELLER_BEFORE, CITY_PATTERNS, EUROPEAN_COUNTRIES, joinRegions, NO_SINGLE_PRODUCT, PART_EU, PART_PATTERNS, SHORTHANDS, UNSOLD, type RegionMention } from './region-groups';

// Finds order lines in a message: region, data, validity, SIM type and quantity mentions, grouped
// into items by the separators between them (new lines, commas, "and", "+", "，" ...).

export interface ParsedLine {
  sku: string | null;
  quantity: number | null;
  candidates: string[];
  regionCode: string | null;
  dataGb: number | null | undefined;
  validityDays: number | undefined;
  type: 'esim' | 'sim';
  resolution: Resolution['reason'];
  /** The part of the message this line was read from. */
  text: string;
  /** A place we do not sell, or places no single product covers, as the reseller named them. */
  place?: string;
}

export interface ExtractResult {
  lines: ParsedLine[];
  /** True when a quantity was picked among several bare numbers, or a product lacks a quantity. */
  uncertain: boolean;
  /** The places were read from cities alone ("the group landing in Bangkok"): a subject naming the place comes first. */
  placesFromCities?: boolean;
}

interface Mention {
  start: number;
  end: number;
}
interface QuantityMention extends Mention {
  value: number;
  explicit: boolean;
  each: boolean;
  /** A count of people travelling, not of cards. */
  people?: boolean;
  /** Said last, after counts taken away ("so send 18"): it replaces them. */
  final?: boolean;
  /** A total said after its parts ("so 50 in total"): it replaces them for a single line only. */
  total?: boolean;
}

const PATTERNS = {
  unlimited: wordsPattern(WORDS.unlimited),
  physical: wordsPattern(WORDS.physical),
  data: /(?<![A-Za-z\d.])(\d+(?:\.\d+)?)\s*(?:个|個)?\s*(?:gb|g|gig|gigs|giga|gigas|gigabytes?)(?![a-z])/giu,
  // ("30天eSIM": a Latin word glued after 天 or 日 does not undo the days.)
  validity: /(?<![A-Za-z\d.])(\d+)\s*-?\s*(?:(?:days?|d|días|dias|día|dia|jours?)(?![\p{L}])|天|日)/giu,
  // Within one line: the words of a product are blanked to spaces, and "100 x Japan 1GB\n20 x Korea 5GB" is
  // never "x" then "20".
  leadQuantity: /(?:(?<![\p{L}\d])(?:x|qty|quantity|cantidad|quantidade|quantities|qtd|qtde|cant\.)|[×*])(?:[ \t]+(?:is|es|é|será|sera|would be))?[ \t]*[:：=]?[ \t]*(-?\d+)(?!\d|[.,]\d)|(?:数量|數量)[^\d\n]{0,4}?(\d+)(?!\d|[.,]\d)/giu,
  trailingX: /(?<![A-Za-z\d.])(-?\d+)[ \t]*[x×](?![\p{L}\d])/giu,
  unitQuantity: new RegExp(
    String.raw`(?<![A-Za-z\d.])(-?\d+)[ \t]*(?:${[...WORDS.quantityUnits].sort((a, b) => b.length - a.length).join('|')})(?![a-z])`,
    'giu',
  ),
  each: /(?:各|每(?:款|种|種|个|個|样|樣|类|類)?|都)[^\d\n，。,;；]{0,6}?(\d+)|(?<![\p{L}])(?:ambas|ambos|both|each|cada uno|cada una|cada)[ \t]*[:：]?[ \t]*(\d+)(?![\d\p{L}])|(?:(?<![\p{L}\d.])[x×]\s*|(?<![A-Za-z\d.]))(\d+)\s*(?:[x×]\s*)?(?:(?:units?|pcs|pieces|nos\.?|cards|e?sims?|unidades|unidad|uds\.?|unds\.?|pzas\.?|piezas|peças|pecas|un\.?|und\.?|chips|cartões|张|張|个|個)\s+)?(?:of each(?: one| type)?|for each(?: one| type| item| product)?|each(?: one)?|of both|for both|of every one|every one|for every one|apiece|a piece|a pop|per (?:type|item|article|product|plan|sku|line|row|country|destination|reference|ref|model|variant)|por (?:tipo|[ií]tem|item|art[ií]culo|artigo|producto|produto|plan|plano|sku|l[ií]nea|linha|fila|pa[ií]s|destino|referencia|refer[eê]ncia|ref|modelo|variante)|(?:de |para |por |pa'? ?|pra )?cada(?: uno| una| um| uma| tipo| producto| produto| plan| plano| item)?|(?:de )?c\/u|each of the following|de cada uma?|pra cada(?: um| uma)?|para cada(?: um| uma)?)(?![\p{L}])|(?<![\p{L}])(?:de a|both(?:\s+also)?|ambas|ambos)[ \t]+(\d+)(?![\d\p{L}])|(?<![\d.])(\d+)[ \t]*(?:y|and|e|&|和)[ \t]*(\d+)(?![\d.])|(?:(?<![\p{L}\d.])[x×][ \t]*|(?<![A-Za-z\d.]))(\d+)[ \t]*(?:(?:units?|pcs|pieces|unidades|uds\.?|cards|e?sims?)[ \t]+)?(?:(?:for|to|of|para|pra|de|a)[ \t]+)?(?:both|the[ \t]+two|(?:os|as|los|las)[ \t]+(?:2|dois|duas|dos)|(?:dos|das|pros|pras|aos|[àa]s)[ \t]+(?:2|dois|duas)|ambos|ambas)(?![\p{L}\d])|(?<![\p{L}])(?:both|ambos|ambas)[ \t]+[x×][ \t]*(\d+)(?![\d\p{L}])|(?<![\p{L}])(?:qty|quantity|quantities|cantidad|cantidades|quantidade|quantidades|units?|pcs|unid\.?|unidades|uds\.?|unds\.?|und\.?|un\.?)[ \t]+(?:per|por|pra|para|by)[ \t]+(?:cada[ \t]+)?(?:line|row|item|article|product|plan|sku|country|destination|reference|ref|type|l[ií]nea|linha|fila|[ií]tem|art[ií]culo|artigo|producto|produto|plano|pa[ií]s|destino|referencia|refer[eê]ncia|tipo)s?[ \t]*[:：=]?[ \t]*(\d+)(?![\d\p{L}])|(?<![\p{L}])(?:(?:both|all)[ \t]+(?:the[ \t]+)?(?:items|lines|products|plans|skus)|(?:ambos|ambas|todos|todas)[ \t]+(?:(?:os|as|los|las)[ \t]+)?(?:itens|[ií]tems|productos|produtos|l[ií]neas|linhas|planes|planos))[ \t]+(?:at|@|x|×|with|con|com|a|en|de|:)?[ \t]*(\d+)(?![\d\p{L}])|(?<![\p{L}])(?:(?:the[ \t]+)?same[ \t]+(?:qty|quantity|amount|number)|(?:la[ \t]+)?misma[ \t]+cantidad|(?:a[ \t]+)?mesma[ \t]+quantidade|(?:el|o)?[ \t]*mesmo[ \t]+n[úu]mero|(?:el[ \t]+)?mismo[ \t]+n[úu]mero)(?:[ \t]+(?:for|to|of|para|pra|pros|pras|pa|de|en|em)[ \t]+(?:(?:the|los|las|os|as)[ \t]+)?(?:both|two|all|each|dos|dois|duas|2|todos|todas|ambos|ambas|cada[ \t]+uno|cada[ \t]+um)(?:[ \t]+(?:items|lines|products|plans|itens|[ií]tems|productos|produtos|planes|planos))?)?[ \t]*[:：=\-–,]?[ \t]*(\d+)(?![\d\p{L}])|(?:数量|數量)(?:都)?(?:一样|一樣|相同|统一|統一)[ \t，,:：]*(\d+)|(?:统一|統一)(?:数量|數量)?[ \t，,:：]*(\d+)(?=[ \t]*[张張个個])/giu,
  // "数量：九", "數量 二十", "数量嘛……三十吧": the count in Chinese numerals after its label.
  chineseLead: new RegExp(`(?:数量|數量)(?:嘛|呢|的话|的話|就)?[ \\t…。.,，]*[:：]?[ \\t]*(${CHINESE_NUMERAL.source})(?=[吧啊呀吗嗎]|[^\\p{Script=Han}\\d]|$)`, 'gu'),
  // "一个团", "两个月", "三个国家": counts of groups, months and places, not of cards.
  chineseQuantity: new RegExp(`(${CHINESE_NUMERAL.source})\\s*(?:张|張|个|個|片|套|份|枚)(?!\\s*(?:团|團|旅行团|旅行團|家庭|月|星期|礼拜|禮拜|小时|小時|国家|國家|城市|地方|问题|問題|客户|客戶))`, 'gu'),
  bare: /(?<![A-Za-z\d.\-_/#])(-?\d+)(?![A-Za-z\d\-_/]|\.\d)/g,
};

const UNSOLD_PLACES = unsoldPattern();
// "concierge del hotel en Cancún", "our agency in Mexico", "somos uma agência no Brasil": where the reseller's business is (said of a
// place we do not sell, never read as a destination).
const BUSINESS_IN = /(?<![\p{L}])(?:(?:concierge|conserje|recepci[óo]n|recep[çc][ãa]o|reception|front\s+desk)\s+(?:(?:del|de|do|da|of\s+the|at\s+the|of)\s+)?(?:hotel|hostel)|agencia|ag[êe]ncia|agency|oficina|escrit[óo]rio|tienda|loja|shop|store)\s+(?:en|em|in|no|na)\s+$/iu;
// "eu5 x300", "tw10", "jp10g": a region code glued to its size (same length, so positions hold only
// for the rewritten text, which is what is read from here on).
// "japan10gb", "turkey10gb": a place glued to its size; "15天x300", "5Gx100": a size glued to its count; never inside a longer code
// ("91440300MA5G8K2X1Q").
const GLUED_SIZE = /([a-z\p{Script=Han}])(\d{1,2}\s*(?:gb|g)(?![a-z\d]))/giu;
// "两打", "每种一打": dozens of cards (not 打折 "discount", 打电话 "call", 打包 "pack").
// (Read only from the start of a run of numerals: one pass, whatever the length.)
// "一打半": a dozen and a half.
const CHINESE_DOZEN = new RegExp(`(?<![零〇一二两兩三四五六七八九十百千万萬\\d])(${CHINESE_NUMERAL.source}|\\d{1,3})\\s*打(半)?(?![折电電包印开開算款车車卡字])`, 'gu');
const GLUED_X = /(\d\s*(?:gb|g|天|日|days?|d))[x×](\d)/giu;
// "Vietnam 5 y 10 gigas", "5 and 10GB": the first number is a size too.
const TWO_SIZES = /(?<![\d.,])(\d{1,2})(\s*(?:y|and|e|n|&|\/|或)\s*)(?=\d{1,2}\s*(?:gb|g|gigs?|gigas?)(?![a-z]))/giu;
// "Hong Kong 5 y Taiwan 5 gigas, 25 c/u": with one count for each line, a bare number after the first
// place is its size, as the unit after the second says (read so only when a count for each is given).
const SIZE_BEFORE_PLACE = /(?<=\p{L}[ \t]+)(\d{1,2})([ \t]*(?:y|and|e|&)[ \t]+\p{L}[\p{L} \t]{1,24}?[ \t]*)(?=\d{1,2}[ \t]*(?:gb|g|gigs?|gigas?)(?![\p{L}]))/giu;
// (Never inside a code: "tour code EU26-118".)
const CODE_AND_SIZE = /(?<![\p{L}\d])(jp|kr|th|sg|my|vn|id|hk|tw|us|eu|uk|tr|ae|au)(\d{1,2})(?:gb?)?(?![\p{L}\d]|[-/_]\w)/giu;
// "WeChat ID wxid_88213", "Tax ID:", "ID number", "client ID": an identifier's label, not Indonesia's code.
const ID_LABEL_BEFORE = /(?<![\p{L}])(?:wechat|weixin|wx|line|skype|telegram|tax|user|customer|client|cliente|reseller|account|cuenta|conta|member|partner|device|apple|passport|national|my|your|our|his|her|their)[ \t]*-?[ \t]*$/iu;
const ID_LABEL_AFTER = /^[ \t]*(?:[:：#]|no\.|number|n[úu]mero|nr\b)/iu;
const TRIP_BEFORE = /(?<![\p{L}])(?:travell?ing|travels?|staying|stays?|viaja|viajan|viajamos|viajo|viajando|viaje\s+de|viagem\s+de|viajam|ficam|ficar|v[ãa]o\s+ficar|quedan|estad[ií]a\s+de|estancia\s+de|trip\s+of|for\s+a\s+trip\s+of|cruise\s+of|tour\s+of|crucero\s+de|cruzeiro\s+de|excursi[óo]n\s+de|excurs[ãa]o\s+de|gira\s+de)(?:\s+(?:for|por|durante|about|around|unos|unas|uns|umas|cerca\s+de|only|solo|s[óo]))*\s*$|(?:旅行|出差|去玩|玩|待|住|行程)\s*$/iu;
const TRIP_AFTER = /^[ \t-]*(?:trip|journey|tour|de[ \t]+viaje|de[ \t]+viagem)(?![\p{L}])|^[ \t]+(?:in|en|em|no|na|at)[ \t]+(?!(?:total|all|todo|todos|el[ \t]+total)(?![\p{L}]))\p{L}|^[ \t]*(?:的)?(?:行程|旅行|旅程)/iu;
const STUDENTS_AND_STAFF =
  /(?<![\d.,])(\d{1,3})[ \t]*(?:(?:students|pupils|kids|children|players|alumnos|estudiantes|ni[ñn]os|jugadores|alunos|estudantes|crian[çc]as|jogadores|pax|people|personas|pessoas|(?:个|個|名|位)?(?:学生|學生|孩子|小孩|队员|隊員|人))[ \t]*)?(?:plus|\+|and|m[aá]s|y|e|mais|加|和|另加)[ \t]*(\d{1,2})[ \t]*(?:个|個|位|名)?[ \t]*(?:teachers?|chaperones?|adults?|guides?|leaders?|coaches|staff|profesores?|profes|maestr[oa]s|acompa[ñn]antes|gu[ií]as|adultos|professor(?:es|as)?|monitores|l[ií]deres|老师|老師|领队|領隊|导游|導遊|家长|家長|教练|教練)(?![\p{L}])/giu;
const PEOPLE = /pax|passeng|people|person|travel|guest|student|customer|client|participa|viajer|pasajer|estudiant|alumn|viajant|passageir|pessoa|hóspede|player|jugador|jogador|athlet|atleta|人|位|名/iu;
const PLACE_RULED_OUT = /(?:(?<![\p{L}])(?:not|except|nada de|sin|sem|menos|excepto|exceto)|不要|除了)[ \t]*(?:the[ \t]+|el[ \t]+|la[ \t]+|o[ \t]+|a[ \t]+)?$/iu;
// "not the physical", "don't need physical SIMs this time", "no necesitamos físicas", "não precisamos de chip físico",
// "不需要实体卡": a type or size ruled out.
const RULED_OUT = /(?:(?<![\p{L}])(?:not|no|instead of|rather than|en vez de|en lugar de|em vez de|não|nao|sin|sem|(?:don'?t|do\s+not|no)\s+(?:need|want)(?:\s+(?:any|the))?|no\s+need\s+for|no\s+(?:necesit|quer)\p{L}*|n[ãa]o\s+(?:precis|quer)\p{L}*(?:\s+de)?)|不要|不是|而不是|不需要|不用)\s*(?:the\s+|el\s+|la\s+|o\s+|a\s+|any\s+|ning[uú]n\s+|nenhum\s+)?$/iu;

const SAME_QUANTITY = /(?<![\p{L}])(?:same\s+(?:qty|quantity|amount|number|count)|(?:la\s+)?misma\s+(?:cantidad|cant\.?)|igual\s+(?:cantidad|quantidade|qtd|qtde)|(?:el\s+)?mismo\s+n[úu]mero|(?:o\s+)?mesmo\s+n[úu]mero|(?:a\s+)?mesma\s+(?:quantidade|qtd|qtde|quant\.?))(?![\p{L}])|一样多|一樣多|数量一样|數量一樣|都一样|都一樣|同样数量|同樣數量|相同数量|相同數量|一样的数量|一樣的數量/iu;
// "Para los dos: 50. EEUU 10GB y ...", "for both: 40 -", "pros dois: 12": one count for the lines after it.
const SHARED_BEFORE = /(?<![\p{L}])(?:(?:for|to|para|pra|a)[ \t]+(?:both|the[ \t]+2|(?:los|las|os|as)[ \t]+2|ambos|ambas)|(?:pros|pras|aos|[àa]s)[ \t]+2)[ \t]*[:：=][ \t]*(\d+)(?!\d|[.,]\d|[ \t]*(?:gb|g\b|days?|d[ií]as?|x\b))|^[ \t]*(?:the[ \t]+2|(?:los|las|os|as)[ \t]+2)[ \t]*(?:,|con|com|with)[ \t]*(\d+)[ \t]*[:：](?![ \t]*\d)|(?:一样|一樣|都是)[ \t]*(\d+)(?=[ \t]*[张張个個])/gimu;
// "os dois com a mesma qtd", "the two at the same quantity": the two lines, not a count.
const THE_TWO_SAME = /(?<![\p{L}])(?:the|los|las|os|as)[ \t]+2(?=[ \t]+(?:(?:com|con|with|at|de|en|em|in|a)[ \t]+)?(?:(?:a|la|the|o|el)[ \t]+)?(?:mesma|misma|mesmo|mismo|same|igual))/giu;
// "Indonesia 10GB 100 y lo mismo de Malasia 10GB", "韩国10GB 30张，日本10GB也一样", "and the same of UK 5GB": the
// count of the line before, again (read, not surely).
// ... and said after the second line: "Korea 5GB, same again", "Corea 5GB igual", "Coreia 5GB, o mesmo".
const SAME_AGAIN = /(?<![\p{L}])(?:(?:and\s+)?the\s+same\s+(?:of|for|in)|same\s+again|the\s+same(?=\s*(?:[.,;!]|$))|igual(?=\s*(?:[.,;!]|$))|(?:lo|el)\s+mismo(?=\s*(?:[.,;!]|$))|(?:o|a)\s+mesm[oa](?=\s*(?:[.,;!]|$))|(?:y\s+)?lo\s+mismo\s+(?:de|del|en|para|con)|(?:e\s+)?o\s+mesmo\s+(?:de|do|da|pra|para|em|no|na))(?![\p{L}])|也一样|也一樣|也要一样|也要一樣|同样数量|同樣數量|也是这么多|也是這麼多/iu;

const SO_SEND = /(?<![\p{L}])(?:so|then|therefore|ent[ãa]o|entonces|as[ií]\s+que|logo|por\s+isso|por\s+eso)\s+(?:(?:just|only|please|pls|s[óo]|solo|s[óo]lo|por\s+favor)\s+)?(?:send|need|want|order|make\s+it|manda|mande|mandem|envia|envie|enviem|manden|mandame|m[áa]ndame|env[ií]a|env[ií]en|quero|quiero|preciso|necesito|necesitamos|precisamos|ser[ií]an|s[ãa]o|son)\s+(?:(?:us|me|nos)\s+)?(\d+)(?![\d.,]|\s*(?:gb|g\b|days?|d[ií]as|x\b))|(?:所以|那就|那么|那麼)\s*(?:只)?(?:要|来|來|发|發|订|訂)\s*(\d+)/giu;
// "48 travellers plus 2 guides, so 50 in total", "são 30 no total", "en total 50", "一共50": the total said
// after its parts (read only for a single line, and not surely).
const IN_TOTAL = /(?<![\p{L}\d.,])(\d+)[ \t]+(?:(?:cards|e?sims|units|pcs|tarjetas|chips|unidades|cart[õo]es|pax|people|personas|pessoas)[ \t]+)?(?:in[ \t]+total|in[ \t]+all|total|altogether|all[ \t]+together|en[ \t]+total|no[ \t]+total|ao[ \t]+todo|al[ \t]+todo|em[ \t]+total)(?![\p{L}])|(?<![\p{L}])(?:in[ \t]+total|a[ \t]+total[ \t]+of|en[ \t]+total|no[ \t]+total|ao[ \t]+todo|em[ \t]+total|total[ \t]+de|total)[ \t]*[:：]?[ \t]*(\d+)(?![\d.,]|[ \t]*(?:gb|g\b|days?|d[ií]as?|usd|dollars?|d[óo]lares|reais|euros?|%))|(?:总共|一共|總共|合计|合計|总计|總計|(?<![\p{Script=Han}])共)[ \t]*(?:要)?[ \t]*(\d+)(?!\d|[ \t]*(?:g|天|日|元|块|塊|美元))/giu;
// Every traveller takes every line: "everyone gets both", "each guest needs all three", "todos llevan los dos",
// "cada uno lleva las tres", "todos levam os dois", "cada um leva as duas", "每人都要两张", "每个人两款都要".
// ... and "one of each per student", "uno de cada por persona", "um de cada por pessoa", "每人各一张".
const EVERYONE_ALL = /(?<![\p{L}])(?:(?:everyone|everybody|they\s+all|all\s+of\s+them|each\s+(?:one|person|pax|guest|travell?er|passenger|player|student))\s+(?:gets?|needs?|takes?|wants?|will\s+need)\s+[^.\n]{0,30}?\d+\s*(?:gb|g)(?![\p{L}])[^.\n]{0,12}?\s(?:and|&|\+|plus)|(?:todos|todas|cada\s+(?:uno|una|um|uma))\s+(?:llevan?|necesitan?|quieren?|levam?|precisam?(?:\s+de)?|querem?|quer)\s+[^.\n]{0,30}?\d+\s*(?:gb|g)(?![\p{L}])[^.\n]{0,12}?\s(?:y|e|&|\+)|(?:one|1|uno|una|um|uma)\s+(?:of\s+each|de\s+cada(?:\s+uno|\s+um)?)\s+(?:per|por|a|for\s+each|para\s+cada|pra\s+cada)\s+(?:person|pax|student|guest|travell?er|passenger|head|persona|alumno|estudiante|pasajero|viajero|pessoa|aluno|passageiro|viajante|cabeza|cabe[çc]a)|(?:everyone|everybody|all\s+of\s+them|they\s+all|each\s+(?:one|person|pax|guest|travell?er|passenger))\s+(?:gets?|needs?|takes?|wants?)\s+(?:both|all\s+(?:three|3|of\s+them)|one\s+of\s+each)|(?:todos|todas|cada\s+(?:uno|una|um|uma|1)|cada\s+(?:pasajero|pasajera|viajero|passageiro|viajante))\s+(?:llevan?|necesitan?|quieren?|quiere|levam?|precisam?|querem?|quer)\s+(?:(?:los|las|os|as)\s+(?:dos|tres|dois|duas|tr[êe]s|2|3)|ambos|ambas|(?:uno|una|um|uma|1)\s+de\s+cada))(?![\p{L}])|(?:每人|每个人|每個人|每位)(?:都)?(?:要)?(?:两|兩|三)(?:款|种|種|张|張)(?:都要)?|(?:每人|每个人|每個人|每位|大家)(?:都)?(?:要|需要)[^。，,\n]{0,12}?\d+\s*(?:gb|g)[^。，,\n]{0,6}?(?:和|跟|加|\+)|(?:每人|每个人|每個人|每位)(?:各|每(?:种|種|款)各?)(?:一|1)(?:张|張)|(?:每人|每个人|每個人|每位)(?:一|1)(?:张|張)[^，。,\n]{1,12}?(?:加|和|另|还有|還有)(?:一|1)(?:张|張)/iu;
// "20-25 pcs", "between 20 and 25", "entre 20 y 25", "二三十张", "几十张": a count said as a range or
// a guess: read (the first number), never surely.
const RANGE = /(?<![\d.,\-/])\d+[ \t]*(?:-|–|~|to|a|até|hasta|或|到|至)[ \t]*\d+(?=[ \t]*(?:units?|pcs|pieces|cards|e?sims?|unidades|uds|unid|cart[õo]es|chips|张|張|个|個|pax|people|personas|pessoas)(?![\p{L}]))|(?<![\p{L}])(?:between|entre)[ \t]+\d+[ \t]+(?:and|y|e|a)[ \t]+\d+/giu;
const CHINESE_GUESS = /[一二两兩三四五六七八九]{2}(?:十|百|千)|[几幾](?:十|百)|十[几幾]|[一二两兩三四五六七八九]十[几幾]|大概|大约|大約|左右|差不多|(?:十|百|千|\d0)\s*(?:来|來|多)\s*[张張个個]/u;
// "2 groups of 20", "3 packs of 10", "3 cajas de 10": a count to multiply, read not surely.
const GROUPS_OF = /(?<![\d.,])(\d+)[ \t]+(?:groups|packs|boxes|sets|batches|lots|grupos|cajas|paquetes|pacotes|caixas|lotes|kits)[ \t]+(?:of|de|com|con)[ \t]+(\d+)(?![\d.,]|[ \t]*(?:gb|g\b|days?|d[ií]as?))/giu;
const GROUP_OF = /(?<![\p{L}])(?:(?:tour\s+)?group|grupo|excursi[oó]n|excurs[ãa]o|tour)\s+(?:of|de|com|con|with)\s+(\d+)(?![\d.,]|\s*(?:gb|g\b|days?|d[ií]as|x\b))|(?:旅行团|旅行團|团|團)\s*(\d+)(?!\d|\s*(?:g|天|日))/giu;

const MAKE_IT_EACH =
  /(?<![\p{L}])(?:(?:actually|no|or|ou|o)[ \t,]+)?(?:make[ \t]+(?:it|that|them)|change[ \t]+(?:it|that|them)[ \t]+to|(?:mejor[ \t]+)?que[ \t]+sean|mejor|melhor|(?:melhor[ \t]+)?que[ \t]+sejam|faz|fa[çc]a)[ \t]+(\d+)[ \t]+(?:(?:units?|pcs|unidades|cards|e?sims?)[ \t]+)?(?:each|of[ \t]+each|de[ \t]+cada|cada[ \t]+un[oa]|cada[ \t]+um[a]?|cada)(?![\p{L}])|(?:改成|改为|改為)(?:每(?:种|種|样|樣|款)?|各)[ \t]*(\d+)/giu;
const BUT_ONLY = /(?<![\p{L}])(?:but|pero|mas|por[ée]m)[ \t]+(?:only|just|solo|s[óo]lo|s[óo]|apenas)[ \t]+(\d+)(?=[ \t]*(?:units?|pcs|cards|e?sims?|unidades|tarjetas|chips|cart[õo]es)(?![\p{L}])|[ \t]+(?:(?:of[ \t]+them|de[ \t]+ellos|deles)[ \t]+)?(?:need|want|will[ \t]+need|quieren|necesitan|van[ \t]+a[ \t]+necesitar|querem|precisam|v[ãa]o[ \t]+precisar|v[ãa]o[ \t]+querer)(?![\p{L}]))/giu;
const OF_BOTH_TAKE =
  /(?<![\p{L}])(?:of|de|dos|das)[ \t]+(?:both|the[ \t]+(?:two|three|2|3)|(?:los|las)[ \t]+(?:dos|tres|2|3)|ambos|ambas|(?:os|as)[ \t]+(?:dois|duas|tr[êe]s|2|3))[ \t,]+(?:[\p{L}'’]+[ \t]+){0,3}?(\d+)(?![\d\p{L}]|[.,]\d|[ \t]*(?:gb|g\b|gigs?|days?|d[ií]as?))/giu;
const BOTH_AT =
  /(?<![\p{L}])(?:both|ambos|ambas|each[ \t]+(?:type|kind|one|item|product|plan|line)|cada[ \t]+(?:tipo|producto|produto|plan|plano|l[ií]nea|linha))[ \t]+(?:(?:at|with|of|x|×|com|con|de|a|en|em)[ \t]+)?[:：]?[ \t]*(\d+)(?![\d\p{L}]|[.,]\d|[ \t]*(?:gb|g\b|gigs?|days?|d[ií]as?|mb))/giu;
// "una sola", "solo una", "só uma", "just one", "only one, please", "just one eSIM": a count of one, said so (never "un solo eSIM para
// Japón y Corea" nor "en una sola", one product for several places).
const JUST_ONE = /(?<![\p{L}])(?<!(?:en|em|in|on|con|com|para|pra|for|de|da|do)[ \t]+)(?:una[ \t]+sola|un[ \t]+solo|uno[ \t]+solo|s[óo]lo[ \t]+un[oa]|s[óo][ \t]+uma?|uma[ \t]+s[óo]|um[ \t]+s[óo]|just[ \t]+one|only[ \t]+one|one[ \t]+only|a[ \t]+single[ \t]+one|just[ \t]+the[ \t]+one|(?:just|only)[ \t]+one[ \t]+(?:e-?sim|card|unit))(?=[ \t]*(?:[.,;!?]|$|please|pls|por[ \t]+favor|thanks|gracias|obrigad))/gimu;

const ONE_OF_PLACE = /(?<![\p{L}])(?:quer|quere[mn]|quiere|quieren|quiero|queremos|wants?|needs?|necesita|necesitan|precisa|precisam|pide|pede|takes?|lleva|leva)[ \t]+(?:uno|una|um|uma|one)[ \t]+(?:(?:de|do|da|del|of)[ \t]+)?(?:(?:the|el|la|o|a)[ \t]+)?/giu;

// One count shared evenly among the lines: "split evenly", "half and half", "mitad y mitad", "a partes iguales", "divididos
// igual", "metade de cada", "一半一半", "各占一半", "平分".
export const EVEN_SPLIT = /(?<![\p{L}])(?:(?:mitad|metade|half)\s+(?:de|of)\s+cada|half\s+of\s+each|split\s+(?:evenly|equally)|(?:divided|shared)\s+(?:evenly|equally)|evenly|equally|half\s+and\s+half|half\s+each|50\s*\/\s*50|mitad\s+y\s+mitad|mitad\s+(?:\S+\s+){1,4}?(?:y|e)\s+mitad|a\s+partes\s+iguales|por\s+igual|dividid[oa]s\s+(?:por\s+)?igual|repartid[oa]s\s+(?:por\s+)?igual|metade\s+e\s+metade|metade\s+(?:\S+\s+){1,4}?e\s+metade|meio\s+a\s+meio|em\s+partes\s+iguais|igualmente)(?![\p{L}])|一半一半|各一半|各占一半|各佔一半|平分|均分/iu;
// "2 por persona ... familia de 4", "1 Japan 5GB per pax, we have 34 pax", "2 eSIM por passageiro, 6 passageiros", "dos por
// cabeza, somos 7", "每人2张，一共7个人": the count for each traveller, and how many travel.
const PER_PERSON = /(?<![\p{L}\d])(\d{1,2})(?![ \t]*(?:gb|g\b|gigs?|gigas?|mb|days?|d[ií]as?|nights?|noches|noites))[ \t]+(?:\S+[ \t]+){0,4}?(?:per|por|a|pra|para)[ \t]+(?:cada[ \t]+)?(?:person|pax|head|passenger|traveller|traveler|guest|student|persona|cabeza|pasajero|viajero|pessoa|cabe[çc]a|passageiro|viajante)(?![\p{L}])|(?:每人|每个人|每個人|每位)[ \t]*(\d{1,2})[ \t]*[张張个個]/iu;
const HEADCOUNT = /(?<![A-Za-z\d])(\d{1,3})[ \t]*(?:pax|people|persons|passengers|travell?ers|guests|students|personas|pasajeros|viajeros|pessoas|passageiros|viajantes|个人|個人|人|位)(?![\p{L}])|(?<![\p{L}])(?:family|familia|fam[ií]lia|group|grupo|class|clase|turma)[ \t]+(?:of|de|com|con)[ \t]+(\d{1,3})(?![\d])|(?<![\p{L}])(?:we\s+are|there\s+are|somos|s[ãa]o|son)[ \t]+(\d{1,3})(?![\d\p{L}])/iu;

/** The count for each traveller times the travellers ("2 por persona, familia de 4": 8), when both are said. */
export function perPersonCount(text: string): number | null {
  const each = PER_PERSON.exec(text);
  if (!each) return null;
  const rest = text.slice(0, each.index) + ' '.repeat(each[0].length) + text.slice(each.index + each[0].length);
  const heads = HEADCOUNT.exec(rest);
  if (!heads) return null;
  const per = Number(each[1] ?? each[2]);
  const people = Number(heads[1] ?? heads[2] ?? heads[3]);
  return per > 0 && people > 0 ? per * people : null;
}

// "Both Europe 3GB and ...", "tanto Japón ... como ...", "ambas Coreia ... e ...": the two lines said together, right before the first.
const BOTH_OPENS = /(?<![\p{L}])(?:both|ambos|ambas|tanto)[ \t]+(?:(?:the|el|la|los|las|o|a|os|as)[ \t]+)?$/iu;

// "each" left in the text once the counts are read: "of each", "apiece", "cada uno", "de cada", "各".
// (Never the price of each: "how much each?", "¿cuánto sale cada una?", "quanto custa cada", "多少钱一张各".)
const LONE_EACH = /(?<![\p{L}])(?<!(?:much|cost|costs|price|prices|precio|cu[áa]nto|quanto|pre[çc]o|custa|cuesta|sale|sai|fica)[ \t]+(?:[\p{L}]+[ \t]+)?)(?:each|apiece|cada(?:\s+(?:uno|una|um|uma))?)(?![\p{L}])|(?<!多少钱|多少錢|价格|價格)各/iu;
// A count corrected as it is written: "x 30 no wait 35", "20, sorry I meant 25", "30, digo 35", "25, ou melhor 28", "30张，不对，35张":
// the count said last (read, not surely).
const CORRECTED = /(?<![\p{L}])(?:no[ \t,]+wait|wait[ \t,]+no|sorry[ \t,]+(?:i[ \t]+)?meant|i[ \t]+meant|correction[ \t]*:?|quise[ \t]+decir|quiero[ \t]+decir|digo|perd[óo]n[ \t,]+(?:eran|son)|(?:ou|o)[ \t]+melhor|quer[ \t]+dizer|quis[ \t]+dizer|ali[áa]s|perd[ãa]o[ \t,]+(?:s[ãa]o|eram))[ \t,:]*(?:(?:it'?s|it[ \t]+is|are|s[ãa]o|son|eran|eram)[ \t]+)?(\d+)(?![\d.,]|[ \t]*(?:gb|g\b|gigs?|days?|d[ií]as?|%))|(?:不对|不對|我是说|我是說|应该是|應該是)[ \t，,]*(?:是|要|其实是|其實是)?[ \t]*(\d+)(?=[ \t]*[张張个個])/giu;

// One count said for every line, as a heading of the list: "Qty across the board: 30", "cantidad x ítem: 90",
// "Cantidad única para todas las líneas: 25", "Quantidade idêntica em todas as linhas: 20", "same quantity on every line: 12",
// "for all three the qty is 15:", "las tres con 15:", "os três com 15 unid:", "equal numbers, 45", "identical qty, 18".
const ALL_LINES = new RegExp(
  String.raw`(?<![\p{L}])(?:` +
    String.raw`(?:qty|quantity|cantidad|cant\.?|quantidade|qtd|qtde)[ \t]+(?:across[ \t]+the[ \t]+board|x[ \t]+(?:[íi]tem|item|l[ií]nea|linha|producto|produto))` +
    String.raw`|(?:(?:qty|quantity|cantidad|quantidade|qtd)[ \t]+(?:[úu]nica|id[éeê]ntica|igual|identical)|same[ \t]+(?:qty|quantity|number)|misma[ \t]+cantidad|mesma[ \t]+quantidade)[ \t]+(?:para|en|em|for|in|on|across|on)[ \t]+(?:todas[ \t]+(?:las|as)[ \t]+|todos[ \t]+(?:los|os)[ \t]+|all[ \t]+(?:the[ \t]+)?|every[ \t]+)?(?:l[ií]neas?|linhas?|lines?|items?|[íi]tems?|itens|products?|productos?|produtos?|todas|todos|all)` +
    String.raw`|(?:for[ \t]+)?(?:all[ \t]+(?:the[ \t]+)?|the[ \t]+|(?:los|las|os|as)[ \t]+|tod[oa]s[ \t]+(?:(?:los|las|os|as)[ \t]+)?)[234](?:[ \t]+(?:the[ \t]+)?(?:qty|quantity)[ \t]+is|[ \t]+(?:con|com|with|at))` +
    String.raw`|equal[ \t]+numbers` +
    // "quantidade igual, 12", "identical qty, 18", "same amount: 20": said alone, the count right after it.
    String.raw`|(?:qty|quantity|cantidad|quantidade|qtd|qtde)[ \t]+(?:igual|id[éeê]ntica|identical|equal)|(?:identical|equal|same|igual|id[éeê]ntica|misma|mesma)[ \t]+(?:qty|quantity|quantities|amounts?|cantidad|quantidade|qtd)` +
    String.raw`)[ \t]*(?:is|es|é)?[ \t]*[:：=,]?[ \t]*(\d+)(?![\d.,]|[ \t]*(?:gb|g\b|gigs?|days?|d[ií]as?|mb|usd|eur|d[óo]lar|dollar|euro|reais|real\b|pesos|[$€£¥%]))`,
  'giu',
);
// "澳門機場店補貨", "our Macau airport shop", "Bangkok branch": a place that names the reseller's own shop, not where travellers go.
const THE_SHOP_AFTER = /^[ \t]*(?:(?:機場|机场)?(?:店|分店|门店|門店)|(?:airport[ \t]+)?(?:shop|store|branch|kiosk)(?![\p{L}]))/iu;
const namesTheShop = (work: string, end: number) => THE_SHOP_AFTER.test(work.slice(end, end + 16));

// Where a sentence of the story ends: a full stop before a capital, "!" or "?", or a blank line.
const STORY_SENTENCE_END = /(?<=[\p{L}\d)])\.[ \t]+\p{Lu}|[!?！？。]|\n[ \t]*\n/u;
const SENTENCE_END = /(?<=[\p{L}\d)])\.(?=[ \t]+\p{Lu})/gu;
const SEPARATORS = /\r?\n|[;；,，、。!?！？]|\s(?:and|plus|y|e|also|as well as|以及|还有|還有|另外)\s|\s\+\s|\+|\s&\s|和|及|、/giu;

function collect(pattern: RegExp, text: string, onMatch: (m: RegExpExecArray) => void): void {
  pattern.lastIndex = 0;
  for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
    onMatch(m);
    if (m[0].length === 0) pattern.lastIndex += 1;
  }
  pattern.lastIndex = 0;
}

// Words that start a sentence or a greeting, not places.
const NOT_PLACES = new Set(['hi', 'hello', 'hey', 'dear', 'hola', 'buenas', 'buenos', 'olá', 'ola', 'oi', 'bom', 'boa', 'please', 'pls', 'plz', 'thanks', 'order', 'quote', 'need', 'we', 'i', 'and', 'also', 'plus', 'the', 'also', 'pedido', 'necesito', 'quiero', 'quero', 'preciso', 'precisamos', 'y', 'e', 'más', 'mais', 'more', 'another', 'otro', 'outro', 'subject', 'favor', 'por', 'para', 'for', 'with', 'con', 'com', 'then', 'ok', 'esim', 'esims', 'sim', 'sims', 'chip', 'chips', 'physical', 'unlimited', 'ilimitado', 'days', 'días', 'dias', 'version', 'versión', 'versão', 'plan', 'plano', 'cotação', 'cotización']);

// Any city, without the global flag (CITY_PATTERNS are global, for collecting them): built once, not per message.
const ANY_CITY = new RegExp(CITY_PATTERNS.map((city) => `(?:${city.pattern.source})`).join('|'), 'iu');

/** Whether a text names a city ("Phuket", "Tóquio", "伊斯坦布尔"). */
function namesCity(text: string): boolean {
  return ANY_CITY.test(text);
}

/** Whether a segment names something place-like that no rule read: a capitalised unknown word, or CJK words. */
function namesUnknownPlace(original: string, work: string, start: number, end: number): boolean {
  let leftover = '';
  for (let i = start; i < end; i += 1) leftover += work[i] === ' ' && original[i] !== ' ' ? ' ' : original[i] ?? ' ';
  for (const word of leftover.match(/\p{Lu}[\p{L}]{2,}/gu) ?? []) if (!NOT_PLACES.has(word.toLowerCase())) return true;
  const cjk = leftover.replace(/[张張个個片套份枚条的来來要和与與及种種款样樣每三两兩几幾、，。：！？\s\d]/gu, '');
  return /[\u4e00-\u9fff]{2,}/u.test(cjk);
}

/**
 * What we can offer instead of a place we do not sell, or of places no single product covers: the plans of
 * the region the place's entry names (US + Canada for Canada, Asia for Cambodia), else the Global plans
 * (100+ countries), of the type and size asked for when there is one.
 */
function closestProducts(index: CatalogueIndex, spec: { type: 'esim' | 'sim'; dataGb: number | null | undefined }, place: string | undefined): string[] {
  const region = place ? closestRegionOf(place) : 'GLOBAL';
  const inRegion = index.products.filter((p) => p.regionCode === region && p.type === spec.type);
  const sized = inRegion.filter((p) => spec.dataGb !== undefined && p.dataGb === spec.dataGb);
  return (sized.length > 0 ? sized : inRegion).map((p) => p.sku);
}

/** Whether two words are one edit apart: a letter missing, added, changed, or two swapped. */
export function oneEditApart(a: string, b: string): boolean {
  if (a === b || Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i += 1;
  if (a.length === b.length) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true; // changed
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2); // swapped
  }
  const [longer, shorter] = a.length > b.length ? [a, b] : [b, a];
  return longer.slice(i + 1) === shorter.slice(i); // missing or added
}

const EUROPEAN_WORD = new RegExp(`^(?:${EUROPEAN_COUNTRIES.source})$`, 'iu');
// One-word place names long enough that one edit away is no other word ("turkey", not "japan").
const misspellable = new WeakMap<CatalogueIndex, { alias: string; code: string }[]>();

/** The region a word names with one letter wrong, when exactly one region fits. */
function misspeltRegion(index: CatalogueIndex, word: string): string | null {
  let names = misspellable.get(index);
  if (!names) {
    names = index.matchers.filter((m) => /^\p{L}{6,}$/u.test(m.alias) && !m.capitalsOnly).map((m) => ({ alias: m.alias, code: m.code }));
    misspellable.set(index, names);
  }
  // "américa" beside "america" is another language's word (the continent), not a slip.
  const bare = word.normalize('NFD').replace(/\p{M}/gu, '');
  if (names.some((n) => n.alias.normalize('NFD').replace(/\p{M}/gu, '') === bare)) return null;
  const codes = new Set(names.filter((n) => oneEditApart(n.alias, word)).map((n) => n.code));
  return codes.size === 1 ? [...codes][0]! : null;
}

function isCapitals(text: string): boolean {
  return text === text.toUpperCase() && /[A-Z]/.test(text);
}

/** Plans that cover many countries (their list is not in the catalogue). */
const WIDE_PLANS = new Set(['ASIA', 'EU', 'GLOBAL']);

export function extractLines(index: CatalogueIndex, written: string): ExtractResult {
  // "forty units", "cincuenta", "两百张", "a fortnight", "un mes": numbers and durations as digits.
  let original = spellOutDurations(spellOutNumbers(written), { latinUnit: 'native' })
    .replace(CHINESE_DOZEN, (m, n: string, half?: string) => {
      const count = /\d/.test(n) ? Number(n) : chineseToNumber(n);
      return count === null ? m : `${count * 12 + (half ? 6 : 0)}张`;
    })
    .replace(CODE_AND_SIZE, (_m, code: string, size: string) => `${code.toUpperCase()} ${size}GB`)
    .replace(TWO_SIZES, (_m, first: string, joint: string) => `${first}GB${joint}`)
    .replace(GLUED_SIZE, '$1 $2')
    .replace(GLUED_X, '$1 x$2');
  PATTERNS.each.lastIndex = 0;
  const eachCount = PATTERNS.each.test(original);
  PATTERNS.each.lastIndex = 0;
  let sizeBeforePlace = false;
  if (eachCount) {
    original = original.replace(SIZE_BEFORE_PLACE, (_m, first: string, joint: string) => {
      sizeBeforePlace = true;
      return `${first}GB${joint}`;
    });
  }
  let work = original.toLowerCase();
  // A SKU written out ("ESIM-JP-1GB-7D") is the product itself.
  const skus: (Mention & { sku: string; code: string })[] = [];
  collect(/\b(?:e?sim)-[a-z]+-[a-z0-9]+-\d+d\b/g, work, (m) => {
    const product = index.bySku.get(m[0].toUpperCase());
    if (!product) return;
    skus.push({ start: m.index, end: m.index + m[0].length, sku: product.sku, code: product.regionCode });
    work = blank(work, m.index, m.index + m[0].length);
  });
  // Masks are applied to `work` only; `original` keeps capitals for "US", "MY", "ID".
  for (const pattern of NOT_QUANTITIES) {
    collect(pattern, work, (m) => {
      // keep "2026" parts of product names? none have digits; blank the whole match
      work = blank(work, m.index, m.index + m[0].length);
    });
  }
  // "flying SQ 317", "con Emirates EK142", "阿联酋航空EK363": a flight and its airline, neither a count nor a place.
  for (const span of travelDetails(original)) work = blank(work, span.start, span.end);
  // (Prices, dates and references blanked: "12 € por persona" is no count per traveller.)
  const withoutOtherNumbers = work;

  const regions: RegionMention[] = [...skus];
  for (const shorthand of SHORTHANDS) {
    collect(shorthand.pattern, work, (m) => {
      // One mention per place, all at the shorthand: "日韩通用" is two places named together.
      for (const code of shorthand.codes) regions.push({ start: m.index, end: m.index + m[0].length, code, name: m[0] });
      work = blank(work, m.index, m.index + m[0].length);
    });
  }
  for (const matcher of index.matchers) {
    collect(matcher.pattern, work, (m) => {
      const start = m.index;
      const end = start + m[0].length;
      if (matcher.capitalsOnly && !isCapitals(original.slice(start, end))) return;
      if (matcher.code === 'ID' && (ID_LABEL_BEFORE.test(original.slice(Math.max(0, start - 16), start)) || ID_LABEL_AFTER.test(original.slice(end, end + 10)))) return;
      if (namesTheShop(work, end)) return void (work = blank(work, start, end));
      regions.push({ start, end, code: matcher.code, name: original.slice(start, end) });
      work = blank(work, start, end);
    });
  }
  for (const part of PART_PATTERNS) {
    collect(part.pattern, work, (m) => {
      if (namesTheShop(work, m.index + m[0].length)) return void (work = blank(work, m.index, m.index + m[0].length));
      regions.push({ start: m.index, end: m.index + m[0].length, code: part.code, name: original.slice(m.index, m.index + m[0].length) });
      work = blank(work, m.index, m.index + m[0].length);
    });
  }
  // European countries: not blanked, so one alone still reads as a place we cannot name a product for.
  collect(EUROPEAN_COUNTRIES, work, (m) => {
    regions.push({ start: m.index, end: m.index + m[0].length, code: PART_EU, name: original.slice(m.index, m.index + m[0].length) });
  });
  // Places we do not sell ("Brasil 5GB — 20"): the reseller is told so, and never quoted another place.
  collect(UNSOLD_PLACES, work, (m) => {
    // "concierge del hotel en Cancún", "our office in Mexico City", "somos de Brasil": where the reseller is, not where anyone goes.
    if (CITY_OF_THE_RESELLER_BEFORE.test(work.slice(Math.max(0, m.index - 24), m.index)) || BUSINESS_IN.test(work.slice(Math.max(0, m.index - 40), m.index))) return void (work = blank(work, m.index, m.index + m[0].length));
    // Named as the reseller wrote it ("Brasil", "巴西"), for the answer in their language.
    regions.push({ start: m.index, end: m.index + m[0].length, code: UNSOLD, name: original.slice(m.index, m.index + m[0].length) });
    work = blank(work, m.index, m.index + m[0].length);
  });
  // "Seattle and Vancouver", "the States and Canada": cities only where no other place is named.
  let placesFromCities = false;
  if (regions.every((r) => r.code === 'PART_CA')) {
    for (const city of CITY_PATTERNS) {
      collect(city.pattern, work, (m) => {
        const end = m.index + m[0].length;
        if (CITY_OF_THE_RESELLER_AFTER.test(work.slice(end, end + 20)) || CITY_OF_THE_RESELLER_BEFORE.test(work.slice(Math.max(0, m.index - 20), m.index))) return;
        regions.push({ start: m.index, end, code: city.code, name: original.slice(m.index, end), ...(city.doubtful ? { doubtful: true } : {}) });
        placesFromCities = true;
        work = blank(work, m.index, end);
      });
    }
  }
  // "Turky 5GB", "Tailandai": a place name with one letter missing, extra, changed or swapped is read
  // as that place, but not surely.
  let misspeltPlace = false;
  collect(/(?<![\p{L}\p{N}])\p{L}{5,}(?![\p{L}\p{N}])/gu, work, (m) => {
    if (NOT_PLACES.has(m[0]) || EUROPEAN_WORD.test(m[0])) return;
    const code = misspeltRegion(index, m[0]);
    if (!code) return;
    regions.push({ start: m.index, end: m.index + m[0].length, code, name: original.slice(m.index, m.index + m[0].length) });
    work = blank(work, m.index, m.index + m[0].length);
    misspeltPlace = true;
  });
  // "Al final nada de Japón", "Canada only, no US": a place ruled out is no line.
  for (let i = regions.length - 1; i >= 0; i -= 1) {
    if (PLACE_RULED_OUT.test(work.slice(Math.max(0, regions[i]!.start - 14), regions[i]!.start))) regions.splice(i, 1);
  }
  const joinedAll = joinRegions(work, regions, original, eachCount);
  // "viajan a Italia y Grecia. Necesitamos Europa 3GB": with Europe named, the countries only say where.
  const europeNamed = joinedAll.some((r) => r.code === 'EU' && !r.inferred);
  const joined = europeNamed ? joinedAll.filter((r) => !r.inferred) : joinedAll;
  // Europe read from the countries named, never from "Europe" itself: not sure.
  const inferredPlace = joined.some((r) => r.inferred || r.doubtful);
  regions.length = 0;
  regions.push(...joined);

  const data: (Mention & { gb: number | null })[] = [];
  collect(PATTERNS.data, work, (m) => data.push({ start: m.index, end: m.index + m[0].length, gb: Number(m[1]) }));
  collect(PATTERNS.unlimited, work, (m) => data.push({ start: m.index, end: m.index + m[0].length, gb: null }));
  for (const d of data) work = blank(work, d.start, d.end);
  // "we need the 5GB version, not 20GB": a size ruled out is no line.
  for (let i = data.length - 1; i >= 0; i -= 1) if (RULED_OUT.test(work.slice(Math.max(0, data[i]!.start - 14), data[i]!.start))) data.splice(i, 1);

  const validity: (Mention & { days: number })[] = [];
  collect(PATTERNS.validity, work, (m) => validity.push({ start: m.index, end: m.index + m[0].length, days: Number(m[1]) }));
  for (const v of validity) work = blank(work, v.start, v.end);
  // "they're travelling 12 days", "el grupo viaja 10 días", "vão ficar 10 dias", "a 12-day trip": how long the trip is, not
  // a plan's days: a plan that lasts the trip is looked for (read so, not surely).
  let tripDays: number | undefined;
  for (let i = validity.length - 1; i >= 0; i -= 1) {
    const v = validity[i]!;
    if (!TRIP_BEFORE.test(original.slice(Math.max(0, v.start - 30), v.start)) && !TRIP_AFTER.test(original.slice(v.end, v.end + 12))) continue;
    tripDays = v.days;
    validity.splice(i, 1);
  }

  const physical: Mention[] = [];
  collect(PATTERNS.physical, work, (m) => physical.push({ start: m.index, end: m.index + m[0].length }));
  for (const p of physical) work = blank(work, p.start, p.end);
  // "(not the physical cards)": a type ruled out is no line's type.
  for (let i = physical.length - 1; i >= 0; i -= 1) if (RULED_OUT.test(work.slice(Math.max(0, physical[i]!.start - 24), physical[i]!.start))) physical.splice(i, 1);
  // "eSIM Europe 20GB": a line that names its type as eSIM keeps it, whatever is said of the others.
  const esims: number[] = [];
  collect(/(?<![\p{L}])e-?sims?(?![\p{L}])/giu, work, (m) => esims.push(m.index));

  const quantities: QuantityMention[] = [];
  const take = (pattern: RegExp, build: (m: RegExpExecArray) => Omit<QuantityMention, 'start' | 'end'> | null) => {
    collect(pattern, work, (m) => {
      const q = build(m);
      if (q) quantities.push({ start: m.index, end: m.index + m[0].length, ...q });
    });
    for (const q of quantities) work = blank(work, q.start, q.end);
  };
  // ("2 groups" is blanked as a count of groups before: the phrase is looked for in the words as written.)
  let guessedCount = CHINESE_GUESS.test(written) || new RegExp(GROUPS_OF.source, 'iu').test(original);
  collect(RANGE, work, () => {
    guessedCount = true;
  });
  take(GROUPS_OF, (m) => {
    guessedCount = true;
    return { value: Number(m[1]) * Number(m[2]), explicit: true, each: false };
  });
  let shareGuessed = false;
  // Read before the counts are blanked out of the text ("misma cantidad: 30" holds one).
  const sameSaid = work;
  collect(THE_TWO_SAME, work, (m) => {
    work = blank(work, m.index, m.index + m[0].length);
  });
  // "actually make it 6 each", "mejor que sean 6 de cada", "melhor 6 de cada", "改成各6张": a count for every line said
  // last, replacing the counts before (read, not surely).
  take(MAKE_IT_EACH, (m) => {
    shareGuessed = true;
    return { value: Number(m[1] ?? m[2]), explicit: true, each: true, final: true };
  });
  // "both at 25", "ambos com 12 unidades", "each type 15", "cada tipo 15": one count for every line.
  take(BOTH_AT, (m) => ({ value: Number(m[1]), explicit: true, each: true }));
  take(ALL_LINES, (m) => ({ value: Number(m[1]), explicit: true, each: true }));
  // "15 para los dos", "20 to the two", "para los dos: 50": each, or both together? Read as each, but not surely ("x10 os dois" is each).
  take(SHARED_BEFORE, (m) => {
    shareGuessed = true;
    return { value: Number(m[1] ?? m[2] ?? m[3]), explicit: true, each: true };
  });
  take(PATTERNS.each, (m) => {
    // "cuarenta y cuarenta", "50 and 50": the same count twice is one each; two different ones are not.
    // (As written, nothing between: in "Camboya 5GB 10 y Vietnam 5GB 10" the place and size blanked between are no joint.)
    if (m[5] !== undefined) return m[5] === m[6] && /^\d+[ \t]*\S+[ \t]*\d+$/u.test(original.slice(m.index, m.index + m[0].length)) ? { value: Number(m[5]), explicit: true, each: true } : null;
    if (m[7] !== undefined && /(?<![\p{L}])(?:for|to|of|para|pra|de|a|dos|das|pros|pras|aos|[àa]s)[ \t]+\S/iu.test(m[0].replace(/^[x×]/iu, ''))) shareGuessed = true;
    return { value: Number(m[1] ?? m[2] ?? m[3] ?? m[4] ?? m[7] ?? m[8] ?? m[9] ?? m[10] ?? m[11] ?? m[12] ?? m[13]), explicit: true, each: true };
  });
  // "30 x (USA 5GB, USA 10GB)", "(Japón 5GB y Corea 5GB) x 12": a count beside a bracketed list of places is each one's.
  const placesInBrackets = (open: number, close: number) => open >= 0 && close > open && regions.filter((r) => r.start > open && r.end <= close).length > 1;
  take(PATTERNS.leadQuantity, (m) => {
    const close = work.slice(0, m.index).search(/[)）][ \t]*$/u);
    return { value: Number(m[1] ?? m[2]), explicit: true, each: close >= 0 && placesInBrackets(Math.max(work.lastIndexOf('(', close), work.lastIndexOf('（', close)), close) };
  });
  take(PATTERNS.chineseLead, (m) => {
    const value = chineseToNumber(m[1]!);
    return value === null ? null : { value, explicit: true, each: false };
  });
  take(PATTERNS.trailingX, (m) => {
    const open = /^[ \t]*[(（]/u.test(work.slice(m.index + m[0].length)) ? work.slice(m.index + m[0].length).search(/[(（]/u) + m.index + m[0].length : -1;
    return { value: Number(m[1]), explicit: true, each: open >= 0 && placesInBrackets(open, work.slice(open).search(/[)）]/u) + open) };
  });
  // "22 pax but 4 have roaming already, so send 18", "são 30 mas 5 já têm chip, então manda 25": the count
  // said last, after the ones taken away, is the one to send.
  take(SO_SEND, (m) => ({ value: Number(m[1] ?? m[2]), explicit: true, each: false, final: true }));
  take(CORRECTED, (m) => {
    guessedCount = true;
    return { value: Number(m[1] ?? m[2]), explicit: true, each: false, final: true };
  });
  // "para un grupo de 30, pero solo 26 unidades", "but only 26 units", "Vão 38 expositores mas só 12 querem": the count said
  // last, after the group.
  take(BUT_ONLY, (m) => ({ value: Number(m[1]), explicit: true, each: false, final: true }));
  // "Turkey 5GB and UAE 10GB, of both I'll take 9", "de los dos llevo 9", "de ambas quiero 9": one count for every line.
  take(OF_BOTH_TAKE, (m) => ({ value: Number(m[1]), explicit: true, each: true }));
  take(IN_TOTAL, (m) => ({ value: Number(m[1] ?? m[2] ?? m[3]), explicit: true, each: false, final: true, total: true }));
  // "a class of 32 plus 2 teachers", "30 alumnos más 3 profesores", "28 alunos e 2 professores", "30个学生加3个老师": everyone travelling
  // is counted (read, not surely).
  take(STUDENTS_AND_STAFF, (m) => ({ value: Number(m[1]) + Number(m[2]), explicit: true, each: false, people: true }));
  take(PATTERNS.unitQuantity, (m) => ({ value: Number(m[1]), explicit: true, each: false, people: PEOPLE.test(m[0]) }));
  take(PATTERNS.chineseQuantity, (m) => {
    const value = chineseToNumber(m[1]!);
    return value === null ? null : { value, explicit: true, each: false };
  });
  // "a tour group of 28", "grupo de 35", "excursão com 42", "旅行团32": a head count, read as the count only unsurely.
  take(GROUP_OF, (m) => ({ value: Number(m[1] ?? m[2]), explicit: true, each: false, people: true }));
  take(JUST_ONE, () => ({ value: 1, explicit: true, each: false }));
  // "o hóspede quer um Hong Kong 3GB", "el señor quiere uno de Hong Kong", "she wants one Japan 5GB": one card, the place
  // right after it.
  collect(ONE_OF_PLACE, work, (m) => {
    // (The place's own letters are blanked already: it starts among the spaces the match ends with.)
    const end = m.index + m[0].trimEnd().length;
    if (regions.some((r) => r.start > end && r.start <= m.index + m[0].length)) {
      quantities.push({ start: m.index, end, value: 1, explicit: true, each: false });
      guessedCount = true; // an article, perhaps: read, never surely
    }
  });
  for (const q of quantities) work = blank(work, q.start, q.end);
  take(PATTERNS.bare, (m) => ({ value: Number(m[1]), explicit: false, each: false }));
  // "thirty of the Japan 3 gig and the Korea 3 gig each", "treinta de Japón 3GB y Corea 3GB, cada uno": "each" said
  // after the list, apart from the count (read below, not surely).
  const loneEach = LONE_EACH.test(work);

  // Segments between separators; mentions fall into the segment that holds their start.
  const cuts: number[] = [0];
  const separators: [number, number][] = [];
  // (The spaces around "+", "&" or "and" must be spaces as written, not a word's blanked letters: in "Singapore 3GB+Malaysia
  // 3GB" the "M" is the next place's start, never part of the separator.)
  const asWritten = work.replace(/\s/gu, (c, at: number) => (/\s/u.test(original[at] ?? ' ') ? c : '\u0001'));
  collect(SEPARATORS, asWritten, (m) => {
    separators.push([m.index, m.index + m[0].length]);
  });
  // "para la gira por Tailandia y Vietnam: Tailandia 3GB y Vietnam 3GB", "the Japan & Korea tour: Japan 5GB ...", "日韩团：日本5GB…":
  // a colon between a place and another place opens the list after the places of the trip; it ends a segment.
  collect(/[:：]/gu, original, (m) => {
    const placeBefore = regions.some((r) => r.end <= m.index && /^[ \t]*(?:(?:tour|trip|group|grupo|viaje|viagem|gira|excursi[oó]n|excurs[ãa]o)(?![\p{L}])|团|團|之旅|行程)?[ \t]*$/iu.test(original.slice(r.end, m.index)));
    const placeAfter = regions.some((r) => r.start > m.index && /^[ \t]*$/u.test(original.slice(m.index + 1, r.start)));
    if (placeBefore && placeAfter && !separators.some(([a, b]) => m.index >= a && m.index < b)) separators.push([m.index, m.index + 1]);
  });
  // "Vietnam 5GB and Korea 3GB. VN x 11, KR x 4": a full stop before a sentence that names places again
  // with no size (a count for each of those listed) ends a segment too.
  collect(SENTENCE_END, original, (m) => {
    const next = original.indexOf('.', m.index + 1);
    const end = next < 0 ? original.length : next;
    const inNext = <T extends Mention>(list: T[]) => list.filter((x) => x.start > m.index && x.start < end);
    // "The group does Istanbul, then Dubai. Turkey 5GB and UAE 5GB, 16 of each": a sentence that names a place
    // with no size and no count, before one that names sizes, tells the trip: it ends a segment too.
    const from = Math.max(0, original.lastIndexOf('.', m.index - 1) + 1, ...separators.filter(([, b]) => b <= m.index).map(([, b]) => b));
    const inPrevious = <T extends Mention>(list: T[]) => list.filter((x) => x.start >= from && x.start < m.index);
    const toldInPassing = inPrevious(regions).length > 0 && inPrevious(data).length === 0 && inPrevious(quantities).length === 0 && inNext(data).length > 0;
    if (!toldInPassing && (inNext(regions).length < 2 || inNext(data).length > 0)) return;
    if (!separators.some(([a, b]) => m.index >= a && m.index < b)) separators.push([m.index, m.index + 1]);
  });
  separators.sort((a, b) => a[0] - b[0]);
  for (const [a, b] of separators) cuts.push(a, b);
  cuts.push(work.length);
  // Segment k spans cuts[2k] .. cuts[2k + 1].
  const segmentOf = (position: number) => {
    let segment = 0;
    for (let i = 2; i < cuts.length - 1; i += 2) if (position >= cuts[i]!) segment = i / 2;
    return segment;
  };

  interface Item {
    name?: string;
    segment: number;
    start: number;
    regionCode: string | null;
    sku: string | undefined;
    dataGb: number | null | undefined;
    validityDays: number | undefined;
    physical: boolean;
    quantity: QuantityMention | undefined;
    bareCount: number;
    /** The size was another line's ("Japan and Korea 5GB, 20 each"), not said with this place. */
    sizeBorrowed?: boolean;
    /** The count was another line's ("24 of each"), not said with this place. */
    quantityBorrowed?: boolean;
    /** The days were said after the place, apart from it ("Dubai, hotel Keio. One stays 5 days in Tokyo"). */
    validityAfter?: boolean;
  }
  const segments = new Map<number, { regions: typeof regions; data: typeof data; validity: typeof validity; physical: Mention[]; quantities: QuantityMention[] }>();
  const bucket = (segment: number) => {
    let b = segments.get(segment);
    if (!b) {
      b = { regions: [], data: [], validity: [], physical: [], quantities: [] };
      segments.set(segment, b);
    }
    return b;
  };
  for (const r of regions) bucket(segmentOf(r.start)).regions.push(r);
  for (const d of data) bucket(segmentOf(d.start)).data.push(d);
  for (const v of validity) bucket(segmentOf(v.start)).validity.push(v);
  for (const p of physical) bucket(segmentOf(p.start)).physical.push(p);
  for (const q of quantities) bucket(segmentOf(q.start)).quantities.push(q);

  const items: Item[] = [];
  let uncertain = false;
  let pendingQuantity: QuantityMention | undefined;
  let physicalIntro = false;
  const ordered = [...segments.entries()].sort((a, b) => a[0] - b[0]);
  for (const [segment, b] of ordered) {
    const explicit = b.quantities.filter((q) => q.explicit);
    const bare = b.quantities.filter((q) => !q.explicit);
    // A count of cards before a bare number before a count of people ("group of 42 ... only 38 need").
    // (A count said to replace the ones before it in the same stretch, "x 30 no wait 35", comes first.)
    const quantity = explicit.find((q) => q.final && !q.total && !q.people) ?? explicit.find((q) => !q.people) ?? bare[0] ?? explicit[0];
    const productLike = b.regions.length > 0 || b.data.length > 0;
    if (!productLike) {
      // "Thailand unlimited 10 days, 1000 pcs": attributes after a comma belong to the item before.
      const previous = items[items.length - 1];
      if (!previous) {
        // "Hi, forty units please: Japan 10GB" - a quantity before any product waits for the first one;
        // "cartões SIM físicos: Europa 20GB e Global 10GB" - the type before a list is every line's.
        if (quantity?.explicit && !pendingQuantity) pendingQuantity = quantity;
        if (b.physical.length > 0) physicalIntro = true;
        continue;
      }
      // "Europe 3GB 15 days for the Lisbon group. Oh and we need 28.": the item before has none. Read,
      // but not sure unless it is an explicit count right after the product ("..., 1000 pcs").
      if (quantity && (!previous.quantity || (quantity.final && !previous.quantity.final && (!quantity.total || items.length === 1)))) {
        previous.quantity = quantity;
        if (!quantity.explicit || previous.segment !== segment - 1 || quantity.total) uncertain = true;
      }
      if (b.validity[0] && previous.validityDays === undefined) {
        previous.validityDays = b.validity[0].days;
        previous.validityAfter = true;
      }
      if (b.physical.length > 0) previous.physical = true;
      continue;
    }
    if (b.regions.length === 0) {
      const previous = items[items.length - 1];
      // "Japan, 10GB, 15 days" or "Japan next week, around 150, 10GB": attributes continue the item before.
      if (previous && previous.regionCode && previous.dataGb === undefined && !(quantity && previous.quantity)) {
        previous.dataGb = b.data[0]!.gb;
        if (b.validity[0] && previous.validityDays === undefined) previous.validityDays = b.validity[0].days;
        if (b.physical.length > 0) previous.physical = true;
        if (quantity) previous.quantity = quantity;
        continue;
      }
    }
    // Several numbers that could be the count: one was picked, not known.
    if (explicit.length === 0 && bare.length > 1) uncertain = true;
    if (explicit.filter((q) => !q.each).length > 1) uncertain = true;
    // "全球10G 20张 亚洲5G 20张" (no separator): each place with the size and count written after it.
    if (b.regions.length > 1 && b.data.length === b.regions.length && new Set(b.regions.map((r) => r.start)).size === b.regions.length) {
      const places = [...b.regions].sort((x, y) => x.start - y.start);
      const owner = (at: number) => places.filter((p) => p.start <= at).length - 1;
      if (b.data.every((d) => owner(d.start) >= 0) && new Set(b.data.map((d) => owner(d.start))).size === places.length) {
        places.forEach((place, k) => {
          const mine = <T extends Mention>(list: T[]) => list.filter((x) => owner(x.start) === k);
          const counts = mine(b.quantities);
          items.push({
            segment,
            start: place.start,
            regionCode: place.code,
            sku: place.sku,
            ...(place.name ? { name: place.name } : {}),
            dataGb: mine(b.data)[0]?.gb,
            validityDays: mine(b.validity)[0]?.days,
            physical: mine(b.physical).length > 0,
            quantity: counts.find((q) => q.explicit && !q.people) ?? counts[0] ?? (quantity?.each ? quantity : undefined),
            bareCount: counts.filter((q) => !q.explicit).length,
          });
        });
        continue;
      }
    }
    const regionList = b.regions.length > 0 ? b.regions : [{ start: b.data[0]!.start, end: b.data[0]!.start, code: null as string | null }];
    // "4 nights in Bangkok, then Phuket for a week. I want the Thailand 5GB": days said of a city in a sentence before
    // the product are the stay, not the plan's (read so, not surely).
    const firstPlace = Math.min(...regionList.map((r) => r.start));
    const stay = b.validity.filter((v) => v.end <= firstPlace && STORY_SENTENCE_END.test(original.slice(v.end - 1, firstPlace + 1)) && namesCity(original.slice(Math.max(0, v.start - 60), v.start)));
    if (stay.length > 0) {
      b.validity = b.validity.filter((v) => !stay.includes(v));
      uncertain = true;
    }
    // "澳洲5G 10G各一百五": one place, several sizes: a line per size.
    const sizes = regionList.length === 1 && b.data.length > 1 && !('sku' in regionList[0]! && regionList[0].sku) ? b.data : [b.data[0]];
    for (const region of regionList) {
      for (const size of sizes) {
        items.push({
          segment,
          start: region.start,
          regionCode: region.code,
          sku: 'sku' in region ? region.sku : undefined,
          ...('name' in region && region.name ? { name: region.name } : {}),
          dataGb: size?.gb,
          validityDays: b.validity[0]?.days,
          physical: b.physical.length > 0,
          quantity,
          bareCount: bare.length,
        });
      }
    }
    if (sizes.length > 1 && !quantity?.each) uncertain = true;
  }

  // "precisava de cartões SIM físicos: Europa 20GB e Global 10GB", "physical SIMs: Japan 5GB, Korea 5GB": a type said
  // before a colon that opens the list is every line's.
  const firstRegion = Math.min(...regions.map((r) => r.start));
  if (physical.some((p) => p.end <= firstRegion && /^[ \t]*[:：]/u.test(original.slice(p.end, p.end + 4)))) physicalIntro = true;
  if (physicalIntro && items.length > 0) for (const item of items) item.physical = true;
  if (pendingQuantity && items[0] && !items[0].quantity) {
    items[0].quantity = pendingQuantity;
    uncertain = true;
  }

  // "Japan 3GB x 100, and 1GB 7 days x 50" / "both the 5gb and 10gb australia ones": a size without a
  // place is of the place named just before it, else just after it.
  for (const [i, item] of items.entries()) {
    if (item.regionCode !== null || item.sku) continue;
    // "Brasil 5GB — 20": a name we do not know stands where the place would be; never borrow one.
    if (namesUnknownPlace(original, work, cuts[item.segment * 2] ?? 0, cuts[item.segment * 2 + 1] ?? original.length)) continue;
    const source = items.slice(0, i).reverse().find((x) => x.regionCode !== null) ?? items.slice(i + 1).find((x) => x.regionCode !== null);
    if (source && source.regionCode !== UNSOLD && source.regionCode !== NO_SINGLE_PRODUCT) {
      item.regionCode = source.regionCode;
      item.physical ||= source.physical;
      uncertain = true;
    }
  }

  // "china 5gb and hong kong 5gb, same qty for both - 90": one quantity for all.
  const withQuantity = items.filter((x) => x.quantity);
  if (SAME_QUANTITY.test(sameSaid) && withQuantity.length === 1) for (const item of items) item.quantity ??= withQuantity[0]!.quantity;
  if (SAME_AGAIN.test(sameSaid) && withQuantity.length === 1 && items.length === 2 && items[0]!.quantity) {
    items[1]!.quantity ??= items[0]!.quantity;
    uncertain = true;
  }

  // "日本、韩国 5G 30天 各50张": an each-quantity also applies to earlier items that have none.
  for (let i = items.length - 1; i >= 0; i -= 1) {
    const item = items[i]!;
    if (!item.quantity?.each) continue;
    for (let j = i - 1; j >= 0 && !items[j]!.quantity; j -= 1) {
      const earlier = items[j]!;
      // "...com conexão em Dubai, chegam em Bangkok. Quero Tailândia 5GB e Singapura 5GB, 19 de cada": a place with no
      // size of its own, in a sentence before the list, is the trip told, not a line the count is for.
      if (earlier.dataGb === undefined && !earlier.sku && STORY_SENTENCE_END.test(original.slice(earlier.start, item.start))) break;
      earlier.quantity = item.quantity;
      earlier.quantityBorrowed = true;
      // (Its days with its size: "Europa 50GB e Europa ilimitado 10 dias, 3 de cada" keeps the 50GB plan's own days.)
      if (earlier.dataGb === undefined) {
        earlier.dataGb = item.dataGb; // null: unlimited, said
        earlier.sizeBorrowed = true;
        earlier.validityDays ??= item.validityDays;
      }
    }
  }

  // "Please send 150 each of the following: Japan 3GB / Korea 3GB / Taiwan 3GB": an each-quantity
  // also applies to the items after it that have none.
  let eachBefore: QuantityMention | undefined;
  for (const item of items) {
    if (item.quantity?.each) eachBefore = item.quantity;
    else if (!item.quantity && eachBefore) {
      item.quantity = eachBefore;
      item.quantityBorrowed = true;
    }
  }
  // "3 thailand 10gb and 3 malaysia 3gb. actually make it 6 each": the count said last for every line replaces theirs.
  const lastEach = quantities.filter((q) => q.final && q.each).pop();
  if (lastEach && items.length > 0) {
    for (const x of items) x.quantity = lastEach;
    uncertain = true;
  }
  if (loneEach && items.length > 1 && items[0]!.quantity && items.slice(1).every((x) => !x.quantity)) {
    for (const x of items.slice(1)) {
      x.quantity = items[0]!.quantity;
      x.quantityBorrowed = true;
    }
    uncertain = true;
  }
  // "Both Europe 3GB and Europe 5GB x 50", "tanto Japón 5GB como Corea 5GB, 20", "ambos Japão 5GB e Coreia 5GB x 20": the two lines
  // opened by "both", the count after the second, is each one's (read, not surely).
  if (items.length === 2 && !items[0]!.quantity && items[1]!.quantity && BOTH_OPENS.test(original.slice(Math.max(0, items[0]!.start - 12), items[0]!.start))) {
    items[0]!.quantity = items[1]!.quantity;
    items[0]!.quantityBorrowed = true;
    uncertain = true;
  }
  // "Vietnam 5GB and Korea 3GB. VN x 11, KR x 4", "Malásia 5GB e Coreia 20GB. Malásia 7, Coreia 2", "越南5GB和韩国3GB，
  // 越南11张，韩国4张": the products listed, then each place again with its count: the count is that product's.
  for (let i = items.length - 1; i >= 0; i -= 1) {
    const x = items[i]!;
    if (!x.quantity || x.dataGb !== undefined || x.validityDays !== undefined || x.sku || x.regionCode === null || x.regionCode === UNSOLD || x.regionCode === NO_SINGLE_PRODUCT) continue;
    const earlier = items.slice(0, i).filter((y) => y.regionCode === x.regionCode && y.start < x.start && (y.dataGb !== undefined || y.validityDays !== undefined || y.sku));
    if (earlier.length !== 1 || items.slice(0, i).some((y) => y.regionCode === x.regionCode && y.quantity && y !== earlier[0] && !y.quantity.each)) continue;
    const target = earlier[0]!;
    if (target.quantity && target.quantity !== x.quantity) {
      // A count the listed product took from the recap itself ("Korea 3GB. VN x 11"): the recap's place keeps its own.
      if (target.segment !== x.segment - 1 || target.quantity.start < x.start) continue;
    }
    target.quantity = x.quantity;
    items.splice(i, 1);
    uncertain = true;
  }
  // "1GB week plans for Japan, Korea and Europe": places listed after a size share it.
  for (let i = 1; i < items.length; i += 1) {
    const item = items[i]!;
    const before = items[i - 1]!;
    if (item.dataGb === undefined && item.validityDays === undefined && !item.sku && before.dataGb !== undefined && item.segment === before.segment + 1 && item.regionCode !== null) {
      item.dataGb = before.dataGb;
      item.sizeBorrowed = true;
      item.validityDays = before.validityDays;
      item.physical ||= before.physical;
      uncertain = true;
    }
  }

  // "...los chips de Manhattan no funcionaban en Canadá. Así que queremos EEUU y Canadá con el mismo chip, 10GB, veinte": a place we do
  // not sell on its own, told with nothing of its own beside the line of the region that covers it (Canada by US + Canada), is that line.
  for (let i = items.length - 1; i >= 0; i -= 1) {
    const x = items[i]!;
    if (x.regionCode !== UNSOLD || x.quantity || x.dataGb !== undefined || x.validityDays !== undefined || !x.name) continue;
    const closest = closestRegionOf(x.name);
    if (closest !== 'GLOBAL' && items.some((y) => y.regionCode === closest)) items.splice(i, 1);
  }

  // "Indonesia 10GB for our Bali desk": the same place twice in one segment is one item; a place named
  // again without a size or a count ("going to India in April ... 45 eSIMs India 10GB") adds nothing.
  for (let i = items.length - 1; i >= 0; i -= 1) {
    const x = items[i]!;
    const twins = items.filter((y, j) => j !== i && y.regionCode === x.regionCode && x.regionCode !== null && x.regionCode !== NO_SINGLE_PRODUCT);
    if (twins.length === 0) continue;
    // "um grupo de 36 pessoas indo para a Tailândia. Precisamos de 36 eSIMs Tailândia 5GB": the place said first, with the
    // same count as the product after it, adds nothing either.
    const bare = (!x.quantity || (x.regionCode !== UNSOLD && twins.some((t) => t.quantity?.value === x.quantity!.value && (t.dataGb !== undefined || t.sku)))) && (x.dataGb === undefined || x.sizeBorrowed) && x.validityDays === undefined && !x.sku;
    // Any earlier twin of the same segment, not only the first of the place: "200 Indonesia 10GB and
    // 100 Indonesia 5GB for the Bali season" is two lines, Bali being the second one's place again.
    const sameSegmentSame = twins.some((twin) => twin.segment === x.segment && twin.dataGb === x.dataGb && twin.validityDays === x.validityDays && twin.physical === x.physical && twin.quantity === x.quantity && items.indexOf(twin) < i);
    if (bare || sameSegmentSame) items.splice(i, 1);
  }

  // "Two groups to Japan: one does Tokyo for a fortnight ... Japan 10GB 15 days x 10", "vuelan a Dubái ... Turquía 5GB y
  // Emiratos 5GB, 22 de cada", "住迪拜2晚 ... 阿联酋10GB 12张": a place of the trip told, with no size of its own and no
  // count of its own, ordered on a line of its own elsewhere, adds nothing (whatever days the story gives it).
  for (let i = items.length - 1; i >= 0; i -= 1) {
    const x = items[i]!;
    if (x.regionCode === null || x.regionCode === UNSOLD || x.regionCode === NO_SINGLE_PRODUCT || x.sku) continue;
    if (x.dataGb !== undefined && !x.sizeBorrowed) continue;
    if (x.quantity && x.quantity.explicit && !x.quantityBorrowed) continue;
    const ordered = items.some((y) => y !== x && y.regionCode === x.regionCode && (y.sku || (y.dataGb !== undefined && !y.sizeBorrowed)) && y.quantity && !y.quantityBorrowed);
    if (!ordered) continue;
    items.splice(i, 1);
    uncertain = true;
  }

  // "For the Beijing/Shanghai/HK tour:" above complete lines: a place named in passing, not a line.
  if (items.some((x) => x.quantity && x.dataGb !== undefined)) {
    for (let i = items.length - 1; i >= 0; i -= 1) {
      const x = items[i]!;
      // (Not surely: "Japan and Korea 5GB x 20" may be both places, or one eSIM for both.)
      // (Days said apart, after it, are the story's: "via Dubai, hotel Keio Plaza. One group stays 5 days in Tokyo".)
      if (!x.quantity && x.dataGb === undefined && (x.validityDays === undefined || x.validityAfter) && !x.sku && x.regionCode !== UNSOLD) {
        items.splice(i, 1);
        uncertain = true;
      }
    }
  }

  // "60 eSIMs total, split evenly between Europe 20GB and UK 5GB", "30 en total, mitad Japón y mitad Corea", "40 divididos
  // igual entre", "一共24张，一半一半": one count shared evenly, each line its part (read, not surely).
  if (items.length > 1 && EVEN_SPLIT.test(original)) {
    const counts = [...new Set(items.flatMap((x) => (x.quantity ? [x.quantity] : [])))];
    const whole = counts.length === 1 ? counts[0]! : undefined;
    // (A count for each line, "20 de cada", is already each line's: "igualmente" there is no split.)
    if (whole && !whole.each && whole.value % items.length === 0 && (items.every((x) => x.quantity === whole) || items.filter((x) => x.quantity).length === 1)) {
      for (const x of items) x.quantity = { ...whole, value: whole.value / items.length, each: true, total: false };
      uncertain = true;
    }
  }
  // "2 por persona para una familia de 4", "need 1 Japan 5GB per pax, we have 34 pax", "每人2张，一共7个人": so many for
  // each traveller times the travellers, for one line (read, not surely).
  const perHead = perPersonCount(withoutOtherNumbers);
  if (perHead !== null && items.length === 1) {
    const base = items[0]!.quantity ?? quantities[0];
    if (base) items[0]!.quantity = { ...base, value: perHead, explicit: true, people: false, total: false };
    uncertain = true;
  }
  // "Malásia 3GB e Malásia 10GB, 30 no total", "40 cards total across UK 5GB and Turkey 5GB", "英国5GB和欧洲5GB
  // 一共40张": one total for several lines whose split is not said is no line's count.
  if (items.length > 1 && items.some((x) => x.quantity?.total) && items.some((x) => !x.quantity)) {
    for (const x of items) x.quantity = undefined;
    uncertain = true;
  }

  // "Turkey 10GB and UAE 10GB for 60 pax, everyone gets both", "são 22, todos levam os dois", "cada uno lleva
  // los dos": the one count said is every line's (not surely).
  if (items.length > 1 && EVERYONE_ALL.test(original)) {
    // "团里18个人，每人一张泰国3GB加一张马来西亚3GB": the travellers counted are every line's count.
    const travellers = quantities.filter((q) => q.people);
    if (travellers.length === 1) for (const x of items) x.quantity = travellers[0];
    const counts = new Set(items.flatMap((x) => (x.quantity ? [x.quantity] : [])));
    if (counts.size === 1) {
      const [count] = counts;
      for (const x of items) x.quantity ??= count;
      uncertain = true;
    }
  }

  // A count of people ("for 22 travellers") is read as the count of eSIMs, but not surely; and a
  // number no line took ("was for 200, now 240") means the reading may have taken the wrong one.
  const used = new Set(items.map((x) => x.quantity));
  if (items.some((x) => x.quantity?.people)) uncertain = true;
  if (items.length > 0 && quantities.some((q) => !used.has(q))) uncertain = true;

  // "Physical SIM cards, Europe 20GB: 50 / eSIM Europe 20GB: 30", "实体卡请寄到…" under an eSIM line: a
  // physical type said before or after a line that says eSIM is not that line's.
  const esimSegments = new Set(esims.map(segmentOf));
  const physicalSegments = new Set(physical.map((p) => segmentOf(p.start)));
  for (const item of items) if (esimSegments.has(item.segment) && !physicalSegments.has(item.segment)) item.physical = false;

  const lines = items.map((item): ParsedLine => {
    const spec = {
      regionCode: item.regionCode,
      type: item.physical ? ('sim' as const) : ('esim' as const),
      dataGb: item.dataGb,
      validityDays: item.validityDays,
      // (The trip's days only where the line names no plan's days: then a plan lasting the trip is read unsurely.)
      ...(item.validityDays === undefined ? { tripDays } : {}),
    };
    if (spec.tripDays !== undefined) uncertain = true;
    const resolution: Resolution = item.sku
      ? { sku: item.sku, candidates: [], reason: 'resolved' }
      : item.regionCode === UNSOLD || item.regionCode === NO_SINGLE_PRODUCT
        ? { sku: null, candidates: closestProducts(index, spec, item.name), reason: item.regionCode === UNSOLD ? 'not_sold' : 'no_single_product' }
        : resolveProduct(index, spec);
    // No count, or a count of none or less ("0", "-5"): never sure.
    if (!item.quantity || item.quantity.value <= 0) uncertain = true;
    const segmentStart = cuts[item.segment * 2] ?? 0;
    const segmentEnd = cuts[item.segment * 2 + 1] ?? original.length;
    return {
      sku: resolution.sku,
      quantity: item.quantity?.value ?? null,
      candidates: resolution.candidates,
      regionCode: item.regionCode,
      dataGb: item.dataGb,
      validityDays: item.validityDays,
      type: spec.type,
      resolution: resolution.reason,
      text: original.slice(segmentStart, segmentEnd).trim(),
      ...(item.name ? { place: item.name } : {}),
    };
  });
  // "precio de Emiratos 5GB? ... un grupo que va a Dubai", "rate for Indonesia 5GB? Bali, 8 of them":
  // the same product named again, once without a count, is one line (with the count said).
  for (let i = lines.length - 1; i >= 0; i -= 1) {
    const x = lines[i]!;
    if (x.sku === null) continue;
    const j = lines.findIndex((y, k) => k !== i && y.sku === x.sku && (y.quantity === null || x.quantity === null));
    if (j < 0) continue;
    const first = Math.min(i, j);
    const quantity = lines[i]!.quantity ?? lines[j]!.quantity;
    lines[first] = { ...lines[first]!, quantity };
    lines.splice(Math.max(i, j), 1);
  }
  // The same product on two lines ("a place of the trip told" read as a line, or two groups): not surely two orders.
  const named = lines.flatMap((l) => (l.sku ? [l.sku] : []));
  if (new Set(named).size < named.length) uncertain = true;
  // "25 Asia 8-country 5GB for our Singapore-Malaysia-Thailand circuit": countries beside a plan that
  // covers many, with its very size and count, may be where that plan goes rather than more lines.
  const wide = lines.filter((l) => l.regionCode !== null && WIDE_PLANS.has(l.regionCode));
  if (wide.some((w) => lines.some((l) => l !== w && !WIDE_PLANS.has(l.regionCode ?? '') && l.quantity === w.quantity && l.dataGb === w.dataGb))) uncertain = true;
  return {
    lines,
    uncertain: uncertain || ((inferredPlace || misspeltPlace || sizeBeforePlace || shareGuessed || guessedCount) && lines.length > 0),
    ...(placesFromCities && lines.length > 0 ? { placesFromCities } : {}),
  };
}
