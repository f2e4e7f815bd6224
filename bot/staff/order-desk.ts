import { sql as raw } from 'kysely';
import { formatMoney } from '../../domain/money';
import type { CreditableEsim } from '../../domain/orders/order-credit';
import type { Database } from '../db/database';
import { poolSql, transaction, type Sql } from '../db/sql';
import { documentUrl } from '../documents/document-files';
import { invoiceFileName } from '../invoices/issue-invoice';
import { recordAudit } from '../store/audit';
import { q, run } from '../store/query-builder';

// The order desk (issue 19): orders filtered and paged on the server, one order with everything
// staff need to answer a reseller (lines and why each costs what it costs, history, supplier chunks,
// eSIMs with their activation codes masked, ledger entries, the conversation), and the two order
// actions: cancel one still waiting for payment, and credit or refund eSIMs of a delivered one.
// Every change runs in one transaction with its audit event and the message to the reseller (the
// outbox), so either all of it happened or none of it.

export class OrderDeskError extends Error {
  constructor(
    message: string,
    readonly status: 404 | 409 | 422 = 409,
  ) {
    super(message);
  }
}

export const money = (amountMinor: number | bigint, currency: string) => formatMoney({ amountMinor: Number(amountMinor), currency });
/** An activation code as the page shows it before anyone asks: the last 4 characters, to compare with what a reseller reads out. */
export function maskCode(code: string): string {
  return `••••••••${code.slice(-4)}`;
}

export async function orderRow(sql: Sql, idOrRef: number | string, lock = false) {
  const query = q
    .selectFrom('orders as o')
    .innerJoin('customers as c', 'c.customer_id', 'o.customer_id')
    .leftJoin('quotes as qt', 'qt.id', 'o.quote_id')
    .leftJoin('staff_users as s', 's.id', 'o.placed_by_staff_id')
    .select([
      'o.id', 'o.reference', 'o.customer_reference', 'o.customer_id', 'c.company', 'c.account_type', 'o.quote_id', 'qt.reference as quote_reference', 'qt.created_at as quoted_at',
      'o.conversation_id', 'o.channel', 'o.conversation_key', 'o.status', 'o.payment_method', 'o.currency', 'o.total_minor', 'o.total_usd_minor', 'o.is_trial',
      's.email as placed_by', 'o.created_at', 'o.paid_at', 'o.delivered_at', 'o.updated_at',
    ])
    .where(typeof idOrRef === 'number' ? 'o.id' : 'o.reference', '=', idOrRef);
  const [row] = await run(sql, lock ? query.forUpdate('o') : query);
  return row ?? null;
}

/** The order's eSIMs with what each would be credited at, and whether it was. */
export async function creditableEsims(sql: Sql, orderId: number): Promise<CreditableEsim[]> {
  const rows = await run(
    sql,
    q.selectFrom('esim_profiles as e')
      .innerJoin('order_lines as l', 'l.id', 'e.order_line_id')
      .innerJoin('orders as o', 'o.id', 'e.order_id')
      .leftJoin('quote_lines as ql', (j) => j.onRef('ql.quote_id', '=', 'o.quote_id').onRef('ql.sku', '=', 'l.sku'))
      .leftJoin('order_credit_esims as ce', 'ce.esim_profile_id', 'e.id')
      .select(['e.id', 'e.iccid', 'l.sku', 'ql.unit_price_minor', 'l.unit_price_usd_minor', 'o.currency', 'o.total_minor', 'o.total_usd_minor', 'ce.order_credit_id'])
      .where('e.order_id', '=', orderId)
      .orderBy('e.id'),
  );
  return rows.map((r) => ({
    profileId: r.id,
    iccid: r.iccid,
    sku: r.sku,
    // The price the reseller was quoted in their currency; an order without a quote line (none today) is priced from USD at the order's own rate.
    unitPriceMinor: r.unit_price_minor !== null ? Number(r.unit_price_minor) : Math.round((Number(r.unit_price_usd_minor) * Number(r.total_minor)) / Math.max(1, Number(r.total_usd_minor))),
    unitPriceUsdMinor: Number(r.unit_price_usd_minor),
    alreadyCredited: r.order_credit_id !== null,
  }));
}

/** The order's revenue charge: which account paid it (prepaid hold or receivable), on which channel, and the invoice that billed it, if one did. */
export async function chargeOf(sql: Sql, orderId: number) {
  const rows = await run(
    sql,
    q.selectFrom('journal_entries as e')
      .innerJoin('postings as p', 'p.entry_id', 'e.id')
      .innerJoin('ledger_accounts as a', 'a.id', 'p.account_id')
      .leftJoin('invoice_charges as ic', 'ic.entry_id', 'e.id')
      .select((eb) => ['e.id', 'a.code', eb.cast<string | null>('e.channel', 'text').as('channel'), 'ic.invoice_id'])
      .where('e.order_id', '=', orderId)
      .where('e.kind', '=', 'order_revenue')
      .where('p.amount_minor', '>', raw<number>`0`)
      .where((eb) => eb.not(eb.exists(eb.selectFrom('journal_entries as r').select('r.id').whereRef('r.reverses_entry_id', '=', 'e.id'))))
      .orderBy('e.id'),
  );
  const first = rows[0];
  if (!first || !first.channel) return null;
  const account = first.code.startsWith('prepaid_held:') ? ('prepaid' as const) : first.code.startsWith('receivable:') ? ('receivable' as const) : null;
  if (!account) return null;
  return { account, channel: first.channel, invoiceId: rows.find((r) => r.invoice_id !== null)?.invoice_id ?? null };
}

export async function orderView(db: Database, idOrRef: number | string) {
  const sql = poolSql(db.pool);
  const o = await orderRow(sql, idOrRef);
  if (!o) return null;
  const [lines, chunks, esims, entries, postings, credits, audit] = await Promise.all([
    run(
      sql,
      q.selectFrom('order_lines as l')
        .leftJoin('quote_lines as ql', (j) => j.on('ql.quote_id', '=', o.quote_id ?? -1).onRef('ql.sku', '=', 'l.sku'))
        .select(['l.id', 'l.sku', 'l.quantity', 'l.quantity_delivered', 'l.unit_price_usd_minor', 'l.line_total_usd_minor', 'ql.unit_price_minor', 'ql.line_total_minor', 'ql.price_source', 'ql.pricing_decision'])
        .where('l.order_id', '=', o.id)
        .orderBy('l.id'),
    ),
    run(
      sql,
      q.selectFrom('supplier_orders as s')
        .innerJoin('order_lines as l', 'l.id', 's.order_line_id')
        .select(['s.id', 's.chunk_index', 'l.sku', 's.supplier', 's.package_code', 's.count', 's.status', 's.supplier_transaction_no', 's.attempts', 's.last_error', 's.created_at', 's.updated_at'])
        .where('s.order_id', '=', o.id)
        .orderBy('s.order_line_id')
        .orderBy('s.chunk_index'),
    ),
    run(
      sql,
      q.selectFrom('esim_profiles as e')
        .innerJoin('order_lines as l', 'l.id', 'e.order_line_id')
        .leftJoin('order_credit_esims as ce', 'ce.esim_profile_id', 'e.id')
        .leftJoin('order_credits as oc', 'oc.id', 'ce.order_credit_id')
        .leftJoin('credit_notes as cn', 'cn.id', 'oc.credit_note_id')
        .select(['e.id', 'e.iccid', 'l.sku', 'e.smdp_address', 'e.matching_id', 'e.is_test', 'e.created_at', 'oc.mode as credited_mode', 'cn.number as credit_note'])
        .where('e.order_id', '=', o.id)
        .orderBy('e.id'),
    ),
    run(
      sql,
      q.selectFrom('journal_entries').select(['id', 'idempotency_key', 'kind', 'description', 'occurred_at', 'reverses_entry_id']).where('order_id', '=', o.id).orderBy('occurred_at').orderBy('id'),
    ),
    run(
      sql,
      q.selectFrom('postings as p')
        .innerJoin('journal_entries as e', 'e.id', 'p.entry_id')
        .innerJoin('ledger_accounts as a', 'a.id', 'p.account_id')
        .select(['p.entry_id', 'a.code', 'a.name', 'p.currency', 'p.amount_minor', 'p.usd_minor'])
        .where('e.order_id', '=', o.id)
        .orderBy('p.id'),
    ),
    run(
      sql,
      q.selectFrom('order_credits as oc')
        .innerJoin('credit_notes as cn', 'cn.id', 'oc.credit_note_id')
        .innerJoin('staff_users as s', 's.id', 'oc.staff_user_id')
        .select(['oc.id', 'oc.mode', 'oc.reason', 'oc.amount_minor', 'oc.currency', 'oc.created_at', 's.email', 'cn.number', 'cn.access_token', raw<boolean>`cn.pdf_bytes is not null`.as('has_pdf'),
          (eb) => eb.selectFrom('order_credit_esims as ce').select(raw<number>`count(*)::int`.as('n')).whereRef('ce.order_credit_id', '=', 'oc.id').$asScalar().as('esims')])
        .where('oc.order_id', '=', o.id)
        .orderBy('oc.id'),
    ),
    run(sql, q.selectFrom('audit_events').select(['at', 'actor', 'action', 'after']).where('subject', '=', `order:${o.id}`).orderBy('at').orderBy('id')),
  ]);

  // The history from the rows' own timestamps and the audit trail: what happened, when, by whom.
  const history: { at: string; what: string; by: string | null }[] = [];
  if (o.quoted_at && o.quote_reference) history.push({ at: o.quoted_at.toISOString(), what: `Quoted as ${o.quote_reference}`, by: null });
  history.push({ at: o.created_at.toISOString(), what: `Ordered on ${o.channel}${o.is_trial ? ' (trial order)' : ''}`, by: o.placed_by });
  if (o.paid_at) history.push({ at: o.paid_at.toISOString(), what: `Paid (${o.payment_method ?? 'unknown'})`, by: null });
  for (const c of chunks) history.push({ at: c.created_at.toISOString(), what: `Supplier chunk ${c.chunk_index + 1} of ${c.sku}: ${c.count} requested`, by: null });
  if (o.delivered_at) history.push({ at: o.delivered_at.toISOString(), what: o.status === 'partially_delivered' ? 'Partly delivered' : 'Delivered', by: null });
  for (const a of audit) {
    const after = (a.after ?? {}) as Record<string, unknown>;
    const what =
      a.action === 'order.cancel' ? `Cancelled${after.reason ? `: ${String(after.reason)}` : ''}`
      : a.action === 'order.credit' || a.action === 'order.refund' ? `${a.action === 'order.refund' ? 'Refunded' : 'Credited'} ${String(after.esims ?? '')} eSIM(s), ${String(after.amount ?? '')} (${String(after.creditNote ?? '')})`
      : a.action === 'esim.reveal_code' ? `Activation code of ${String(after.iccid ?? '')} shown`
      : a.action === 'order.resend' ? `eSIMs sent again (${String(after.esims ?? '')}) to ${String(after.to ?? '')}`
      : a.action;
    history.push({ at: a.at.toISOString(), what, by: a.actor });
  }
  if (o.status === 'cancelled' && !audit.some((a) => a.action === 'order.cancel')) history.push({ at: o.updated_at.toISOString(), what: 'Cancelled', by: null });
  if (o.status === 'failed') history.push({ at: o.updated_at.toISOString(), what: 'Failed: the supplier could not deliver', by: null });
  history.sort((a, b) => a.at.localeCompare(b.at));

  const charge = await chargeOf(sql, o.id);
  return {
    id: o.id,
    reference: o.reference,
    customerReference: o.customer_reference,
    customerId: o.customer_id,
    company: o.company,
    accountType: o.account_type,
    quoteReference: o.quote_reference,
    status: o.status,
    channel: o.channel,
    paymentMethod: o.payment_method,
    currency: o.currency,
    total: money(o.total_minor, o.currency),
    totalUsd: money(o.total_usd_minor, 'USD'),
    isTrial: o.is_trial,
    placedBy: o.placed_by,
    createdAt: o.created_at.toISOString(),
    conversationId: o.conversation_id,
    conversationUrl: o.conversation_id === null ? null : `/staff?conversation=${o.conversation_id}`,
    lines: lines.map((l) => {
      const decision = (l.pricing_decision ?? null) as { reasons?: unknown; floorApplied?: unknown } | null;
      return {
        sku: l.sku,
        quantity: l.quantity,
        delivered: l.quantity_delivered,
        unitPrice: l.unit_price_minor === null ? null : money(l.unit_price_minor, o.currency),
        lineTotal: l.line_total_minor === null ? null : money(l.line_total_minor, o.currency),
        unitPriceUsd: money(l.unit_price_usd_minor, 'USD'),
        lineTotalUsd: money(l.line_total_usd_minor, 'USD'),
        priceSource: l.price_source,
        explanation: Array.isArray(decision?.reasons) ? decision.reasons.map(String) : [],
        floorApplied: decision?.floorApplied === true,
      };
    }),
    history,
    supplierChunks: chunks.map((c) => ({
      chunk: c.chunk_index + 1, sku: c.sku, supplier: c.supplier, packageCode: c.package_code, count: c.count, status: c.status,
      supplierTransactionNo: c.supplier_transaction_no, attempts: c.attempts, lastError: c.last_error, updatedAt: c.updated_at.toISOString(),
    })),
    esims: esims.map((e) => ({
      id: e.id, iccid: e.iccid, sku: e.sku, smdpAddress: e.smdp_address, activationCode: maskCode(e.matching_id), isTest: e.is_test,
      credited: e.credited_mode ? { mode: e.credited_mode, creditNote: e.credit_note } : null,
    })),
    ledger: entries.map((e) => ({
      id: Number(e.id),
      key: e.idempotency_key,
      kind: e.kind,
      description: e.description,
      occurredAt: e.occurred_at.toISOString(),
      reversesEntryId: e.reverses_entry_id === null ? null : Number(e.reverses_entry_id),
      postings: postings
        .filter((p) => Number(p.entry_id) === Number(e.id))
        .map((p) => ({ account: p.code, name: p.name, debit: Number(p.amount_minor) > 0 ? money(p.amount_minor, p.currency) : null, credit: Number(p.amount_minor) < 0 ? money(-Number(p.amount_minor), p.currency) : null, usd: money(p.usd_minor, 'USD') })),
    })),
    credits: credits.map((c) => ({
      id: c.id, mode: c.mode, reason: c.reason, amount: money(c.amount_minor, c.currency), esims: Number(c.esims ?? 0), by: c.email, at: c.created_at.toISOString(),
      creditNote: c.number, pdfUrl: c.has_pdf ? documentUrl(c.access_token, invoiceFileName(c.number, 'pdf')) : null, csvUrl: documentUrl(c.access_token, invoiceFileName(c.number, 'csv')),
    })),
    actions: {
      cancel: o.status === 'awaiting_payment',
      /** The eSIMs again, on the order's own conversation (bot/staff/order-resend). */
      resend: o.delivered_at !== null && o.conversation_id !== null && esims.some((e) => !e.credited_mode),
      credit: (o.status === 'delivered' || o.status === 'partially_delivered') && charge !== null && esims.some((e) => !e.credited_mode),
      /** A refund pays money back: only an order that took it (prepaid); a postpaid one is credited. */
      refund: charge?.account === 'prepaid',
      /** A postpaid charge no invoice billed yet is credited after its invoice is issued (the credit note corrects that invoice). */
      creditWaitsForInvoice: charge?.account === 'receivable' && charge.invoiceId === null,
    },
  };
}

/** The activation code of one eSIM, shown to a staff member who asked for it; the audit trail keeps who, when and which. */
export async function revealActivationCode(db: Database, orderId: number, profileId: number, staffId: number, now = new Date()) {
  return transaction(db.pool, async (sql) => {
    const [e] = await run(
      sql,
      q.selectFrom('esim_profiles as e')
        .innerJoin('orders as o', 'o.id', 'e.order_id')
        .select(['e.id', 'e.iccid', 'e.matching_id', 'e.lpa_string', 'e.smdp_address', 'o.reference', 'o.customer_id'])
        .where('e.id', '=', profileId)
        .where('e.order_id', '=', orderId),
    );
    if (!e) throw new OrderDeskError('no such eSIM in this order', 404);
    // The code itself is never written to the trail (it is a secret): which eSIM, of which order.
    await recordAudit(sql, { by: staffId, action: 'esim.reveal_code', subject: `order:${orderId}`, customerId: e.customer_id, after: { esimProfileId: e.id, iccid: e.iccid, order: e.reference }, at: now });
    return { iccid: e.iccid, activationCode: e.matching_id, lpa: e.lpa_string, smdpAddress: e.smdp_address };
  });
}

/** The reseller's order id for a reference, or the id itself. */
export async function orderIdOf(db: Database, idOrRef: string): Promise<number | null> {
  const sql = poolSql(db.pool);
  if (/^\d+$/.test(idOrRef)) return Number(idOrRef);
  const [row] = await run(sql, q.selectFrom('orders').select('id').where('reference', '=', idOrRef.toUpperCase()));
  return row?.id ?? null;
}
