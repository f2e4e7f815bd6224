import { sql as raw } from 'kysely';
import { z } from 'zod';
import type { Database } from '../db/database';
import { poolSql } from '../db/sql';
import { q, run } from '../store/query-builder';
import { money } from './order-desk';

// The order desk's list: orders filtered and paged on indexed columns.

const ORDER_STATUSES = ['awaiting_payment', 'paid', 'placing', 'partially_delivered', 'delivered', 'awaiting_fulfilment', 'shipped', 'cancelled', 'failed'] as const;
const CHANNELS = ['whatsapp', 'wechat', 'email', 'web'] as const;
const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date such as 2026-11-30').refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)), 'not a real date');
const blankAsUndefined = (v: unknown) => (v === '' ? undefined : v);

export const PAGE_SIZE_MAX = 200;

export const orderFilter = z.object({
  customer: z.preprocess(blankAsUndefined, z.string().trim().regex(/^B2B-?\d{3,}$/i, 'a reseller id such as B2B-003').transform((c) => c.toUpperCase().replace(/^B2B-?/, 'B2B-')).optional()),
  status: z.preprocess(blankAsUndefined, z.enum(ORDER_STATUSES).optional()),
  channel: z.preprocess(blankAsUndefined, z.enum(CHANNELS).optional()),
  from: z.preprocess(blankAsUndefined, isoDay.optional()),
  to: z.preprocess(blankAsUndefined, isoDay.optional()),
  /** An order reference (ORD-000123) or the reseller's own PO number. */
  ref: z.preprocess(blankAsUndefined, z.string().trim().max(40).optional()),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(PAGE_SIZE_MAX).default(50),
});
export type OrderFilter = z.infer<typeof orderFilter>;

const nextDay = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString();

/** Newest first, on the orders' own indexes (created_at; status or channel with created_at; customer with created_at). */
export async function listOrders(db: Database, filter: OrderFilter) {
  const sql = poolSql(db.pool);
  let base = q.selectFrom('orders as o');
  if (filter.customer) base = base.where('o.customer_id', '=', filter.customer);
  if (filter.status) base = base.where('o.status', '=', filter.status);
  if (filter.channel) base = base.where('o.channel', '=', filter.channel);
  if (filter.from) base = base.where('o.created_at', '>=', raw<Date>`${`${filter.from}T00:00:00.000Z`}::timestamptz`);
  // The "to" day is included: up to the start of the next one (UTC).
  if (filter.to) base = base.where('o.created_at', '<', raw<Date>`${nextDay(filter.to)}::timestamptz`);
  if (filter.ref) base = base.where((eb) => eb.or([eb('o.reference', '=', filter.ref!.toUpperCase()), eb('o.customer_reference', '=', filter.ref!)]));
  const [counted] = await run(sql, base.select(raw<number>`count(*)::int`.as('n')));
  const rows = await run(
    sql,
    base
      .innerJoin('customers as c', 'c.customer_id', 'o.customer_id')
      .select((eb) => [
        'o.id', 'o.reference', 'o.customer_reference', 'o.customer_id', 'c.company', 'o.status', 'o.channel', 'o.currency', 'o.total_minor', 'o.created_at', 'o.payment_method',
        eb.selectFrom('order_lines as l').select(raw<number>`coalesce(sum(l.quantity), 0)::int`.as('n')).whereRef('l.order_id', '=', 'o.id').$asScalar().as('cards'),
      ])
      .orderBy('o.created_at', 'desc')
      .orderBy('o.id', 'desc')
      .limit(filter.pageSize)
      .offset((filter.page - 1) * filter.pageSize),
  );
  return {
    total: counted?.n ?? 0,
    page: filter.page,
    pageSize: filter.pageSize,
    orders: rows.map((r) => ({
      id: r.id,
      reference: r.reference,
      customerReference: r.customer_reference,
      customerId: r.customer_id,
      company: r.company,
      status: r.status,
      channel: r.channel,
      paymentMethod: r.payment_method,
      cards: Number(r.cards ?? 0),
      total: money(r.total_minor, r.currency),
      createdAt: r.created_at.toISOString(),
    })),
  };
}

