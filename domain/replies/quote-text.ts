import { formatMoney } from '../money';
import type { BuiltQuote } from '../pricing/quote';
import type { Texts } from './texts';

// A quote as the reseller reads it: one line per product, `quantity x product (SKU) @ unit = line`,
// then the total. Every figure printed in the reseller's currency adds up as printed (the line is
// quantity x the printed unit price, the total the sum of the printed lines); the USD value stands
// alongside when the reseller's currency is not USD.

export function quoteText(quote: BuiltQuote, input: { reference: string; customerReference?: string | null; expires: string; t: Texts; describe: (sku: string) => string }): string {
  const money = (minor: number, currency = quote.currency) => formatMoney({ amountMinor: minor, currency });
  const usdAlongside = (minor: number) => (quote.currency === 'USD' ? '' : ` (${money(minor, 'USD')})`);
  const lines = quote.lines.map(
    (l) => `- ${l.quantity} x ${input.describe(l.sku)} (${l.sku}) @ ${money(l.unitPriceMinor)} = ${money(l.lineTotalMinor)}${usdAlongside(l.decision.lineTotalMinor)}`,
  );
  const yours = input.customerReference ? [input.t.yourReference(input.customerReference)] : [];
  return [input.t.quoteHeader(input.reference, input.expires), ...yours, ...lines, input.t.quoteTotal(`${money(quote.totalMinor)}${usdAlongside(quote.totalUsdMinor)}`)].join('\n');
}
