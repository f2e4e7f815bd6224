import { z } from 'zod';
import { formatMoney } from '../../domain/money';
import type { Database } from '../db/database';
import { addressChannel, normaliseAddress } from '../../domain/identities/addresses';
import { CHANNEL_CAPABILITIES, type ChannelName } from '../../channels/port';
import { applyEvent } from '../conversation/conversation-store';
import { sql as raw } from 'kysely';
import { poolSql, transaction } from '../db/sql';
import { q, run } from '../store/query-builder';
import { enqueueReply } from '../pipeline/reply';
import { QueueError } from './queue';

// What staff approve: new resellers from onboarding conversations, and customer-specific prices.

/** The currencies a new reseller can be billed in (the staff app's choice list comes from here). */
export const RESELLER_CURRENCIES = ['USD', 'EUR', 'CNY', 'THB', 'GBP', 'SGD', 'MYR', 'AED', 'BRL', 'MXN', 'VND', 'IDR', 'PHP', 'KRW', 'JPY', 'TRY', 'AUD', 'HKD', 'TWD'] as const;

export const approvalInput = z.object({
  company: z.string().trim().min(2).max(200),
  legalEntity: z.string().trim().min(2).max(300),
  country: z.string().trim().regex(/^[A-Za-z]{2}$/, 'country is a two-letter code').transform((c) => c.toUpperCase()),
  currency: z.enum(RESELLER_CURRENCIES),
});
export type ApprovalInput = z.infer<typeof approvalInput>;

export async function pendingApprovals(db: Database) {
  const sql = poolSql(db.pool);
  const applications = await run(sql, q.selectFrom('onboarding_applications').select(['id', 'channel', 'address', 'details', 'created_at']).where('status', '=', 'submitted').orderBy('id'));
  const prices = await run(
    sql,
    q.selectFrom('customer_specific_prices as p')
      .innerJoin('products as pr', 'pr.sku', 'p.sku')
      .select(['p.id', 'p.customer_id', 'p.sku', 'p.unit_price_minor as price', 'pr.supplier_cost_minor as cost', 'p.reason', 'p.valid_from', 'p.valid_to'])
      .where('p.approved_by', 'is', null)
      .orderBy('p.id'),
  );
  // Only currencies with an FX rate: a reseller in another could be neither quoted nor credited.
  const rated = await run(sql, q.selectFrom('fx_rates').select('currency').distinct());
  const withRate = new Set(['USD', ...rated.map((r) => r.currency)]);
  return {
    currencies: RESELLER_CURRENCIES.filter((c) => withRate.has(c)),
    applications: applications.map((a) => ({ id: a.id, channel: a.channel, address: a.address, details: a.details, createdAt: new Date(a.created_at).toISOString() })),
    prices: prices.map((p) => ({
      id: p.id, customerId: p.customer_id, sku: p.sku, unitPriceMinor: Number(p.price), supplierCostMinor: Number(p.cost), belowCost: Number(p.price) < Number(p.cost),
      reason: p.reason, validFrom: new Date(p.valid_from).toISOString().slice(0, 10), validTo: new Date(p.valid_to).toISOString().slice(0, 10),
    })),
  };
}

/** Approves an applicant: a new B2B-NNN customer at tier_3 (prepaid, first order small), their contact as owner, and the price list on their channel. */
export async function approveOnboarding(db: Database, applicationId: number, staffId: number, input: ApprovalInput): Promise<{ customerId: string; conversationId: number }> {
  return transaction(db.pool, async (sql) => {
    const [application] = await sql.query<{ id: number; status: string; conversation_id: number; channel: ChannelName; address: string; conversation_key: string; conversation_channel: ChannelName }>(
      `SELECT a.id, a.status::text AS status, a.conversation_id, a.channel::text AS channel, a.address, c.conversation_key, c.channel::text AS conversation_channel
       FROM onboarding_applications a JOIN conversations c ON c.id = a.conversation_id WHERE a.id = $1 FOR UPDATE OF a`,
      [applicationId],
    );
    if (!application) throw new QueueError(`application ${applicationId} does not exist`);
    if (application.status !== 'submitted') throw new QueueError(`application ${applicationId} is ${application.status}, not waiting for a decision`);
    // Quotes and deposits in that currency need a rate: an account in a currency without one could not be priced or paid.
    if (input.currency !== 'USD') {
      const [rate] = await run(sql, q.selectFrom('fx_rates').select('currency').where('currency', '=', input.currency).limit(1));
      if (!rate) throw new QueueError(`there is no FX rate for ${input.currency}: load one with esim-hub fx import before approving a reseller in it`);
    }
    await sql.query(`LOCK TABLE customers IN SHARE ROW EXCLUSIVE MODE`); // one new customer number at a time
    const [next] = await sql.query<{ id: string }>(
      `SELECT 'B2B-' || lpad((coalesce(max(substring(customer_id FROM 5)::int), 0) + 1)::text, 3, '0') AS id FROM customers WHERE customer_id ~ '^B2B-[0-9]+$'`,
    );
    const customerId = next!.id;
    await sql.query(
      `INSERT INTO customers (customer_id, company, legal_entity, country, currency, tier, account_type, trial_order_pending, updated_at)
       VALUES ($1, $2, $3, $4, $5, 'tier_3', 'prepaid', true, now())`,
      [customerId, input.company, input.legalEntity, input.country, input.currency],
    );
    // The contact's identity is on the channel they wrote on; a channel whose client reads the
    // transcript (web chat) has no addresses of its own: the address they gave says which it is.
    const channel = CHANNEL_CAPABILITIES[application.channel].delivery === 'transcript' ? addressChannel(application.address) : application.channel;
    const [identity] = await sql.query<{ id: number }>(
      `INSERT INTO channel_identities (customer_id, channel, address, contact_name, role) VALUES ($1, $2::"Channel", $3, $4, 'owner') RETURNING id`,
      [customerId, channel, normaliseAddress(channel, application.address), input.company],
    );
    await sql.query(
      `UPDATE onboarding_applications SET status = 'approved', customer_id = $2, decided_by_id = $3, decided_at = now(), company_name = $4, legal_entity = $5, country = $6, updated_at = now() WHERE id = $1`,
      [applicationId, customerId, staffId, input.company, input.legalEntity, input.country],
    );
    await sql.query(`UPDATE conversations SET customer_id = $2, channel_identity_id = $3 WHERE id = $1`, [application.conversation_id, customerId, identity!.id]);
    await applyEvent(sql, [application.conversation_id], () => ({ kind: 'reseller_approved' }));
    const list = await sql.query<{ sku: string; price: string }>(
      `SELECT p.sku, t.unit_price_minor::text AS price FROM products p
       JOIN LATERAL (SELECT unit_price_minor FROM product_price_tiers WHERE sku = p.sku AND tier = 'tier_3' ORDER BY min_qty LIMIT 1) t ON true
       WHERE p.active ORDER BY p.sku`,
    );
    const text = [
      `Welcome to eSIM Hub, ${input.company}! Your account ${customerId} is open (prepaid; your first order is a small trial).`,
      'Your price list (USD per eSIM, before volume discounts):',
      ...list.map((l) => `${l.sku}: ${formatMoney({ amountMinor: Number(l.price), currency: 'USD' })}`),
      'Order by writing e.g. "Japan 10GB 15 days x 20".',
    ].join('\n');
    await enqueueReply(sql, { id: application.conversation_id, channel: application.conversation_channel, conversationKey: application.conversation_key }, `welcome:${customerId}`, text, [], new Date(), staffId);
    return { customerId, conversationId: application.conversation_id };
  });
}

export async function approvePrice(db: Database, priceId: number, staffEmail: string): Promise<void> {
  const sql = poolSql(db.pool);
  const [row] = await run(
    sql,
    q.selectFrom('customer_specific_prices as p').innerJoin('products as pr', 'pr.sku', 'p.sku').select(['p.unit_price_minor as price', 'pr.supplier_cost_minor as cost', 'p.approved_by']).where('p.id', '=', priceId),
  );
  if (!row) throw new QueueError(`price ${priceId} does not exist`);
  if (row.approved_by) return;
  if (Number(row.price) < Number(row.cost)) throw new QueueError(`the price is below the supplier cost (${formatMoney({ amountMinor: Number(row.cost), currency: 'USD' })}); it cannot be approved`);
  await run(sql, q.updateTable('customer_specific_prices').set({ approved_by: staffEmail, approved_at: raw<Date>`now()` }).where('id', '=', priceId).where('approved_by', 'is', null));
}
