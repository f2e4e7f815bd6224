// Money is an integer number of minor units with its currency beside it; never a float.

export type CurrencyCode = string; // ISO 4217, upper case

/** Decimal places of the currencies our resellers use; anything else is refused, not guessed. */
export const CURRENCY_EXPONENTS: Readonly<Record<CurrencyCode, number>> = {
  USD: 2,
  BRL: 2,
  EUR: 2,
  CNY: 2,
  THB: 2,
  GBP: 2,
  AUD: 2,
  MYR: 2,
  SGD: 2,
  HKD: 2,
  TWD: 2,
  AED: 2,
  MXN: 2,
  TRY: 2,
  PHP: 2,
  IDR: 2,
  VND: 0,
  JPY: 0,
  KRW: 0,
};

export interface Money {
  amountMinor: number;
  currency: CurrencyCode;
}

export function currencyExponent(currency: CurrencyCode): number {
  const exponent = CURRENCY_EXPONENTS[currency];
  if (exponent === undefined) throw new Error(`unsupported currency ${JSON.stringify(currency)}`);
  return exponent;
}

export function assertMinor(value: number, what = 'amount'): number {
  if (!Number.isSafeInteger(value)) throw new Error(`${what} must be a safe integer of minor units, got ${value}`);
  return value;
}

/**
 * Parses a decimal string such as "10.20", "-3", "1,234.5" (commas as thousands separators only)
 * into minor units, exactly. More decimals than the currency has is an error, never rounded away.
 */
export function parseDecimalToMinor(text: string, currency: CurrencyCode): number {
  const exponent = currencyExponent(currency);
  const cleaned = text.trim().replace(/,/g, '');
  const match = /^(-)?(\d+)(?:\.(\d+))?$/.exec(cleaned);
  if (!match) throw new Error(`not a decimal amount: ${JSON.stringify(text)}`);
  const [, sign, whole, fraction = ''] = match;
  const significant = fraction.replace(/0+$/, '');
  if (significant.length > exponent) {
    throw new Error(`${JSON.stringify(text)} has more decimals than ${currency} allows (${exponent})`);
  }
  const minor = Number(whole) * 10 ** exponent + Number(fraction.padEnd(exponent, '0').slice(0, exponent) || '0');
  return assertMinor(sign ? -minor : minor, text);
}

/** "1234.50" for 123450 USD minor units; no grouping, no symbol (for CSV and machines). */
export function formatMinorAsDecimal(amountMinor: number, currency: CurrencyCode): string {
  const exponent = currencyExponent(currency);
  const negative = amountMinor < 0;
  const digits = String(Math.abs(assertMinor(amountMinor))).padStart(exponent + 1, '0');
  const whole = exponent ? digits.slice(0, -exponent) : digits;
  const fraction = exponent ? `.${digits.slice(-exponent)}` : '';
  return `${negative ? '-' : ''}${whole}${fraction}`;
}

/** "1,234.50" (thousands grouped, the currency's decimals), for a column headed by its currency. */
export function formatGrouped(amountMinor: number, currency: CurrencyCode): string {
  const plain = formatMinorAsDecimal(amountMinor, currency);
  const [whole = '', fraction] = plain.replace('-', '').split('.');
  return `${amountMinor < 0 ? '-' : ''}${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${fraction ? `.${fraction}` : ''}`;
}

/** "USD 1,234.50" for people. */
export function formatMoney(money: Money): string {
  return `${money.currency} ${formatGrouped(money.amountMinor, money.currency)}`;
}

/** a * b / c rounded half away from zero, exactly (BigInt), for unit price x quantity and FX. */
export function mulDivRound(a: number, b: number, c: number): number {
  if (c === 0) throw new Error('division by zero');
  const numerator = BigInt(a) * BigInt(b);
  const denominator = BigInt(c);
  const negative = numerator < 0n !== denominator < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  const rounded = (n * 2n + d) / (2n * d);
  return assertMinor(Number(negative ? -rounded : rounded), 'result');
}
