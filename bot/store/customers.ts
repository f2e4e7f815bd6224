import { sql as raw } from 'kysely';
import { jsonObjectFrom } from 'kysely/helpers/postgres';
import type { Sql } from '../db/sql';
import { compiledOnce, q, run } from './query-builder';

// Resellers (customers): how their row is locked before their money moves, and the few writes to
// it outside the staff app's Prisma forms. Typed from the schema.

const lockOne = compiledOnce(['id'] as const, (p) => q.selectFrom('customers').select(raw<number>`1`.as('locked')).where('customer_id', '=', p.id).forNoKeyUpdate());

/**
 * Locks the reseller's row for the rest of the transaction. Every transaction that moves a
 * reseller's money takes it first (the lock order, see bot/pipeline/process-message.ts), NO KEY
 * UPDATE so that it does not wait on the key-share lock every order insert of theirs holds.
 */
export async function lockReseller(sql: Sql, customerId: string): Promise<void> {
  await lockOne(sql, { id: customerId });
}

/** Their first order is placed: later orders are no longer held to the trial size. */
export async function endTrial(sql: Sql, customerId: string): Promise<void> {
  await run(sql, q.updateTable('customers').set({ trial_order_pending: false }).where('customer_id', '=', customerId));
}

/** The low-balance alert flag: set once per dip below the threshold (false when another transaction set it first), cleared above it. */
export async function setLowBalanceAlerted(sql: Sql, customerId: string, at: Date): Promise<boolean> {
  const rows = await run(sql, q.updateTable('customers').set({ low_balance_alerted_at: at }).where('customer_id', '=', customerId).where('low_balance_alerted_at', 'is', null).returning('customer_id'));
  return rows.length === 1;
}

export async function clearLowBalanceAlerted(sql: Sql, customerId: string): Promise<void> {
  await run(sql, q.updateTable('customers').set({ low_balance_alerted_at: null }).where('customer_id', '=', customerId));
}

/** A reseller as staff name it (any case), or null. */
export async function findReseller(sql: Sql, customerId: string): Promise<{ id: string; currency: string; active: boolean } | null> {
  const [row] = await run(sql, q.selectFrom('customers').select(['customer_id as id', 'currency', 'active']).where('customer_id', '=', customerId.toUpperCase()));
  return row ?? null;
}

/** Every reseller id, in order. */
export async function resellerIds(sql: Sql): Promise<string[]> {
  return (await run(sql, q.selectFrom('customers').select('customer_id').orderBy('customer_id'))).map((r) => r.customer_id);
}

/**
 * The reseller of a row that has a `customer_id`, as one JSON column of the caller's query (null
 * without one): what the pipeline and the staff queue decide with. Read inside the query so that
 * the per-message read stays one statement.
 */
export function resellerOf(customerIdColumn: `${string}.customer_id`) {
  return jsonObjectFrom(
    q
      .selectFrom('customers as r')
      .select(['r.customer_id as id', 'r.account_type as accountType', 'r.currency', 'r.credit_limit_minor as creditLimitMinor', 'r.trial_order_pending as trialOrderPending', 'r.tier', 'r.active', 'r.reseller_type as resellerType'])
      .where('r.customer_id', '=', raw.ref<string>(customerIdColumn)),
  );
}
