import { applicantFilesOf } from '../conversation/applicant-files';
import { sql as raw } from 'kysely';
import { z } from 'zod';
import { formatMoney } from '../../domain/money';
import type { Database } from '../db/database';
import { addressChannel, normaliseAddress } from '../../domain/identities/addresses';
import { CHANNEL_CAPABILITIES } from '../../channels/port';
import { applyEvent } from '../conversation/conversation-store';
import { poolSql, transaction } from '../db/sql';
import { q, run } from '../store/query-builder';
import { lockApplication, markApplicationApproved, openResellerAccount } from '../store/applications';
import { addOwnerIdentity, linkConversation } from '../store/identities';
import { enqueueReply } from '../pipeline/reply';
import { QueueError } from './queue';
import { expiringPrices } from '../prices/price-review';
import { recordAudit } from '../store/audit';
import { planAccountTerms } from '../../domain/resellers/new-account';
import { ACCOUNT_TYPES, TIERS } from '../../domain/resellers/edit';
import { welcomeText } from '../../domain/onboarding/welcome';
import { can, refusal, type StaffRole } from '../../domain/staff/roles';

// What staff approve: new resellers from onboarding conversations, and customer-specific prices.

/** The currencies a new reseller can be billed in (the staff app's choice list comes from here). */
export const RESELLER_CURRENCIES = ['USD', 'EUR', 'CNY', 'THB', 'GBP', 'SGD', 'MYR', 'AED', 'BRL', 'MXN', 'VND', 'IDR', 'PHP', 'KRW', 'JPY', 'TRY', 'AUD', 'HKD', 'TWD'] as const;

// Tier, account type and credit limit are optional: without them the account opens as it always
// did (tier_3, prepaid). The rules between them are domain/resellers/new-account.ts's; a refusal
// names the field ("creditLimit: a postpaid account needs a credit limit in USD above zero, ...").
const typed = (max: number) => z.union([z.string().max(max), z.number().finite()]).transform(String).optional();
export const approvalInput = z
  .object({
    company: z.string().trim().min(2).max(200),
    legalEntity: z.string().trim().min(2).max(300),
    country: z.string().trim().regex(/^[A-Za-z]{2}$/, 'country is a two-letter code').transform((c) => c.toUpperCase()),
    currency: z.enum(RESELLER_CURRENCIES),
    tier: typed(20),
    accountType: typed(20),
    creditLimit: typed(40),
  })
  .transform((input, ctx) => {
    const plan = planAccountTerms({ tier: input.tier, accountType: input.accountType, creditLimit: input.creditLimit });
    if (!plan.ok) {
      for (const e of plan.errors) ctx.addIssue({ code: z.ZodIssueCode.custom, path: [e.field], message: e.message });
      return z.NEVER;
    }
    return { company: input.company, legalEntity: input.legalEntity, country: input.country, currency: input.currency, terms: plan.terms, permission: plan.permission };
  });
export type ApprovalInput = z.infer<typeof approvalInput>;

/** A new reseller's first (trial) order not yet delivered: staff watch it through (expedited handling). */
async function openTrialOrders(sql: ReturnType<typeof poolSql>) {
  const rows = await run(
    sql,
    q.selectFrom('orders as o')
      .innerJoin('customers as c', 'c.customer_id', 'o.customer_id')
      .select(['o.reference', 'o.customer_id', 'c.company', 'o.status', 'o.created_at'])
      .where('o.is_trial', '=', true)
      .where('o.status', 'not in', ['delivered', 'shipped', 'cancelled', 'failed'])
      .orderBy('o.id'),
  );
  return rows.map((r) => ({ orderRef: r.reference, customerId: r.customer_id, company: r.company, status: r.status, createdAt: r.created_at.toISOString() }));
}

export async function pendingApprovals(db: Database) {
  const sql = poolSql(db.pool);
  const applications = await run(
    sql,
    q.selectFrom('onboarding_applications')
      .select(['id', 'channel', 'address', 'details', 'created_at', 'conversation_id', 'company_name', 'legal_entity', 'registration_document', 'country', 'sales_channels', 'est_monthly_volume', 'primary_contact'])
      .where('status', '=', 'submitted')
      .orderBy('id'),
  );
  const prices = await run(
    sql,
    q.selectFrom('customer_specific_prices as p')
      .innerJoin('products as pr', 'pr.sku', 'p.sku')
      .select(['p.id', 'p.customer_id', 'p.sku', 'p.unit_price_minor as price', 'pr.supplier_cost_minor as cost', 'p.reason', 'p.valid_from', 'p.valid_to'])
      .where('p.approved_by', 'is', null)
      .where('p.rejected_by', 'is', null)
      .orderBy('p.id'),
  );
  // Only currencies with an FX rate: a reseller in another could be neither quoted nor credited.
  const rated = await run(sql, q.selectFrom('fx_rates').select('currency').distinct());
  const withRate = new Set(['USD', ...rated.map((r) => r.currency)]);
  const files = await applicantFilesOf(sql, applications.map((a) => a.conversation_id));
  return {
    currencies: RESELLER_CURRENCIES.filter((c) => withRate.has(c)),
    tiers: TIERS,
    accountTypes: ACCOUNT_TYPES,
    expiring: await expiringPrices(sql, new Date()),
    trials: await openTrialOrders(sql),
    applications: applications.map((a) => ({
      id: a.id, channel: a.channel, address: a.address, details: a.details, createdAt: new Date(a.created_at).toISOString(), conversationId: a.conversation_id,
      fields: { company: a.company_name, legalEntity: a.legal_entity, registrationDocument: a.registration_document, country: a.country, salesChannels: a.sales_channels, estMonthlyVolume: a.est_monthly_volume, primaryContact: a.primary_contact },
      files: (files.get(a.conversation_id) ?? []).map((f) => ({ ...f, url: `/staff/api/onboarding/${a.id}/files/${f.id}` })),
    })),
    prices: prices.map((p) => ({
      id: p.id, customerId: p.customer_id, sku: p.sku, unitPriceMinor: Number(p.price), supplierCostMinor: Number(p.cost), belowCost: Number(p.price) < Number(p.cost),
      reason: p.reason, validFrom: new Date(p.valid_from).toISOString().slice(0, 10), validTo: new Date(p.valid_to).toISOString().slice(0, 10),
    })),
  };
}

/** Who approves: a non-default tier, postpaid or a credit limit are the owner's to give (domain/resellers/new-account.ts). */
export interface Approver {
  staffId: number;
  role: StaffRole;
}

/** A change the approver's role does not cover: the route answers 403 with the message. */
export class ApprovalForbidden extends QueueError {}

/**
 * Approves an applicant: a new B2B-NNN customer on the chosen terms (tier, prepaid or postpaid with
 * its credit limit; by default tier_3 prepaid), their contact as owner, and the welcome with the
 * price list at their tier on their channel, audited, all in one transaction.
 */
export async function approveOnboarding(db: Database, applicationId: number, approver: Approver, input: ApprovalInput): Promise<{ customerId: string; conversationId: number }> {
  if (!can(approver.role, input.permission)) {
    const t = input.terms;
    throw new ApprovalForbidden(`approving at ${t.tier}, ${t.accountType}: ${refusal(approver.role, input.permission)} (staff approve at tier_3, prepaid)`);
  }
  const staffId = approver.staffId;
  return transaction(db.pool, async (sql) => {
    const application = await lockApplication(sql, applicationId);
    if (!application) throw new QueueError(`application ${applicationId} does not exist`);
    if (application.status !== 'submitted') throw new QueueError(`application ${applicationId} is ${application.status}, not waiting for a decision`);
    // Quotes and deposits in that currency need a rate: an account in a currency without one could not be priced or paid.
    if (input.currency !== 'USD') {
      const [rate] = await run(sql, q.selectFrom('fx_rates').select('currency').where('currency', '=', input.currency).limit(1));
      if (!rate) throw new QueueError(`there is no FX rate for ${input.currency}: load one with esim-hub fx import before approving a reseller in it`);
    }
    const { terms } = input;
    const { customerId, trialOrderPending } = await openResellerAccount(sql, input);
    // The volume the applicant gave is kept on the account (tier suggestions compare it with what they buy).
    if (application.est_monthly_volume !== null) await run(sql, q.updateTable('customers').set({ est_monthly_volume: application.est_monthly_volume }).where('customer_id', '=', customerId));
    // The contact's identity is on the channel they wrote on; a channel whose client reads the
    // transcript (web chat) has no addresses of its own: the address they gave says which it is.
    const channel = CHANNEL_CAPABILITIES[application.channel].delivery === 'transcript' ? addressChannel(application.address) : application.channel;
    const identityId = await addOwnerIdentity(sql, { customerId, channel, address: normaliseAddress(channel, application.address), contactName: input.company });
    await markApplicationApproved(sql, applicationId, { customerId, staffId, company: input.company, legalEntity: input.legalEntity, country: input.country });
    await linkConversation(sql, application.conversation_id, customerId, identityId);
    await applyEvent(sql, [application.conversation_id], () => ({ kind: 'reseller_approved' }));
    // The tier's price at quantity 1 (its first break), from the table in force today.
    const list = await run(
      sql,
      q.selectFrom('products as p')
        .innerJoinLateral(
          (eb) => eb.selectFrom('product_price_tiers').select('unit_price_minor').whereRef('sku', '=', 'p.sku').where('tier', '=', terms.tier).where('effective_from', '<=', raw<Date>`current_date`).orderBy('effective_from', 'desc').orderBy('min_qty').limit(1).as('t'),
          (join) => join.onTrue(),
        )
        .select(['p.sku', 't.unit_price_minor as price'])
        .where('p.active', '=', true)
        .orderBy('p.sku'),
    );
    const text = welcomeText({ company: input.company, customerId, terms, trial: trialOrderPending, prices: list.map((l) => ({ sku: l.sku, unitPriceMinor: Number(l.price) })) });
    await enqueueReply(sql, { id: application.conversation_id, channel: application.conversation_channel, conversationKey: application.conversation_key }, `welcome:${customerId}`, text, [], new Date(), staffId);
    await recordAudit(sql, {
      by: staffId, action: 'reseller.approve', subject: `application:${applicationId}`, customerId,
      after: { customerId, company: input.company, legalEntity: input.legalEntity, country: input.country, currency: input.currency, tier: terms.tier, accountType: terms.accountType, creditLimitMinor: terms.creditLimitMinor },
      at: new Date(),
    });
    return { customerId, conversationId: application.conversation_id };
  });
}

/** An owner approves a proposed customer price (the route needs the owner role); it applies from now, and the approval is audited. */
export async function approvePrice(db: Database, priceId: number, staff: { staffId: number; email: string }, now = new Date()): Promise<void> {
  await transaction(db.pool, async (sql) => {
    const [row] = await run(
      sql,
      q.selectFrom('customer_specific_prices as p')
        .innerJoin('products as pr', 'pr.sku', 'p.sku')
        .select(['p.customer_id', 'p.sku', 'p.unit_price_minor as price', 'pr.supplier_cost_minor as cost', 'p.approved_by', 'p.rejected_by', 'p.reason', 'p.valid_from', 'p.valid_to'])
        .where('p.id', '=', priceId)
        .forUpdate(['p']),
    );
    if (!row) throw new QueueError(`price ${priceId} does not exist`);
    if (row.approved_by) return;
    if (row.rejected_by) throw new QueueError(`price ${priceId} was rejected by ${row.rejected_by}; propose a new one`);
    if (Number(row.price) < Number(row.cost)) throw new QueueError(`the price is below the supplier cost (${formatMoney({ amountMinor: Number(row.cost), currency: 'USD' })}); it cannot be approved`);
    await run(sql, q.updateTable('customer_specific_prices').set({ approved_by: staff.email, approved_at: now }).where('id', '=', priceId).where('approved_by', 'is', null));
    await recordAudit(sql, {
      by: staff.staffId,
      action: 'price.approve',
      subject: `price:${priceId}`,
      customerId: row.customer_id,
      before: { approvedBy: null },
      after: { sku: row.sku, priceUsdMinor: Number(row.price), reason: row.reason, validFrom: row.valid_from, validTo: row.valid_to, approvedBy: staff.email },
      at: now,
    });
  });
}
