import type { IsoDate } from '../dates';

// The month a reseller asks a statement for: "statement for October", "estado de cuenta de
// octubre", "extrato de outubro 2026", "10月对账单", "2026-10", "last month" / "上个月" / "mes
// pasado" / "mês passado". A month named without a year is the latest one that has begun (October
// asked in February is last October). Null: no month named (the latest statement is meant).

const NAMES: [RegExp, number][] = [
  [/\b(?:january|jan|enero|janeiro)\b/, 1],
  [/\b(?:february|feb|febrero|fevereiro)\b/, 2],
  [/\b(?:march|marzo|março|marco)\b/, 3],
  [/\b(?:april|apr|abril)\b/, 4],
  // English "may" is mostly the verb ("may I have the statement"): only "May 2026" names the month.
  [/\b(?:may(?= 20\d{2})|mayo|maio)\b/, 5],
  [/\b(?:june|jun|junio|junho)\b/, 6],
  [/\b(?:july|jul|julio|julho)\b/, 7],
  [/\b(?:august|aug|agosto)\b/, 8],
  [/\b(?:september|sept|sep|septiembre|setiembre|setembro)\b/, 9],
  [/\b(?:october|oct|octubre|outubro)\b/, 10],
  [/\b(?:november|nov|noviembre|novembro)\b/, 11],
  [/\b(?:december|dec|diciembre|dezembro)\b/, 12],
];
const CJK_DIGITS: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 十: 10, 十一: 11, 十二: 12 };
const LAST_MONTH = /\b(?:last month|previous month|mes pasado|mes anterior|último mes|ultimo mes|mês passado|mes passado|mês anterior)\b|上个月|上個月|上月/;
const THIS_MONTH = /\b(?:this month|este mes|este mês)\b|这个月|這個月|本月/;

const pad = (n: number) => String(n).padStart(2, '0');

export function requestedMonth(text: string, today: IsoDate): string | null {
  const lower = text.toLowerCase().normalize('NFKC');
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  const iso = /\b(20\d{2})[-/.](0?[1-9]|1[0-2])\b/.exec(lower);
  if (iso) return `${iso[1]}-${pad(Number(iso[2]))}`;
  if (LAST_MONTH.test(lower)) return month === 1 ? `${year - 1}-12` : `${year}-${pad(month - 1)}`;
  if (THIS_MONTH.test(lower)) return today.slice(0, 7);
  let named: number | null = null;
  const cjk = /(?:(20\d{2})\s*年\s*)?(\d{1,2}|十[一二]?|[一二三四五六七八九])\s*月/.exec(lower);
  if (cjk) named = /^\d+$/.test(cjk[2]!) ? Number(cjk[2]) : (CJK_DIGITS[cjk[2]!] ?? null);
  else for (const [pattern, n] of NAMES) if (pattern.test(lower)) { named = n; break; }
  if (named === null || named < 1 || named > 12) return null;
  const explicitYear = cjk?.[1] ?? /\b(20\d{2})\b/.exec(lower)?.[1];
  const y = explicitYear ? Number(explicitYear) : named > month ? year - 1 : year;
  return `${y}-${pad(named)}`;
}
