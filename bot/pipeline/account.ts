import { sql as raw } from 'kysely';
import type { Sql } from '../db/sql';
import { balanceOf } from '../ledger/ledger-store';
import { compiledOnce, q } from '../store/query-builder';
import { unbookedUsdMinor, unsettledOrder } from '../store/orders';

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
  /** Commission resellers buy at retail and earn a monthly commission (issue 15). */
  resellerType?: 'margin' | 'commission';
}

// sum() of int8 is numeric (a string on the wire): cast back to int8, which our pool reads as a checked number.
const receivableOnce = compiledOnce(['code'] as const, (p) =>
  q.selectFrom('postings as p').innerJoin('ledger_accounts as a', 'a.id', 'p.account_id').select((eb) => eb.cast<number | null>(eb.fn.sum('p.usd_minor'), 'bigint').as('usd')).where('a.code', '=', p.code),
);

/** Postpaid orders confirmed but not yet booked as receivable (their delivery is not settled). */
const inFlightOnce = compiledOnce(['customerId'] as const, (p) =>
  q
    .selectFrom('orders')
    .select((eb) => eb.cast<number | null>(eb.fn.sum(unbookedUsdMinor), 'bigint').as('usd'))
    .where('customer_id', '=', p.customerId)
    .where('payment_method', '=', raw<'postpaid'>`'postpaid'`)
    .where(unsettledOrder),
);

/** The largest temporary credit an owner gave that still runs on `day` (issue 15). */
const extensionOnce = compiledOnce(['customerId', 'day'] as const, (p) =>
  q
    .selectFrom('credit_extensions')
    .select((eb) => eb.cast<number | null>(eb.fn.max('limit_usd_minor'), 'bigint').as('usd'))
    .where('customer_id', '=', p.customerId)
    .where('until', '>=', raw<Date>`${p.day}::date`),
);

export async function accountPosition(sql: Sql, customer: CustomerRow, asOf = new Date()): Promise<AccountPosition> {
  const prepaid = await balanceOf(sql, `prepaid:${customer.id}`, customer.currency);
  const [receivable] = await receivableOnce(sql, { code: `receivable:${customer.id}` });
  const [inFlight] = await inFlightOnce(sql, { customerId: customer.id });
  const [extension] = customer.accountType === 'postpaid' ? await extensionOnce(sql, { customerId: customer.id, day: asOf.toISOString().slice(0, 10) }) : [];
  return {
    accountType: customer.accountType,
    currency: customer.currency,
    prepaidAvailableMinor: prepaid.creditsMinor - prepaid.debitsMinor,
    outstandingUsdMinor: (receivable?.usd ?? 0) + (inFlight?.usd ?? 0),
    creditLimitUsdMinor: Math.max(customer.creditLimitMinor, extension?.usd ?? 0),
  };
}
