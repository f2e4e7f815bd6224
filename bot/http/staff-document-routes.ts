import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { sql as raw } from 'kysely';
import { z } from 'zod';
import { formatMinorAsDecimal } from '../../domain/money';
import { poolSql, transaction, type Sql } from '../db/sql';
import { documentUrl } from '../documents/document-files';
import { sendDocument, type DocumentKind } from '../documents/send-document';
import { invoiceFileName } from '../invoices/issue-invoice';
import { statementFileName } from '../statements/run-statements';
import { q, run } from '../store/query-builder';
import type { StaffDeps } from './staff-routes';
import type { StaffGuard } from './staff-guard';

// The finance page's third section (/staff/finance): issued statements and invoices, newest first,
// with links to their kept files (/documents/<token>/<file>) and a Resend button. A resend is a new
// send (its own key, `staff:<uuid>`), queued in one transaction on the reseller's thread and by
// email, as the scheduled send was; the conversations it wrote to are woken after the commit.

type Guard = StaffGuard;
type Kind = DocumentKind;
const KINDS = ['statement', 'invoice', 'credit_note'] as const;

/** Rows in one answer: the newest; a filter narrows further back. */
export const DOCUMENTS_LIST_MAX = 200;

const listQuery = z.object({
  kind: z.preprocess((v) => (v === '' ? undefined : v), z.enum(KINDS).optional()),
  customer: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z.string().trim().regex(/^B2B-?\d{3,}$/i, 'customer must be a reseller id such as B2B-003').transform((c) => c.toUpperCase().replace(/^B2B-?/, 'B2B-')).optional(),
  ),
  limit: z.coerce.number().int().min(1).max(DOCUMENTS_LIST_MAX).default(DOCUMENTS_LIST_MAX),
});
const docParams = z.object({ kind: z.enum(KINDS), id: z.coerce.number().int().positive().max(2_147_483_647) });
const resendBody = z.object({}).strict();
const issues = (error: z.ZodError) => error.issues.map((i) => `${i.path.join('.') || 'query'}: ${i.message}`).join('; ');

export interface DocumentRow {
  kind: Kind;
  id: number;
  /** The invoice or credit note number, or the statement's month (YYYY-MM). */
  label: string;
  customerId: string;
  company: string;
  currency: string;
  /** As printed: the closing balance of a statement, the amount of an invoice. */
  amount: string;
  /** A statement: 'available' (prepaid) or 'due' (postpaid); an invoice: 'issued', 'paid', 'overdue' or 'void'; a credit note: 'credited'. */
  status: string;
  /** A credit note: the invoice it corrects. */
  corrects: string | null;
  dueDate: string | null;
  issuedAt: string;
  sentAt: string | null;
  lastSentAt: string | null;
  pdfUrl: string | null;
  csvUrl: string;
}

/** The first and last time a document went out: its outbound transcript rows (keys `<kind>:<id>:<why>:<conversation>`). */
const sends = (kind: Kind, idColumn: 's.id' | 'i.id' | 'cn.id', fn: 'min' | 'max') =>
  q.selectFrom('messages as m')
    .select(raw<Date | null>`${raw.raw(fn)}(m.received_at)`.as('at'))
    .where('m.direction', '=', 'outbound')
    .where(raw<boolean>`m.channel_message_id like ${kind + ':'}::text || ${raw.ref(idColumn)}::text || ':%'`);

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

/** Issued statements and invoices, newest first; `today` (YYYY-MM-DD) decides which invoices are overdue. */
export async function listDocuments(sql: Sql, filter: z.infer<typeof listQuery>, today: string): Promise<DocumentRow[]> {
  const rows: DocumentRow[] = [];
  if (filter.kind === undefined || filter.kind === 'statement') {
    let statements = q
      .selectFrom('statements as s')
      .innerJoin('customers as c', 'c.customer_id', 's.customer_id')
      .select([
        's.id', 's.customer_id', 'c.company', 's.currency', 's.closing_minor', 's.account_type', 's.created_at', 's.sent_at', 's.access_token',
        raw<string>`to_char(s.period_start, 'YYYY-MM')`.as('month'),
        raw<boolean>`s.pdf_bytes is not null`.as('has_pdf'),
        sends('statement', 's.id', 'min').as('first_sent'),
        sends('statement', 's.id', 'max').as('last_sent'),
      ])
      .orderBy('s.created_at', 'desc')
      .orderBy('s.id', 'desc')
      .limit(filter.limit);
    if (filter.customer) statements = statements.where('s.customer_id', '=', filter.customer);
    for (const s of await run(sql, statements)) {
      rows.push({
        kind: 'statement', id: s.id, label: s.month, customerId: s.customer_id, company: s.company, currency: s.currency,
        amount: formatMinorAsDecimal(s.closing_minor, s.currency), status: s.account_type === 'postpaid' ? 'due' : 'available', corrects: null, dueDate: null,
        issuedAt: iso(s.created_at)!, sentAt: iso(s.first_sent ?? s.sent_at), lastSentAt: iso(s.last_sent ?? s.sent_at),
        pdfUrl: s.has_pdf ? documentUrl(s.access_token, statementFileName(s.customer_id, s.month, 'pdf')) : null,
        csvUrl: documentUrl(s.access_token, statementFileName(s.customer_id, s.month, 'csv')),
      });
    }
  }
  if (filter.kind === undefined || filter.kind === 'invoice') {
    let invoices = q
      .selectFrom('invoices as i')
      .innerJoin('customers as c', 'c.customer_id', 'i.customer_id')
      .select([
        'i.id', 'i.number', 'i.customer_id', 'c.company', 'i.currency', 'i.amount_minor', 'i.status', 'i.issued_at', 'i.access_token',
        raw<string>`to_char(i.due_date, 'YYYY-MM-DD')`.as('due'),
        raw<boolean>`i.pdf_bytes is not null`.as('has_pdf'),
        sends('invoice', 'i.id', 'min').as('first_sent'),
        sends('invoice', 'i.id', 'max').as('last_sent'),
      ])
      .orderBy('i.issued_at', 'desc')
      .orderBy('i.id', 'desc')
      .limit(filter.limit);
    if (filter.customer) invoices = invoices.where('i.customer_id', '=', filter.customer);
    for (const i of await run(sql, invoices)) {
      rows.push({
        kind: 'invoice', id: i.id, label: i.number, customerId: i.customer_id, company: i.company, currency: i.currency,
        amount: formatMinorAsDecimal(i.amount_minor, i.currency), status: i.status === 'issued' && i.due < today ? 'overdue' : i.status, corrects: null, dueDate: i.due,
        issuedAt: iso(i.issued_at)!, sentAt: iso(i.first_sent), lastSentAt: iso(i.last_sent),
        pdfUrl: i.has_pdf ? documentUrl(i.access_token, invoiceFileName(i.number, 'pdf')) : null,
        csvUrl: documentUrl(i.access_token, invoiceFileName(i.number, 'csv')),
      });
    }
  }
  if (filter.kind === undefined || filter.kind === 'credit_note') {
    let notes = q
      .selectFrom('credit_notes as cn')
      .innerJoin('customers as c', 'c.customer_id', 'cn.customer_id')
      .leftJoin('invoices as i', 'i.id', 'cn.invoice_id')
      .leftJoin('orders as o', 'o.id', 'cn.order_id')
      .select([
        'cn.id', 'cn.number', 'cn.customer_id', 'c.company', 'cn.currency', 'cn.amount_minor', 'cn.issued_at', 'cn.access_token', 'i.number as invoice_number', 'o.reference as order_reference',
        raw<boolean>`cn.pdf_bytes is not null`.as('has_pdf'),
        sends('credit_note', 'cn.id', 'min').as('first_sent'),
        sends('credit_note', 'cn.id', 'max').as('last_sent'),
      ])
      .orderBy('cn.issued_at', 'desc')
      .orderBy('cn.id', 'desc')
      .limit(filter.limit);
    if (filter.customer) notes = notes.where('cn.customer_id', '=', filter.customer);
    for (const n of await run(sql, notes)) {
      rows.push({
        kind: 'credit_note', id: n.id, label: n.number, customerId: n.customer_id, company: n.company, currency: n.currency,
        amount: formatMinorAsDecimal(n.amount_minor, n.currency), status: 'credited', corrects: n.invoice_number ?? n.order_reference, dueDate: null,
        issuedAt: iso(n.issued_at)!, sentAt: iso(n.first_sent), lastSentAt: iso(n.last_sent),
        pdfUrl: n.has_pdf ? documentUrl(n.access_token, invoiceFileName(n.number, 'pdf')) : null,
        csvUrl: documentUrl(n.access_token, invoiceFileName(n.number, 'csv')),
      });
    }
  }
  // The lists are newest first; merged, the newest of any stay.
  return rows.sort((a, b) => b.issuedAt.localeCompare(a.issuedAt) || (a.kind === b.kind ? b.id - a.id : a.kind.localeCompare(b.kind))).slice(0, filter.limit);
}

/** Resellers that have a document, for the page's filter. */
async function resellersWithDocuments(sql: Sql): Promise<{ customerId: string; company: string }[]> {
  const rows = await run(
    sql,
    q.selectFrom('customers as c')
      .select(['c.customer_id', 'c.company'])
      .where((eb) => eb.or([eb.exists(eb.selectFrom('statements as s').select('s.id').whereRef('s.customer_id', '=', 'c.customer_id')), eb.exists(eb.selectFrom('invoices as i').select('i.id').whereRef('i.customer_id', '=', 'c.customer_id'))]))
      .orderBy('c.customer_id'),
  );
  return rows.map((r) => ({ customerId: r.customer_id, company: r.company }));
}

export function staffDocumentRoutes(app: FastifyInstance, deps: StaffDeps, guard: Guard): void {
  const sql = poolSql(deps.db.pool);

  app.get('/staff/api/finance/documents', async (request, reply) => {
    if (!(await guard(request, reply, 'api'))) return reply;
    const query = listQuery.safeParse(request.query);
    if (!query.success) return reply.code(400).send({ error: issues(query.error) });
    const today = new Date().toISOString().slice(0, 10);
    const [documents, resellers] = await Promise.all([listDocuments(sql, query.data, today), resellersWithDocuments(sql)]);
    return { today, documents, resellers };
  });

  app.post('/staff/api/finance/documents/:kind/:id/resend', async (request, reply) => {
    const staff = await guard(request, reply, 'change', 'money');
    if (!staff) return reply;
    const params = docParams.safeParse(request.params);
    if (!params.success) return reply.code(404).send({ error: 'not found' });
    const body = resendBody.safeParse(request.body ?? {});
    if (!body.success) return reply.code(400).send({ error: issues(body.error).replace(/^query/, 'body') });
    const { kind, id } = params.data;
    const now = new Date();
    const sent = await transaction(deps.db.pool, async (tx) => {
      const table = ({ statement: 'statements', invoice: 'invoices', credit_note: 'credit_notes' } as const)[kind];
      const [found] = await run(tx, q.selectFrom(table).select('customer_id').where('id', '=', id));
      if (!found) return null;
      return { customerId: found.customer_id, conversations: await sendDocument(tx, { kind, id }, `staff:${randomUUID()}`, now) };
    });
    if (!sent) return reply.code(404).send({ error: `no ${kind} ${id}` });
    if (sent.conversations.length === 0) {
      return reply.code(409).send({ error: `${sent.customerId} has no conversation and no email address yet: nothing was sent` });
    }
    for (const conversationId of sent.conversations) deps.activity?.emit('replied', conversationId);
    const [row] = (await listDocuments(sql, { kind, customer: sent.customerId, limit: DOCUMENTS_LIST_MAX }, now.toISOString().slice(0, 10))).filter((d) => d.id === id);
    const where = sent.conversations.length === 1 ? 'one conversation' : `${sent.conversations.length} conversations`;
    return { ok: true, message: `sent again to ${sent.customerId} (${where}) by ${staff.email}`, document: row ?? null };
  });
}
