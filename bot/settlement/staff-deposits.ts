import { z } from 'zod';
import { isIsoDate } from '../../domain/dates';
import * as events from '../../domain/ledger/events';
import { CURRENCY_EXPONENTS, formatMinorAsDecimal, parseDecimalToMinor } from '../../domain/money';
import { foldPayerAccount, foldPayerName } from '../../domain/settlement/references';
import type { Database } from '../db/database';
import { poolSql, transaction, type Sql } from '../db/sql';
import { postEntry, reverseEntry } from '../ledger/ledger-store';
import { creditDeposit } from './credit-deposit';
import { amountInCurrency } from '../../domain/settlement/plan-entry';
import { recordEntries, type EntryOutcome } from './record-deposit';
import { recordInvoicePayment, resellerInvoice, withdrawInvoicePayment } from '../invoices/invoice-payments';
import { remittanceReferences } from '../../domain/settlement/references';
import { closeDepositTickets, openDepositTickets } from '../store/tickets';
import { findReseller, lockReseller } from '../store/customers';
import { depositByEntryKey, depositEntriesToReverse, learnPayer, lockEntryKey, lockDeposit as lockDepositRow, markMatchedByStaff, markNotOursByStaff, nextDepositKey, ordersPaidByDeposit, returnToStaff } from '../store/deposits';
import { loadFxRows } from '../store/fx-rates';
import { q, run } from '../store/query-builder';
import { recordAudit } from '../store/audit';

// What staff do with deposits: match one to a reseller (and an order), mark one as not ours,
// undo a wrong match (reversing entries, never a delete), and record a payment that came another
// way (what they see of deposits is deposit-list.ts). Every action records who did it and when, and what staff confirm is learned: the payer's
// account and name then match that reseller by themselves (with an amount equal to an open order).

export class DepositError extends Error {}

export interface ActionResult {
  ordersToFulfil: number[];
  message: string;
}

async function lockDeposit(sql: Sql, id: number) {
  const d = await lockDepositRow(sql, id);
  if (!d) throw new DepositError(`deposit ${id} does not exist`);
  return d;
}

/** Staff match a deposit in suspense to a reseller (and an order); the payer is learned for next time. */
export async function staffMatchDeposit(db: Database, input: { depositId: number; customerId: string; orderRef: string | null; invoiceNumber?: string | null; staffId: number; now?: Date }): Promise<ActionResult> {
  const now = input.now ?? new Date();
  const fx = await loadFxRows(poolSql(db.pool));
  return transaction(db.pool, async (sql) => {
    const d = await lockDeposit(sql, input.depositId);
    if (d.status !== 'for_staff') throw new DepositError(`deposit ${d.id} is ${d.status.replace('_', ' ')}, not waiting for staff${d.status === 'matched' ? ': undo the match first' : ''}`);
    const found = await findReseller(sql, input.customerId);
    const customer = found ? { customer_id: found.id, currency: found.currency, active: found.active } : null;
    if (!customer) throw new DepositError(`no reseller ${input.customerId}`);
    let orderId: number | null = null;
    if (input.orderRef) {
      const [order] = await run(sql, q.selectFrom('orders').select(['id', 'customer_id']).where('reference', '=', input.orderRef.toUpperCase()));
      if (!order) throw new DepositError(`no order ${input.orderRef}`);
      if (order.customer_id !== customer.customer_id) throw new DepositError(`${input.orderRef} is an order of ${order.customer_id}, not ${customer.customer_id}`);
      orderId = order.id;
    }
    const credited = amountInCurrency(fx, { amountMinor: d.amount_minor, currency: d.currency, usdMinor: d.usd_minor, valueDate: d.value_date }, customer.currency);
    if (credited === null || credited <= 0) throw new DepositError(`no FX rate to convert ${d.currency} into ${customer.currency} on ${d.value_date}: load one with esim-hub fx import`);
    // The invoice it pays: the one staff chose, else one of this reseller's that the remittance named.
    const invoice = await resellerInvoice(sql, customer.customer_id, input.invoiceNumber ? [input.invoiceNumber.toUpperCase()] : remittanceReferences(d.remittance_text).invoices);
    if (input.invoiceNumber && !invoice) throw new DepositError(`no invoice ${input.invoiceNumber.toUpperCase()} of ${customer.customer_id} to pay`);
    await markMatchedByStaff(sql, { id: d.id, customerId: customer.customer_id, orderId, staffId: input.staffId, at: now });
    const credit = await creditDeposit(sql, {
      depositId: d.id,
      customerId: customer.customer_id,
      orderId,
      ...(invoice ? { firstOrderIds: invoice.orderIds } : {}),
      received: { amountMinor: d.amount_minor, currency: d.currency, usdMinor: d.usd_minor },
      creditedMinor: credited,
      from: 'suspense',
      now,
    });
    // Learned: this payer is this reseller's (rule 3 of the matching).
    const aliases = [
      d.payer_account ? { kind: 'account' as const, value: foldPayerAccount(d.payer_account) } : null,
      d.payer_name && foldPayerName(d.payer_name) ? { kind: 'name' as const, value: foldPayerName(d.payer_name) } : null,
    ].filter((a) => a !== null);
    for (const alias of aliases) await learnPayer(sql, { ...alias, customerId: customer.customer_id, staffId: input.staffId });
    if (invoice) await recordInvoicePayment(sql, { invoiceId: invoice.id, depositId: d.id, amountMinor: credited, now });
    await closeDepositTickets(sql, d.id, input.staffId);
    await recordAudit(sql, {
      by: input.staffId,
      action: 'deposit.match',
      subject: `deposit:${d.id}`,
      customerId: customer.customer_id,
      before: { status: d.status },
      after: { status: 'matched', customerId: customer.customer_id, orderRef: input.orderRef?.toUpperCase() ?? null, invoice: invoice?.number ?? null, received: `${d.currency} ${d.amount_minor}`, creditedMinor: credited, currency: customer.currency },
      at: now,
    });
    return {
      ordersToFulfil: credit.ordersToFulfil,
      message: `deposit ${d.id} matched to ${customer.customer_id}${input.orderRef ? ` (${input.orderRef.toUpperCase()})` : ''}${invoice ? ` towards ${invoice.number}` : ''}${credit.released.length ? `; released ${credit.released.join(', ')}` : ''}`,
    };
  });
}

/** Not a payment to us (sent back outside the bot): out of suspense, back out of the bank. */
export async function markNotOurs(db: Database, input: { depositId: number; staffId: number; note: string; now?: Date }): Promise<ActionResult> {
  const now = input.now ?? new Date();
  return transaction(db.pool, async (sql) => {
    const d = await lockDeposit(sql, input.depositId);
    if (d.status !== 'for_staff') throw new DepositError(`deposit ${d.id} is ${d.status.replace('_', ' ')}; only one waiting for staff can be marked not ours`);
    const posted = await postEntry(sql, events.depositReturned({ amountMinor: d.amount_minor, currency: d.currency, usdMinor: d.usd_minor }, await nextDepositKey(sql, d.id), `Deposit ${d.id} not ours: ${input.note}`.slice(0, 300), now.toISOString()));
    if (!posted.ok) throw new DepositError(`the ledger refused it (${posted.code})`);
    await markNotOursByStaff(sql, { id: d.id, staffId: input.staffId, at: now, note: input.note });
    await recordAudit(sql, { by: input.staffId, action: 'deposit.not_ours', subject: `deposit:${d.id}`, before: { status: d.status }, after: { status: 'not_ours', note: input.note }, at: now });
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
    const credits = await depositEntriesToReverse(sql, d.id, 'credits');
    for (const entryId of credits) {
      const reversed = await reverseEntry(sql, entryId, await nextDepositKey(sql, d.id), now.toISOString(), `wrong match undone by staff: ${input.reason}`.slice(0, 200));
      if (!reversed.ok) {
        const spent = await ordersPaidByDeposit(sql, d.id);
        throw new DepositError(
          reversed.code === 'exceeds_balance'
            ? `deposit ${d.id} was already spent${spent.length ? ` on ${spent.join(', ')}` : ''}: the reseller's balance cannot give it back. Settle it with the reseller first.`
            : `the ledger refused to reverse it (${reversed.code})`,
        );
      }
    }
    await postEntry(sql, events.depositUnidentified({ amountMinor: d.amount_minor, currency: d.currency, usdMinor: d.usd_minor }, await nextDepositKey(sql, d.id), `Deposit ${d.id} back in suspense: ${input.reason}`.slice(0, 300), now.toISOString()));
    // An invoice it paid is owed again (issued, or overdue past its due date).
    const invoiceNumber = await withdrawInvoicePayment(sql, d.id, now);
    await openDepositTickets(sql, [{ depositId: d.id, customerId: d.customer_id, detail: `match to ${d.customer_id} undone: ${input.reason}`.slice(0, 500) }]);
    await returnToStaff(sql, { id: d.id, reason: `match to ${d.customer_id} undone: ${input.reason}`.slice(0, 500), staffId: input.staffId, at: now });
    await recordAudit(sql, { by: input.staffId, action: 'deposit.undo_match', subject: `deposit:${d.id}`, customerId: d.customer_id, before: { status: 'matched', customerId: d.customer_id, invoice: invoiceNumber }, after: { status: 'for_staff', reason: input.reason }, at: now });
    return { ordersToFulfil: [], message: `the match of deposit ${d.id} to ${d.customer_id} was undone${invoiceNumber ? ` (no longer paying ${invoiceNumber})` : ''}; it is waiting for staff again` };
  });
}

export const manualPayment = z.object({
  amount: z.string().trim().min(1, 'amount is required'),
  currency: z.string().trim().toUpperCase().refine((c) => CURRENCY_EXPONENTS[c] !== undefined, 'currency must be one we keep accounts in (EUR, USD, THB ...)'),
  valueDate: z.string().trim().refine(isIsoDate, 'valueDate must be a date (YYYY-MM-DD)'),
  reference: z.string().trim().max(300).default(''),
  payerName: z.string().trim().max(200).optional(),
  note: z.string().trim().min(1, 'note is required: say how the money came').max(1000),
  /** One per filling of the form (the page makes it, a new one after each payment recorded): the same key twice is the same payment. */
  submissionKey: z.uuid('submissionKey must be a UUID, made once per filling of the form').transform((k) => k.toLowerCase()),
});

export interface ManualPaymentResult {
  outcome: EntryOutcome;
  ordersToFulfil: number[];
  /** The submission key was recorded before: nothing new was booked, the outcome is that deposit's. */
  repeated: boolean;
}

/**
 * Money that came another way (cash, a card payment, a second bank): through the same matching and
 * booking. Its bank entry key is the form's submission key, so a double submit or a retried request
 * books once: the deposit row is unique by that key, its journal entries by the deposit's id
 * (deposit:<id>:1 ...), and the key is held (an advisory lock) from the look-up to the commit, so a
 * second request waits for the first and answers with its deposit. The same key with other money
 * (amount, currency or value date) is refused: that is a different payment sent from a stale form.
 */
export async function recordManualPayment(db: Database, input: z.infer<typeof manualPayment> & { staffId: number; toleranceUsdMinor: number; now?: Date }): Promise<ManualPaymentResult> {
  let amountMinor: number;
  try {
    amountMinor = parseDecimalToMinor(input.amount, input.currency);
  } catch (error) {
    throw new DepositError(`amount: ${(error as Error).message}`);
  }
  if (amountMinor <= 0) throw new DepositError('amount: must be above zero');
  const key = `manual:${input.submissionKey.toLowerCase()}`;
  const now = input.now ?? new Date();
  const fx = await loadFxRows(poolSql(db.pool));
  return transaction(db.pool, async (sql): Promise<ManualPaymentResult> => {
    await lockEntryKey(sql, key);
    const before = await depositByEntryKey(sql, key);
    if (before) {
      const currency = before.currency.trim();
      const recorded = `${currency} ${formatMinorAsDecimal(Number(before.amount_minor), currency)} on ${before.value_date}`;
      if (Number(before.amount_minor) !== amountMinor || currency !== input.currency || before.value_date !== input.valueDate) {
        throw new DepositError(
          `this form was already recorded as deposit ${before.id} (${recorded}); it was not recorded again as ${input.currency} ${formatMinorAsDecimal(amountMinor, input.currency)} on ${input.valueDate}. To record another payment, reload the page and fill the form again.`,
        );
      }
      const outcome: EntryOutcome =
        before.status === 'matched' && before.customer_id
          ? { kind: 'matched', depositId: before.id, customerId: before.customer_id, rule: before.match_rule ?? 'staff', orderReference: before.order_reference, ordersToFulfil: [], released: [] }
          : before.status === 'for_staff'
            ? { kind: 'for_staff', depositId: before.id, reason: before.review_reason ?? 'it waits for staff' }
            : { kind: 'already_imported', depositId: before.id };
      return { outcome, ordersToFulfil: [], repeated: true };
    }
    const outcomes = await recordEntries(
      { sql, fx, toleranceUsdMinor: input.toleranceUsdMinor, now, source: 'manual', fileName: null, staffId: input.staffId, note: input.note },
      [{
        key,
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
    );
    const recorded = outcomes[0]!;
    await recordAudit(sql, {
      by: input.staffId,
      action: 'payment.record_manual',
      subject: 'depositId' in recorded ? `deposit:${recorded.depositId}` : 'deposit:new',
      customerId: recorded.kind === 'matched' ? recorded.customerId : null,
      after: { amount: input.amount, currency: input.currency, valueDate: input.valueDate, reference: input.reference, note: input.note, submissionKey: input.submissionKey, outcome: recorded.kind },
      at: now,
    });
    return { outcome: recorded, ordersToFulfil: recorded.kind === 'matched' ? recorded.ordersToFulfil : [], repeated: false };
  });
}
