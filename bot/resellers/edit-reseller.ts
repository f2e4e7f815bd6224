import { planResellerEdit, type ResellerEditRequest, type ResellerFields } from '../../domain/resellers/edit';
import { can, refusal, type StaffRole } from '../../domain/staff/roles';
import type { Database } from '../db/database';
import { transaction, type Sql } from '../db/sql';
import { recordAudit } from '../store/audit';
import { q, run } from '../store/query-builder';

// A staff member edits a reseller (issue 15): the request validated field by field
// (domain/resellers/edit.ts), refused unless the staff member's role covers every field changed,
// written on the locked reseller row with its audit record in one transaction.

export class ResellerEditError extends Error {
  constructor(
    readonly code: 'not_found' | 'invalid' | 'forbidden',
    readonly errors: string[],
  ) {
    super(errors.join('; '));
  }
}

export interface Editor {
  staffId: number;
  role: StaffRole;
}

export async function editReseller(db: Database, customerId: string, request: ResellerEditRequest, editor: Editor, now = new Date()): Promise<{ before: Partial<ResellerFields>; after: Partial<ResellerFields> }> {
  return transaction(db.pool, (sql) => editResellerIn(sql, customerId, request, editor, now));
}

/** The same edit in the caller's transaction (a tier suggestion accepted with its own status). */
export async function editResellerIn(sql: Sql, customerId: string, request: ResellerEditRequest, editor: Editor, now: Date): Promise<{ before: Partial<ResellerFields>; after: Partial<ResellerFields> }> {
  const id = customerId.trim().toUpperCase();
  const [c] = await run(sql, q.selectFrom('customers').selectAll().where('customer_id', '=', id).forUpdate());
  if (!c) throw new ResellerEditError('not_found', [`no reseller ${id}; esim-hub reseller list shows them all`]);
  const current: ResellerFields = {
    company: c.company,
    legalEntity: c.legal_entity,
    country: c.country,
    tier: c.tier,
    accountType: c.account_type,
    creditLimitMinor: Number(c.credit_limit_minor),
    currency: c.currency,
    billingDay: c.billing_day,
    lowBalanceThresholdMinor: c.low_balance_threshold_minor === null ? null : Number(c.low_balance_threshold_minor),
    taxNumber: c.tax_number,
    invoiceNote: c.invoice_note,
    resellerType: c.reseller_type,
    commissionRateBp: c.commission_rate_bp,
    parentCustomerId: c.parent_customer_id,
    active: c.active,
  };
  const [rated, ledger, parents] = [
    await run(sql, q.selectFrom('fx_rates').select('currency').distinct()),
    await run(sql, q.selectFrom('ledger_accounts as a').select('a.id').where('a.customer_id', '=', id).where((eb) => eb.exists(eb.selectFrom('postings as p').select('p.entry_id').whereRef('p.account_id', '=', 'a.id'))).limit(1)),
    await run(sql, q.selectFrom('customers').select(['customer_id', 'parent_customer_id'])),
  ];
  const parentOf = new Map(parents.map((p) => [p.customer_id, p.parent_customer_id]));
  const plan = planResellerEdit(request, {
    customerId: id,
    current,
    currenciesWithRate: new Set(['USD', ...rated.map((r) => r.currency)]),
    hasLedgerEntries: ledger.length > 0,
    parentOf: (other) => (parentOf.has(other) ? parentOf.get(other)! : undefined),
  });
  if (!plan.ok) throw new ResellerEditError('invalid', plan.errors);
  const refused = plan.permissions.filter((p) => !can(editor.role, p));
  if (refused.length > 0) throw new ResellerEditError('forbidden', [`changing ${Object.keys(plan.after).join(', ')}: ${refusal(editor.role, refused[0]!)}`]);
  const a = plan.after;
  if (Object.keys(a).length === 0) return { before: {}, after: {} };
  await run(
    sql,
    q.updateTable('customers')
      .set({
        ...(a.company !== undefined ? { company: a.company } : {}),
        ...(a.legalEntity !== undefined ? { legal_entity: a.legalEntity } : {}),
        ...(a.country !== undefined ? { country: a.country } : {}),
        ...(a.tier !== undefined ? { tier: a.tier } : {}),
        ...(a.accountType !== undefined ? { account_type: a.accountType } : {}),
        ...(a.creditLimitMinor !== undefined ? { credit_limit_minor: a.creditLimitMinor } : {}),
        ...(a.currency !== undefined ? { currency: a.currency } : {}),
        ...(a.billingDay !== undefined ? { billing_day: a.billingDay } : {}),
        ...(a.lowBalanceThresholdMinor !== undefined ? { low_balance_threshold_minor: a.lowBalanceThresholdMinor } : {}),
        ...(a.taxNumber !== undefined ? { tax_number: a.taxNumber } : {}),
        ...(a.invoiceNote !== undefined ? { invoice_note: a.invoiceNote } : {}),
        ...(a.resellerType !== undefined ? { reseller_type: a.resellerType } : {}),
        ...(a.commissionRateBp !== undefined ? { commission_rate_bp: a.commissionRateBp } : {}),
        ...(a.parentCustomerId !== undefined ? { parent_customer_id: a.parentCustomerId } : {}),
        ...(a.active !== undefined ? { active: a.active } : {}),
        updated_at: now,
      })
      .where('customer_id', '=', id),
  );
  const action = a.active === false ? 'reseller.deactivate' : a.active === true ? 'reseller.reactivate' : 'reseller.edit';
  await recordAudit(sql, { by: editor.staffId, action, subject: `customer:${id}`, customerId: id, before: plan.before, after: plan.after, at: now });
  return { before: plan.before, after: plan.after };
}
