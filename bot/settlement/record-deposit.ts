import type { BankEntry } from '../../domain/settlement/bank-entry';
import { isBankReversal, notADeposit, planCredit, type EntryOutcome, type PlannedEffect } from '../../domain/settlement/plan-entry';
import type { FxRateRow } from '../../domain/pricing/fx';
import { remittanceReferences } from '../../domain/settlement/references';
import type { Sql } from '../db/sql';
import { reverseEntry } from '../ledger/ledger-store';
import { withdrawInvoicePayment } from '../invoices/invoice-payments';
import { loadFileFacts } from './deposit-facts';
import { loadSettlementBook } from './settlement-book';
import { writeSettlement } from './write-settlement';
import { depositEntriesToReverse, depositOfKey, importedKeys, lockDepositToReverse, markReversalForStaff, markReversedByBank, reserveDepositIds } from '../store/deposits';
import { closeDepositTickets, openDepositTickets } from '../store/tickets';

export type { EntryOutcome } from '../../domain/settlement/plan-entry';

// Bank entries, in the import's transaction: each stored once per entry key, matched, booked. The
// money is in the ledger the moment it is at the bank: credited to the reseller when the match is
// sure, else to suspense with a ticket for staff. A file is planned on one settlement book (a few
// statements to read it) and written in one statement per kind of effect, so the cost of an entry
// is what it computes, not round trips; a bank reversal splits the file (it reads what was written).

export interface SettlementContext {
  sql: Sql;
  fx: readonly FxRateRow[];
  /** The bank-fee tolerance, in USD minor units, for amounts that must equal an open order. */
  toleranceUsdMinor: number;
  now: Date;
  source: 'camt053' | 'csv' | 'manual';
  fileName: string | null;
  /** Staff member recording a payment by hand. */
  staffId?: number | null;
  note?: string | null;
}

export async function recordEntries(ctx: SettlementContext, entries: readonly BankEntry[]): Promise<EntryOutcome[]> {
  const outcomes: EntryOutcome[] = new Array(entries.length);
  let start = 0;
  for (let i = 0; i <= entries.length; i += 1) {
    if (i < entries.length && !isBankReversal(entries[i]!)) continue;
    await recordRun(ctx, entries, start, i, outcomes);
    if (i < entries.length) outcomes[i] = await reverseDeposit(ctx, entries[i]!);
    start = i + 1;
  }
  return outcomes;
}

/** Entries [from, to) of a file, none of them a reversal. */
async function recordRun(ctx: SettlementContext, entries: readonly BankEntry[], from: number, to: number, outcomes: EntryOutcome[]): Promise<void> {
  const credits: number[] = [];
  for (let i = from; i < to; i += 1) {
    const skip = notADeposit(entries[i]!);
    if (skip) outcomes[i] = skip;
    else credits.push(i);
  }
  if (credits.length === 0) return;
  const known = await importedKeys(ctx.sql, credits.map((i) => entries[i]!.key));
  const imported = new Map(known.map((k) => [k.key, k.id]));
  /** Each new key's first entry in this run; a later entry with the same key is the same payment, imported once. */
  const firstOf = new Map<string, number>();
  const repeats: number[] = [];
  const fresh = credits.filter((i) => {
    const key = entries[i]!.key;
    if (imported.has(key)) outcomes[i] = { kind: 'already_imported', depositId: imported.get(key)! };
    else if (firstOf.has(key)) repeats.push(i);
    else firstOf.set(key, i);
    return firstOf.get(key) === i;
  });
  if (fresh.length === 0) return;

  const facts = await loadFileFacts(ctx.sql, fresh.map((i) => ({ references: remittanceReferences(entries[i]!.remittance), payer: { name: entries[i]!.payerName, account: entries[i]!.payerAccount } })));
  const book = await loadSettlementBook(ctx.sql, { customerIds: [...facts.customers.keys()], orderIds: [...facts.orders.values()].map((o) => o.id), everyAwaitingOrder: true });
  const ids = await reserveDepositIds(ctx.sql, fresh.length);
  const plan = { fx: ctx.fx, toleranceUsdMinor: ctx.toleranceUsdMinor, now: ctx.now, source: ctx.source, fileName: ctx.fileName, staffId: ctx.staffId ?? null, note: ctx.note ?? null, facts, book };
  const effects: PlannedEffect[] = [];
  fresh.forEach((i, n) => {
    const planned = planCredit(plan, entries[i]!, ids[n]!);
    outcomes[i] = planned.outcome;
    for (const effect of planned.effects) effects.push(effect);
  });
  for (const i of repeats) {
    const first = outcomes[firstOf.get(entries[i]!.key)!]!;
    outcomes[i] = { kind: 'already_imported', depositId: 'depositId' in first ? first.depositId : null };
  }
  await writeSettlement(ctx.sql, effects, { now: ctx.now, source: ctx.source, fileName: ctx.fileName, staffId: ctx.staffId ?? null, note: ctx.note ?? null });
}

/**
 * The bank took back a credit (RvslInd on a debit): the deposit it reverses is found by its
 * end-to-end id, else by the same amount, payer account and text; its ledger effects are reversed.
 * Money already spent cannot be taken back by the bot: that goes to staff.
 */
async function reverseDeposit(ctx: SettlementContext, entry: BankEntry): Promise<EntryOutcome> {
  const done = await depositOfKey(ctx.sql, entry.key);
  if (done !== null) return { kind: 'already_imported', depositId: done };
  const original = await lockDepositToReverse(ctx.sql, entry);
  if (!original) return { kind: 'reversal_for_staff', reason: `a reversal of ${entry.currency} ${entry.amountMinor} (${entry.location}) matches no imported deposit` };
  const entries = await depositEntriesToReverse(ctx.sql, original.id, 'all');
  // A savepoint (raw: the builder has none): a reversal the ledger refuses (the money was already
  // spent) leaves nothing behind, and the rest of the file still imports.
  await ctx.sql.query('SAVEPOINT deposit_reversal');
  for (const [i, entryId] of entries.entries()) {
    const reversed = await reverseEntry(ctx.sql, entryId, `deposit:${original.id}:bank-reversal:${i + 1}`, ctx.now.toISOString(), `the bank reversed it (${entry.location})`);
    if (!reversed.ok) {
      await ctx.sql.query('ROLLBACK TO SAVEPOINT deposit_reversal');
      const reason = `the bank reversed deposit ${original.id} (${entry.location}), but ${reversed.code === 'exceeds_balance' ? 'the money was already spent on orders' : `the ledger refused it (${reversed.code})`}: a person decides`;
      await openDepositTickets(ctx.sql, [{ depositId: original.id, customerId: original.customer_id, detail: reason }]);
      await markReversalForStaff(ctx.sql, original.id, entry.key, reason);
      return { kind: 'reversal_for_staff', reason };
    }
  }
  await ctx.sql.query('RELEASE SAVEPOINT deposit_reversal');
  // An invoice the deposit paid is owed again.
  await withdrawInvoicePayment(ctx.sql, original.id, ctx.now);
  await markReversedByBank(ctx.sql, original.id, entry.key, `reversed by the bank (${entry.location})`);
  await closeDepositTickets(ctx.sql, original.id, null);
  return { kind: 'reversed', depositId: original.id };
}
