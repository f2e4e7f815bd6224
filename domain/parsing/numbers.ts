import { isThanks } from './number-words';

// Numbers as resellers write them: 1,000 / 1 000 / 1.000 / 1.5k / 2k / 五百 / 两千 / 一千二百.

const DIGITS: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 兩: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000, 万: 10_000, 萬: 10_000 };
export const CHINESE_NUMERAL = /[零〇一二两兩三四五六七八九十百千万萬]+/gu;

/** 五百 -> 500, 一千二百 -> 1200, 十五 -> 15, 两万 -> 20000; null when it is not a number. */
export function chineseToNumber(text: string): number | null {
  let total = 0;
  let section = 0;
  let digit: number | null = null;
  for (const char of text) {
    if (char in DIGITS) {
      digit = DIGITS[char]!;
      continue;
    }
    const unit = UNITS[char];
    if (unit === undefined) return null;
    if (unit === 10_000) {
      total += (section + (digit ?? 0)) * unit;
      section = 0;
    } else {
      section += (digit ?? 1) * unit;
    }
    digit = null;
  }
  const value = total + section + (digit ?? 0);
  return text.length > 0 ? value : null;
}

/**
 * Rewrites thousands separators and k-suffixes into plain digits, so later rules see one number:
 * "1,000" / "1 000" / "1.000 unidades" -> "1000", "1.5k" -> "1500", "2k" -> "2000".
 */
export function normaliseNumbers(text: string): string {
  return (
    text
      // 1,000 and 12,500 (a comma followed by exactly three digits)
      .replace(/(?<![\d.,])(\d{1,3})((?:,\d{3})+)(?![\d,]*\d)/g, (_m, head: string, rest: string) => head + rest.replace(/,/g, ''))
      // 1 000 (space or narrow no-break space as thousands separator)
      .replace(/(?<![\d.,])(\d{1,3})((?:[ \u202f\u00a0]\d{3})+)(?![\d])/g, (m, head: string, rest: string) =>
        // "15 500" in "15 500" could be two numbers; only join groups of exactly three digits
        /^[ \u202f\u00a0]\d{3}(?:[ \u202f\u00a0]\d{3})*$/.test(rest) ? head + rest.replace(/[ \u202f\u00a0]/g, '') : m,
      )
      // 1.000 (European thousands), not 1.5 and not 10.5GB
      .replace(/(?<![\d.,])(\d{1,3})((?:\.\d{3})+)(?![\d.]|\s*(?:gb|g\b|mb))/gi, (_m, head: string, rest: string) => head + rest.replace(/\./g, ''))
      // "2 hundred", "3 thousand", "2 mil" (spelled-out multipliers after digits, on the same line: "— 4\n\nMil gracias" is 4
      // and a sign-off, as is "4 mil gracias")
      .replace(/(?<![\w.])(\d{1,3})[ \t\u00a0]+(hundred|thousand|mil)(?![\p{L}])/giu, (m: string, n: string, unit: string, at: number, whole: string) =>
        isThanks(/^[ \t]+(\p{L}+)/u.exec(whole.slice(at + m.length))?.[1] ?? '') ? m : String(Number(n) * (unit.toLowerCase() === 'hundred' ? 100 : 1000)),
      )
      // "meia centena" / "half a hundred"
      .replace(/(?<![\p{L}])(?:meia centena|media centena|half a hundred)(?![\p{L}])/giu, '50')
      // 1.5k / 2k / 2K
      .replace(/(?<![\w.])(\d+(?:\.\d+)?)\s?k(?![a-z])/gi, (_m, n: string) => String(Math.round(Number(n) * 1000)))
  );
}
