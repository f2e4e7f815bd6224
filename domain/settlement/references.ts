import { invoiceNumbersIn } from '../invoices/calendar';

// References as people really type them in a bank form's remittance field: "ORD-000123",
// "ord 123", "Q000123", "Q 000 123", "b2b007", in any case, among other words. A quote or order
// number needs three digits or more unless written with its dash ("Q3 2026" is a quarter, not a quote).

export interface RemittanceReferences {
  orders: string[];
  quotes: string[];
  customers: string[];
  /** Invoice numbers (INV-2026-00001) of postpaid resellers' invoices. */
  invoices: string[];
}

// "000 123": groups of three after a space belong to the number; "Q3 2026" stays "3".
const DIGITS = String.raw`(\d{1,8}(?: \d{3}){0,3})`;
const ORDER = new RegExp(String.raw`(?<![\p{L}\d])ORD(?:ER)?(-|[\s_.:#/]*(?:NO\.?|NR\.?|N[º°])?\s*)${DIGITS}(?!\d)`, 'giu');
const QUOTE = new RegExp(String.raw`(?<![\p{L}\d])Q(?:UOTE)?(-|[\s_.:#/]*(?:NO\.?|NR\.?)?\s*)${DIGITS}(?!\d)`, 'giu');
const CUSTOMER = /(?<![\p{L}\d])B2B[\s\-_.:#]*(\d{1,4})(?!\d)/giu;

function numbers(text: string, pattern: RegExp, prefix: string, width: number): string[] {
  const found = new Set<string>();
  for (const m of text.matchAll(pattern)) {
    const digits = m[2]!.replace(/ /g, '');
    if (digits.length > 10) continue;
    if (m[1] !== '-' && digits.length < 3) continue;
    const n = Number(digits);
    if (!Number.isSafeInteger(n) || n === 0) continue;
    found.add(`${prefix}${String(n).padStart(width, '0')}`);
  }
  return [...found];
}

export function remittanceReferences(text: string): RemittanceReferences {
  const folded = text.normalize('NFKC');
  return {
    orders: numbers(folded, ORDER, 'ORD-', 6),
    quotes: numbers(folded, QUOTE, 'Q-', 6),
    customers: [...new Set([...folded.matchAll(CUSTOMER)].map((m) => `B2B-${m[1]!.padStart(3, '0')}`))],
    invoices: invoiceNumbersIn(folded),
  };
}

/** A payer name as learned and looked up: accents, case, punctuation and legal-form noise folded. */
export function foldPayerName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/\./g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .replace(/\b(co|ltd|limited|llc|inc|gmbh|sa|sl|slu|lda|ltda|pte|sdn|bhd|pty|bv|srl|spa|the)\b/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** An account number as learned and looked up: no spaces, upper case. */
export function foldPayerAccount(account: string): string {
  return account.replace(/[\s-]/g, '').toUpperCase();
}
