import { sql as raw } from 'kysely';
import type { AccountTerms } from '../../domain/resellers/new-account';
import type { Sql } from '../db/sql';
import { q, run } from './query-builder';

// Approving an onboarding application (bot/staff/approvals.ts): the application locked while staff
// decide, the new reseller's account with the next customer number, and the decision recorded.
// Typed from the schema. (The application is collected in bot/conversation/onboarding.ts.)

/** The application and the conversation it came from, locked until the decision commits; null when there is none. */
export async function lockApplication(sql: Sql, applicationId: number) {
  const [row] = await run(
    sql,
    q.selectFrom('onboarding_applications as a')
      .innerJoin('conversations as c', 'c.id', 'a.conversation_id')
      .select(['a.id', 'a.status', 'a.conversation_id', 'a.channel', 'a.address', 'a.est_monthly_volume', 'c.conversation_key', 'c.channel as conversation_channel'])
      .where('a.id', '=', applicationId)
      .forUpdate('a'),
  );
  return row ?? null;
}

export interface NewReseller {
  company: string;
  legalEntity: string;
  country: string;
  currency: string;
  /** Tier, account type and credit limit (USD minor units) as approved (domain/resellers/new-account.ts). */
  terms: AccountTerms;
}

/**
 * A new reseller on the approved terms, under the next B2B-NNN number; its first order is a small
 * trial whatever the terms (the spec: a first order of a new reseller is a trial order).
 */
export async function openResellerAccount(sql: Sql, reseller: NewReseller): Promise<{ customerId: string; trialOrderPending: boolean }> {
  // Raw: LOCK TABLE has no builder form; one new customer number at a time. Returns no rows.
  await sql.query(`LOCK TABLE customers IN SHARE ROW EXCLUSIVE MODE`);
  const [next] = await run(
    sql,
    q.selectFrom('customers')
      .select(raw<string>`'B2B-' || lpad((coalesce(max(substring(customer_id FROM 5)::int), 0) + 1)::text, 3, '0')`.as('id'))
      .where('customer_id', '~', '^B2B-[0-9]+$'),
  );
  const customerId = next!.id;
  const { terms } = reseller;
  const [opened] = await run(
    sql,
    q.insertInto('customers').values({
      customer_id: customerId, company: reseller.company, legal_entity: reseller.legalEntity, country: reseller.country, currency: reseller.currency,
      tier: terms.tier, account_type: terms.accountType, credit_limit_minor: terms.creditLimitMinor, trial_order_pending: true, updated_at: raw<Date>`now()`,
    }).returning('trial_order_pending'),
  );
  return { customerId, trialOrderPending: opened!.trial_order_pending };
}

/** The decision: approved by this staff member, as this reseller, with the details staff confirmed. */
export async function markApplicationApproved(sql: Sql, applicationId: number, decision: { customerId: string; staffId: number; company: string; legalEntity: string; country: string }): Promise<void> {
  await run(
    sql,
    q.updateTable('onboarding_applications')
      .set({
        status: 'approved', customer_id: decision.customerId, decided_by_id: decision.staffId, decided_at: raw<Date>`now()`,
        company_name: decision.company, legal_entity: decision.legalEntity, country: decision.country, updated_at: raw<Date>`now()`,
      })
      .where('id', '=', applicationId),
  );
}
