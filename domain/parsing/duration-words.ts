import { latinLeaning } from './number-words';

// Durations written in words, rewritten as days so the validity rule reads them. Meant to run after
// spellOutNumbers ("two weeks" has become "2 weeks"), though the small counts in words work too:
//   a week / one week / 1 week / 7-day            -> 7 days
//   N weeks                                         -> N*7 days, except two weeks -> 15 days
//   a fortnight / half a month                      -> 15 days
//   a month / one month / 1 month / 30-day          -> 30 days;  N months -> N*30 days
//   una semana (7), dos semanas / quincena (15), un mes (30), medio mes (15)
//   uma semana (7), duas semanas / quinzena (15), um mês (30), meio mês (15)
//   一周 / 一星期 / 一个星期 (7天), 两周 / 半个月 (15天), 一个月 / 1个月 (30天), N个月 (N*30天)
//   a whole / full / entire month, month-long, el mes entero / completo, todo el mes, o mês inteiro /
//   completo, o mês todo, 一整个月 / 整个月 / 整月 (30); a whole / full week, la semana entera / completa,
//   a semana inteira / toda, 一整周 / 整个星期 (7)
// A reseller's "two weeks" means the 15-day plan: the catalogue has 7, 15 and 30 days.
//
// A point in time is not a validity and is left alone: "in a week", "within a month", "next
// week", "a month ago", "en una semana", "hace un mes", "daqui a um mês", "一周内", "两周后",
// "上个月", "一月" (January).

export interface DurationOptions {
  /**
   * days (default): Latin text gets "N days" whatever its language. native: "N días" in Spanish,
   * "N dias" in Portuguese, so the rewrite adds no English word to a message whose language is
   * still to be detected. Both are read by the validity rule. Chinese always gets "N天".
   */
  latinUnit?: 'days' | 'native';
}

type Lang = 'en' | 'es' | 'pt' | 'es|pt';

const COUNT_WORDS: Record<string, number> = {
  a: 1, one: 1, una: 1, un: 1, uma: 1, um: 1,
  two: 2, dos: 2, dois: 2, duas: 2,
  three: 3, tres: 3, 'três': 3,
  four: 4, cuatro: 4, quatro: 4,
};

function count(raw: string): number {
  const lower = raw.toLowerCase();
  return COUNT_WORDS[lower] ?? Number(lower);
}

const weeks = (n: number) => (n === 2 ? 15 : n * 7);
const months = (n: number) => n * 30;

// Whole words only, never glued to digits or a reference ("PO-2 weeks" is not a duration).
const START = String.raw`(?<![\p{L}\p{N}.,\-/#])`;
const END = String.raw`(?![\p{L}\p{N}])`;
// Spaces bounded ({1,4}): an unbounded \s+ in a lookbehind rescans every run of spaces at each position.
const NOT_AFTER = String.raw`(?<!(?<![\p{L}])(?:in|within|after|every|each|per|once|twice|next|last|this|en|dentro\s{1,4}de|hace|cada|em|daqui\s{1,4}a|há|ha|após|apos|depois\s{1,4}de|después\s{1,4}de|despues\s{1,4}de|tras)\s{1,4})`;
const NOT_BEFORE = String.raw`(?!\s+(?:ago|from\s+now|later|before|after|away|atrás|atras|después|despues|depois|antes|que\s+viene|que\s+vem|pasado|pasada|passado|passada)(?![\p{L}]))`;

interface LatinRule {
  pattern: RegExp;
  days: (m: RegExpExecArray) => number | null;
  lang: Lang;
}

function latin(body: string, lang: Lang, days: (m: RegExpExecArray) => number | null): LatinRule {
  return { pattern: new RegExp(START + NOT_AFTER + `(?:${body})` + END + NOT_BEFORE, 'giu'), days, lang };
}

const N = String.raw`(\d{1,3})`;
const positive = (n: number, f: (k: number) => number) => (Number.isInteger(n) && n > 0 ? f(n) : null);

const LATIN_RULES: LatinRule[] = [
  // English
  latin(String.raw`half(?:\s+a\s+|-)month`, 'en', () => 15),
  latin(String.raw`(?:(?:a|one|1)\s+)?fortnight`, 'en', () => 15),
  latin(String.raw`(a|one|two|three|four|\d{1,3})(?:\s*-\s*|\s+)(?:weeks?|wks?)`, 'en', (m) => positive(count(m[1]!), weeks)),
  latin(String.raw`(a|one|two|three|four|\d{1,3})(?:\s*-\s*|\s+)(?:months?|mths?)`, 'en', (m) => positive(count(m[1]!), months)),
  latin(String.raw`(?:(?:a|one|the)\s+)?(?:whole|full|entire)\s+month|month[\s-]long`, 'en', () => 30),
  latin(String.raw`(?:(?:a|one|the)\s+)?(?:whole|full|entire)\s+week|week[\s-]long`, 'en', () => 7),
  latin(String.raw`${N}-days?`, 'en', (m) => positive(Number(m[1]), (n) => n)),
  latin(String.raw`${N}(?:weeks?|wks?)`, 'en', (m) => positive(Number(m[1]), weeks)),
  latin(String.raw`${N}(?:months?|mths?)`, 'en', (m) => positive(Number(m[1]), months)),
  // Spanish
  latin(String.raw`medio\s+mes`, 'es', () => 15),
  latin(String.raw`(?:una\s+)?quincena`, 'es', () => 15),
  latin(String.raw`(una|dos|tres|cuatro)\s+semanas?`, 'es', (m) => positive(count(m[1]!), weeks)),
  latin(String.raw`(?:(?:el|un)\s+)?mes\s+(?:entero|completo)|todo\s+el\s+mes`, 'es', () => 30),
  latin(String.raw`(?:(?:la|una)\s+)?semana\s+(?:entera|completa)|toda\s+la\s+semana`, 'es', () => 7),
  latin(String.raw`(un)\s+mes`, 'es', () => 30),
  latin(String.raw`(dos|tres|cuatro)\s+meses`, 'es', (m) => positive(count(m[1]!), months)),
  // Portuguese
  latin(String.raw`meio\s+m[eê]s`, 'pt', () => 15),
  latin(String.raw`(?:uma\s+)?quinzena`, 'pt', () => 15),
  latin(String.raw`(uma|duas|três|tres|quatro)\s+semanas?`, 'pt', (m) => positive(count(m[1]!), weeks)),
  latin(String.raw`(?:(?:o|um)\s+)?m[eê]s\s+(?:inteiro|completo|todo)|todo\s+o\s+m[eê]s`, 'pt', () => 30),
  latin(String.raw`(?:(?:a|uma)\s+)?semana\s+(?:inteira|completa|toda)|toda\s+a\s+semana`, 'pt', () => 7),
  latin(String.raw`(um)\s+m[eê]s`, 'pt', () => 30),
  latin(String.raw`(dois|três|tres|quatro)\s+meses`, 'pt', (m) => positive(count(m[1]!), months)),
  // Digits: the same in both
  latin(String.raw`${N}\s*semanas?`, 'es|pt', (m) => positive(Number(m[1]), weeks)),
  latin(String.raw`(1)\s*m[eê]s`, 'es|pt', () => 30),
  latin(String.raw`${N}\s*meses`, 'es|pt', (m) => positive(Number(m[1]), months)),
];

// Chinese: never after 第 上 下 这 每 近 前 个 ("上个月", "这一周", "一个半月"), never before 内 前 后 ("一周内发货").
// (Not 本 either way: 本月 has no count, and 日本一个月 is Japan for a month.)
const CN_BEFORE = String.raw`(?<![第上下这這每近前后後那个個\d.])`;
const CN_AFTER = String.raw`(?![内內前后後]|[以之][内內前后後])`;
const CN_COUNT = String.raw`(一|两|兩|二|三|四|\d{1,3})`;
const CN_COUNTS: Record<string, number> = { 一: 1, 两: 2, 兩: 2, 二: 2, 三: 3, 四: 4 };

const CHINESE_RULES: { pattern: RegExp; days: (m: RegExpExecArray) => number | null }[] = [
  // "一整个月", "整个月", "整月", "一整周", "整个星期": the whole month, the whole week.
  { pattern: new RegExp(`${CN_BEFORE}(?:一)?整(?:整)?(?:一)?(?:个|個)?月${CN_AFTER}`, 'gu'), days: () => 30 },
  { pattern: new RegExp(`${CN_BEFORE}(?:一)?整(?:整)?(?:一)?(?:个|個)?(?:星期|礼拜|禮拜|周|週)${CN_AFTER}`, 'gu'), days: () => 7 },
  { pattern: new RegExp(`${CN_BEFORE}半(?:个|個)?月${CN_AFTER}`, 'gu'), days: () => 15 },
  {
    pattern: new RegExp(`${CN_BEFORE}${CN_COUNT}\\s*(?:个|個)?\\s*(?:星期|礼拜|禮拜|周|週)${CN_AFTER}`, 'gu'),
    days: (m) => positive(CN_COUNTS[m[1]!] ?? Number(m[1]), weeks),
  },
  {
    pattern: new RegExp(`${CN_BEFORE}${CN_COUNT}\\s*(?:个|個)\\s*月${CN_AFTER}`, 'gu'),
    days: (m) => positive(CN_COUNTS[m[1]!] ?? Number(m[1]), months),
  },
];

function replaceAll(text: string, pattern: RegExp, write: (m: RegExpExecArray) => string | null): string {
  pattern.lastIndex = 0;
  let out = '';
  let cursor = 0;
  for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
    const replacement = write(m);
    if (replacement === null) continue;
    out += text.slice(cursor, m.index) + replacement;
    cursor = m.index + m[0].length;
  }
  pattern.lastIndex = 0;
  return out + text.slice(cursor);
}

/**
 * Rewrites durations in words as days: "for a week" -> "for 7 days", "2 weeks" -> "15 days",
 * "por un mes" -> "por 30 days", "一个月" -> "30天". Everything else is left as it was.
 */
export function spellOutDurations(text: string, options: DurationOptions = {}): string {
  const native = options.latinUnit === 'native';
  let portuguese: boolean | undefined;
  const unit = (lang: Lang): string => {
    if (!native || lang === 'en') return 'days';
    if (lang === 'es') return 'días';
    if (lang === 'pt') return 'dias';
    if (portuguese === undefined) {
      const lean = latinLeaning(text);
      portuguese = lean.pt > lean.es;
    }
    return portuguese ? 'dias' : 'días';
  };
  let out = text;
  for (const rule of LATIN_RULES) {
    out = replaceAll(out, rule.pattern, (m) => {
      const days = rule.days(m);
      return days === null ? null : `${days} ${unit(rule.lang)}`;
    });
  }
  for (const rule of CHINESE_RULES) {
    out = replaceAll(out, rule.pattern, (m) => {
      const days = rule.days(m);
      return days === null ? null : `${days}天`;
    });
  }
  return out;
}
