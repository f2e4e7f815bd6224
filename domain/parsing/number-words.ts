import { languageScores } from './detect-language';

// Numbers written in words, rewritten as digits so the rules that read quantities see them:
// "thirty-six pieces" -> "36 pieces", "cento e vinte unidades" -> "120 unidades",
// "mil quinientas" -> "1500", "两百五十个" -> "250个", "八十张" -> "80张".
// Everything outside the replaced spans stays byte for byte as it was.
//
// What is never a number here:
// - the words for one used as articles (one, a, an, un, uno, una, um, uma) on their own; they count
//   only inside a compound ("one hundred", "twenty-one", "veintiuno", "trinta e um", "a dozen");
// - ordinals (first, second, primero, segunda-feira, 第二), plurals of scale words ("dozens of",
//   "cientos de", "hundreds of"), parts of other words ("someone", "tendency", "Quinta");
// - a lone 一 in Chinese ("用一张卡": one single card), and a lone 两/二..九 except before a measure
//   or time word (张 个 套 天 周 月 ...); approximations (五六张, 两三百) and idioms (万一, 千万, 十分);
// - words shared with another language, judged by the message's language: "once" is 11 only in
//   Spanish, "ten" is not 10 in Spanish ("ten en cuenta"), "dos" is "of the" in Portuguese, "doce"
//   is "sweet" in Portuguese, "doze" is a verb in English;
// - anything inside an e-mail address or a link, or glued to digits (PO numbers, phone numbers, 3GB).

type Lang = 'en' | 'es' | 'pt';

interface Token {
  start: number;
  end: number;
  /** Lower case, accents removed ("Veintidós" -> "veintidos"); digits as written. */
  word: string;
  numeric: boolean;
  /** How this token is joined to the one before it. */
  gap: 'space' | 'hyphen' | 'other';
  blocked: boolean;
}

interface Match {
  value: number;
  /** Index of the last token of the phrase. */
  last: number;
}

// ---------------------------------------------------------------------------------------------
// Vocabulary (accentless, lower case)

const EN_UNITS: Record<string, number> = { one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9 };
const EN_TEENS: Record<string, number> = {
  ten: 10, eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19,
};
const EN_TENS: Record<string, number> = { twenty: 20, thirty: 30, forty: 40, fourty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90 };
const EN_ORDINAL_UNITS = new Set(['first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth']);

const ES_UNITS: Record<string, number> = { uno: 1, un: 1, una: 1, dos: 2, tres: 3, cuatro: 4, cinco: 5, seis: 6, siete: 7, ocho: 8, nueve: 9 };
const ES_SINGLE: Record<string, number> = {
  diez: 10, once: 11, doce: 12, trece: 13, catorce: 14, quince: 15, dieciseis: 16, diecisiete: 17, dieciocho: 18, diecinueve: 19,
  veinte: 20, veintiuno: 21, veintiun: 21, veintiuna: 21, veintidos: 22, veintitres: 23, veinticuatro: 24, veinticinco: 25,
  veintiseis: 26, veintisiete: 27, veintiocho: 28, veintinueve: 29,
};
const ES_TENS: Record<string, number> = { treinta: 30, cuarenta: 40, cincuenta: 50, sesenta: 60, setenta: 70, ochenta: 80, noventa: 90 };
const ES_HUNDREDS: Record<string, number> = {
  doscientos: 200, doscientas: 200, trescientos: 300, trescientas: 300, cuatrocientos: 400, cuatrocientas: 400,
  quinientos: 500, quinientas: 500, seiscientos: 600, seiscientas: 600, setecientos: 700, setecientas: 700,
  ochocientos: 800, ochocientas: 800, novecientos: 900, novecientas: 900,
};

const PT_UNITS: Record<string, number> = { um: 1, uma: 1, dois: 2, duas: 2, tres: 3, quatro: 4, cinco: 5, seis: 6, sete: 7, oito: 8, nove: 9 };
const PT_SINGLE: Record<string, number> = {
  dez: 10, onze: 11, doze: 12, treze: 13, catorze: 14, quatorze: 14, quinze: 15, dezesseis: 16, dezasseis: 16, dezeseis: 16,
  dezessete: 17, dezassete: 17, dezoito: 18, dezenove: 19, dezanove: 19,
};
const PT_TENS: Record<string, number> = {
  vinte: 20, trinta: 30, quarenta: 40, cinquenta: 50, cincoenta: 50, sessenta: 60, setenta: 70, oitenta: 80, noventa: 90,
};
const PT_HUNDREDS: Record<string, number> = {
  duzentos: 200, duzentas: 200, trezentos: 300, trezentas: 300, quatrocentos: 400, quatrocentas: 400,
  quinhentos: 500, quinhentas: 500, seiscentos: 600, seiscentas: 600, setecentos: 700, setecentas: 700,
  oitocentos: 800, oitocentas: 800, novecentos: 900, novecentas: 900,
};

const ROMANCE = {
  es: { units: ES_UNITS, single: ES_SINGLE, tens: ES_TENS, and: 'y', hundreds: ES_HUNDREDS, exact: 'cien', withRest: 'ciento', half: 'media', dozen: 'docena', dozens: 'docenas' },
  pt: { units: PT_UNITS, single: PT_SINGLE, tens: PT_TENS, and: 'e', hundreds: PT_HUNDREDS, exact: 'cem', withRest: 'cento', half: 'meia', dozen: 'duzia', dozens: 'duzias' },
} as const;

const ARTICLES = new Set(['one', 'a', 'an', 'un', 'uno', 'una', 'um', 'uma']);
/** "mil gracias" / "a thousand thanks": politeness, not a quantity. */
const THANKS = new Set(['gracias', 'disculpas', 'perdones', 'besos', 'abrazos', 'desculpas', 'obrigado', 'obrigada', 'beijos', 'abracos', 'thanks', 'apologies']);

function has(table: Record<string, number>, word: string | undefined): word is string {
  return word !== undefined && Object.prototype.hasOwnProperty.call(table, word);
}

function fold(word: string): string {
  return word.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/** Whether a word is one that "mil" or "a thousand" only makes polite ("mil gracias", "mil abraços"). */
export function isThanks(word: string): boolean {
  return THANKS.has(fold(word));
}

// ---------------------------------------------------------------------------------------------
// The message's language, for the words two languages share

export interface Leaning {
  en: number;
  es: number;
  pt: number;
}

const PT_SIGNS = /[ãõç]|(?<![\p{L}])(?:você|voce|vocês|voces|não|nao|um|uma|da|das|pra|pros|pras|dois|duas|sem|em|só|são|também|obrigad[oa]|tudo|mês|peças|preciso|quero|gostaria|olá|oi)(?![\p{L}])/giu;
const ES_SIGNS = /[ñ¿¡]|(?<![\p{L}])(?:el|del|un|uno|una|y|hola|gracias|necesito|quiero|días|mes|también|son|serían|unas|unos|ustedes|buenas|buenos|cantidad|cantidades|tarjetas)(?![\p{L}])/giu;

/** How much a Latin-script message leans to English, Spanish and Portuguese (marker words and letters). */
export function latinLeaning(text: string): Leaning {
  const scores = languageScores(text);
  return {
    en: scores.en,
    es: scores.es + (text.match(ES_SIGNS)?.length ?? 0),
    pt: scores.pt + (text.match(PT_SIGNS)?.length ?? 0),
  };
}

/** False when a word that is a number in `lang` is most likely another language's word here. */
function sharedWordAllowed(word: string, lang: Lang, lean: Leaning): boolean {
  if (lang === 'es' && word === 'once') return lean.es > lean.en;
  if (lang === 'en' && word === 'ten') return !(lean.es > lean.en);
  // "dos" and "doce" are also Portuguese words ("dos EUA", "doce"): a tie with Portuguese is not Spanish.
  if (lang === 'es' && word === 'dos') return !(lean.pt > 0 && lean.pt >= lean.es) && !(lean.en > lean.es);
  if (lang === 'es' && word === 'doce') return !(lean.pt > 0 && lean.pt >= lean.es);
  if (lang === 'pt' && word === 'doze') return !(lean.en > lean.pt);
  return true;
}

// ---------------------------------------------------------------------------------------------
// Tokens

const LATIN_TOKEN = /[\p{Script=Latin}][\p{Script=Latin}\p{M}]*|\d+/gu;
// Anchored at the start of a run, so a long run of letters is scanned once, not once per letter.
const UNTOUCHABLE = /(?<![\w.+-])(?:https?:\/\/\S+|www\.\S+|[\w.+-]+@[\w-]+\.[\w.-]+)/giu;

function tokenize(text: string): Token[] {
  const blockedSpans: [number, number][] = [];
  for (const m of text.matchAll(UNTOUCHABLE)) blockedSpans.push([m.index, m.index + m[0].length]);
  const tokens: Token[] = [];
  let previousEnd = 0;
  for (const m of text.matchAll(LATIN_TOKEN)) {
    const start = m.index;
    const end = start + m[0].length;
    const between = text.slice(previousEnd, start);
    const gap = tokens.length > 0 && /^[ \t\u00a0\u202f]+$/.test(between) ? 'space' : tokens.length > 0 && between === '-' ? 'hyphen' : 'other';
    tokens.push({
      start,
      end,
      word: fold(m[0]),
      numeric: /^\d/.test(m[0]),
      gap,
      blocked: blockedSpans.some(([s, e]) => start < e && end > s),
    });
    previousEnd = end;
  }
  return tokens;
}

// ---------------------------------------------------------------------------------------------
// The grammars: each returns the longest number phrase starting at token i, or null.

class Grammar {
  constructor(
    private readonly tokens: Token[],
    private readonly lang: Lang,
    private readonly lean: Leaning,
  ) {}

  /** The word of token i when it may be part of a number phrase. */
  private word(i: number): string | undefined {
    const t = this.tokens[i];
    if (!t || t.blocked || t.numeric) return undefined;
    // "doce de leite" is a sweet
    if (t.word === 'doce' && this.tokens[i + 1]?.word === 'de' && this.tokens[i + 2]?.word === 'leite') return undefined;
    // A word only one language counts in says which language it is: "dos docenas" is Spanish ("dúzias" in Portuguese).
    if (this.lang === 'es' && this.tokens[i + 1]?.word === 'docenas' && has(ES_UNITS, t.word)) return t.word;
    return sharedWordAllowed(t.word, this.lang, this.lean) ? t.word : undefined;
  }

  /** The word of token i when it follows token i - 1 after spaces (or a hyphen, if allowed). */
  private joined(i: number, hyphen = false): string | undefined {
    const t = this.tokens[i];
    if (!t || !(t.gap === 'space' || (hyphen && t.gap === 'hyphen'))) return undefined;
    return this.word(i);
  }

  private digits(i: number): number | null {
    const t = this.tokens[i];
    if (!t || t.blocked || !t.numeric || t.word.length > 3) return null;
    return Number(t.word);
  }

  parse(i: number): Match | null {
    switch (this.lang) {
      case 'en':
        return this.enNumber(i);
      case 'es':
        return this.romanceNumber(i, 'es');
      case 'pt':
        return this.romanceNumber(i, 'pt');
    }
  }

  // English ------------------------------------------------------------------------------------

  private enBelow100(i: number, allowOne: boolean): Match | null {
    const w = this.word(i);
    if (has(EN_TENS, w)) {
      const u = this.joined(i + 1, true);
      if (has(EN_UNITS, u)) return { value: EN_TENS[w]! + EN_UNITS[u]!, last: i + 1 };
      return { value: EN_TENS[w]!, last: i };
    }
    if (has(EN_TEENS, w)) return { value: EN_TEENS[w]!, last: i };
    if (has(EN_UNITS, w)) return w === 'one' && !allowOne ? null : { value: EN_UNITS[w]!, last: i };
    return null;
  }

  /** "and fifty" / "fifty" after a hundred or a thousand. */
  private enRest(after: number, below: (i: number) => Match | null): Match | null {
    const w = this.joined(after + 1);
    if (w === 'and' && this.joined(after + 2) !== undefined) return below(after + 2);
    if (w !== undefined) return below(after + 1);
    return null;
  }

  private enBelow1000(i: number, allowOne: boolean): Match | null {
    const w = this.word(i);
    const multiplier = w === 'a' ? { value: 1, last: i } : this.enBelow100(i, true);
    if (multiplier && this.joined(multiplier.last + 1) === 'hundred') {
      const hundred = multiplier.last + 1;
      const base = multiplier.value * 100;
      const rest = this.enRest(hundred, (k) => this.enBelow100(k, true));
      return rest ? { value: base + rest.value, last: rest.last } : { value: base, last: hundred };
    }
    return this.enBelow100(i, allowOne);
  }

  private enNumber(i: number): Match | null {
    const w = this.word(i);
    if (w === 'half' && this.joined(i + 1) === 'a' && this.joined(i + 2) === 'dozen') return { value: 6, last: i + 2 };
    // "a couple dozen", "couple of dozen": two dozen.
    const couple = w === 'a' && this.joined(i + 1) === 'couple' ? i + 1 : w === 'couple' ? i : -1;
    if (couple >= 0) {
      const dozenAt = this.joined(couple + 1) === 'of' ? couple + 2 : couple + 1;
      if (this.joined(dozenAt) === 'dozen') return { value: 24, last: dozenAt };
    }
    const digits = this.digits(i);
    const multiplier = w === 'a' ? { value: 1, last: i } : digits !== null ? { value: digits, last: i } : this.enBelow1000(i, true);
    if (multiplier) {
      const next = multiplier.last + 1;
      const scale = this.tokens[next]?.gap === 'space' ? this.word(next) : undefined;
      if (scale === 'thousand') {
        if (THANKS.has(this.tokens[next + 1]?.word ?? '')) return null;
        const base = multiplier.value * 1000;
        const rest = this.enRest(next, (k) => this.enBelow1000(k, true));
        return rest ? { value: base + rest.value, last: rest.last } : { value: base, last: next };
      }
      // "a dozen and a half": eighteen.
      if (scale === 'dozen' && multiplier.value < 100) {
        const andHalf = this.joined(next + 1) === 'and' && this.joined(next + 2) === 'a' && this.joined(next + 3) === 'half';
        return andHalf ? { value: multiplier.value * 12 + 6, last: next + 3 } : { value: multiplier.value * 12, last: next };
      }
    }
    if (digits !== null) return null;
    const plain = this.enBelow1000(i, false);
    if (!plain) return null;
    // "twenty-first", "thirty second": a date or an ordinal, not a number.
    const after = this.joined(plain.last + 1, true);
    if (has(EN_TENS, this.tokens[plain.last]!.word) && after !== undefined && EN_ORDINAL_UNITS.has(after)) return null;
    return plain;
  }

  // Spanish and Portuguese ---------------------------------------------------------------------

  private romanceBelow100(i: number, lang: 'es' | 'pt', allowOne: boolean): Match | null {
    const w = this.word(i);
    const { units, single, tens, and } = ROMANCE[lang];
    if (has(tens, w)) {
      const u = this.joined(i + 2);
      if (this.joined(i + 1) === and && has(units, u)) return { value: tens[w]! + units[u]!, last: i + 2 };
      return { value: tens[w]!, last: i };
    }
    if (has(single, w)) return { value: single[w]!, last: i };
    if (has(units, w)) return ARTICLES.has(w) && !allowOne ? null : { value: units[w]!, last: i };
    return null;
  }

  private romanceBelow1000(i: number, lang: 'es' | 'pt', allowOne: boolean): Match | null {
    const w = this.word(i);
    const { hundreds, exact, withRest } = ROMANCE[lang];
    // Spanish writes "ciento veinte", Portuguese "cento e vinte".
    const rest = (after: number): Match | null => {
      if (lang === 'es') return this.joined(after + 1) !== undefined ? this.romanceBelow100(after + 1, lang, true) : null;
      return this.joined(after + 1) === 'e' && this.joined(after + 2) !== undefined ? this.romanceBelow100(after + 2, lang, true) : null;
    };
    if (w === exact) return { value: 100, last: i };
    if (w === withRest) {
      // "por ciento" / "por cento" alone is a percentage, not a number.
      const r = rest(i);
      return r ? { value: 100 + r.value, last: r.last } : null;
    }
    if (has(hundreds, w)) {
      const r = rest(i);
      return r ? { value: hundreds[w]! + r.value, last: r.last } : { value: hundreds[w]!, last: i };
    }
    return this.romanceBelow100(i, lang, allowOne);
  }

  private romanceNumber(i: number, lang: 'es' | 'pt'): Match | null {
    const w = this.word(i);
    const { half, dozen, dozens } = ROMANCE[lang];
    if (w === half && this.joined(i + 1) === dozen) return { value: 6, last: i + 1 };
    const digits = this.digits(i);
    const multiplier = w === 'mil' ? null : digits !== null ? { value: digits, last: i } : this.romanceBelow1000(i, lang, true);
    // "una docena", "dos docenas"
    if (multiplier && multiplier.value < 100) {
      const d = this.joined(multiplier.last + 1);
      // "una docena y media", "uma dúzia e meia": and six more.
      if ((d === dozen && multiplier.value === 1) || (d === dozens && multiplier.value > 1)) {
        const dozenAt = multiplier.last + 1;
        const andHalf = this.joined(dozenAt + 1) === ROMANCE[lang].and && this.joined(dozenAt + 2) === half;
        return andHalf ? { value: multiplier.value * 12 + 6, last: dozenAt + 2 } : { value: multiplier.value * 12, last: dozenAt };
      }
    }
    // "mil", "dos mil quinientos", "dois mil e quinhentos", "mil duzentos e cinquenta"
    const milAt = w === 'mil' ? i : multiplier && this.joined(multiplier.last + 1) === 'mil' ? multiplier.last + 1 : null;
    if (milAt !== null) {
      const base = (w === 'mil' ? 1 : multiplier!.value) * 1000;
      const next = this.joined(milAt + 1);
      if (THANKS.has(next ?? '')) return null;
      let rest: Match | null = null;
      if (lang === 'pt' && next === 'e' && this.joined(milAt + 2) !== undefined) rest = this.romanceBelow1000(milAt + 2, lang, true);
      else if (next !== undefined) rest = this.romanceBelow1000(milAt + 1, lang, true);
      return rest ? { value: base + rest.value, last: rest.last } : { value: base, last: milAt };
    }
    if (digits !== null) return null;
    return this.romanceBelow1000(i, lang, false);
  }
}

function spellOutLatin(text: string): string {
  const tokens = tokenize(text);
  if (tokens.length === 0) return text;
  const lean = latinLeaning(text);
  const grammars = (['en', 'es', 'pt'] as const).map((lang) => new Grammar(tokens, lang, lean));
  const out: string[] = [];
  let cursor = 0;
  for (let i = 0; i < tokens.length; i += 1) {
    let best: Match | null = null;
    for (const g of grammars) {
      const m = g.parse(i);
      if (m && (!best || m.last > best.last)) best = m;
    }
    if (!best) continue;
    const first = tokens[i]!;
    const last = tokens[best.last]!;
    // Glued to other digits or letters ("PO123", "2twenty", "ten_3"): not a number in words.
    const before = text[first.start - 1] ?? '';
    const after = text[last.end] ?? '';
    if (/[\p{N}_]/u.test(before) || /[\p{N}_]/u.test(after)) continue;
    if (first.numeric && /[.,\-/#]/.test(before)) continue;
    out.push(text.slice(cursor, first.start), String(best.value));
    cursor = last.end;
    i = best.last;
  }
  out.push(text.slice(cursor));
  return out.join('');
}

// ---------------------------------------------------------------------------------------------
// Chinese

const CN_DIGITS: Record<string, number> = { 一: 1, 二: 2, 两: 2, 兩: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const CN_ZEROS = new Set(['零', '〇']);
const CN_UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };
const CN_RUN = /[零〇一二两兩三四五六七八九十百千万萬]+/gu;
/** Before these a lone 两/二..九 is a count: 两张, 五天, 三个月, 两周. */
const CN_MEASURES = ['张', '張', '个', '個', '片', '套', '份', '枚', '天', '日', '周', '週', '星期', '礼拜', '禮拜', '月'];
/** A weekday: 周三, 星期五, 礼拜天. */
const CN_WEEKDAY_BEFORE = /(?:周|週|星期|礼拜|禮拜)$/u;

/** 0..9999 written with 千/百/十; "两百五" = 250, "一千零五十" = 1050; null when it is not one number. */
function cnSection(chars: string[], leadingTenOk: boolean): number | null {
  let value = 0;
  let pending: number | null = null;
  let lastUnit = 10_000;
  let zero = false;
  for (let k = 0; k < chars.length; k += 1) {
    const c = chars[k]!;
    if (CN_ZEROS.has(c)) {
      if (pending !== null || lastUnit === 10_000 || zero) return null;
      zero = true;
      continue;
    }
    if (has(CN_DIGITS, c)) {
      if (pending !== null) return null; // 五六, 两三百: an approximation
      pending = CN_DIGITS[c]!;
      continue;
    }
    const unit = CN_UNITS[c];
    if (unit === undefined || unit >= lastUnit) return null;
    let digit = pending;
    if (digit === null) {
      if (unit === 10 && k === 0 && leadingTenOk) digit = 1;
      else return null; // 千万, 百分: not a number
    }
    value += digit * unit;
    lastUnit = unit;
    pending = null;
    zero = false;
  }
  if (pending !== null) {
    if (lastUnit === 10_000 || lastUnit === 10 || zero) value += pending;
    else value += (pending * lastUnit) / 10; // 两百五 = 250, 一千二 = 1200
  } else if (zero || chars.length === 0) {
    return null;
  }
  return value;
}

/** 五百 -> 500, 两万 -> 20000, 一万五 -> 15000, 二〇二六 -> 2026; null when it is not one number. */
export function readChineseNumber(run: string): number | null {
  const chars = [...run];
  if (chars.length >= 2 && chars.every((c) => CN_ZEROS.has(c) || has(CN_DIGITS, c)) && chars.some((c) => CN_ZEROS.has(c))) {
    // Digit by digit, as in years: 二〇二六
    return Number(chars.map((c) => (CN_ZEROS.has(c) ? '0' : String(CN_DIGITS[c]))).join(''));
  }
  const tenThousand = chars.findIndex((c) => c === '万' || c === '萬');
  if (tenThousand === -1) return cnSection(chars, true);
  const high = cnSection(chars.slice(0, tenThousand), true);
  let low = chars.slice(tenThousand + 1);
  if (high === null || low.some((c) => c === '万' || c === '萬')) return null;
  if (low.length === 0) return high * 10_000;
  if (low.length === 1 && has(CN_DIGITS, low[0])) return high * 10_000 + CN_DIGITS[low[0]!]! * 1000; // 一万五
  if (CN_ZEROS.has(low[0]!)) low = low.slice(1);
  const rest = cnSection(low, true);
  return rest === null ? null : high * 10_000 + rest;
}

function spellOutChinese(written: string): string {
  // "廿張", "廿五个", "卅张" (Cantonese and written Chinese): twenty, thirty.
  const text = written.replace(/廿(?=[一二三四五六七八九张張个個套位人名]|$)/gu, '二十').replace(/卅(?=[一二三四五六七八九张張个個套位人名]|$)/gu, '三十');
  return text.replace(CN_RUN, (run: string, offset: number) => {
    const before = text.slice(Math.max(0, offset - 2), offset);
    const after = text.slice(offset + run.length, offset + run.length + 2);
    if (before.endsWith('第') || before.endsWith('初')) return run; // ordinals, lunar dates
    if (/[\d.]$/.test(before)) return run; // 3千5: left as written
    const chars = [...run];
    if (chars.length === 1) {
      const c = chars[0]!;
      if (c === '十') return /^[分足全字]/u.test(after) ? run : '10'; // 十分 = very
      if (!has(CN_DIGITS, c) || c === '一') return run; // a lone 一 is never converted
      if (CN_WEEKDAY_BEFORE.test(before) && '二三四五六'.includes(c)) return run;
      return CN_MEASURES.some((m) => after.startsWith(m)) ? String(CN_DIGITS[c]) : run;
    }
    const value = readChineseNumber(run);
    return value === null ? run : String(value);
  });
}

/** "5千" -> "5000", "1.5万" -> "15000", "3百" -> "300". */
function spellOutMixedChinese(text: string): string {
  return text.replace(
    /(?<![\p{Script=Latin}\d.,\-/#])(\d+(?:\.\d+)?)([百千万萬])(?![零〇一二两兩三四五六七八九十百千万萬\d])/gu,
    (whole: string, digits: string, unit: string) => {
      const value = Number(digits) * (unit === '百' ? 100 : unit === '千' ? 1000 : 10_000);
      const rounded = Math.round(value);
      return Math.abs(value - rounded) < 1e-9 ? String(rounded) : whole;
    },
  );
}

// ---------------------------------------------------------------------------------------------

/**
 * Rewrites numbers written in words (English, Spanish, Portuguese, Chinese) as digits and leaves
 * everything else unchanged: "a hundred and fifty" -> "150", "treinta y cinco" -> "35",
 * "dois mil e quinhentos" -> "2500", "两千张" -> "2000张", "2 mil" -> "2000".
 */
// "a round hundred", "an even dozen", "a nice round fifty": the number; its adjective is only a manner of speaking.
const ROUND_NUMBER = /(?<![\p{L}])(?:a|an)[ \t]+(?:nice[ \t]+)?(?:round|even|full|solid)[ \t]+(hundred|thousand|dozen)(?![\p{L}])/giu;

export function spellOutNumbers(text: string): string {
  return spellOutLatin(spellOutMixedChinese(spellOutChinese(text.replace(ROUND_NUMBER, 'a $1'))));
}
