import { convertFromUsd, convertToUsd, pickFxRate, type FxRateRow } from '../../domain/pricing/fx';
import type { CustomerFact, OrderFact, QuoteFact } from '../../domain/settlement/match';
import { foldPayerAccount, foldPayerName, type RemittanceReferences } from '../../domain/settlement/references';
import type { Sql } from '../db/sql';

// What the matcher needs to know about one deposit, read in one statement: the orders and quotes
// its remittance names, the resellers it names or that those belong to, and the reseller a
// confirmed payer account or name points to, with that reseller's open orders.

/** What is still to pay on an order: an order waiting for payment, or a postpaid order not yet paid in full. */
export const OPEN_MINOR = `CASE WHEN o.status = 'awaiting_payment' OR (o.payment_method = 'postpaid' AND o.status NOT IN ('cancelled', 'failed'))
  THEN greatest(o.total_minor - coalesce((SELECT sum(pa.amount_minor) FROM payment_allocations pa JOIN bank_deposits d ON d.id = pa.deposit_id
                                          WHERE pa.order_id = o.id AND d.status = 'matched'), 0), 0) ELSE 0 END`;

export interface DepositFacts {
  customers: Map<string, CustomerFact & { accountType: 'prepaid' | 'postpaid' }>;
  orders: Map<string, OrderFact & { id: number }>;
  quotes: Map<string, QuoteFact>;
  payerCustomerId: string | null;
  payerOpenOrders: (OrderFact & { id: number })[];
}

export async function depositFacts(sql: Sql, references: RemittanceReferences, payer: { name: string | null; account: string | null }): Promise<DepositFacts> {
  const [row] = await sql.query<{ orders: unknown; quotes: unknown; customers: unknown; payer: string | null; payer_orders: unknown }>(
    `WITH named_quotes AS (
       SELECT q.reference, q.customer_id, o.reference AS order_reference FROM quotes q LEFT JOIN orders o ON o.quote_id = q.id
       WHERE q.reference = ANY($2::text[])),
     named_orders AS (
       SELECT o.id, o.reference, o.customer_id, ${OPEN_MINOR} AS open_minor FROM orders o
       WHERE o.reference = ANY($1::text[]) OR o.reference IN (SELECT order_reference FROM named_quotes)),
     payer AS (
       SELECT customer_id FROM payer_aliases
       WHERE (kind = 'account' AND value = $4) OR (kind = 'name' AND value = $5)
       ORDER BY (kind = 'account') DESC LIMIT 1)
     SELECT
       (SELECT coalesce(json_agg(json_build_object('id', id, 'reference', reference, 'customerId', customer_id, 'openMinor', open_minor)), '[]') FROM named_orders) AS orders,
       (SELECT coalesce(json_agg(json_build_object('reference', reference, 'customerId', customer_id, 'orderReference', order_reference)), '[]') FROM named_quotes) AS quotes,
       (SELECT coalesce(json_agg(json_build_object('id', customer_id, 'currency', trim(currency), 'active', active, 'accountType', account_type)), '[]') FROM customers
        WHERE customer_id = ANY($3::text[]) OR customer_id IN (SELECT customer_id FROM named_orders UNION SELECT customer_id FROM named_quotes UNION SELECT customer_id FROM payer)) AS customers,
       (SELECT customer_id FROM payer) AS payer,
       (SELECT coalesce(json_agg(json_build_object('id', id, 'reference', reference, 'customerId', customer_id, 'openMinor', open_minor) ORDER BY id), '[]') FROM (
          SELECT o.id, o.reference, o.customer_id, ${OPEN_MINOR} AS open_minor FROM orders o
          WHERE o.customer_id = (SELECT customer_id FROM payer) AND (o.status = 'awaiting_payment' OR o.payment_method = 'postpaid')
          ORDER BY o.id DESC LIMIT 200) open WHERE open_minor > 0) AS payer_orders`,
    [references.orders, references.quotes, references.customers, payer.account ? foldPayerAccount(payer.account) : '', payer.name ? foldPayerName(payer.name) : ''],
  );
  const orders = (row!.orders as (OrderFact & { id: number })[]).map((o) => ({ ...o, openMinor: Number(o.openMinor) }));
  return {
    customers: new Map((row!.customers as (CustomerFact & { accountType: 'prepaid' | 'postpaid' })[]).map((c) => [c.id, c])),
    orders: new Map(orders.map((o) => [o.reference, o])),
    quotes: new Map((row!.quotes as QuoteFact[]).map((q) => [q.reference, q])),
    payerCustomerId: row!.payer,
    payerOpenOrders: (row!.payer_orders as (OrderFact & { id: number })[]).map((o) => ({ ...o, openMinor: Number(o.openMinor) })),
  };
}

/** A deposit's USD value at its value date's rate (the latest earlier one); null without a rate. */
export function depositUsd(fx: readonly FxRateRow[], amountMinor: number, currency: string, valueDate: string): number | null {
  const rate = pickFxRate(fx, currency, valueDate);
  return rate.ok ? convertToUsd(amountMinor, currency, rate.unitsPerUsdScaled) : null;
}

/** A deposit in the reseller's currency: as it arrived, or through USD at the value date's rates. */
export function amountInCurrency(fx: readonly FxRateRow[], deposit: { amountMinor: number; currency: string; usdMinor: number | null; valueDate: string }, currency: string): number | null {
  if (deposit.currency === currency) return deposit.amountMinor;
  if (deposit.usdMinor === null) return null;
  if (currency === 'USD') return deposit.usdMinor;
  const rate = pickFxRate(fx, currency, deposit.valueDate);
  return rate.ok ? convertFromUsd(deposit.usdMinor, currency, rate.unitsPerUsdScaled) : null;
}
