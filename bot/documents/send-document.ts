import { sql as raw } from 'kysely';
import { formatMoney } from '../../domain/money';
import { documentTexts } from '../../domain/replies/document-texts';
import type { Sql } from '../db/sql';
import { invoiceFileName } from '../invoices/issue-invoice';
import type { ConversationRef } from '../pipeline/reply';
import { resellerEmailThread, resellerThread } from '../settlement/reseller-thread';
import { statementFileName } from '../statements/run-statements';
import { enqueueReply } from '../store/outbox';
import { q, run } from '../store/query-builder';
import { documentAttachments } from './document-files';

// A statement, an invoice or a credit note on its way to the reseller, as files (PDF and CSV) with a line in their
// language: on a conversation the caller names (the thread that asked), or on the reseller's own
// thread and, when that is not email, by email too. Each send has its key (`why`), so a retried
// step sends once; a resend by staff is a new key.

type Thread = ConversationRef & { language: string | null };

const day = (d: Date | string) => (typeof d === 'string' ? d : d.toISOString().slice(0, 10));

async function statementMessage(sql: Sql, statementId: number) {
  const [s] = await run(
    sql,
    q.selectFrom('statements').select(['id', 'customer_id', 'period_start', 'currency', 'closing_minor', 'account_type', 'access_token', 'pdf_bytes']).where('id', '=', statementId),
  );
  if (!s) return null;
  const month = day(s.period_start).slice(0, 7);
  return {
    customerId: s.customer_id,
    text: (language: string | null) => documentTexts(language).statementAttached(month, formatMoney({ amountMinor: s.closing_minor, currency: s.currency }), s.account_type === 'postpaid' ? 'due' : 'available'),
    attachments: documentAttachments(s.access_token, s.pdf_bytes ? statementFileName(s.customer_id, month, 'pdf') : null, statementFileName(s.customer_id, month, 'csv')),
  };
}

async function invoiceMessage(sql: Sql, invoiceId: number) {
  const [i] = await run(sql, q.selectFrom('invoices').select(['id', 'number', 'customer_id', 'currency', 'amount_minor', 'due_date', 'access_token', 'pdf_bytes']).where('id', '=', invoiceId));
  if (!i) return null;
  return {
    customerId: i.customer_id,
    text: (language: string | null) => documentTexts(language).invoiceAttached(i.number, formatMoney({ amountMinor: i.amount_minor, currency: i.currency }), day(i.due_date)),
    attachments: documentAttachments(i.access_token, i.pdf_bytes ? invoiceFileName(i.number, 'pdf') : null, invoiceFileName(i.number, 'csv')),
  };
}

async function creditNoteMessage(sql: Sql, creditNoteId: number) {
  const [c] = await run(
    sql,
    q.selectFrom('credit_notes as cn')
      .leftJoin('invoices as i', 'i.id', 'cn.invoice_id')
      .leftJoin('orders as o', 'o.id', 'cn.order_id')
      .select(['cn.number', 'cn.customer_id', 'cn.currency', 'cn.amount_minor', 'cn.access_token', 'cn.pdf_bytes', 'i.number as invoice_number', 'o.reference as order_reference'])
      .where('cn.id', '=', creditNoteId),
  );
  if (!c) return null;
  return {
    customerId: c.customer_id,
    text: (language: string | null) =>
      c.invoice_number !== null
        ? documentTexts(language).creditNoteAttached(c.number, formatMoney({ amountMinor: c.amount_minor, currency: c.currency }), c.invoice_number)
        : documentTexts(language).orderCreditNoteAttached(c.number, formatMoney({ amountMinor: c.amount_minor, currency: c.currency }), c.order_reference ?? ''),
    attachments: documentAttachments(c.access_token, c.pdf_bytes ? invoiceFileName(c.number, 'pdf') : null, invoiceFileName(c.number, 'csv')),
  };
}

export type DocumentKind = 'statement' | 'invoice' | 'credit_note';
export type DocumentRef = { kind: DocumentKind; id: number };

const MESSAGE_OF: Record<DocumentKind, typeof statementMessage> = { statement: statementMessage, invoice: invoiceMessage, credit_note: creditNoteMessage };

/**
 * Sends the document; returns the conversations it went to (none when the reseller has no thread
 * at all, e.g. never wrote and has no email). `why` makes the idempotency keys (e.g. "scheduled",
 * "asked:<message id>", "staff:<uuid>").
 */
export async function sendDocument(sql: Sql, ref: DocumentRef, why: string, now: Date, to: Thread | null = null): Promise<number[]> {
  const message = await MESSAGE_OF[ref.kind](sql, ref.id);
  if (!message) throw new Error(`${ref.kind} ${ref.id} does not exist`);
  const threads: Thread[] = [];
  if (to) threads.push(to);
  else {
    const own = await resellerThread(sql, message.customerId, null);
    if (own) threads.push(own);
    if (own?.channel !== 'email') {
      const email = await resellerEmailThread(sql, message.customerId);
      if (email) threads.push({ ...email, language: email.language ?? own?.language ?? null });
    }
  }
  for (const thread of threads) {
    await enqueueReply(sql, thread, `${ref.kind}:${ref.id}:${why}:${thread.id}`, message.text(thread.language), message.attachments, now);
  }
  if (ref.kind === 'statement' && threads.length > 0) {
    await run(sql, q.updateTable('statements').set({ sent_at: raw<Date>`coalesce(sent_at, ${now})` }).where('id', '=', ref.id));
  }
  return threads.map((t) => t.id);
}
