import { toIsoDate } from '../../domain/dates';
import { requestedMonth } from '../../domain/parsing/requested-month';
import { documentTexts } from '../../domain/replies/document-texts';
import { parseStatementMonth } from '../../domain/statements/period';
import type { Sql } from '../db/sql';
import type { CustomerRow } from '../pipeline/account';
import type { ConversationRef } from '../pipeline/reply';
import { runStatements } from '../statements/run-statements';
import { q, run } from '../store/query-builder';
import { sendDocument } from './send-document';

// A reseller asked in chat for a statement ("statement for October", "对账单") or their invoice:
// the document goes back on the thread that asked (a verified identity of the reseller: unverified
// senders never get this far), as files. A statement of an ended month not made yet is made now;
// a month that has not ended is explained, as is a month with nothing on the account.

export interface AskContext {
  sql: Sql;
  conversation: ConversationRef;
  language: string | null;
  customer: CustomerRow;
  now: Date;
  /** This answer's idempotency key (reply:<message>:<n>). */
  key: string;
}

/** Returns the text to reply when no document is sent; null when the document went out. */
export async function answerStatementRequest(ctx: AskContext, text: string): Promise<string | null> {
  const t = documentTexts(ctx.language);
  const thisMonth = toIsoDate(ctx.now).slice(0, 7);
  const asked = requestedMonth(text, toIsoDate(ctx.now));
  if (asked !== null && asked >= thisMonth) return t.statementNotYet(asked);
  let month = asked;
  if (month === null) {
    const [latest] = await run(ctx.sql, q.selectFrom('statements').select('id').where('customer_id', '=', ctx.customer.id).orderBy('period_start', 'desc').limit(1));
    if (latest) return send(ctx, latest.id);
    const previous = new Date(Date.UTC(ctx.now.getUTCFullYear(), ctx.now.getUTCMonth() - 1, 1));
    month = previous.toISOString().slice(0, 7);
  }
  const parsed = parseStatementMonth(month);
  if (!parsed.ok) return t.noStatement(month);
  const result = await runStatements(ctx.sql, { period: parsed.period, customerId: ctx.customer.id, now: ctx.now });
  const document = result.ok ? result.documents[0] : undefined;
  return document ? send(ctx, document.statement.id) : t.noStatement(month);
}

export async function answerInvoiceRequest(ctx: AskContext): Promise<string | null> {
  const t = documentTexts(ctx.language);
  if (ctx.customer.accountType !== 'postpaid') return t.invoicePostpaidOnly;
  const [latest] = await run(ctx.sql, q.selectFrom('invoices').select('id').where('customer_id', '=', ctx.customer.id).orderBy('issue_date', 'desc').orderBy('id', 'desc').limit(1));
  if (!latest) return t.noInvoice;
  await sendDocument(ctx.sql, { kind: 'invoice', id: latest.id }, ctx.key, ctx.now, { ...ctx.conversation, language: ctx.language });
  return null;
}

async function send(ctx: AskContext, statementId: number): Promise<null> {
  await sendDocument(ctx.sql, { kind: 'statement', id: statementId }, ctx.key, ctx.now, { ...ctx.conversation, language: ctx.language });
  return null;
}
