import { sql as raw } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { InvoiceFact } from '../../domain/settlement/match';
import type { FileFacts } from '../../domain/settlement/plan-entry';
import { payerKeys } from '../../domain/settlement/plan-entry';
import type { RemittanceReferences } from '../../domain/settlement/references';
import type { Sql } from '../db/sql';
import { q, run } from '../store/query-builder';

// What the matcher needs to know about a bank file, read once for all its entries: the orders,
// quotes and resellers the remittances name, and the resellers that confirmed payer accounts and
// names point to. What an import changes (open amounts) is in the settlement book instead.

export async function loadFileFacts(sql: Sql, wanted: { references: RemittanceReferences; payer: { name: string | null; account: string | null } }[]): Promise<FileFacts> {
  const all = (pick: (w: (typeof wanted)[number]) => string[]) => [...new Set(wanted.flatMap(pick))];
  const invoices = await namedInvoices(sql, all((w) => w.references.invoices ?? []));
  const [orderRefs, quoteRefs, customerIds, accounts, names] = [
    all((w) => w.references.orders),
    all((w) => w.references.quotes),
    [...new Set([...all((w) => w.references.customers), ...[...invoices.values()].map((i) => i.customerId)])],
    all((w) => [payerKeys(w.payer).account]),
    all((w) => [payerKeys(w.payer).name]),
  ];
  const [row] = await run(
    sql,
    q
      .with('named_quotes', (db) =>
        db.selectFrom('quotes as q').leftJoin('orders as o', 'o.quote_id', 'q.id').select(['q.reference', 'q.customer_id', 'o.reference as order_reference']).where('q.reference', '=', (eb) => eb.fn.any(eb.val(quoteRefs))),
      )
      .with('named_orders', (db) =>
        db.selectFrom('orders as o').select(['o.id', 'o.reference', 'o.customer_id']).where('o.reference', '=', (eb) => {
          const quoted = db.selectFrom('named_quotes').select('order_reference').where('order_reference', 'is not', null);
          // ARRAY(subquery): the orders the named quotes became, with the named orders, in one array (an index lookup).
          return eb.fn.any(eb(eb.cast<string[]>(eb.val(orderRefs), raw`text[]`), '||', raw<string[]>`ARRAY(${quoted})`));
        }),
      )
      .with('aliases', (db) =>
        db.selectFrom('payer_aliases').select(['kind', 'value', 'customer_id']).where((eb) =>
          eb.or([
            eb.and([eb('kind', '=', raw.lit('account')), eb('value', '=', eb.fn.any(eb.val(accounts)))]),
            eb.and([eb('kind', '=', raw.lit('name')), eb('value', '=', eb.fn.any(eb.val(names)))]),
          ]),
        ),
      )
      .selectNoFrom((eb) => [
        jsonArrayFrom(eb.selectFrom('named_orders').select(['id', 'reference', 'customer_id as customerId'])).as('orders'),
        jsonArrayFrom(eb.selectFrom('named_quotes').select(['reference', 'customer_id as customerId', 'order_reference as orderReference'])).as('quotes'),
        jsonArrayFrom(
          eb.selectFrom('customers').select(['customer_id as id', 'currency', 'active', 'account_type as accountType']).where((c) =>
            c.or([
              c('customer_id', '=', c.fn.any(c.val(customerIds))),
              c('customer_id', 'in', c.selectFrom('named_orders').select('customer_id').union(c.selectFrom('named_quotes').select('customer_id')).union(c.selectFrom('aliases').select('customer_id'))),
            ]),
          ),
        ).as('customers'),
        jsonArrayFrom(eb.selectFrom('aliases').select(['kind', 'value', 'customer_id as customerId'])).as('aliases'),
      ]),
  );
  const { orders, quotes, customers, aliases } = row!;
  return {
    orders: new Map(orders.map((o) => [o.reference, o])),
    quotes: new Map(quotes.map((qt) => [qt.reference, qt])),
    customers: new Map(customers.map((c) => [c.id, c])),
    payerAccounts: new Map(aliases.filter((a) => a.kind === 'account').map((a) => [a.value, a.customerId])),
    payerNames: new Map(aliases.filter((a) => a.kind === 'name').map((a) => [a.value, a.customerId])),
    invoices,
  };
}

/** The invoices the remittances name (issue 14), with what deposits naming them paid so far and the orders they billed. */
async function namedInvoices(sql: Sql, numbers: string[]): Promise<Map<string, InvoiceFact>> {
  if (numbers.length === 0) return new Map();
  const rows = await run(
    sql,
    q.selectFrom('invoices as i')
      .select((eb) => [
        'i.id',
        'i.number',
        'i.customer_id',
        'i.currency',
        'i.amount_minor',
        'i.status',
        eb.selectFrom('invoice_payments as ip').select(raw<number>`coalesce(sum(ip.amount_minor), 0)::bigint`.as('paid')).whereRef('ip.invoice_id', '=', 'i.id').$asScalar().$notNull().as('paid_minor'),
        raw<number[]>`ARRAY(SELECT DISTINCT e.order_id FROM invoice_charges ic JOIN journal_entries e ON e.id = ic.entry_id WHERE ic.invoice_id = i.id AND e.order_id IS NOT NULL)`.as('order_ids'),
      ])
      .where('i.number', '=', (eb) => eb.fn.any(eb.val(numbers))),
  );
  return new Map(
    rows.map((r) => [
      r.number,
      { id: r.id, number: r.number, customerId: r.customer_id, currency: r.currency, amountMinor: Number(r.amount_minor), paidMinor: Number(r.paid_minor), status: r.status, orderIds: r.order_ids.map(Number) },
    ]),
  );
}
