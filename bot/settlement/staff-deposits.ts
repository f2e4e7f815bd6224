import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { isIsoDate } from '../../domain/dates';
import * as events from '../../domain/ledger/events';
import { CURRENCY_EXPONENTS, formatMinorAsDecimal, parseDecimalToMinor } from '../../domain/money';
import { foldPayerAccount, foldPayerName } from '../../domain/settlement/references';
import type { Database } from '../db/database';
import { poolSql, transaction, type Sql } from '../db/sql';
import { postEntry, reverseEntry } from '../ledger/ledger-store';
import { creditDeposit, nextDepositKey } from './credit-deposit';
import { amountInCurrency } from '../../domain/settlement/plan-entry';
import { OPEN_MINOR } from './deposit-facts';
import { loadFxRows } from './import-bank-file';
import { recordEntries, type EntryOutcome } from './record-deposit';
import { closeDepositTickets, openDepositTickets } from '../store/tickets';
import { findReseller, lockReseller } from '../store/customers';

// What staff do with deposits: match one to a reseller (and an order), mark one as not ours,
// undo a wrong match (reversing entries, never a delete), and record a payment that came another
// way. Every action records who did it and when, and what staff confirm is learned: the payer's
// account and name then match that reseller by themselves (with an amount equal to an open order).

export class DepositError extends Error {}

export interface DepositRow {
  id: number;
  status: 'matched' | 'for_staff' | 'not_ours' | 'reversed';
  source: string;
  fileName: string | null;
  valueDate: string;
  amount: string;
  currency: string;
  usd: string;
  payerName: string | null;
  payerAccount: string | null;
  remittance: string;
  customerId: string | null;
  company: string | null;
  orderRef: string | null;
  matchRule: string | null;
  reviewReason: string | null;
  candidates: { customerId: string; orderReference: string | null; why: string }[];
  credited: string | null;
  decidedBy: string | null;
  decidedAt: string | null;
  note: string | null;
  importedAt: string;
  released: string[];
}

const SELECT = `SELECT d.id, d.status::text AS status, d.source, d.file_name, to_char(d.value_date, 'YYYY-MM-DD') AS value_date, d.amount_minor::text AS amount_minor,
  d.currency, d.usd_minor::text AS usd_minor, d.payer_name, d.payer_account, d.remittance_text, d.customer_id, c.company, o.reference AS order_ref,
  d.match_rule, d.review_reason, d.candidates, d.credited_minor::text AS credited_minor, c.currency AS customer_currency, s.email AS decided_by, d.decided_at, d.note, d.imported_at,
  (SELECT coalesce(json_agg(ao.reference ORDER BY ao.id), '[]') FROM payment_allocations pa JOIN orders ao ON ao.id = pa.order_id WHERE pa.deposit_id = d.id) AS released
  FROM bank_deposits d LEFT JOIN customers c ON c.customer_id = d.customer_id LEFT JOIN orders o ON o.id = d.order_id LEFT JOIN staff_users s ON s.id = d.decided_by_staff_id`;

type Raw = Record<string, unknown> & { currency: string; customer_currency: string | null };

function toRow(r: Raw): DepositRow {
  const money = (v: unknown, currency: string) => (v === null || v === undefined ? null : formatMinorAsDecimal(Number(v), currency));
  return {
    id: r.id as number,
    status: r.status as DepositRow['status'],
    source: r.source as string,
    fileName: r.file_name as string | null,
    valueDate: r.value_date as string,
    amount: money(r.amount_minor, r.currency)!,
    currency: r.currency,
    usd: money(r.usd_minor, 'USD')!,
    payerName: r.payer_name as string | null,
    payerAccount: r.payer_account as string | null,
    remittance: r.remittance_text as string,
    customerId: r.customer_id as string | null,
    company: r.company as string | null,
    orderRef: r.order_ref as string | null,
    matchRule: r.match_rule as string | null,
    reviewReason: r.review_reason as string | null,
    candidates: (r.candidates as DepositRow['candidates'] | null) ?? [],
    credited: r.customer_currency ? money(r.credited_minor, r.customer_currency) : null,
    decidedBy: r.decided_by as string | null,
    decidedAt: r.decided_at ? (r.decided_at as Date).toISOString() : null,
    note: r.note as string | null,
    importedAt: (r.imported_at as Date).toISOString(),
    released: r.released as string[],
  };
}

export const depositFilter = z.object({
  status: z.enum(['matched', 'for_staff', 'not_ours', 'reversed']).optional(),
  customer: z.string().trim().max(20).optional(),
  q: z.string().trim().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export async function listDeposits(db: Database, filter: z.infer<typeof depositFilter>): Promise<DepositRow[]> {
  const rows = await poolSql(db.pool).query<Raw>(
    `${SELECT} WHERE ($1::text IS NULL OR d.status::text = $1) AND ($2::text IS NULL OR d.customer_id = upper($2))
       AND ($3::text IS NULL OR d.payer_name ILIKE '%' || $3 || '%' OR d.remittance_text ILIKE '%' || $3 || '%' OR d.bank_reference ILIKE '%' || $3 || '%')
     ORDER BY (d.status = 'for_staff') DESC, d.id DESC LIMIT $4`,
    [filter.status ?? null, filter.customer || null, filter.q || null, filter.limit],
  );
  return rows.map(toRow);
}

export async function depositView(db: Database, id: number): Promise<(DepositRow & { openOrders: { customerId: string; orderRef: string; open: string; currency: string }[] }) | null> {
  const [row] = await poolSql(db.pool).query<Raw>(`${SELECT} WHERE d.id = $1`, [id]);
  if (!row) return null;
  const deposit = toRow(row);
  const ids = [...new Set([deposit.customerId, ...deposit.candidates.map((c) => c.customerId)].filter((x): x is string => !!x))];
  const open = await poolSql(db.pool).query<{ customer_id: string; reference: string; open_minor: string; currency: string }>(
    `SELECT * FROM (SELECT o.customer_id, o.reference, (${OPEN_MINOR})::text AS open_minor, o.currency, o.id FROM orders o
       WHERE o.customer_id = ANY($1::text[]) AND (o.status = 'awaiting_payment' OR o.payment_method = 'postpaid') ORDER BY o.id DESC LIMIT 100) x
     WHERE open_minor::bigint > 0 ORDER BY id`,
    [ids],
  );
  return { ...deposit, openOrders: open.map((o) => ({ customerId: o.customer_id, orderRef: o.reference, open: formatMinorAsDecimal(Number(o.open_minor), o.currency), currency: o.currency })) };
}

export interface ActionResult {
  ordersToFulfil: number[];
  message: string;
}

async function lockDeposit(sql: Sql, id: number) {
  const [d] = await sql.query<{ id: number; status: string; amount_minor: string; currency: string; usd_minor: string; value_date: string; payer_name: string | null; payer_account: string | null; customer_id: string | null }>(
    `SELECT id, status::text AS status, amount_minor::text AS amount_minor, currency, usd_minor::text AS usd_minor,
            to_char(value_date, 'YYYY-MM-DD') AS value_date, payer_name, payer_account, customer_id
     FROM bank_deposits WHERE id = $1 FOR UPDATE`,
    [id],
  );
  if (!d) throw new DepositError(`deposit ${id} does not exist`);
  return d;
}


/** Staff match a deposit in suspense to a reseller (and an order); the payer is learned for next time. */
export async function staffMatchDeposit(db: Database, input: { depositId: number; customerId: string; orderRef: string | null; staffId: number; now?: Date }): Promise<ActionResult> {
  const now = input.now ?? new Date();
  const fx = await loadFxRows(db);
  return transaction(db.pool, async (sql) => {
    const d = await lockDeposit(sql, input.depositId);
    if (d.status !== 'for_staff') throw new DepositError(`deposit ${d.id} is ${d.status.replace('_', ' ')}, not waiting for staff${d.status === 'matched' ? ': undo the match first' : ''}`);
    const found = await findReseller(sql, input.customerId);
    const customer = found ? { customer_id: found.id, currency: found.currency, active: found.active } : null;
    if (!customer) throw new DepositError(`no reseller ${input.customerId}`);
    let orderId: number | null = null;
    if (input.orderRef) {
      const [order] = await sql.query<{ id: number; customer_id: string }>(`SELECT id, customer_id FROM orders WHERE reference = $1`, [input.orderRef.toUpperCase()]);
      if (!order) throw new DepositError(`no order ${input.orderRef}`);
      if (order.customer_id !== customer.customer_id) throw new DepositError(`${input.orderRef} is an order of ${order.customer_id}, not ${customer.customer_id}`);
      orderId = order.id;
    }
    const credited = amountInCurrency(fx, { amountMinor: Number(d.amount_minor), currency: d.currency, usdMinor: Number(d.usd_minor), valueDate: d.value_date }, customer.currency);
    if (credited === null || credited <= 0) throw new DepositError(`no FX rate to convert ${d.currency} into ${customer.currency} on ${d.value_date}: load one with esim-hub fx import`);
    await sql.query(
      `UPDATE bank_deposits SET status = 'matched', match_rule = 'staff', customer_id = $2, order_id = $3, decided_by_staff_id = $4, decided_at = $5 WHERE id = $1`,
      [d.id, customer.customer_id, orderId, input.staffId, now],
    );
    const credit = await creditDeposit(sql, {
      depositId: d.id,
      customerId: customer.customer_id,
      orderId,
      received: { amountMinor: Number(d.amount_minor), currency: d.currency, usdMinor: Number(d.usd_minor) },
      creditedMinor: credited,
      from: 'suspense',
      now,
    });
    // Learned: this payer is this reseller's (rule 3 of the matching).
    const aliases = [
      d.payer_account ? ['account', foldPayerAccount(d.payer_account)] : null,
      d.payer_name && foldPayerName(d.payer_name) ? ['name', foldPayerName(d.payer_name)] : null,
    ].filter((a): a is string[] => a !== null);
    for (const [kind, value] of aliases) {
      await sql.query(
        `INSERT INTO payer_aliases (kind, value, customer_id, confirmed_by_staff_id) VALUES ($1, $2, $3, $4)
         ON CONFLICT (kind, value) DO UPDATE SET customer_id = EXCLUDED.customer_id, confirmed_by_staff_id = EXCLUDED.confirmed_by_staff_id, created_at = now()`,
        [kind, value, customer.customer_id, input.staffId],
      );
    }
    await closeDepositTickets(sql, d.id, input.staffId);
    return { ordersToFulfil: credit.ordersToFulfil, message: `deposit ${d.id} matched to ${customer.customer_id}${input.orderRef ? ` (${input.orderRef.toUpperCase()})` : ''}${credit.released.length ? `; released ${credit.released.join(', ')}` : ''}` };
  });
}

/** Not a payment to us (sent back outside the bot): out of suspense, back out of the bank. */
export async function markNotOurs(db: Database, input: { depositId: number; staffId: number; note: string; now?: Date }): Promise<ActionResult> {
  const now = input.now ?? new Date();
  return transaction(db.pool, async (sql) => {
    const d = await lockDeposit(sql, input.depositId);
    if (d.status !== 'for_staff') throw new DepositError(`deposit ${d.id} is ${d.status.replace('_', ' ')}; only one waiting for staff can be marked not ours`);
    const posted = await postEntry(sql, events.depositReturned({ amountMinor: Number(d.amount_minor), currency: d.currency, usdMinor: Number(d.usd_minor) }, await nextDepositKey(sql, d.id), `Deposit ${d.id} not ours: ${input.note}`.slice(0, 300), now.toISOString()));
    if (!posted.ok) throw new DepositError(`the ledger refused it (${posted.code})`);
    await sql.query(`UPDATE bank_deposits SET status = 'not_ours', decided_by_staff_id = $2, decided_at = $3, note = concat_ws(E'\\n', note, $4::text) WHERE id = $1`, [d.id, input.staffId, now, input.note]);
    await closeDepositTickets(sql, d.id, input.staffId);
    return { ordersToFulfil: [], message: `deposit ${d.id} marked as not ours` };
  });
}

/** A wrong match undone: its entries reversed, the money back in suspense, a ticket for staff. */
export async function undoMatch(db: Database, input: { depositId: number; staffId: number; reason: string; now?: Date }): Promise<ActionResult> {
  const now = input.now ?? new Date();
  return transaction(db.pool, async (sql) => {
    const d = await lockDeposit(sql, input.depositId);
    if (d.status !== 'matched') throw new DepositError(`deposit ${d.id} is ${d.status.replace('_', ' ')}, not matched`);
    if (d.customer_id) await lockReseller(sql, d.customer_id);
    const credits = await sql.query<{ id: string }>(
      `SELECT e.id::text AS id FROM journal_entries e WHERE e.idempotency_key LIKE $1 AND e.kind IN ('prepaid_topup', 'payment_received')
         AND NOT EXISTS (SELECT 1 FROM journal_entries r WHERE r.reverses_entry_id = e.id) ORDER BY e.id DESC`,
      [`deposit:${d.id}:%`],
    );
    for (const e of credits) {
      const reversed = await reverseEntry(sql, Number(e.id), await nextDepositKey(sql, d.id), now.toISOString(), `wrong match undone by staff: ${input.reason}`.slice(0, 200));
      if (!reversed.ok) {
        const spent = await sql.query<{ reference: string }>(`SELECT o.reference FROM payment_allocations pa JOIN orders o ON o.id = pa.order_id WHERE pa.deposit_id = $1`, [d.id]);
        throw new DepositError(
          reversed.code === 'exceeds_balance'
            ? `deposit ${d.id} was already spent${spent.length ? ` on ${spent.map((s) => s.reference).join(', ')}` : ''}: the reseller's balance cannot give it back. Settle it with the reseller first.`
            : `the ledger refused to reverse it (${reversed.code})`,
        );
      }
    }
    await postEntry(sql, events.depositUnidentified({ amountMinor: Number(d.amount_minor), currency: d.currency, usdMinor: Number(d.usd_minor) }, await nextDepositKey(sql, d.id), `Deposit ${d.id} back in suspense: ${input.reason}`.slice(0, 300), now.toISOString()));
    await openDepositTickets(sql, [{ depositId: d.id, customerId: d.customer_id, detail: `match to ${d.customer_id} undone: ${input.reason}`.slice(0, 500) }]);
    await sql.query(
      `UPDATE bank_deposits SET status = 'for_staff', review_reason = $2, decided_by_staff_id = $3, decided_at = $4, note = concat_ws(E'\\n', note, $2::text),
         candidates = coalesce(candidates, '[]'::jsonb) || jsonb_build_array(jsonb_build_object('customerId', customer_id, 'orderReference', NULL, 'why', 'matched before the undo'))
       WHERE id = $1`,
      [d.id, `match to ${d.customer_id} undone: ${input.reason}`.slice(0, 500), input.staffId, now],
    );
    return { ordersToFulfil: [], message: `the match of deposit ${d.id} to ${d.customer_id} was undone; it is waiting for staff again` };
  });
}

export const manualPayment = z.object({
  amount: z.string().trim().min(1, 'amount is required'),
  currency: z.string().trim().toUpperCase().refine((c) => CURRENCY_EXPONENTS[c] !== undefined, 'currency must be one we keep accounts in (EUR, USD, THB ...)'),
  valueDate: z.string().trim().refine(isIsoDate, 'valueDate must be a date (YYYY-MM-DD)'),
  reference: z.string().trim().max(300).default(''),
  payerName: z.string().trim().max(200).optional(),
  note: z.string().trim().min(1, 'note is required: say how the money came').max(1000),
});

/** Money that came another way (cash, a card payment, a second bank): through the same matching and booking. */
export async function recordManualPayment(db: Database, input: z.infer<typeof manualPayment> & { staffId: number; toleranceUsdMinor: number; now?: Date }): Promise<{ outcome: EntryOutcome; ordersToFulfil: number[] }> {
  let amountMinor: number;
  try {
    amountMinor = parseDecimalToMinor(input.amount, input.currency);
  } catch (error) {
    throw new DepositError(`amount: ${(error as Error).message}`);
  }
  if (amountMinor <= 0) throw new DepositError('amount: must be above zero');
  const now = input.now ?? new Date();
  const fx = await loadFxRows(db);
  const [outcome] = await transaction(db.pool, (sql) =>
    recordEntries(
      { sql, fx, toleranceUsdMinor: input.toleranceUsdMinor, now, source: 'manual', fileName: null, staffId: input.staffId, note: input.note },
      [{
        key: `manual:${randomUUID()}`,
        account: null,
        direction: 'credit',
        reversal: false,
        status: 'booked',
        bookingDate: input.valueDate,
        valueDate: input.valueDate,
        amountMinor,
        currency: input.currency,
        payerName: input.payerName || null,
        payerAccount: null,
        remittance: input.reference,
        bankReference: null,
        endToEndId: null,
        location: 'recorded by hand',
      }],
    ),
  );
  return { outcome: outcome!, ordersToFulfil: outcome!.kind === 'matched' ? outcome!.ordersToFulfil : [] };
}
