import type { FileFacts } from '../../domain/settlement/plan-entry';
import { payerKeys } from '../../domain/settlement/plan-entry';
import type { RemittanceReferences } from '../../domain/settlement/references';
import type { Sql } from '../db/sql';

// What the matcher needs to know about a bank file, read once for all its entries: the orders,
// quotes and resellers the remittances name, and the resellers that confirmed payer accounts and
// names point to. What an import changes (open amounts) is in the settlement book instead.

/**
 * What is still to pay on an order: an order waiting for payment, or a postpaid order not yet paid in full.
 * Each allocation's deposit is looked up by its key (a subquery, not a join): a join let the planner
 * hash every matched deposit once per order.
 */
export const OPEN_MINOR = `CASE WHEN o.status = 'awaiting_payment' OR (o.payment_method = 'postpaid' AND o.status NOT IN ('cancelled', 'failed'))
  THEN greatest(o.total_minor - coalesce((SELECT sum(pa.amount_minor) FROM payment_allocations pa
                                          WHERE pa.order_id = o.id AND (SELECT d.status FROM bank_deposits d WHERE d.id = pa.deposit_id) = 'matched'), 0), 0) ELSE 0 END`;

export async function loadFileFacts(sql: Sql, wanted: { references: RemittanceReferences; payer: { name: string | null; account: string | null } }[]): Promise<FileFacts> {
  const all = (pick: (w: (typeof wanted)[number]) => string[]) => [...new Set(wanted.flatMap(pick))];
  const [row] = await sql.query<{ orders: unknown; quotes: unknown; customers: unknown; aliases: unknown }>(
    `WITH named_quotes AS (
       SELECT q.reference, q.customer_id, o.reference AS order_reference FROM quotes q LEFT JOIN orders o ON o.quote_id = q.id
       WHERE q.reference = ANY($2::text[])),
     named_orders AS (
       SELECT o.id, o.reference, o.customer_id FROM orders o
       WHERE o.reference = ANY($1::text[] || ARRAY(SELECT order_reference FROM named_quotes WHERE order_reference IS NOT NULL))),
     aliases AS (
       SELECT kind, value, customer_id FROM payer_aliases WHERE (kind = 'account' AND value = ANY($4::text[])) OR (kind = 'name' AND value = ANY($5::text[])))
     SELECT
       (SELECT coalesce(json_agg(json_build_object('id', id, 'reference', reference, 'customerId', customer_id)), '[]') FROM named_orders) AS orders,
       (SELECT coalesce(json_agg(json_build_object('reference', reference, 'customerId', customer_id, 'orderReference', order_reference)), '[]') FROM named_quotes) AS quotes,
       (SELECT coalesce(json_agg(json_build_object('id', customer_id, 'currency', currency, 'active', active, 'accountType', account_type)), '[]') FROM customers
        WHERE customer_id = ANY($3::text[]) OR customer_id IN (SELECT customer_id FROM named_orders UNION SELECT customer_id FROM named_quotes UNION SELECT customer_id FROM aliases)) AS customers,
       (SELECT coalesce(json_agg(json_build_object('kind', kind, 'value', value, 'customerId', customer_id)), '[]') FROM aliases) AS aliases`,
    [
      all((w) => w.references.orders),
      all((w) => w.references.quotes),
      all((w) => w.references.customers),
      all((w) => [payerKeys(w.payer).account]),
      all((w) => [payerKeys(w.payer).name]),
    ],
  );
  const aliases = row!.aliases as { kind: string; value: string; customerId: string }[];
  return {
    orders: new Map((row!.orders as { id: number; reference: string; customerId: string }[]).map((o) => [o.reference, o])),
    quotes: new Map((row!.quotes as FileFacts['quotes'] extends Map<string, infer Q> ? Q[] : never).map((q) => [q.reference, q])),
    customers: new Map((row!.customers as (FileFacts['customers'] extends Map<string, infer C> ? C[] : never)).map((c) => [c.id, c])),
    payerAccounts: new Map(aliases.filter((a) => a.kind === 'account').map((a) => [a.value, a.customerId])),
    payerNames: new Map(aliases.filter((a) => a.kind === 'name').map((a) => [a.value, a.customerId])),
  };
}
