import { sql as raw } from 'kysely';
import { formatMinorAsDecimal } from '../../domain/money';
import type { Sql } from '../db/sql';
import { amountDueSql } from '../invoices/invoice-standing';
import { auditTrail } from '../store/audit';
import { q, run } from '../store/query-builder';

// The resellers as staff look at them (issue 15): the list with its filters, and one reseller's page
// (account, contacts, prices, recent orders, sub-resellers and their volume, the audit trail). Every
// figure is read from the ledger and the tables, never kept apart.

export interface ResellerFilter {
  search?: string;
  tier?: string;
  accountType?: string;
  resellerType?: string;
  status?: 'active' | 'inactive';
  currency?: string;
  lowBalance?: boolean;
  overdue?: boolean;
}

export interface ResellerListRow {
  customerId: string;
  company: string;
  legalEntity: string;
  country: string;
  tier: string;
  accountType: string;
  resellerType: string;
  currency: string;
  active: boolean;
  parent: string | null;
  /** Prepaid: what is available; postpaid: what is owed (receivable), in the reseller's currency. */
  balance: string;
  creditLimitUsd: string;
  lowBalance: boolean;
  overdueInvoices: number;
  contacts: number;
}

const balanceOf = (prefix: 'prepaid' | 'receivable') =>
  raw<number | null>`(SELECT ${raw.raw(prefix === 'prepaid' ? 'b.credits_minor - b.debits_minor' : 'b.debits_minor - b.credits_minor')} FROM account_balances b JOIN ledger_accounts a ON a.id = b.account_id WHERE a.code = ${prefix + ':'} || c.customer_id AND a.currency = c.currency)`;

export async function listResellers(sql: Sql, filter: ResellerFilter, now: Date): Promise<ResellerListRow[]> {
  let query = q
    .selectFrom('customers as c')
    .select([
      'c.customer_id', 'c.company', 'c.legal_entity', 'c.country', 'c.tier', 'c.account_type', 'c.reseller_type', 'c.currency', 'c.active', 'c.parent_customer_id', 'c.credit_limit_minor', 'c.low_balance_alerted_at',
      balanceOf('prepaid').as('prepaid'),
      balanceOf('receivable').as('receivable'),
      raw<number>`(SELECT count(*)::int FROM invoices i WHERE i.customer_id = c.customer_id AND i.status = 'issued' AND i.due_at < ${now} AND ${amountDueSql} > 0)`.as('overdue'),
      raw<number>`(SELECT count(*)::int FROM channel_identities ci WHERE ci.customer_id = c.customer_id AND ci.active)`.as('contacts'),
    ])
    .orderBy('c.customer_id');
  if (filter.search) {
    const like = `%${filter.search.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    query = query.where((eb) =>
      eb.or([
        eb('c.customer_id', 'ilike', like),
        eb('c.company', 'ilike', like),
        eb('c.legal_entity', 'ilike', like),
        eb.exists(eb.selectFrom('channel_identities as ci').select('ci.id').whereRef('ci.customer_id', '=', 'c.customer_id').where((e) => e.or([e('ci.address', 'ilike', like), e('ci.contact_name', 'ilike', like)]))),
      ]),
    );
  }
  if (filter.tier) query = query.where('c.tier', '=', filter.tier as 'tier_1');
  if (filter.accountType) query = query.where('c.account_type', '=', filter.accountType as 'prepaid');
  if (filter.resellerType) query = query.where('c.reseller_type', '=', filter.resellerType as 'margin');
  if (filter.status) query = query.where('c.active', '=', filter.status === 'active');
  if (filter.currency) query = query.where('c.currency', '=', filter.currency);
  const rows = (await run(sql, query)).map((c) => ({
    customerId: c.customer_id,
    company: c.company,
    legalEntity: c.legal_entity,
    country: c.country,
    tier: c.tier,
    accountType: c.account_type,
    resellerType: c.reseller_type,
    currency: c.currency,
    active: c.active,
    parent: c.parent_customer_id,
    balance: formatMinorAsDecimal(Number((c.account_type === 'prepaid' ? c.prepaid : c.receivable) ?? 0), c.currency),
    creditLimitUsd: formatMinorAsDecimal(Number(c.credit_limit_minor), 'USD'),
    lowBalance: c.account_type === 'prepaid' && c.low_balance_alerted_at !== null,
    overdueInvoices: Number(c.overdue),
    contacts: Number(c.contacts),
  }));
  return rows.filter((r) => (!filter.lowBalance || r.lowBalance) && (!filter.overdue || r.overdueInvoices > 0));
}

/** One reseller's page; null when there is no such reseller. */
export async function resellerDetail(sql: Sql, customerId: string, now: Date) {
  const [c] = await run(sql, q.selectFrom('customers').selectAll().where('customer_id', '=', customerId));
  if (!c) return null;
  const [listed] = await listResellers(sql, { search: customerId }, now).then((rows) => rows.filter((r) => r.customerId === customerId));
  const contacts = await run(sql, q.selectFrom('channel_identities').select(['id', 'channel', 'address', 'contact_name', 'role', 'language', 'active']).where('customer_id', '=', customerId).orderBy('id'));
  const prices = await run(
    sql,
    q.selectFrom('customer_specific_prices')
      .select(['id', 'sku', 'unit_price_minor', 'reason', 'approved_by', 'rejected_by', raw<string>`to_char(valid_from, 'YYYY-MM-DD')`.as('valid_from'), raw<string>`to_char(valid_to, 'YYYY-MM-DD')`.as('valid_to')])
      .where('customer_id', '=', customerId)
      .orderBy('valid_to', 'desc'),
  );
  const orders = await run(sql, q.selectFrom('orders').select(['reference', 'status', 'channel', 'currency', 'total_minor', 'created_at']).where('customer_id', '=', customerId).orderBy('id', 'desc').limit(20));
  // Sub-resellers with their cards over the last three months (counted for the parent too, for tiers).
  const since = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 3, 1));
  const subs = await run(
    sql,
    q.selectFrom('customers as s')
      .select(['s.customer_id', 's.company', 's.tier', 's.active', raw<number>`(SELECT coalesce(sum(l.quantity_delivered), 0)::int FROM orders o JOIN order_lines l ON l.order_id = o.id WHERE o.customer_id = s.customer_id AND o.created_at >= ${since})`.as('cards')])
      .where('s.parent_customer_id', '=', customerId)
      .orderBy('s.customer_id'),
  );
  const today = now.toISOString().slice(0, 10);
  return {
    fields: {
      customerId: c.customer_id,
      company: c.company,
      legalEntity: c.legal_entity,
      country: c.country,
      tier: c.tier,
      accountType: c.account_type,
      creditLimit: formatMinorAsDecimal(Number(c.credit_limit_minor), 'USD'),
      currency: c.currency,
      billingDay: c.billing_day,
      lowBalanceThreshold: c.low_balance_threshold_minor === null ? 'default' : formatMinorAsDecimal(Number(c.low_balance_threshold_minor), c.currency),
      taxNumber: c.tax_number ?? '',
      invoiceNote: c.invoice_note ?? '',
      resellerType: c.reseller_type,
      commissionRate: (c.commission_rate_bp / 100).toString(),
      parent: c.parent_customer_id ?? '',
      active: c.active,
    },
    summary: listed ?? null,
    contacts: contacts.map((i) => ({ id: i.id, channel: i.channel, address: i.address, name: i.contact_name, role: i.role, language: i.language, active: i.active })),
    prices: prices.map((p) => ({
      id: p.id,
      sku: p.sku,
      price: formatMinorAsDecimal(Number(p.unit_price_minor), 'USD'),
      reason: p.reason,
      validFrom: p.valid_from,
      validTo: p.valid_to,
      status: p.rejected_by ? 'rejected' : p.valid_to < today ? 'expired' : p.approved_by ? 'approved' : 'proposed',
    })),
    orders: orders.map((o) => ({ reference: o.reference, status: o.status, channel: o.channel, amount: formatMinorAsDecimal(Number(o.total_minor), o.currency), currency: o.currency, at: o.created_at.toISOString() })),
    subResellers: subs.map((s) => ({ customerId: s.customer_id, company: s.company, tier: s.tier, active: s.active, cardsLast3Months: Number(s.cards) })),
    audit: (await auditTrail(sql, { customerId, limit: 100 })).map((a) => ({ at: a.at.toISOString(), actor: a.actor, action: a.action, subject: a.subject, before: a.before, after: a.after })),
  };
}
