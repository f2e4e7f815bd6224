import * as events from '../../domain/ledger/events';
import type { FxRateRow } from '../../domain/pricing/fx';
import type { BankEntry } from '../../domain/settlement/bank-entry';
import { matchDeposit, type Candidate } from '../../domain/settlement/match';
import { remittanceReferences } from '../../domain/settlement/references';
import type { Sql } from '../db/sql';
import { postEntry, reverseEntry } from '../ledger/ledger-store';
import { creditDeposit } from './credit-deposit';
import { amountInCurrency, depositFacts, depositUsd } from './deposit-facts';

// One bank entry, in the import's transaction: stored once per entry key, matched, booked. The
// money is in the ledger the moment it is at the bank: credited to the reseller when the match is
// sure, else to suspense with a ticket for staff.

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

export type EntryOutcome =
  | { kind: 'matched'; depositId: number; customerId: string; rule: string; orderReference: string | null; ordersToFulfil: number[]; released: string[] }
  | { kind: 'for_staff'; depositId: number; reason: string }
  | { kind: 'already_imported'; depositId: number | null }
  | { kind: 'not_deposit'; why: 'debit' | 'pending' | 'information only' }
  | { kind: 'reversed'; depositId: number }
  | { kind: 'reversal_for_staff'; reason: string };

export async function recordEntry(ctx: SettlementContext, entry: BankEntry): Promise<EntryOutcome> {
  if (entry.status !== 'booked') return { kind: 'not_deposit', why: entry.status === 'pending' ? 'pending' : 'information only' };
  if (entry.reversal && entry.direction === 'debit') return reverseDeposit(ctx, entry);
  if (entry.direction === 'debit' || entry.reversal) return { kind: 'not_deposit', why: 'debit' };

  const valueDate = entry.valueDate ?? entry.bookingDate ?? ctx.now.toISOString().slice(0, 10);
  const usdMinor = depositUsd(ctx.fx, entry.amountMinor, entry.currency, valueDate);
  const [inserted] = await ctx.sql.query<{ id: number }>(
    `INSERT INTO bank_deposits (entry_key, account, bank_reference, end_to_end_id, booking_date, value_date, amount_minor, currency, usd_minor,
                                payer_name, payer_account, remittance_text, source, file_name, location, status, decided_by_staff_id, decided_at, note)
     SELECT $1, $2, $3, $4, $5::date, $6::date, $7, $8, $9, $10, $11, $12, $13, $14, $15, 'for_staff', $16::int, CASE WHEN $16::int IS NULL THEN NULL ELSE now() END, $17
     WHERE NOT EXISTS (SELECT 1 FROM bank_deposits WHERE reversal_key = $1)
     ON CONFLICT (entry_key) DO NOTHING RETURNING id`,
    [entry.key, entry.account, entry.bankReference, entry.endToEndId, entry.bookingDate, valueDate, entry.amountMinor, entry.currency, usdMinor ?? 0,
     entry.payerName, entry.payerAccount, entry.remittance, ctx.source, ctx.fileName, entry.location, ctx.staffId ?? null, ctx.note ?? null],
  );
  if (!inserted) {
    const [existing] = await ctx.sql.query<{ id: number }>(`SELECT id FROM bank_deposits WHERE entry_key = $1 OR reversal_key = $1`, [entry.key]);
    return { kind: 'already_imported', depositId: existing?.id ?? null };
  }
  const depositId = inserted.id;
  const received = { amountMinor: entry.amountMinor, currency: entry.currency, usdMinor: usdMinor ?? 0 };

  const references = remittanceReferences(entry.remittance);
  const facts = await depositFacts(ctx.sql, references, { name: entry.payerName, account: entry.payerAccount });
  const deposit = { amountMinor: entry.amountMinor, currency: entry.currency, usdMinor, valueDate };
  const currencyOf = (customerId: string) => facts.customers.get(customerId)?.currency ?? entry.currency;
  const decision =
    usdMinor === null
      ? { kind: 'for_staff' as const, reason: `no FX rate for ${entry.currency} on or before ${valueDate}`, candidates: [] as Candidate[] }
      : matchDeposit({
          references,
          amountIn: (customerId) => amountInCurrency(ctx.fx, deposit, currencyOf(customerId)),
          toleranceIn: (customerId) => amountInCurrency(ctx.fx, { amountMinor: ctx.toleranceUsdMinor, currency: 'USD', usdMinor: ctx.toleranceUsdMinor, valueDate }, currencyOf(customerId)) ?? 0,
          foreignCurrency: (customerId) => currencyOf(customerId) !== entry.currency,
          customers: facts.customers,
          orders: facts.orders,
          quotes: facts.quotes,
          payerCustomerId: facts.payerCustomerId,
          payerOpenOrders: facts.payerOpenOrders,
        });

  if (decision.kind === 'matched') {
    const orderId = decision.orderReference ? (facts.orders.get(decision.orderReference)?.id ?? facts.payerOpenOrders.find((o) => o.reference === decision.orderReference)?.id ?? null) : null;
    const credited = amountInCurrency(ctx.fx, deposit, currencyOf(decision.customerId))!;
    await ctx.sql.query(
      `UPDATE bank_deposits SET status = 'matched', match_rule = $2, customer_id = $3, order_id = $4 WHERE id = $1`,
      [depositId, decision.rule, decision.customerId, orderId],
    );
    const credit = await creditDeposit(ctx.sql, { depositId, customerId: decision.customerId, orderId, received, creditedMinor: credited, from: 'bank', now: ctx.now });
    return { kind: 'matched', depositId, customerId: decision.customerId, rule: decision.rule, orderReference: decision.orderReference, ordersToFulfil: credit.ordersToFulfil, released: credit.released };
  }

  // Unsure: the money waits in suspense and staff decide, with the candidates (and, when nothing
  // pointed anywhere, any open order of exactly this amount) offered as one-click choices.
  const candidates = decision.candidates.length > 0 ? decision.candidates : await sameAmountCandidates(ctx, entry);
  await postEntry(ctx.sql, events.depositUnidentified(received, `deposit:${depositId}:1`, `Unidentified deposit ${depositId} (${entry.payerName ?? 'unknown payer'})`, ctx.now.toISOString()));
  await ctx.sql.query(
    `WITH ticket AS (INSERT INTO handoff_tickets (deposit_id, reason, detail) VALUES ($1, 'unmatched_deposit', $2))
     UPDATE bank_deposits SET review_reason = $3, candidates = $4::jsonb WHERE id = $1`,
    [depositId, `${decision.reason}: ${entry.currency} ${entry.amountMinor} from ${entry.payerName ?? 'unknown payer'}, "${entry.remittance.slice(0, 200)}"`.slice(0, 2000), decision.reason, JSON.stringify(candidates)],
  );
  return { kind: 'for_staff', depositId, reason: decision.reason };
}

async function sameAmountCandidates(ctx: SettlementContext, entry: BankEntry): Promise<Candidate[]> {
  const rows = await ctx.sql.query<{ customer_id: string; reference: string }>(
    `SELECT customer_id, reference FROM orders WHERE status = 'awaiting_payment' AND currency = $1 AND total_minor BETWEEN $2::bigint - $3::bigint AND $2::bigint + $3::bigint ORDER BY id DESC LIMIT 5`,
    [entry.currency, entry.amountMinor, entry.currency === 'USD' ? ctx.toleranceUsdMinor : 0],
  );
  return rows.map((r) => ({ customerId: r.customer_id, orderReference: r.reference, why: 'an order waiting for this amount' }));
}

/**
 * The bank took back a credit (RvslInd on a debit): the deposit it reverses is found by its
 * end-to-end id, else by the same amount, payer account and text; its ledger effects are reversed.
 * Money already spent cannot be taken back by the bot: that goes to staff.
 */
async function reverseDeposit(ctx: SettlementContext, entry: BankEntry): Promise<EntryOutcome> {
  const [done] = await ctx.sql.query<{ id: number }>(`SELECT id FROM bank_deposits WHERE reversal_key = $1 OR entry_key = $1`, [entry.key]);
  if (done) return { kind: 'already_imported', depositId: done.id };
  const [original] = await ctx.sql.query<{ id: number; status: string; customer_id: string | null }>(
    `SELECT id, status::text AS status, customer_id FROM bank_deposits
     WHERE reversal_key IS NULL AND status IN ('matched', 'for_staff') AND amount_minor = $1 AND currency = $2
       AND (($3::text IS NOT NULL AND end_to_end_id = $3) OR ($3::text IS NULL AND payer_account IS NOT DISTINCT FROM $4 AND remittance_text = regexp_replace($5, '^(return|rücküberweisung|retour|devolución|devolução)[: ]*', '', 'i')))
     ORDER BY id DESC LIMIT 1 FOR UPDATE`,
    [entry.amountMinor, entry.currency, entry.endToEndId, entry.payerAccount, entry.remittance],
  );
  if (!original) return { kind: 'reversal_for_staff', reason: `a reversal of ${entry.currency} ${entry.amountMinor} (${entry.location}) matches no imported deposit` };
  const entries = await ctx.sql.query<{ id: string }>(
    `SELECT e.id::text AS id FROM journal_entries e WHERE e.idempotency_key LIKE $1 AND e.reverses_entry_id IS NULL
       AND NOT EXISTS (SELECT 1 FROM journal_entries r WHERE r.reverses_entry_id = e.id) ORDER BY e.id DESC`,
    [`deposit:${original.id}:%`],
  );
  // A savepoint: a reversal the ledger refuses (the money was already spent) leaves nothing behind,
  // and the rest of the file still imports.
  await ctx.sql.query('SAVEPOINT deposit_reversal');
  for (const [i, e] of entries.entries()) {
    const reversed = await reverseEntry(ctx.sql, Number(e.id), `deposit:${original.id}:bank-reversal:${i + 1}`, ctx.now.toISOString(), `the bank reversed it (${entry.location})`);
    if (!reversed.ok) {
      await ctx.sql.query('ROLLBACK TO SAVEPOINT deposit_reversal');
      const reason = `the bank reversed deposit ${original.id} (${entry.location}), but ${reversed.code === 'exceeds_balance' ? 'the money was already spent on orders' : `the ledger refused it (${reversed.code})`}: a person decides`;
      await ctx.sql.query(
        `WITH ticket AS (INSERT INTO handoff_tickets (deposit_id, customer_id, reason, detail) VALUES ($1, $2, 'unmatched_deposit', $3))
         UPDATE bank_deposits SET reversal_key = $4, review_reason = $3, note = concat_ws(E'\\n', note, $3::text) WHERE id = $1`,
        [original.id, original.customer_id, reason, entry.key],
      );
      return { kind: 'reversal_for_staff', reason };
    }
  }
  await ctx.sql.query('RELEASE SAVEPOINT deposit_reversal');
  await ctx.sql.query(`UPDATE bank_deposits SET status = 'reversed', reversal_key = $2, decided_at = now(), note = concat_ws(E'\n', note, $3::text) WHERE id = $1`, [original.id, entry.key, `reversed by the bank (${entry.location})`]);
  await ctx.sql.query(`UPDATE handoff_tickets SET status = 'released', released_at = now() WHERE deposit_id = $1 AND status IN ('open', 'claimed')`, [original.id]);
  return { kind: 'reversed', depositId: original.id };
}
