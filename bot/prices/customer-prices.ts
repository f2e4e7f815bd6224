import { sql as raw } from 'kysely';
import { isIsoDate, toIsoDate, type IsoDate } from '../../domain/dates';
import { formatMinorAsDecimal, parseDecimalToMinor } from '../../domain/money';
import { checkPriceProposal } from '../../domain/pricing/price-proposal';
import { tierRowFor, tierRowsInForce } from '../../domain/pricing/quantity-breaks';
import type { Tier } from '../../domain/pricing/types';
import type { Database } from '../db/database';
import { poolSql, transaction } from '../db/sql';
import { recordAudit } from '../store/audit';
import { q, run } from '../store/query-builder';

// Customer-specific prices through their life (issue 15): any staff member proposes one, refused
// with the reason when it breaks a rule (domain/pricing/price-proposal.ts); only an owner approves
// (then it applies, from approval until its valid_to) or rejects it. Each step is audited.

export class PriceProposalError extends Error {}

export interface ProposeInput {
  customerId: string;
  sku: string;
  /** USD, as typed: "7.60". */
  price: string;
  validFrom?: IsoDate;
  validTo: IsoDate;
  reason: string;
  staffId: number;
  staffEmail: string;
}

export async function proposePrice(db: Database, input: ProposeInput, now = new Date()): Promise<number> {
  const customerId = input.customerId.trim().toUpperCase();
  const sku = input.sku.trim().toUpperCase();
  const today = toIsoDate(now);
  const validFrom = input.validFrom ?? today;
  if (!isIsoDate(validFrom) || !isIsoDate(input.validTo)) throw new PriceProposalError('dates must be written YYYY-MM-DD, e.g. 2027-06-30');
  if (!/^\d+(\.\d{1,2})?$/.test(input.price.trim())) throw new PriceProposalError(`the price is a USD amount such as 7.60, not ${JSON.stringify(input.price)}`);
  const unitPriceMinor = parseDecimalToMinor(input.price.trim(), 'USD');
  return transaction(db.pool, async (sql) => {
    const [customer] = await run(sql, q.selectFrom('customers').select(['customer_id', 'tier']).where('customer_id', '=', customerId));
    if (!customer) throw new PriceProposalError(`no reseller ${customerId}`);
    const [product] = await run(sql, q.selectFrom('products').select(['sku', 'supplier_cost_minor']).where('sku', '=', sku));
    if (!product) throw new PriceProposalError(`no SKU ${sku} in the catalogue`);
    const tiers = await run(sql, q.selectFrom('product_price_tiers').select(['sku', 'tier', 'min_qty', 'unit_price_minor', raw<string>`to_char(effective_from, 'YYYY-MM-DD')`.as('effective_from')]).where('sku', '=', sku));
    const inForce = tierRowsInForce(tiers.map((t) => ({ sku: t.sku, tier: t.tier as Tier, minQty: t.min_qty, unitPriceMinor: Number(t.unit_price_minor), effectiveFrom: t.effective_from })), today);
    const tierRow = tierRowFor(inForce, sku, customer.tier as Tier, 1);
    const check = checkPriceProposal({
      unitPriceMinor,
      supplierCostMinor: Number(product.supplier_cost_minor),
      tierPriceAtOneMinor: tierRow?.unitPriceMinor ?? null,
      reason: input.reason,
      validFrom,
      validTo: input.validTo,
      today,
    });
    if (!check.ok) throw new PriceProposalError(check.message);
    const [clash] = await run(sql, q.selectFrom('customer_specific_prices').select('id').where('customer_id', '=', customerId).where('sku', '=', sku).where('valid_from', '=', raw<Date>`${validFrom}::date`));
    if (clash) throw new PriceProposalError(`${customerId} already has a price for ${sku} from ${validFrom} (proposal ${clash.id}); choose another valid-from date`);
    const [row] = await run(
      sql,
      q.insertInto('customer_specific_prices')
        .values({ customer_id: customerId, sku, unit_price_minor: unitPriceMinor, reason: input.reason.trim(), valid_from: raw<Date>`${validFrom}::date`, valid_to: raw<Date>`${input.validTo}::date`, created_by: input.staffEmail, created_at: now })
        .returning('id'),
    );
    await recordAudit(sql, { by: input.staffId, action: 'price.propose', subject: `price:${row!.id}`, customerId, after: { sku, price: `USD ${formatMinorAsDecimal(unitPriceMinor, 'USD')}`, validFrom, validTo: input.validTo, reason: input.reason.trim() }, at: now });
    return row!.id;
  });
}

/** An owner turns a proposal down: it never applies. An approved price cannot be rejected (it expires at its valid_to). */
export async function rejectPrice(db: Database, priceId: number, staff: { staffId: number; email: string }, now = new Date()): Promise<void> {
  await transaction(db.pool, async (sql) => {
    const [row] = await run(sql, q.selectFrom('customer_specific_prices').select(['customer_id', 'sku', 'approved_by', 'rejected_by']).where('id', '=', priceId).forUpdate());
    if (!row) throw new PriceProposalError(`no price proposal ${priceId}`);
    if (row.rejected_by) return;
    if (row.approved_by) throw new PriceProposalError(`price ${priceId} was approved by ${row.approved_by}; it ends at its valid_to date`);
    await run(sql, q.updateTable('customer_specific_prices').set({ rejected_by: staff.email, rejected_at: now }).where('id', '=', priceId));
    await recordAudit(sql, { by: staff.staffId, action: 'price.reject', subject: `price:${priceId}`, customerId: row.customer_id, before: { rejectedBy: null }, after: { sku: row.sku, rejectedBy: staff.email }, at: now });
  });
}

export interface PriceRow {
  id: number;
  customerId: string;
  sku: string;
  price: string;
  reason: string;
  validFrom: string;
  validTo: string;
  status: 'proposed' | 'approved' | 'rejected' | 'expired';
  proposedBy: string | null;
  decidedBy: string | null;
}

export async function listPrices(db: Database, customerId: string | null, now = new Date()): Promise<PriceRow[]> {
  let query = q
    .selectFrom('customer_specific_prices')
    .select(['id', 'customer_id', 'sku', 'unit_price_minor', 'reason', 'approved_by', 'rejected_by', 'created_by', raw<string>`to_char(valid_from, 'YYYY-MM-DD')`.as('valid_from'), raw<string>`to_char(valid_to, 'YYYY-MM-DD')`.as('valid_to')])
    .orderBy('customer_id')
    .orderBy('sku')
    .orderBy('valid_from');
  if (customerId) query = query.where('customer_id', '=', customerId.trim().toUpperCase());
  const today = toIsoDate(now);
  return (await run(poolSql(db.pool), query)).map((r) => ({
    id: r.id,
    customerId: r.customer_id,
    sku: r.sku,
    price: formatMinorAsDecimal(Number(r.unit_price_minor), 'USD'),
    reason: r.reason,
    validFrom: r.valid_from,
    validTo: r.valid_to,
    status: r.rejected_by ? 'rejected' : r.valid_to < today ? 'expired' : r.approved_by ? 'approved' : 'proposed',
    proposedBy: r.created_by,
    decidedBy: r.rejected_by ?? r.approved_by,
  }));
}
