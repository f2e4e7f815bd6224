import { toIsoDate } from '../../domain/dates';
import { buildQuote } from '../../domain/pricing/quote';
import { quoteText } from '../../domain/replies/quote-text';
import type { Texts } from '../../domain/replies/texts';
import type { Sql } from '../db/sql';
import { describeProduct, type CatalogueSnapshot } from '../pipeline/catalogue-cache';
import { insertQuote } from './quotes';

// A quote priced from the catalogue's price tables, stored, and written out as the reseller reads it.

export async function createQuote(
  sql: Sql,
  input: {
    catalogue: CatalogueSnapshot;
    customer: { id: string; tier: 'tier_1' | 'tier_2' | 'tier_3'; currency: string; resellerType?: 'margin' | 'commission' };
    conversationId: number;
    /** The reseller's message it answers. */
    sourceMessageId?: bigint | null;
    lines: { sku: string; quantity: number }[];
    /** The reseller's own PO number, kept on the quote and the order made from it. */
    customerReference?: string | null;
    now: Date;
    ttlHours: number;
    t: Texts;
  },
): Promise<{ ok: true; id: number; reference: string; text: string } | { ok: false; code: string }> {
  const { catalogue, customer, now, t } = input;
  const today = toIsoDate(now);
  const built = buildQuote({
    customer,
    lines: input.lines,
    today,
    tierRows: catalogue.tierRows,
    overrides: catalogue.overrides,
    supplierCostMinor: catalogue.supplierCostMinor,
    retailPriceMinor: catalogue.retailPriceMinor,
    fxRows: catalogue.fxRows,
  });
  if (!built.ok) return { ok: false, code: built.code };
  const expiresAt = new Date(now.getTime() + input.ttlHours * 3_600_000);
  const customerReference = input.customerReference?.trim().slice(0, 40) || null;
  const stored = await insertQuote(sql, { customerId: customer.id, conversationId: input.conversationId, sourceMessageId: input.sourceMessageId ?? null, quote: built.quote, pricedOn: today, expiresAt, customerReference });
  const expires = `${stored.expiresAt.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  return {
    ok: true,
    id: stored.id,
    reference: stored.reference,
    text: quoteText(built.quote, { reference: stored.reference, customerReference, expires, t, describe: (sku) => describeProduct(catalogue.products.get(sku), sku, t.language) }),
  };
}
