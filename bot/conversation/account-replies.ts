import { formatMoney } from '../../domain/money';
import type { Texts } from '../../domain/replies/texts';
import type { Sql } from '../db/sql';
import { accountPosition, type CustomerRow } from '../pipeline/account';

// Answers that read the reseller's orders and account as they stand.

export async function statusText(sql: Sql, t: Texts, customerId: string, refs: string[]): Promise<string> {
  const orders = await sql.query<{ reference: string; status: string; delivered: string; total: string; created: string }>(
    `SELECT o.reference, o.status::text AS status, sum(l.quantity_delivered)::text AS delivered, sum(l.quantity)::text AS total,
            to_char(o.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS created
     FROM orders o JOIN order_lines l ON l.order_id = o.id
     WHERE o.customer_id = $1 AND (cardinality($2::text[]) = 0 OR o.reference = ANY($2::text[]))
     GROUP BY o.id ORDER BY o.id DESC LIMIT 5`,
    [customerId, refs],
  );
  const missing = refs.filter((r) => !orders.some((o) => o.reference === r)).map((r) => t.statusNotFound(r));
  const found = orders.map((o) => t.statusLine(o.reference, o.status.replace(/_/g, ' '), Number(o.delivered), Number(o.total), o.created));
  if (found.length === 0 && missing.length === 0) return t.noOrders;
  return [...(refs.length === 0 ? [t.lastOrders] : []), ...found, ...missing].join('\n');
}

export async function balanceText(sql: Sql, t: Texts, customer: CustomerRow): Promise<string> {
  const position = await accountPosition(sql, customer);
  if (customer.accountType === 'prepaid') return t.balancePrepaid(formatMoney({ amountMinor: position.prepaidAvailableMinor, currency: customer.currency }));
  const usd = (minor: number) => formatMoney({ amountMinor: minor, currency: 'USD' });
  return t.balancePostpaid(usd(position.creditLimitUsdMinor), usd(position.outstandingUsdMinor), usd(Math.max(0, position.creditLimitUsdMinor - position.outstandingUsdMinor)));
}
