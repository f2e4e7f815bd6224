import type { Sql } from '../db/sql';
import { balanceOf } from '../ledger/ledger-store';

export interface AccountPosition {
  accountType: 'prepaid' | 'postpaid';
  currency: string;
  /** Prepaid: what is left to spend, in the customer's currency. */
  prepaidAvailableMinor: number;
  /** Postpaid, USD: receivables booked plus orders confirmed but not yet booked. */
  outstandingUsdMinor: number;
  creditLimitUsdMinor: number;
}

export interface CustomerRow {
  id: string;
  accountType: 'prepaid' | 'postpaid';
  currency: string;
  creditLimitMinor: number;
  trialOrderPending: boolean;
  tier: 'tier_1' | 'tier_2' | 'tier_3';
  active: boolean;
}

export async function accountPosition(sql: Sql, customer: CustomerRow): Promise<AccountPosition> {
  const prepaid = await balanceOf(sql, `prepaid:${customer.id}`, customer.currency);
  const [receivable] = await sql.query<{ usd: string | null }>(
    `SELECT sum(p.usd_minor)::text AS usd FROM postings p JOIN ledger_accounts a ON a.id = p.account_id WHERE a.code = $1`,
    [`receivable:${customer.id}`],
  );
  const [inFlight] = await sql.query<{ usd: string | null }>(
    `SELECT sum(total_usd_minor)::text AS usd FROM orders
     WHERE customer_id = $1 AND payment_method = 'postpaid' AND status IN ('paid', 'placing', 'partially_delivered', 'awaiting_fulfilment')`,
    [customer.id],
  );
  return {
    accountType: customer.accountType,
    currency: customer.currency,
    prepaidAvailableMinor: prepaid.creditsMinor - prepaid.debitsMinor,
    outstandingUsdMinor: Number(receivable?.usd ?? 0) + Number(inFlight?.usd ?? 0),
    creditLimitUsdMinor: customer.creditLimitMinor,
  };
}

export const CUSTOMER_COLUMNS = `customer_id AS id, account_type AS "accountType", currency, credit_limit_minor::text AS "creditLimitMinor",
  trial_order_pending AS "trialOrderPending", tier::text AS tier, active`;

export function customerRow(row: Record<string, unknown>): CustomerRow {
  return {
    id: row.id as string,
    accountType: row.accountType as CustomerRow['accountType'],
    currency: row.currency as string,
    creditLimitMinor: Number(row.creditLimitMinor),
    trialOrderPending: row.trialOrderPending as boolean,
    tier: row.tier as CustomerRow['tier'],
    active: row.active as boolean,
  };
}
