import { sql as raw } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import { convertFromUsd, FX_STALE_AFTER_DAYS, parseFxRate } from '../../domain/pricing/fx';
import { daysBetween } from '../../domain/dates';
import { formatMinorAsDecimal } from '../../domain/money';
import type { Sql } from '../db/sql';
import { balanceOf } from '../ledger/ledger-store';
import { q, run } from '../store/query-builder';
import { unbookedMinor, unsettledOrder } from '../store/orders';

// A reseller's account as it stands, for `esim-hub reseller show` and the staff app: amounts as
// decimal strings in the reseller's currency (USD ones say so), read from the ledger.

export interface ResellerAccount {
  customerId: string;
  company: string;
  currency: string;
  tier: string;
  accountType: 'prepaid' | 'postpaid';
  active: boolean;
  prepaidBalance: string;
  creditLimit: string;
  creditLimitUsd: string;
  outstanding: string;
  awaitingPayment: { orderRef: string; amount: string }[];
  lowBalance: boolean;
  lowBalanceThreshold: string | null;
  fxRate: { date: string; unitsPerUsd: string; stale: boolean } | null;
  warnings: string[];
}

export async function resellerAccount(sql: Sql, customerId: string, today: string): Promise<ResellerAccount | null> {
  const [c] = await run(
    sql,
    q.selectFrom('customers as c')
      .leftJoinLateral(
        (eb) =>
          eb.selectFrom('fx_rates')
            .select((r) => [r.fn<string>('to_char', ['rate_date', raw.lit('YYYY-MM-DD')]).as('rate_date'), 'units_per_usd'])
            .whereRef('currency', '=', 'c.currency')
            .where('rate_date', '<=', (r) => r.cast<Date>(r.val(today), 'date'))
            .orderBy('fx_rates.rate_date', 'desc')
            .limit(1)
            .as('r'),
        (join) => join.onTrue(),
      )
      .select((eb) => [
        'c.customer_id', 'c.company', 'c.currency', 'c.tier', 'c.account_type', 'c.active', 'c.credit_limit_minor', 'c.low_balance_threshold_minor', 'c.low_balance_alerted_at',
        'r.rate_date', 'r.units_per_usd',
        eb.selectFrom('orders')
          .select((o) => o.cast<number>(o.fn.coalesce(o.fn.sum(unbookedMinor), o.lit(0)), 'bigint').as('sum'))
          .whereRef('customer_id', '=', 'c.customer_id')
          .where('payment_method', '=', 'postpaid')
          .where(unsettledOrder)
          .as('in_flight'),
        jsonArrayFrom(eb.selectFrom('orders').select(['reference', 'total_minor']).whereRef('customer_id', '=', 'c.customer_id').where('status', '=', 'awaiting_payment').orderBy('id')).as('awaiting'),
      ])
      .where('c.customer_id', '=', customerId),
  );
  if (!c) return null;
  const money = (minor: number) => formatMinorAsDecimal(minor, c.currency);
  const prepaid = await balanceOf(sql, `prepaid:${c.customer_id}`, c.currency);
  const receivable = await balanceOf(sql, `receivable:${c.customer_id}`, c.currency);
  const limitUsd = c.credit_limit_minor;
  const limitInCurrency = c.currency === 'USD' ? limitUsd : c.units_per_usd === null ? null : convertFromUsd(limitUsd, c.currency, parseFxRate(c.units_per_usd));
  const ageDays = c.rate_date ? daysBetween(c.rate_date, today) : null;
  const warnings: string[] = [];
  if (c.currency !== 'USD' && c.rate_date === null) warnings.push(`no FX rate for ${c.currency}: load one with esim-hub fx import FILE`);
  else if (ageDays !== null && ageDays > FX_STALE_AFTER_DAYS) warnings.push(`the ${c.currency} rate in use is from ${c.rate_date}, ${ageDays} days old: load today's with esim-hub fx import FILE`);
  return {
    customerId: c.customer_id,
    company: c.company,
    currency: c.currency,
    tier: c.tier,
    accountType: c.account_type,
    active: c.active,
    prepaidBalance: money(prepaid.creditsMinor - prepaid.debitsMinor),
    creditLimit: limitInCurrency === null ? '' : money(limitInCurrency),
    creditLimitUsd: formatMinorAsDecimal(c.credit_limit_minor, 'USD'),
    outstanding: money(receivable.balanceMinor + (c.in_flight ?? 0)),
    awaitingPayment: c.awaiting.map((a) => ({ orderRef: a.reference, amount: money(a.total_minor) })),
    lowBalance: c.low_balance_alerted_at !== null,
    lowBalanceThreshold: c.low_balance_threshold_minor === null ? null : money(c.low_balance_threshold_minor),
    fxRate: c.currency === 'USD' || !c.rate_date ? null : { date: c.rate_date, unitsPerUsd: c.units_per_usd!, stale: (ageDays ?? 0) > FX_STALE_AFTER_DAYS },
    warnings,
  };
}
