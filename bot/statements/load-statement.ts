import { sql as raw } from 'kysely';
import type { StatementPeriod } from '../../domain/statements/period';
import { statementAccountCodes, type LedgerMovement, type OrderLineSummary, type StatementCustomer, type StatementInput } from '../../domain/statements/statement';
import type { Sql } from '../db/sql';
import { q, run } from '../store/query-builder';

// What a reseller's statement is built from, read from the ledger: the reseller, the sum of its
// statement accounts' postings before the month (the opening balance), and every journal entry of
// the month that touched them, with the order, the deposit or the reversed entry it is about.
// Only the accounts in the reseller's own currency are read: a statement is in one currency.

export async function statementCustomer(sql: Sql, customerId: string): Promise<StatementCustomer | null> {
  const [c] = await run(sql, q.selectFrom('customers').select(['customer_id', 'company', 'legal_entity', 'currency', 'account_type']).where('customer_id', '=', customerId));
  return c ? { id: c.customer_id, company: c.company, legalEntity: c.legal_entity, currency: c.currency, accountType: c.account_type } : null;
}

/** Resellers that have a statement account with any posting before the end of the period: the others have nothing to state. */
export async function customersWithLedger(sql: Sql, period: StatementPeriod): Promise<string[]> {
  const rows = await run(
    sql,
    q.selectFrom('customers as c')
      .select('c.customer_id')
      .where((eb) =>
        eb.exists(
          eb.selectFrom('ledger_accounts as a')
            .innerJoin('postings as p', 'p.account_id', 'a.id')
            .innerJoin('journal_entries as e', 'e.id', 'p.entry_id')
            .select('a.id')
            .whereRef('a.customer_id', '=', 'c.customer_id')
            .whereRef('a.currency', '=', 'c.currency')
            .where((w) =>
              w.or([
                w.and([w('c.account_type', '=', 'prepaid'), w('a.code', 'in', [raw<string>`'prepaid:' || c.customer_id`, raw<string>`'prepaid_held:' || c.customer_id`])]),
                w.and([w('c.account_type', '=', 'postpaid'), w('a.code', '=', raw<string>`'receivable:' || c.customer_id`)]),
              ]),
            )
            .where('e.occurred_at', '<', raw<Date>`${period.endsAt}::timestamptz`),
        ),
      )
      .orderBy('c.customer_id'),
  );
  return rows.map((r) => r.customer_id);
}

const DEPOSIT_KEY = /^deposit:(\d+):/;

export async function loadStatementInput(sql: Sql, customer: StatementCustomer, period: StatementPeriod, issuerName: string): Promise<StatementInput> {
  const codes = statementAccountCodes(customer.id, customer.accountType);
  const start = raw<Date>`${period.startsAt}::timestamptz`;
  const end = raw<Date>`${period.endsAt}::timestamptz`;
  const accountIds = (
    await run(sql, q.selectFrom('ledger_accounts').select('id').where('code', 'in', codes).where('currency', '=', customer.currency))
  ).map((r) => r.id);
  if (accountIds.length === 0) return { issuerName, customer, period, openingLedgerMinor: 0, openingLedgerUsdMinor: 0, movements: [] };

  // sum() of int8 is numeric: cast back to int8, which arrives as a number.
  const [opening] = await run(
    sql,
    q.selectFrom('postings as p')
      .innerJoin('journal_entries as e', 'e.id', 'p.entry_id')
      .select((eb) => [
        eb.cast<number>(eb.fn.coalesce(eb.fn.sum<number>('p.amount_minor'), raw<number>`0`), 'bigint').as('amount'),
        eb.cast<number>(eb.fn.coalesce(eb.fn.sum<number>('p.usd_minor'), raw<number>`0`), 'bigint').as('usd'),
      ])
      .where('p.account_id', 'in', accountIds)
      .where('e.occurred_at', '<', start),
  );

  const entries = await run(
    sql,
    q.selectFrom('postings as p')
      .innerJoin('journal_entries as e', 'e.id', 'p.entry_id')
      .leftJoin('orders as o', 'o.id', 'e.order_id')
      .leftJoin('journal_entries as r', 'r.id', 'e.reverses_entry_id')
      .leftJoin('orders as ro', 'ro.id', 'r.order_id')
      .select((eb) => [
        'e.id',
        'e.kind',
        'e.idempotency_key',
        'e.occurred_at',
        'e.description',
        'e.order_id',
        'o.reference as order_reference',
        'o.customer_reference',
        'r.kind as reversed_kind',
        'r.idempotency_key as reversed_key',
        'ro.reference as reversed_order_reference',
        eb.cast<number>(eb.fn.sum<number>('p.amount_minor'), 'bigint').as('amount'),
        eb.cast<number>(eb.fn.sum<number>('p.usd_minor'), 'bigint').as('usd'),
      ])
      .where('p.account_id', 'in', accountIds)
      .where('e.occurred_at', '>=', start)
      .where('e.occurred_at', '<', end)
      .groupBy(['e.id', 'o.reference', 'o.customer_reference', 'r.kind', 'r.idempotency_key', 'ro.reference'])
      .orderBy('e.occurred_at')
      .orderBy('e.id'),
  );

  const orderIds = [...new Set(entries.flatMap((e) => (e.order_id === null ? [] : [e.order_id])))];
  const lines = new Map<number, OrderLineSummary[]>();
  if (orderIds.length > 0) {
    const rows = await run(sql, q.selectFrom('order_lines').select(['order_id', 'sku', 'quantity']).where('order_id', 'in', orderIds).orderBy('order_id').orderBy('id'));
    for (const row of rows) {
      const list = lines.get(row.order_id) ?? [];
      list.push({ sku: row.sku, quantity: row.quantity });
      lines.set(row.order_id, list);
    }
  }

  const depositIdOf = (key: string | null) => (key ? DEPOSIT_KEY.exec(key)?.[1] : undefined);
  const depositIds = [...new Set(entries.flatMap((e) => [depositIdOf(e.idempotency_key), depositIdOf(e.reversed_key)]).filter((id): id is string => id !== undefined).map(Number))];
  const deposits = new Map<number, string>();
  if (depositIds.length > 0) {
    const rows = await run(sql, q.selectFrom('bank_deposits').select(['id', 'bank_reference', 'end_to_end_id']).where('id', 'in', depositIds));
    for (const row of rows) {
      const reference = row.bank_reference ?? row.end_to_end_id;
      if (reference) deposits.set(row.id, reference);
    }
  }
  const depositReference = (key: string | null) => {
    const id = depositIdOf(key);
    return id === undefined ? null : deposits.get(Number(id)) ?? null;
  };

  const movements: LedgerMovement[] = entries.map((e) => ({
    entryId: Number(e.id),
    kind: e.kind,
    idempotencyKey: e.idempotency_key,
    occurredAt: e.occurred_at.toISOString(),
    description: e.description,
    amountMinor: Number(e.amount),
    usdMinor: Number(e.usd),
    orderReference: e.order_reference,
    customerReference: e.customer_reference,
    orderLines: e.order_id === null ? [] : lines.get(e.order_id) ?? [],
    depositReference: depositReference(e.idempotency_key),
    reverses:
      e.reversed_kind === null || e.reversed_key === null
        ? null
        : { kind: e.reversed_kind, idempotencyKey: e.reversed_key, orderReference: e.reversed_order_reference, depositReference: depositReference(e.reversed_key) },
  }));
  return { issuerName, customer, period, openingLedgerMinor: Number(opening?.amount ?? 0), openingLedgerUsdMinor: Number(opening?.usd ?? 0), movements };
}

/** A parent reseller's sub-resellers, and their orders delivered in the period (a section of its statement). */
export async function loadSubResellerOrders(sql: Sql, parentId: string, period: StatementPeriod): Promise<NonNullable<StatementInput['subResellers']>> {
  const children = await run(sql, q.selectFrom('customers').select(['customer_id', 'company']).where('parent_customer_id', '=', parentId));
  if (children.length === 0) return { hasSubResellers: false, orders: [] };
  const orders = await run(
    sql,
    q.selectFrom('orders as o')
      .innerJoin('customers as c', 'c.customer_id', 'o.customer_id')
      .select(['o.id', 'o.reference', 'o.customer_id', 'c.company', 'o.delivered_at', 'o.currency', 'o.total_minor', 'o.total_usd_minor'])
      .where('c.parent_customer_id', '=', parentId)
      .where('o.delivered_at', '>=', raw<Date>`${period.startsAt}::timestamptz`)
      .where('o.delivered_at', '<', raw<Date>`${period.endsAt}::timestamptz`)
      .orderBy('o.id'),
  );
  const lines = new Map<number, OrderLineSummary[]>();
  if (orders.length > 0) {
    const rows = await run(sql, q.selectFrom('order_lines').select(['order_id', 'sku', 'quantity']).where('order_id', 'in', orders.map((o) => o.id)).orderBy('order_id').orderBy('id'));
    for (const row of rows) {
      lines.set(row.order_id, [...(lines.get(row.order_id) ?? []), { sku: row.sku, quantity: row.quantity }]);
    }
  }
  return {
    hasSubResellers: true,
    orders: orders.map((o) => ({
      customerId: o.customer_id,
      company: o.company,
      reference: o.reference,
      deliveredAt: o.delivered_at!.toISOString(),
      currency: o.currency,
      totalMinor: Number(o.total_minor),
      totalUsdMinor: Number(o.total_usd_minor),
      lines: lines.get(o.id) ?? [],
    })),
  };
}
