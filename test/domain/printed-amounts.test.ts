import fc from 'fast-check';
import { parseFxRate, type FxRateRow } from '../../domain/pricing/fx';
import { buildQuote, type BuiltQuote } from '../../domain/pricing/quote';
import { quoteText } from '../../domain/replies/quote-text';
import { texts } from '../../domain/replies/texts';
import { fxRows as fxCsvRows, overrides, seedData, supplierCost, tierRows } from '../support/seed-fixtures';

// Issue 14: every amount adds up as printed. A reseller's accountant multiplies each quote line's
// quantity by the unit price printed beside it and adds the lines; the quote must agree to the
// minor unit, in every currency we quote in, at any rate.

const SKUS = [...new Set(tierRows.map((r) => r.sku))];
const fxRows: FxRateRow[] = fxCsvRows.map((r) => ({ rateDate: r.rate_date, currency: r.currency, unitsPerUsdScaled: parseFxRate(r.units_per_usd) }));

/** Reads a printed amount ("EUR 1,234.56", "JPY 1,235") back to minor units as an accountant would. */
function minorOf(printed: string): { currency: string; minor: number } {
  const match = /^([A-Z]{3}) (-?)([\d,]+)(?:\.(\d+))?$/.exec(printed.trim());
  if (!match) throw new Error(`not a printed amount: ${printed}`);
  const [, currency, sign, whole, fraction = ''] = match;
  const minor = Number(whole!.replace(/,/g, '') + fraction);
  return { currency: currency!, minor: sign ? -minor : minor };
}

/** Checks a quote's text: each line's quantity x unit = line, and the total = the sum of the lines. */
function checkPrinted(text: string): { lines: number } {
  const lines = text.split('\n').filter((l) => l.startsWith('- '));
  let sum = 0;
  let currency = '';
  for (const line of lines) {
    const match = /^- (\d+) x .* @ ([A-Z]{3} [\d,.]+) = ([A-Z]{3} [\d,.]+)/.exec(line);
    if (!match) throw new Error(`unreadable quote line: ${line}`);
    const unit = minorOf(match[2]!);
    const total = minorOf(match[3]!);
    expect({ line, total: total.minor }).toEqual({ line, total: Number(match[1]) * unit.minor });
    sum += total.minor;
    currency = total.currency;
  }
  const totalLine = text.split('\n').find((l) => l.startsWith('Total: '))!;
  const printedTotal = minorOf(totalLine.replace('Total: ', '').replace(/ \(USD [\d,.]+\)$/, ''));
  expect(printedTotal).toEqual({ currency, minor: sum });
  return { lines: lines.length };
}

function quote(currency: string, lines: { sku: string; quantity: number }[], rows = fxRows, tier: 'tier_1' | 'tier_2' | 'tier_3' = 'tier_2'): BuiltQuote {
  const built = buildQuote({ customer: { id: 'B2B-TEST', tier, currency }, lines, today: '2026-11-25', tierRows, overrides, supplierCostMinor: new Map(SKUS.map((s) => [s, supplierCost(s)])), fxRows: rows });
  if (!built.ok) throw new Error(built.code);
  return built.quote;
}

const render = (q: BuiltQuote) => quoteText(q, { reference: 'Q-000001', expires: '2026-11-26 12:00 UTC', t: texts('en'), describe: (sku) => sku });

describe('printed amounts add up', () => {
  test('the quote the issue quotes: 10 x a EUR line is 10 x the printed unit price, not a separate conversion', () => {
    const eur = quote('EUR', [{ sku: 'ESIM-JP-10GB-15D', quantity: 10 }, { sku: 'ESIM-TH-UNL-10D', quantity: 3 }]);
    const text = render(eur);
    expect(checkPrinted(text).lines).toBe(2);
    for (const l of eur.lines) expect(l.lineTotalMinor).toBe(l.unitPriceMinor * l.quantity);
    expect(eur.totalMinor).toBe(eur.lines.reduce((s, l) => s + l.lineTotalMinor, 0));
  });

  test('every currency with a rate in the reference data, with a zero-decimal one among them', () => {
    const currencies = [...new Set(seedData.fxRates.map((r) => r.currency)), 'USD', 'JPY'];
    const rows = [...fxRows, { rateDate: '2026-11-25', currency: 'JPY', unitsPerUsdScaled: parseFxRate('156.37') }];
    for (const currency of currencies) checkPrinted(render(quote(currency, SKUS.slice(0, 6).map((sku, i) => ({ sku, quantity: 1 + i * 37 })), rows)));
  });

  test('any lines, quantities, tier and rate: each printed line is quantity x printed unit, the total their sum', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ sku: fc.constantFrom(...SKUS), quantity: fc.integer({ min: 1, max: 5000 }) }), { minLength: 1, maxLength: 8 }),
        fc.constantFrom('EUR', 'GBP', 'CNY', 'JPY', 'THB', 'USD'),
        fc.integer({ min: 1_000_000, max: 50_000_000_000 }),
        fc.constantFrom('tier_1' as const, 'tier_2' as const, 'tier_3' as const),
        (lines, currency, scaledRate, tier) => {
          const rows = [{ rateDate: '2026-11-25', currency, unitsPerUsdScaled: scaledRate }];
          checkPrinted(render(quote(currency, lines, rows, tier)));
        },
      ),
      { numRuns: 300 },
    );
  });
});
