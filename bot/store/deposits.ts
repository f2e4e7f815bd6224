import { expressionBuilder, sql as raw, type AliasableExpression, type ExpressionBuilder } from 'kysely';
import type { DB } from '../../generated/kysely/types';
import type { Sql } from '../db/sql';
import { q, run } from './query-builder';
import { billedMinor } from './orders';

// Bank deposits: how an import finds what it stored before and reserves ids for what it stores now
// (the bulk insert is bot/settlement/write-settlement), how a reversal finds its deposit, and every
// decision staff take on one, each written once; what payers staff confirmed; and what is still to
// pay on an order (its open amount, once the matched deposits are counted). Typed from the schema.

type DepositEb = ExpressionBuilder<DB, 'bank_deposits'>;

/** A constant written as SQL, typed as itself (an enum value). */
const lit = <V extends string>(value: V) => raw.lit<V>(value);

/** The deposit's note with one more line (concat_ws skips a null note). */
const noteWith = (eb: DepositEb, line: string) => eb.fn<string>('concat_ws', [raw.lit('\n'), 'note', eb.cast(eb.val(line), 'text')]);

/**
 * What is still to pay on an order `o`: an order waiting for payment, or a postpaid order not yet
 * paid in full (what it is billed: billedMinor). Each allocation's deposit is looked up by its key (a subquery, not a join): a join
 * let the planner hash every matched deposit once per order. Its constants are SQL (same plan as before).
 */
export function openMinor(): AliasableExpression<number> {
  const eb = expressionBuilder<DB & { o: DB['orders'] }, 'o'>();
  const allocated = eb
    .selectFrom('payment_allocations as pa')
    .select((s) => s.fn.sum<number>('pa.amount_minor').as('sum'))
    .whereRef('pa.order_id', '=', 'o.id')
    .where((s) => s(s.selectFrom('bank_deposits as d').select('d.status').whereRef('d.id', '=', 'pa.deposit_id'), '=', lit('matched')));
  const owes = eb.or([
    eb('o.status', '=', lit('awaiting_payment')),
    eb.and([eb('o.payment_method', '=', lit('postpaid')), eb('o.status', 'not in', [lit('cancelled'), lit('failed')])]),
  ]);
  const rest = eb.fn('greatest', [eb(billedMinor('o'), '-', eb.fn.coalesce(allocated, eb.lit(0))), eb.lit(0)]);
  // numeric (a sum of bigint) made bigint again: a whole number of minor units.
  return eb.cast<number>(eb.case().when(owes).then(rest).else(eb.lit(0)).end(), 'bigint');
}

/** The orders of these resellers that still wait for money (newest 100 looked at), oldest first. */
export async function openOrdersOf(sql: Sql, customerIds: readonly string[]) {
  const recent = q
    .selectFrom('orders as o')
    .select(['o.id', 'o.customer_id', 'o.reference', openMinor().as('open_minor'), 'o.currency', 'o.status'])
    .where('o.customer_id', '=', (eb) => eb.fn.any(eb.val(customerIds)))
    .where((eb) => eb.or([eb('o.status', '=', 'awaiting_payment'), eb('o.payment_method', '=', 'postpaid')]))
    .orderBy('o.id', 'desc')
    .limit(100);
  return run(sql, q.selectFrom(recent.as('x')).selectAll().where('open_minor', '>', 0).orderBy('id'));
}

/** The deposits these bank entry keys (or reversal keys) were imported as. */
export async function importedKeys(sql: Sql, keys: readonly string[]): Promise<{ key: string; id: number }[]> {
  const byEntry = q.selectFrom('bank_deposits').select(['entry_key as key', 'id']).where('entry_key', '=', (eb) => eb.fn.any(eb.val(keys)));
  // A reversal key found by `=` is not null.
  const byReversal = q.selectFrom('bank_deposits').select(['reversal_key as key', 'id']).where('reversal_key', '=', (eb) => eb.fn.any(eb.val(keys))).$narrowType<{ key: string }>();
  return run(sql, byEntry.unionAll(byReversal));
}

/** Ids for n new deposits, in one statement (the file's rows are planned with them before the insert). */
export async function reserveDepositIds(sql: Sql, n: number): Promise<number[]> {
  const rows = await run(
    sql,
    q.selectFrom((eb) => eb.fn('generate_series', [eb.lit(1), eb.cast(eb.val(n), 'int4')]).as('n'))
      .select((eb) => eb.cast<number>(eb.fn('nextval', [eb.fn('pg_get_serial_sequence', [raw.lit('bank_deposits'), raw.lit('id')])]), 'int4').as('id')),
  );
  return rows.map((r) => r.id);
}

/** The deposit a bank entry key was imported as, or reversed. */
export async function depositOfKey(sql: Sql, key: string): Promise<number | null> {
  const [row] = await run(sql, q.selectFrom('bank_deposits').select('id').where((eb) => eb.or([eb('reversal_key', '=', key), eb('entry_key', '=', key)])));
  return row?.id ?? null;
}

/**
 * The deposit a bank reversal takes back, locked: by its end-to-end id, else by the same amount,
 * payer account and text (the bank's "return:" prefix taken off); the latest one not yet reversed.
 */
export async function lockDepositToReverse(sql: Sql, entry: { amountMinor: number; currency: string; endToEndId: string | null; payerAccount: string | null; remittance: string }) {
  const [row] = await run(
    sql,
    q.selectFrom('bank_deposits')
      .select(['id', 'status', 'customer_id'])
      .where('reversal_key', 'is', null)
      .where('status', 'in', ['matched', 'for_staff'])
      .where('amount_minor', '=', entry.amountMinor)
      .where('currency', '=', entry.currency)
      .where((eb) =>
        entry.endToEndId !== null
          ? eb('end_to_end_id', '=', entry.endToEndId)
          : eb.and([
              eb('payer_account', 'is not distinct from', entry.payerAccount),
              eb('remittance_text', '=', eb.fn<string>('regexp_replace', [eb.val(entry.remittance), raw.lit('^(return|rücküberweisung|retour|devolución|devolução)[: ]*'), raw.lit(''), raw.lit('i')])),
            ]),
      )
      .orderBy('id', 'desc')
      .limit(1)
      .forUpdate(),
  );
  return row ?? null;
}

/** A deposit, locked for a staff decision. */
export async function lockDeposit(sql: Sql, id: number) {
  const [row] = await run(
    sql,
    q.selectFrom('bank_deposits')
      .select((eb) => ['id', 'status', 'amount_minor', 'currency', 'usd_minor', eb.fn<string>('to_char', ['value_date', raw.lit('YYYY-MM-DD')]).as('value_date'), 'payer_name', 'payer_account', 'remittance_text', 'customer_id'])
      .where('id', '=', id)
      .forUpdate(),
  );
  return row ?? null;
}

/** A journal-entry key for the next effect of a deposit: deposit:<id>:<n>. */
export async function nextDepositKey(sql: Sql, depositId: number): Promise<string> {
  const [row] = await run(sql, q.selectFrom('journal_entries').select((eb) => eb.fn.countAll<number>().as('n')).where('idempotency_key', 'like', `deposit:${depositId}:%`));
  return `deposit:${depositId}:${row!.n + 1}`;
}

/**
 * A deposit's journal entries not yet reversed, newest first: every one not itself a reversal (a
 * bank reversal takes back all), or only its credits to the reseller (staff undoing a match).
 */
export async function depositEntriesToReverse(sql: Sql, depositId: number, which: 'all' | 'credits'): Promise<number[]> {
  let query = q
    .selectFrom('journal_entries as e')
    .select('e.id')
    .where('e.idempotency_key', 'like', `deposit:${depositId}:%`)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('journal_entries as r').select(eb.lit(1).as('one')).whereRef('r.reverses_entry_id', '=', 'e.id'))))
    .orderBy('e.id', 'desc');
  query = which === 'all' ? query.where('e.reverses_entry_id', 'is', null) : query.where('e.kind', 'in', ['prepaid_topup', 'payment_received']);
  return (await run(sql, query)).map((e) => e.id);
}

/** The orders a deposit paid, by reference. */
export async function ordersPaidByDeposit(sql: Sql, depositId: number): Promise<string[]> {
  const rows = await run(sql, q.selectFrom('payment_allocations as pa').innerJoin('orders as o', 'o.id', 'pa.order_id').select('o.reference').where('pa.deposit_id', '=', depositId));
  return rows.map((r) => r.reference);
}

/** What a deposit matched by staff credited, in the reseller's currency. */
export async function setCreditedMinor(sql: Sql, depositId: number, creditedMinor: number): Promise<void> {
  await run(sql, q.updateTable('bank_deposits').set({ credited_minor: creditedMinor }).where('id', '=', depositId));
}

/** The bank reversed a deposit whose money was already spent (or the ledger refused): it waits for a person. */
export async function markReversalForStaff(sql: Sql, depositId: number, reversalKey: string, reason: string): Promise<void> {
  await run(sql, q.updateTable('bank_deposits').set((eb) => ({ reversal_key: reversalKey, review_reason: reason, note: noteWith(eb, reason) })).where('id', '=', depositId));
}

/** The bank reversed a deposit, and its ledger entries were reversed. */
export async function markReversedByBank(sql: Sql, depositId: number, reversalKey: string, note: string): Promise<void> {
  await run(sql, q.updateTable('bank_deposits').set((eb) => ({ status: 'reversed', reversal_key: reversalKey, decided_at: raw<Date>`now()`, note: noteWith(eb, note) })).where('id', '=', depositId));
}

/** Staff matched a deposit to a reseller (and an order). */
export async function markMatchedByStaff(sql: Sql, d: { id: number; customerId: string; orderId: number | null; staffId: number; at: Date }): Promise<void> {
  await run(sql, q.updateTable('bank_deposits').set({ status: 'matched', match_rule: 'staff', customer_id: d.customerId, order_id: d.orderId, decided_by_staff_id: d.staffId, decided_at: d.at }).where('id', '=', d.id));
}

/** Staff marked a deposit as not a payment to us. */
export async function markNotOursByStaff(sql: Sql, d: { id: number; staffId: number; at: Date; note: string }): Promise<void> {
  await run(sql, q.updateTable('bank_deposits').set((eb) => ({ status: 'not_ours', decided_by_staff_id: d.staffId, decided_at: d.at, note: noteWith(eb, d.note) })).where('id', '=', d.id));
}

/** Staff undid a wrong match: the deposit waits for staff again, the reseller it was matched to now a candidate. */
export async function returnToStaff(sql: Sql, d: { id: number; reason: string; staffId: number; at: Date }): Promise<void> {
  await run(
    sql,
    q.updateTable('bank_deposits')
      .set((eb) => ({
        status: 'for_staff',
        review_reason: d.reason,
        decided_by_staff_id: d.staffId,
        decided_at: d.at,
        note: noteWith(eb, d.reason),
        candidates: eb(
          eb.fn.coalesce('candidates', raw`'[]'::jsonb`),
          '||',
          eb.fn('jsonb_build_array', [eb.fn('jsonb_build_object', [raw.lit('customerId'), 'customer_id', raw.lit('orderReference'), eb.lit(null), raw.lit('why'), raw.lit('matched before the undo')])]),
        ),
      }))
      .where('id', '=', d.id),
  );
}

/** A payer (folded account or name) staff confirmed as a reseller's: it matches them by itself from now on. */
export async function learnPayer(sql: Sql, alias: { kind: 'account' | 'name'; value: string; customerId: string; staffId: number }): Promise<void> {
  await run(
    sql,
    q.insertInto('payer_aliases')
      .values({ kind: alias.kind, value: alias.value, customer_id: alias.customerId, confirmed_by_staff_id: alias.staffId })
      .onConflict((oc) =>
        oc.columns(['kind', 'value']).doUpdateSet((eb) => ({ customer_id: eb.ref('excluded.customer_id'), confirmed_by_staff_id: eb.ref('excluded.confirmed_by_staff_id'), created_at: raw<Date>`now()` })),
      ),
  );
}

/**
 * Holds a bank entry key until the transaction ends: a second transaction with the same key waits
 * here, then finds what the first stored. The unique entry_key alone would make the second one fail
 * (a 500) rather than see the first (a form sent twice, a request retried on a slow network).
 */
export async function lockEntryKey(sql: Sql, key: string): Promise<void> {
  await run(sql, q.selectNoFrom((eb) => eb.fn<string>('pg_advisory_xact_lock', [eb.fn<number>('hashtext', [eb.val(key)])]).as('locked')));
}

/** The deposit stored under a bank entry key, with the facts a repeat must agree with and what became of it. */
export async function depositByEntryKey(sql: Sql, key: string) {
  const [row] = await run(
    sql,
    q.selectFrom('bank_deposits as d')
      .leftJoin('orders as o', 'o.id', 'd.order_id')
      .select((eb) => ['d.id', 'd.status', 'd.amount_minor', 'd.currency', eb.fn<string>('to_char', ['d.value_date', raw.lit('YYYY-MM-DD')]).as('value_date'), 'd.customer_id', 'd.match_rule', 'd.review_reason', 'o.reference as order_reference'])
      .where('d.entry_key', '=', key),
  );
  return row ?? null;
}
