import type { BuiltQuote } from '../../domain/pricing/quote';
import { formatFxRate } from '../../domain/pricing/fx';
import type { Sql } from '../db/sql';

export interface StoredQuote {
  id: number;
  reference: string;
  expiresAt: Date;
}

/** The reference comes from the id's sequence, so no counter row is locked. Earlier open quotes of the conversation are superseded. */
export async function insertQuote(
  sql: Sql,
  input: { customerId: string; conversationId: number; quote: BuiltQuote; pricedOn: string; expiresAt: Date },
): Promise<StoredQuote> {
  const { quote } = input;
  // The quote, its lines, and the conversation's earlier open quote superseded: one statement.
  const [stored] = await sql.query<{ id: number; reference: string }>(
    `WITH next AS (SELECT nextval(pg_get_serial_sequence('quotes', 'id')) AS id),
     created AS (
       INSERT INTO quotes (id, reference, customer_id, conversation_id, status, currency, fx_units_per_usd, fx_rate_date,
                           total_usd_minor, total_minor, priced_on, expires_at, updated_at, created_at)
       SELECT id, 'Q-' || lpad(id::text, 6, '0'), $1, $2, 'open', $3, $4::numeric, $5::date, $6::bigint, $7::bigint, $8::date, $9, now(), clock_timestamp()
       FROM next RETURNING id, reference),
     lines AS (
       INSERT INTO quote_lines (quote_id, sku, quantity, unit_price_usd_minor, line_total_usd_minor, unit_price_minor, line_total_minor, price_source, pricing_decision)
       SELECT created.id, u.* FROM created,
         unnest($10::text[], $11::int[], $12::bigint[], $13::bigint[], $14::bigint[], $15::bigint[], $16::text[], $17::jsonb[]) AS u),
     superseded AS (
       UPDATE quotes SET status = 'superseded', updated_at = now() WHERE conversation_id = $2 AND status = 'open')
     SELECT id, reference FROM created`,
    [
      input.customerId,
      input.conversationId,
      quote.currency,
      formatFxRate(quote.unitsPerUsdScaled),
      quote.fxRateDate,
      String(quote.totalUsdMinor),
      String(quote.totalMinor),
      input.pricedOn,
      input.expiresAt,
      quote.lines.map((l) => l.sku),
      quote.lines.map((l) => l.quantity),
      quote.lines.map((l) => String(l.decision.unitPriceMinor)),
      quote.lines.map((l) => String(l.decision.lineTotalMinor)),
      quote.lines.map((l) => String(l.unitPriceMinor)),
      quote.lines.map((l) => String(l.lineTotalMinor)),
      quote.lines.map((l) => l.decision.source),
      quote.lines.map((l) => JSON.stringify(l.decision)),
    ],
  );
  return { id: stored!.id, reference: stored!.reference, expiresAt: input.expiresAt };
}
