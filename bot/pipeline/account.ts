import type { Tx } from '../db/database';
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

type Queryable = Pick<Tx, '$queryRawUnsafe' | '$executeRawUnsafe'>;

export async function accountPosition(
  tx: Queryable,
  customer: { id: string; accountType: 'prepaid' | 'postpaid'; currency: string; creditLimitMinor: bigint },
): Promise<AccountPosition> {
  const prepaid = await balanceOf(tx as Tx, `prepaid:${customer.id}`, customer.currency);
  const receivable = await tx.$queryRawUnsafe<{ usd: string | null }[]>(
    `SELECT sum(p.usd_minor)::text AS usd FROM postings p JOIN ledger_accounts a ON a.id = p.account_id WHERE a.code = $1`,
    `receivable:${customer.id}`,
  );
  const inFlight = await tx.$queryRawUnsafe<{ usd: string | null }[]>(
    `SELECT sum(total_usd_minor)::text AS usd FROM orders
     WHERE customer_id = $1 AND payment_method = 'postpaid' AND status IN ('paid', 'placing', 'partially_delivered', 'awaiting_fulfilment')`,
    customer.id,
  );
  return {
    accountType: customer.accountType,
    currency: customer.currency,
    prepaidAvailableMinor: prepaid.creditsMinor - prepaid.debitsMinor,
    outstandingUsdMinor: Number(receivable[0]?.usd ?? 0) + Number(inFlight[0]?.usd ?? 0),
    creditLimitUsdMinor: Number(customer.creditLimitMinor),
  };
}
