import { createHash } from 'node:crypto';
import { sql as raw } from 'kysely';
import { z } from 'zod';
import { creditNoteCounterName, formatCreditNoteNumber, yearOf } from '../../domain/invoices/calendar';
import type { CreditNoteDraft } from '../../domain/invoices/credit-note';
import { formatMoney } from '../../domain/money';
import { decideOrderCredit, ORDER_CREDIT_ESIMS_MAX, ORDER_CREDIT_MODES } from '../../domain/orders/order-credit';
import { texts } from '../../domain/replies/texts';
import { applyEvent } from '../conversation/conversation-store';
import type { Database } from '../db/database';
import { transaction } from '../db/sql';
import { ISSUER_NAME } from '../documents/issuer';
import { sendDocument } from '../documents/send-document';
import { keepCreditNote } from '../invoices/credit-note-store';
import { refreshInvoiceStatus } from '../invoices/invoice-standing';
import { invoiceCustomer, takeInvoiceSequence } from '../invoices/invoice-store';
import { renderCreditNoteCsv } from '../invoices/render-csv';
import { renderCreditNotePdf } from '../invoices/render-pdf';
import { postEntry } from '../ledger/ledger-store';
import { resellerThread } from '../settlement/reseller-thread';
import { recordAudit } from '../store/audit';
import { enqueueReply } from '../store/outbox';
import { q, run } from '../store/query-builder';
import { chargeOf, creditableEsims, money, OrderDeskError, orderRow } from './order-desk';

// What staff do to an order from the order desk: cancel one still unpaid, credit or refund eSIMs of a
// delivered one. Each in one transaction with its ledger entry, documents and the reseller's message.

const submissionKey = z.string().trim().regex(/^[A-Za-z0-9-]{16,64}$/, 'a key made once per form (16 to 64 letters, digits or dashes)');

export const cancelInput = z.object({
  reason: z.string().trim().min(1, 'reason is required: say why the order is cancelled').max(500),
});

/**
 * Cancels an order still waiting for payment: nothing was held or charged for it (a prepaid order
 * that waits has no hold; money that came in part is a balance, not the order's), so no money
 * moves; a ledger entry of the order would mean it was paid, and is refused. The reseller is told on
 * the order's thread; the conversation waiting for it is free again.
 */
export async function cancelUnpaidOrder(db: Database, orderId: number, staffId: number, input: z.infer<typeof cancelInput>, now = new Date()) {
  return transaction(db.pool, async (sql) => {
    const o = await orderRow(sql, orderId, true);
    if (!o) throw new OrderDeskError('no such order', 404);
    if (o.status === 'cancelled') return { conversationId: null as number | null, message: `${o.reference} was already cancelled`, repeated: true };
    if (o.status !== 'awaiting_payment') throw new OrderDeskError(`${o.reference} is ${o.status.replaceAll('_', ' ')}: only an order waiting for payment can be cancelled (a delivered one is credited or refunded)`);
    const [booked] = await run(sql, q.selectFrom('journal_entries').select('id').where('order_id', '=', o.id).limit(1));
    const [allocated] = await run(sql, q.selectFrom('payment_allocations').select('id').where('order_id', '=', o.id).limit(1));
    if (booked || allocated) throw new OrderDeskError(`${o.reference} has money booked against it: decide that money on the deposits page first`);
    await run(sql, q.updateTable('orders').set({ status: 'cancelled', updated_at: now }).where('id', '=', o.id).where('status', '=', 'awaiting_payment'));
    if (o.quote_id !== null) await run(sql, q.updateTable('quotes').set({ status: 'cancelled', updated_at: now }).where('id', '=', o.quote_id).where('status', 'in', ['open', 'confirmed']));
    await recordAudit(sql, { by: staffId, action: 'order.cancel', subject: `order:${o.id}`, customerId: o.customer_id, before: { status: o.status }, after: { status: 'cancelled', reason: input.reason, order: o.reference }, at: now });
    const thread = await resellerThread(sql, o.customer_id, o.id);
    if (o.conversation_id !== null) await applyEvent(sql, [o.conversation_id], () => ({ kind: 'order_cancelled', orderRef: o.reference }));
    if (thread) await enqueueReply(sql, thread, `order-cancel:${o.reference}`, texts(thread.language).cancelledOrder(o.reference), [], now);
    return { conversationId: thread?.id ?? null, message: `${o.reference} is cancelled${thread ? '; the reseller is told on their thread' : ''}`, repeated: false };
  });
}

export const creditInput = z.object({
  mode: z.enum(ORDER_CREDIT_MODES),
  profileIds: z.array(z.coerce.number().int().positive().max(2_147_483_647)).min(1, 'choose at least one eSIM').max(ORDER_CREDIT_ESIMS_MAX),
  reason: z.string().trim().min(1, 'reason is required: say why (e.g. undeliverable, returned by the end customer)').max(500),
  submissionKey,
});
export type CreditInput = z.infer<typeof creditInput>;

/**
 * Credits (to the reseller's account) or refunds (paid back outside the bot) eSIMs of a delivered
 * order: one balanced entry taking the revenue back, the credit note (CN-YYYY-NNNNN, correcting the
 * invoice that billed the order when there is one), the eSIMs marked credited, the audit event, and
 * the credit note on the reseller's thread, all in one transaction. The form's key makes it once:
 * the same key again answers what it did, with another input it is refused.
 */
export async function creditDeliveredOrder(db: Database, orderId: number, staffId: number, input: CreditInput, now = new Date()) {
  const hash = createHash('sha256').update(JSON.stringify({ orderId, mode: input.mode, profileIds: [...new Set(input.profileIds)].sort((a, b) => a - b), reason: input.reason })).digest('hex');
  return transaction(db.pool, async (sql) => {
    // The order row is the lock: two submissions of one form (or two staff at once) queue here.
    const o = await orderRow(sql, orderId, true);
    if (!o) throw new OrderDeskError('no such order', 404);
    const [previous] = await run(
      sql,
      q.selectFrom('order_credits as oc').innerJoin('credit_notes as cn', 'cn.id', 'oc.credit_note_id').select(['oc.order_id', 'oc.input_hash', 'oc.amount_minor', 'oc.currency', 'cn.number']).where('oc.submission_key', '=', input.submissionKey),
    );
    if (previous) {
      if (previous.order_id !== orderId || previous.input_hash !== hash) throw new OrderDeskError('this form was already sent with other eSIMs, amount or reason: open the order again to credit more', 422);
      return { repeated: true, creditNote: previous.number, amount: money(previous.amount_minor, previous.currency), conversationIds: [] as number[], message: `already done: credit note ${previous.number} for ${money(previous.amount_minor, previous.currency)} (this form was sent before: nothing new was booked)` };
    }
    const charge = await chargeOf(sql, o.id);
    const decision = decideOrderCredit({
      order: { id: o.id, reference: o.reference, customerId: o.customer_id, status: o.status, currency: o.currency },
      chargedFrom: charge,
      esims: await creditableEsims(sql, o.id),
      profileIds: input.profileIds,
      mode: input.mode,
      reason: input.reason,
      submissionKey: input.submissionKey,
      occurredAt: now.toISOString(),
    });
    if (!decision.ok) throw new OrderDeskError(decision.detail, decision.code === 'esim_not_in_order' ? 422 : 409);
    // A postpaid charge is billed by an invoice; the credit note corrects that invoice, so one must exist first.
    if (charge!.account === 'receivable' && charge!.invoiceId === null) {
      throw new OrderDeskError(`${o.reference} is not invoiced yet: credit it once its invoice is issued (the credit note corrects that invoice), or run invoices for ${o.customer_id} now`);
    }
    const posted = await postEntry(sql, decision.entry);
    if (!posted.ok) throw new OrderDeskError(posted.code === 'exceeds_balance' ? `the ledger refused it: ${posted.accountCode} would be overdrawn` : 'the ledger refused it: this key was used for another entry');

    const customer = await invoiceCustomer(sql, o.customer_id, true);
    if (!customer) throw new Error(`reseller ${o.customer_id} of ${o.reference} does not exist`);
    const [invoice] = charge!.invoiceId === null ? [] : await run(sql, q.selectFrom('invoices').select(['id', 'number', raw<string>`to_char(issue_date, 'YYYY-MM-DD')`.as('issue_date')]).where('id', '=', charge!.invoiceId));
    const issueDate = now.toISOString().slice(0, 10);
    const where = input.mode === 'refund' ? 'is paid back to you' : charge!.account === 'prepaid' ? 'is credited to your prepaid balance' : invoice ? `is taken off what invoice ${invoice.number} asks for` : 'is credited to your account';
    const draft: CreditNoteDraft = {
      issuerName: ISSUER_NAME,
      customer,
      invoice: invoice ? { id: invoice.id, number: invoice.number, issueDate: invoice.issue_date } : null,
      order: { id: o.id, reference: o.reference },
      currency: o.currency,
      issueDate,
      reason: `${input.mode === 'refund' ? 'Refund' : 'Credit'} for eSIMs of order ${o.reference}: ${input.reason}`,
      settlement: `${formatMoney({ amountMinor: decision.amountMinor, currency: o.currency })} ${where}.`,
      lines: decision.lines.map((l) => ({
        entryId: posted.entryId,
        orderReference: o.reference,
        customerReference: o.customer_reference ?? undefined,
        date: issueDate,
        kind: 'item' as const,
        sku: l.sku,
        description: `${l.sku}: ${l.iccids.length <= 3 ? l.iccids.join(', ') : `${l.iccids.slice(0, 3).join(', ')} and ${l.iccids.length - 3} more`}`,
        quantity: l.quantity,
        unitPriceMinor: l.unitPriceMinor,
        lineMinor: l.lineMinor,
        unitPriceUsdMinor: l.unitPriceUsdMinor,
        lineUsdMinor: l.lineUsdMinor,
      })),
      totalMinor: decision.amountMinor,
      totalUsdMinor: decision.usdMinor,
      reversalEntryIds: [],
    };
    const year = yearOf(issueDate);
    const number = formatCreditNoteNumber(year, await takeInvoiceSequence(sql, creditNoteCounterName(year)));
    const csv = renderCreditNoteCsv(draft, number);
    const pdf = await renderCreditNotePdf(draft, number, { issuedAt: now });
    const note = await keepCreditNote(sql, draft, number, { csv, pdf, pdfSha256: createHash('sha256').update(pdf).digest('hex') }, now);
    const [credit] = await run(
      sql,
      q.insertInto('order_credits')
        .values({
          order_id: o.id, submission_key: input.submissionKey, input_hash: hash, mode: input.mode, reason: input.reason, currency: o.currency,
          amount_minor: decision.amountMinor, amount_usd_minor: decision.usdMinor, entry_id: posted.entryId, credit_note_id: note.id, staff_user_id: staffId, created_at: now,
        })
        .returning('id'),
    );
    await run(sql, q.insertInto('order_credit_esims').values(decision.profileIds.map((id) => ({ esim_profile_id: id, order_credit_id: credit!.id }))));
    if (invoice) await refreshInvoiceStatus(sql, [invoice.id], now);
    const amount = formatMoney({ amountMinor: decision.amountMinor, currency: o.currency });
    await recordAudit(sql, {
      by: staffId, action: `order.${input.mode}`, subject: `order:${o.id}`, customerId: o.customer_id,
      after: { order: o.reference, esims: decision.profileIds.length, amount, creditNote: number, entryId: posted.entryId, reason: input.reason },
      at: now,
    });
    // The credit note goes to the order's thread (and by email where they have one), with a line in their language.
    const to = await resellerThread(sql, o.customer_id, o.id);
    const conversationIds = await sendDocument(sql, { kind: 'credit_note', id: note.id }, `order-credit:${input.submissionKey}`, now, to);
    return { repeated: false, creditNote: number, amount, conversationIds, message: `${input.mode === 'refund' ? 'refunded' : 'credited'} ${decision.profileIds.length} eSIM(s) of ${o.reference}: ${amount}, credit note ${number}${conversationIds.length ? '; sent to the reseller' : ''}` };
  });
}

