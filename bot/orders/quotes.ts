import type { BuiltQuote } from '../../domain/pricing/quote';
import { formatFxRate } from '../../domain/pricing/fx';
import type { Tx } from '../db/database';

export interface StoredQuote {
  id: number;
  reference: string;
  expiresAt: Date;
}

/** One statement per table: the reference comes from the id's sequence, so no counter row is locked. */
export async function insertQuote(
  tx: Tx,
  input: { customerId: string; conversationId: number; quote: BuiltQuote; pricedOn: string; expiresAt: Date },
): Promise<StoredQuote> {
  const { quote } = input;
  const rows = await tx.$queryRawUnsafe<{ id: number; reference: string }[]>(
    `WITH next AS (SELECT nextval(pg_get_serial_sequence('quotes', 'id')) AS id)
     INSERT INTO quotes (id, reference, customer_id, conversation_id, status, currency, fx_units_per_usd, fx_rate_date,
                         total_usd_minor, total_minor, priced_on, expires_at, updated_at)
     SELECT id, 'Q-' || lpad(id::text, 6, '0'), $1, $2, 'open', $3, $4::numeric, $5::date, $6::bigint, $7::bigint, $8::date, $9, now()
     FROM next RETURNING id, reference`,
    input.customerId,
    input.conversationId,
    quote.currency,
    formatFxRate(quote.unitsPerUsdScaled),
    quote.fxRateDate,
    String(quote.totalUsdMinor),
    String(quote.totalMinor),
    input.pricedOn,
    input.expiresAt,
  );
  const stored = rows[0]!;
  await tx.quoteLine.createMany({
    data: quote.lines.map((line) => ({
      quoteId: stored.id,
      sku: line.sku,
      quantity: line.quantity,
      unitPriceUsdMinor: BigInt(line.decision.unitPriceMinor),
      lineTotalUsdMinor: BigInt(line.decision.lineTotalMinor),
      unitPriceMinor: BigInt(line.unitPriceMinor),
      lineTotalMinor: BigInt(line.lineTotalMinor),
      priceSource: line.decision.source,
      pricingDecision: line.decision as unknown as object,
    })),
  });
  return { id: stored.id, reference: stored.reference, expiresAt: input.expiresAt };
}
