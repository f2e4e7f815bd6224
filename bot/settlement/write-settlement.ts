import type { PlannedEffect } from '../../domain/settlement/plan-entry';
import type { Sql } from '../db/sql';
import { applyEvent } from '../conversation/conversation-store';
import { postEntries } from '../ledger/ledger-store';
import { writeLowBalance } from './low-balance';
import { enqueueReplies } from '../store/outbox';
import { openDepositTickets } from '../store/tickets';
import { markOrdersPaidByDeposit } from '../store/orders';
import { q, run } from '../store/query-builder';
import { refreshInvoiceStatus } from '../invoices/invoice-standing';

// Writes what settlement planned, in the caller's transaction, a statement per kind of effect
// rather than per effect: a bank file of 10,000 entries is about ten statements. The order is
// that of the foreign keys: deposits, then the ledger entries, allocations and orders that name
// them, then messages and tickets.

export interface WriteContext {
  now: Date;
  source: 'camt053' | 'csv' | 'manual';
  fileName: string | null;
  staffId: number | null;
  note: string | null;
}

type Of<K extends PlannedEffect['kind']> = Extract<PlannedEffect, { kind: K }>;

export async function writeSettlement(sql: Sql, effects: readonly PlannedEffect[], ctx: WriteContext): Promise<void> {
  const of = <K extends PlannedEffect['kind']>(kind: K) => effects.filter((e): e is Of<K> => e.kind === kind);

  const deposits = of('deposit').map((d) => d.row);
  if (deposits.length > 0) {
    const col = <T,>(pick: (r: (typeof deposits)[number]) => T) => deposits.map(pick);
    // Raw: a bulk insert over unnest(arrays) (one statement, one plan, for 1 or 10,000 rows); it returns no rows.
    await sql.query(
      `INSERT INTO bank_deposits (id, entry_key, account, bank_reference, end_to_end_id, booking_date, value_date, amount_minor, currency, usd_minor,
                                  payer_name, payer_account, remittance_text, location, status, match_rule, customer_id, order_id,
                                  credited_minor, review_reason, candidates, source, file_name, decided_by_staff_id, decided_at, note)
       SELECT u.id, u.entry_key, u.account, u.bank_reference, u.end_to_end_id, u.booking_date, u.value_date, u.amount_minor, u.currency, u.usd_minor,
              u.payer_name, u.payer_account, u.remittance_text, u.location, u.status::"DepositStatus", u.match_rule, u.customer_id, u.order_id,
              u.credited_minor, u.review_reason, u.candidates, $22, $23, $24::int, CASE WHEN $24::int IS NULL THEN NULL ELSE $25::timestamptz END, $26
       FROM unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::text[], $6::date[], $7::date[], $8::bigint[], $9::text[], $10::bigint[],
                   $11::text[], $12::text[], $13::text[], $14::text[], $15::text[], $16::text[], $17::text[], $18::int[], $19::bigint[], $20::text[], $21::jsonb[])
         AS u(id, entry_key, account, bank_reference, end_to_end_id, booking_date, value_date, amount_minor, currency, usd_minor,
              payer_name, payer_account, remittance_text, location, status, match_rule, customer_id, order_id, credited_minor, review_reason, candidates)`,
      [
        col((r) => r.id), col((r) => r.entry.key), col((r) => r.entry.account), col((r) => r.entry.bankReference), col((r) => r.entry.endToEndId),
        col((r) => r.entry.bookingDate), col((r) => r.valueDate), col((r) => String(r.entry.amountMinor)), col((r) => r.entry.currency), col((r) => String(r.usdMinor)),
        col((r) => r.entry.payerName), col((r) => r.entry.payerAccount), col((r) => r.entry.remittance), col((r) => r.entry.location), col((r) => r.status), col((r) => r.matchRule),
        col((r) => r.customerId), col((r) => r.orderId), col((r) => (r.creditedMinor === null ? null : String(r.creditedMinor))), col((r) => r.reviewReason),
        col((r) => (r.candidates === null ? null : JSON.stringify(r.candidates))),
        ctx.source, ctx.fileName, ctx.staffId, ctx.now, ctx.note,
      ],
    );
  }

  await postEntries(sql, of('ledger').map((e) => e.draft));

  const allocations = of('allocation');
  if (allocations.length > 0) {
    // Raw: a bulk insert over unnest(arrays), as the deposits above; it returns no rows.
    await sql.query(
      `INSERT INTO payment_allocations (deposit_id, order_id, amount_minor) SELECT * FROM unnest($1::int[], $2::int[], $3::bigint[]) ON CONFLICT DO NOTHING`,
      [allocations.map((a) => a.depositId), allocations.map((a) => a.orderId), allocations.map((a) => String(a.amountMinor))],
    );
  }

  // Deposits that named an invoice: recorded against it, and the invoice paid once they cover it (issue 14).
  const invoicePayments = of('invoice_payment');
  if (invoicePayments.length > 0) {
    await run(sql, q.insertInto('invoice_payments').values(invoicePayments.map((p) => ({ deposit_id: p.depositId, invoice_id: p.invoiceId, amount_minor: p.amountMinor }))).onConflict((oc) => oc.doNothing()));
    await refreshInvoiceStatus(sql, invoicePayments.map((p) => p.invoiceId), ctx.now);
  }

  const paid = of('order_paid');
  if (paid.length > 0) {
    // The book locked these orders waiting for payment: each must still be one.
    const updated = await markOrdersPaidByDeposit(sql, paid.map((p) => p.orderId), ctx.now);
    if (updated.length !== paid.length) throw new Error(`settlement: ${paid.length - updated.length} of ${paid.length} orders were no longer waiting for payment; nothing was written`);
    // The conversation waiting for the order moves on (the first order paid, if one waited for several).
    const firstPaid = new Map<number, string>();
    const order = new Map(paid.map((p, i) => [p.orderRef, i]));
    for (const row of [...updated].sort((a, b) => order.get(a.reference)! - order.get(b.reference)!)) {
      if (row.conversation_id !== null && !firstPaid.has(row.conversation_id)) firstPaid.set(row.conversation_id, row.reference);
    }
    await applyEvent(sql, [...firstPaid.keys()], (id) => ({ kind: 'payment_arrived', orderRef: firstPaid.get(id)! }));
  }

  const messages = of('message');
  await enqueueReplies(sql, messages.map((m) => ({ to: m.thread, key: m.key, text: m.text })), ctx.now);

  const tickets = of('ticket');
  if (tickets.length > 0) {
    await openDepositTickets(sql, tickets);
  }

  // Rare (a balance crossing its threshold), and an alert may need an email conversation: one at a time.
  const alerted = new Set<string>();
  for (const step of of('low_balance')) {
    const repeat = step.alert !== null && alerted.has(step.alert.key);
    if (step.alert) alerted.add(step.alert.key);
    await writeLowBalance(sql, repeat ? { ...step, alert: null } : step, ctx.now);
  }
}
