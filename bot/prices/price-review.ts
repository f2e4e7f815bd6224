import { stringify } from 'csv-stringify/sync';
import { sql as raw } from 'kysely';
import { addDays } from '../../domain/invoices/calendar';
import { toIsoDate } from '../../domain/dates';
import { formatMinorAsDecimal } from '../../domain/money';
import { quarterDays } from '../../domain/pricing/quarter';
import type { Database } from '../db/database';
import { poolSql, transaction, type Sql } from '../db/sql';
import { recordAudit } from '../store/audit';
import { q, run } from '../store/query-builder';
import { PriceProposalError } from './customer-prices';
import { textCell } from '../reports/csv-text';

// The life of an approved customer price after approval (issue 15): staff are reminded 14 days
// before it ends (the daily job marks it and the staff app lists it), and each quarter the owner
// reviews every price in force during the quarter with its volume, revenue and margin, and records
// keep or end (end: it stops applying from the next day). Figures from the delivered order lines.

export const REMINDER_DAYS = 14;

/** Marks approved prices ending within 14 days that were not reminded yet; returns them. */
export async function remindExpiringPrices(sql: Sql, now: Date): Promise<{ id: number; customerId: string; sku: string; validTo: string }[]> {
  const today = toIsoDate(now);
  const rows = await run(
    sql,
    q.updateTable('customer_specific_prices')
      .set({ reminded_at: now })
      .where('approved_by', 'is not', null)
      .where('rejected_by', 'is', null)
      .where('reminded_at', 'is', null)
      .where('valid_to', '>=', raw<Date>`${today}::date`)
      .where('valid_to', '<=', raw<Date>`${addDays(today, REMINDER_DAYS)}::date`)
      .returning(['id', 'customer_id', 'sku', raw<string>`to_char(valid_to, 'YYYY-MM-DD')`.as('valid_to')]),
  );
  return rows.map((r) => ({ id: r.id, customerId: r.customer_id, sku: r.sku, validTo: r.valid_to })).sort((a, b) => a.id - b.id);
}

/** Approved prices ending within 14 days, for the staff app. */
export async function expiringPrices(sql: Sql, now: Date) {
  const today = toIsoDate(now);
  const rows = await run(
    sql,
    q.selectFrom('customer_specific_prices')
      .select(['id', 'customer_id', 'sku', 'unit_price_minor', raw<string>`to_char(valid_to, 'YYYY-MM-DD')`.as('valid_to')])
      .where('approved_by', 'is not', null)
      .where('rejected_by', 'is', null)
      .where('valid_to', '>=', raw<Date>`${today}::date`)
      .where('valid_to', '<=', raw<Date>`${addDays(today, REMINDER_DAYS)}::date`)
      .orderBy('valid_to'),
  );
  return rows.map((r) => ({ id: r.id, customerId: r.customer_id, sku: r.sku, price: formatMinorAsDecimal(Number(r.unit_price_minor), 'USD'), validTo: r.valid_to }));
}

export interface ReviewRow {
  id: number;
  customerId: string;
  company: string;
  sku: string;
  priceUsd: string;
  validFrom: string;
  validTo: string;
  reason: string;
  /** Cards delivered at this price in the quarter. */
  cards: number;
  revenueUsd: string;
  costUsd: string;
  marginUsd: string;
  marginPercent: string;
  decision: 'keep' | 'end' | null;
  decidedBy: string | null;
}

/** Every approved price in force at some time in the quarter, with what it sold in the quarter. */
export async function priceReview(db: Database, quarter: string): Promise<ReviewRow[]> {
  const { first, last } = quarterDays(quarter);
  const rows = await run(
    poolSql(db.pool),
    q.selectFrom('customer_specific_prices as p')
      .innerJoin('customers as c', 'c.customer_id', 'p.customer_id')
      .leftJoin('price_reviews as r', (j) => j.onRef('r.price_id', '=', 'p.id').on('r.quarter', '=', quarter))
      .leftJoin('staff_users as s', 's.id', 'r.decided_by_id')
      .select([
        'p.id', 'p.customer_id', 'c.company', 'p.sku', 'p.unit_price_minor', 'p.reason', 'r.decision', 's.email as decided_by',
        raw<string>`to_char(p.valid_from, 'YYYY-MM-DD')`.as('valid_from'),
        raw<string>`to_char(p.valid_to, 'YYYY-MM-DD')`.as('valid_to'),
        raw<number>`(SELECT coalesce(sum(l.quantity_delivered), 0)::bigint FROM orders o JOIN order_lines l ON l.order_id = o.id
          WHERE o.customer_id = p.customer_id AND l.sku = p.sku AND l.unit_price_usd_minor = p.unit_price_minor
            AND o.created_at >= greatest(p.valid_from, ${first}::date) AND o.created_at < least(p.valid_to, ${last}::date) + 1)`.as('cards'),
        raw<number>`(SELECT coalesce(sum(l.quantity_delivered * l.supplier_cost_minor), 0)::bigint FROM orders o JOIN order_lines l ON l.order_id = o.id
          WHERE o.customer_id = p.customer_id AND l.sku = p.sku AND l.unit_price_usd_minor = p.unit_price_minor
            AND o.created_at >= greatest(p.valid_from, ${first}::date) AND o.created_at < least(p.valid_to, ${last}::date) + 1)`.as('cost'),
      ])
      .where('p.approved_by', 'is not', null)
      .where('p.valid_from', '<=', raw<Date>`${last}::date`)
      .where('p.valid_to', '>=', raw<Date>`${first}::date`)
      .orderBy('p.customer_id')
      .orderBy('p.sku'),
  );
  return rows.map((r) => {
    const cards = Number(r.cards);
    const revenue = cards * Number(r.unit_price_minor);
    const cost = Number(r.cost);
    return {
      id: r.id,
      customerId: r.customer_id,
      company: r.company,
      sku: r.sku,
      priceUsd: formatMinorAsDecimal(Number(r.unit_price_minor), 'USD'),
      validFrom: r.valid_from,
      validTo: r.valid_to,
      reason: r.reason,
      cards,
      revenueUsd: formatMinorAsDecimal(revenue, 'USD'),
      costUsd: formatMinorAsDecimal(cost, 'USD'),
      marginUsd: formatMinorAsDecimal(revenue - cost, 'USD'),
      marginPercent: revenue === 0 ? '' : ((100 * (revenue - cost)) / revenue).toFixed(1),
      decision: (r.decision as 'keep' | 'end' | null) ?? null,
      decidedBy: r.decided_by,
    };
  });
}

export const REVIEW_CSV_COLUMNS = ['price_id', 'customer_id', 'company', 'sku', 'price_usd', 'valid_from', 'valid_to', 'cards', 'revenue_usd', 'cost_usd', 'margin_usd', 'margin_percent', 'decision', 'decided_by', 'reason'] as const;

export function reviewCsv(rows: readonly ReviewRow[]): string {
  return stringify(
    rows.map((r) => ({ price_id: String(r.id), customer_id: r.customerId, company: textCell(r.company), sku: r.sku, price_usd: r.priceUsd, valid_from: r.validFrom, valid_to: r.validTo, cards: String(r.cards), revenue_usd: r.revenueUsd, cost_usd: r.costUsd, margin_usd: r.marginUsd, margin_percent: r.marginPercent, decision: r.decision ?? '', decided_by: r.decidedBy ?? '', reason: textCell(r.reason) })),
    { header: true, columns: [...REVIEW_CSV_COLUMNS] },
  );
}

/** The owner's keep or end for one price at the quarter's review; end: it stops applying after today. */
export async function decideReview(db: Database, input: { priceId: number; quarter: string; decision: 'keep' | 'end'; note?: string; staffId: number; now?: Date }): Promise<void> {
  const now = input.now ?? new Date();
  const today = toIsoDate(now);
  await transaction(db.pool, async (sql) => {
    const [price] = await run(sql, q.selectFrom('customer_specific_prices').select(['id', 'customer_id', 'sku', 'approved_by', raw<string>`to_char(valid_to, 'YYYY-MM-DD')`.as('valid_to')]).where('id', '=', input.priceId).forUpdate());
    if (!price || !price.approved_by) throw new PriceProposalError(`no approved price ${input.priceId} to review`);
    await run(
      sql,
      q.insertInto('price_reviews')
        .values({ price_id: input.priceId, quarter: input.quarter, decision: input.decision, note: input.note ?? '', decided_by_id: input.staffId, decided_at: now })
        .onConflict((oc) => oc.columns(['price_id', 'quarter']).doUpdateSet({ decision: input.decision, note: input.note ?? '', decided_by_id: input.staffId, decided_at: now })),
    );
    const [started] = await run(sql, q.selectFrom('customer_specific_prices').select(raw<string>`to_char(valid_from, 'YYYY-MM-DD')`.as('from')).where('id', '=', input.priceId));
    if (input.decision === 'end' && started!.from > today) throw new PriceProposalError(`price ${input.priceId} starts on ${started!.from}: it has not applied yet, so there is nothing to end; propose a replacement or keep it`);
    let validTo = price.valid_to;
    if (input.decision === 'end' && price.valid_to > today) {
      validTo = today;
      await run(sql, q.updateTable('customer_specific_prices').set({ valid_to: raw<Date>`${today}::date` }).where('id', '=', input.priceId));
    }
    await recordAudit(sql, { by: input.staffId, action: `price.review_${input.decision}`, subject: `price:${input.priceId}`, customerId: price.customer_id, before: { validTo: price.valid_to }, after: { quarter: input.quarter, decision: input.decision, validTo, note: input.note ?? '' }, at: now });
  });
}
