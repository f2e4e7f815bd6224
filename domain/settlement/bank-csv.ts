import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { isIsoDate, type IsoDate } from '../dates';
import { CURRENCY_EXPONENTS, parseDecimalToMinor } from '../money';
import { BankFileError, derivedEntryKey, numberRepeatedKeys, referenceKey, type BankEntry } from './bank-entry';

// A bank's CSV export. The default header is ours (SPEC); any other bank's columns are read through
// a mapping (`amount=Betrag,reference=Verwendungszweck`), with a decimal comma and a date format,
// since every bank exports its own. A negative amount is money going out: a debit, not a deposit.

export const CSV_FIELDS = ['booking_date', 'value_date', 'amount', 'currency', 'payer_name', 'payer_account', 'reference', 'bank_reference'] as const;
export type CsvField = (typeof CSV_FIELDS)[number];
const REQUIRED: CsvField[] = ['booking_date', 'amount', 'currency'];

export const DATE_FORMATS = ['YYYY-MM-DD', 'DD.MM.YYYY', 'DD/MM/YYYY', 'MM/DD/YYYY', 'YYYYMMDD'] as const;
export type DateFormat = (typeof DATE_FORMATS)[number];

export interface CsvOptions {
  /** Our field -> the bank's column header. Fields not named keep our own header name. */
  map?: Partial<Record<CsvField, string>>;
  decimalComma?: boolean;
  dateFormat?: DateFormat;
  /** The account the statement is for, when the file does not say (scopes bank references). */
  account?: string | null;
  /** A currency for every row, when the bank's export has no currency column. */
  currency?: string;
}

/** `amount=Betrag,reference=Verwendungszweck` -> a mapping; refuses unknown fields. */
export function parseColumnMap(spec: string): Partial<Record<CsvField, string>> {
  const map: Partial<Record<CsvField, string>> = {};
  for (const pair of spec.split(',').map((p) => p.trim()).filter(Boolean)) {
    const [field, column] = pair.split('=').map((p) => p?.trim());
    if (!field || !column) throw new BankFileError('--map', `expected field=Column, got ${JSON.stringify(pair)}`);
    if (!(CSV_FIELDS as readonly string[]).includes(field)) throw new BankFileError('--map', `unknown field ${JSON.stringify(field)}; fields are ${CSV_FIELDS.join(', ')}`);
    map[field as CsvField] = column;
  }
  return map;
}

function toIsoDate(value: string, format: DateFormat): IsoDate | null {
  const v = value.trim();
  if (!v) return null;
  let y: string | undefined, m: string | undefined, d: string | undefined;
  if (format === 'YYYY-MM-DD') [y, m, d] = v.split('-');
  else if (format === 'DD.MM.YYYY') [d, m, y] = v.split('.');
  else if (format === 'DD/MM/YYYY') [d, m, y] = v.split('/');
  else if (format === 'MM/DD/YYYY') [m, d, y] = v.split('/');
  else [y, m, d] = [v.slice(0, 4), v.slice(4, 6), v.slice(6, 8)];
  const iso = `${y ?? ''}-${(m ?? '').padStart(2, '0')}-${(d ?? '').padStart(2, '0')}`;
  return isIsoDate(iso) ? iso : null;
}

// "1,234.50" or "1234.50"; with a decimal comma "1.234,50" or "1234,50". A separator in the wrong
// place ("10,5" without --decimal-comma) is refused rather than read as ten thousand.
const POINT_DECIMAL = /^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$/;
const COMMA_DECIMAL = /^[+-]?(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)?$/;

function toMinor(value: string, currency: string, decimalComma: boolean): number {
  const v = value.trim().replace(/[\s']/g, '');
  if (!(decimalComma ? COMMA_DECIMAL : POINT_DECIMAL).test(v)) throw new Error('not an amount');
  const plain = (decimalComma ? v.replace(/\./g, '').replace(',', '.') : v.replace(/,/g, '')).replace(/^\+/, '');
  return parseDecimalToMinor(plain, currency);
}

/** The header line's most frequent separator: a bank's CSV uses one, and a decimal comma is not it. */
function delimiterOf(content: string): string {
  const header = content.split(/\r?\n/, 1)[0] ?? '';
  const counts = [',', ';', '\t'].map((d) => [d, header.split(d).length - 1] as const).sort((a, b) => b[1] - a[1]);
  return counts[0]![0];
}

const row = z.record(z.string(), z.string());

export function parseBankCsv(content: string, options: CsvOptions = {}): BankEntry[] {
  const column = (field: CsvField) => options.map?.[field] ?? field;
  let records: Record<string, string>[];
  try {
    records = z.array(row).parse(parse(content.replace(/^\uFEFF/, ''), { columns: true, skip_empty_lines: true, trim: true, delimiter: delimiterOf(content.replace(/^\uFEFF/, '')), relax_column_count: false }));
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    throw new BankFileError(line ? `line ${line}` : 'CSV', (error as Error).message.replace(/^Invalid Record Length: /, ''));
  }
  const headers = new Set(records.length > 0 ? Object.keys(records[0]!) : (content.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '').split(delimiterOf(content)).map((h) => h.trim()));
  for (const field of REQUIRED) {
    if (field === 'currency' && options.currency) continue;
    if (!headers.has(column(field))) throw new BankFileError('line 1', `no column ${JSON.stringify(column(field))} for ${field}${options.map ? '' : ` (the header must be ${CSV_FIELDS.join(',')}, or give --map)`}`);
  }
  const format = options.dateFormat ?? 'YYYY-MM-DD';
  const account = options.account ?? null;
  return numberRepeatedKeys(records.map((r, i) => {
    const where = `line ${i + 2}`;
    const get = (field: CsvField) => (r[column(field)] ?? '').trim();
    const currency = (get('currency') || options.currency || '').toUpperCase();
    if (CURRENCY_EXPONENTS[currency] === undefined) throw new BankFileError(`${where} ${column('currency')}`, `unknown currency ${JSON.stringify(currency)}`);
    let signed: number;
    try {
      signed = toMinor(get('amount'), currency, options.decimalComma ?? false);
    } catch {
      throw new BankFileError(`${where} ${column('amount')}`, `not an amount: ${JSON.stringify(get('amount'))}${options.decimalComma ? '' : ' (a decimal comma needs --decimal-comma)'}`);
    }
    if (signed === 0) throw new BankFileError(`${where} ${column('amount')}`, 'the amount is zero');
    const bookingDate = toIsoDate(get('booking_date'), format);
    if (!bookingDate) throw new BankFileError(`${where} ${column('booking_date')}`, `not a date in the format ${format}: ${JSON.stringify(get('booking_date'))}`);
    const valueText = get('value_date');
    const valueDate = valueText ? toIsoDate(valueText, format) : bookingDate;
    if (!valueDate) throw new BankFileError(`${where} ${column('value_date')}`, `not a date in the format ${format}: ${JSON.stringify(valueText)}`);
    const remittance = get('reference');
    const payerName = get('payer_name') || null;
    const payerAccount = get('payer_account').replace(/\s+/g, '').toUpperCase() || null;
    const bankReference = get('bank_reference') || null;
    const amountMinor = Math.abs(signed);
    return {
      key: bankReference ? referenceKey(account, bankReference) : derivedEntryKey({ account, date: bookingDate, amountMinor: signed, currency, remittance, payerName, payerAccount }),
      account,
      direction: signed > 0 ? 'credit' : 'debit',
      reversal: false,
      status: 'booked',
      bookingDate,
      valueDate,
      amountMinor,
      currency,
      payerName,
      payerAccount,
      remittance,
      bankReference,
      endToEndId: null,
      location: where,
    } satisfies BankEntry;
  }));
}
