import { sql as raw } from 'kysely';
import { formatMoney } from '../../domain/money';
import type { Texts } from '../../domain/replies/texts';
import type { Sql } from '../db/sql';
import { accountPosition, type CustomerRow } from '../pipeline/account';
import { q, run } from '../store/query-builder';

// Answers that read the reseller's orders and account as they stand.

export async function statusText(sql: Sql, t: Texts, customerId: string, refs: string[]): Promise<string> {
  const orders = await run(
    sql,
    q.selectFrom('orders as o')
      .innerJoin('order_lines as l', 'l.order_id', 'o.id')
      .select((eb) => [
        'o.reference', 'o.status',
        // sum() of int4 is int8: a number on our pool.
        eb.fn.sum<number>('l.quantity_delivered').as('delivered'),
        eb.fn.sum<number>('l.quantity').as('total'),
        raw<string>`to_char(o.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD')`.as('created'),
      ])
      .where('o.customer_id', '=', customerId)
      .$if(refs.length > 0, (qb) => qb.where((eb) => eb('o.reference', '=', eb.fn.any(eb.val(refs)))))
      .groupBy('o.id')
      .orderBy('o.id', 'desc')
      .limit(5),
  );
  const missing = refs.filter((r) => !orders.some((o) => o.reference === r)).map((r) => t.statusNotFound(r));
  const found = orders.map((o) => t.statusLine(o.reference, o.status.replace(/_/g, ' '), o.delivered, o.total, o.created));
  if (found.length === 0 && missing.length === 0) return t.noOrders;
  return [...(refs.length === 0 ? [t.lastOrders] : []), ...found, ...missing].join('\n');
}

export async function balanceText(sql: Sql, t: Texts, customer: CustomerRow): Promise<string> {
  const position = await accountPosition(sql, customer);
  if (customer.accountType === 'prepaid') return t.balancePrepaid(formatMoney({ amountMinor: position.prepaidAvailableMinor, currency: customer.currency }));
  const usd = (minor: number) => formatMoney({ amountMinor: minor, currency: 'USD' });
  return t.balancePostpaid(usd(position.creditLimitUsdMinor), usd(position.outstandingUsdMinor), usd(Math.max(0, position.creditLimitUsdMinor - position.outstandingUsdMinor)));
}
