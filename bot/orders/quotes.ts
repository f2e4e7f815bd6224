import { sql as raw } from 'kysely';
import type { BuiltQuote } from '../../domain/pricing/quote';
import { formatFxRate } from '../../domain/pricing/fx';
import type { Sql } from '../db/sql';
import { compiledOnce, q } from '../store/query-builder';

export interface StoredQuote {
  id: number;
  reference: string;
  expiresAt: Date;
}

interface LineColumns {
  sku: string;
  quantity: number;
  unit_price_usd_minor: number;
  line_total_usd_minor: number;
  unit_price_minor: number;
  line_total_minor: number;
  price_source: string;
  pricing_decision: unknown;
}

// The quote, its lines (any number, bound as one array per column), and the conversation's earlier
// open quote superseded: one statement.
const insertOnce = compiledOnce(
  ['customerId', 'customerReference', 'conversationId', 'sourceMessageId', 'currency', 'fxRate', 'fxDate', 'totalUsd', 'total', 'pricedOn', 'expiresAt', 'skus', 'quantities', 'unitUsd', 'lineUsd', 'unit', 'line', 'sources', 'decisions'] as const,
  (p) =>
    q
      .with('next', (db) => db.selectNoFrom(raw<number>`nextval(pg_get_serial_sequence('quotes', 'id'))`.as('id')))
      .with('created', (db) =>
        db
          .insertInto('quotes')
          .columns(['id', 'reference', 'customer_reference', 'customer_id', 'conversation_id', 'source_message_id', 'status', 'currency', 'fx_units_per_usd', 'fx_rate_date', 'total_usd_minor', 'total_minor', 'priced_on', 'expires_at', 'updated_at', 'created_at'])
          .expression((eb) =>
            eb.selectFrom('next').select([
              'id',
              raw<string>`'Q-' || lpad(id::text, 6, '0')`.as('reference'),
              raw<string | null>`${p.customerReference}::text`.as('customer_reference'),
              raw<string>`${p.customerId}::text`.as('customer_id'),
              raw<number>`${p.conversationId}::int`.as('conversation_id'),
              raw<string | null>`${p.sourceMessageId}::bigint`.as('source_message_id'),
              raw<'open'>`'open'`.as('status'),
              raw<string>`${p.currency}::text`.as('currency'),
              raw<string>`${p.fxRate}::numeric`.as('fx_units_per_usd'),
              raw<Date>`${p.fxDate}::date`.as('fx_rate_date'),
              raw<number>`${p.totalUsd}::bigint`.as('total_usd_minor'),
              raw<number>`${p.total}::bigint`.as('total_minor'),
              raw<Date>`${p.pricedOn}::date`.as('priced_on'),
              raw<Date>`${p.expiresAt}::timestamptz`.as('expires_at'),
              raw<Date>`now()`.as('updated_at'),
              // the clock time of the insert: a "yes" stored before it never saw these prices
              raw<Date>`clock_timestamp()`.as('created_at'),
            ]),
          )
          .returning(['id', 'reference']),
      )
      .with('lines', (db) =>
        db
          .insertInto('quote_lines')
          .columns(['quote_id', 'sku', 'quantity', 'unit_price_usd_minor', 'line_total_usd_minor', 'unit_price_minor', 'line_total_minor', 'price_source', 'pricing_decision'])
          .expression((eb) =>
            eb
              .selectFrom([
                'created',
                raw<LineColumns>`unnest(${p.skus}::text[], ${p.quantities}::int[], ${p.unitUsd}::bigint[], ${p.lineUsd}::bigint[], ${p.unit}::bigint[], ${p.line}::bigint[], ${p.sources}::text[], ${p.decisions}::jsonb[])`.as<'u'>(
                  raw`u(sku, quantity, unit_price_usd_minor, line_total_usd_minor, unit_price_minor, line_total_minor, price_source, pricing_decision)`,
                ),
              ])
              .select(['created.id', 'u.sku', 'u.quantity', 'u.unit_price_usd_minor', 'u.line_total_usd_minor', 'u.unit_price_minor', 'u.line_total_minor', 'u.price_source', 'u.pricing_decision']),
          ),
      )
      .with('superseded', (db) =>
        db.updateTable('quotes').set({ status: raw<'superseded'>`'superseded'`, updated_at: raw<Date>`now()` }).where('conversation_id', '=', p.conversationId).where('status', '=', raw<'open'>`'open'`),
      )
      .selectFrom('created')
      .select(['id', 'reference']),
);

/** The reference comes from the id's sequence, so no counter row is locked. Earlier open quotes of the conversation are superseded. */
export async function insertQuote(
  sql: Sql,
  input: { customerId: string; conversationId: number; sourceMessageId?: bigint | null; quote: BuiltQuote; pricedOn: string; expiresAt: Date; customerReference?: string | null },
): Promise<StoredQuote> {
  const { quote } = input;
  const [stored] = await insertOnce(sql, {
    customerId: input.customerId,
    customerReference: input.customerReference ?? null,
    conversationId: input.conversationId,
    sourceMessageId: input.sourceMessageId == null ? null : String(input.sourceMessageId),
    currency: quote.currency,
    fxRate: formatFxRate(quote.unitsPerUsdScaled),
    fxDate: quote.fxRateDate,
    totalUsd: quote.totalUsdMinor,
    total: quote.totalMinor,
    pricedOn: input.pricedOn,
    expiresAt: input.expiresAt,
    skus: quote.lines.map((l) => l.sku),
    quantities: quote.lines.map((l) => l.quantity),
    unitUsd: quote.lines.map((l) => l.decision.unitPriceMinor),
    lineUsd: quote.lines.map((l) => l.decision.lineTotalMinor),
    unit: quote.lines.map((l) => l.unitPriceMinor),
    line: quote.lines.map((l) => l.lineTotalMinor),
    sources: quote.lines.map((l) => l.decision.source),
    decisions: quote.lines.map((l) => JSON.stringify(l.decision)),
  });
  return { id: stored!.id, reference: stored!.reference, expiresAt: input.expiresAt };
}
