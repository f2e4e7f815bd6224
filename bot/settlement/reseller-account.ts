import { convertFromUsd, FX_STALE_AFTER_DAYS, parseFxRate } from '../../domain/pricing/fx';
import { daysBetween } from '../../domain/dates';
import { formatMinorAsDecimal } from '../../domain/money';
import type { Sql } from '../db/sql';
import { balanceOf } from '../ledger/ledger-store';

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
  const [c] = await sql.query<{
    customer_id: string; company: string; currency: string; tier: string; account_type: 'prepaid' | 'postpaid'; active: boolean;
    credit_limit_minor: string; low_balance_threshold_minor: string | null; low_balance_alerted_at: Date | null;
    rate_date: string | null; units_per_usd: string | null; in_flight: string; awaiting: { reference: string; total_minor: string }[];
  }>(
    `SELECT c.customer_id, c.company, c.currency, c.tier::text AS tier, c.account_type::text AS account_type, c.active,
            c.credit_limit_minor::text AS credit_limit_minor, c.low_balance_threshold_minor::text AS low_balance_threshold_minor, c.low_balance_alerted_at,
            to_char(r.rate_date, 'YYYY-MM-DD') AS rate_date, r.units_per_usd::text AS units_per_usd,
            (SELECT coalesce(sum(total_minor), 0)::text FROM orders WHERE customer_id = c.customer_id AND payment_method = 'postpaid'
               AND status IN ('paid', 'placing', 'partially_delivered', 'awaiting_fulfilment')) AS in_flight,
            (SELECT coalesce(json_agg(json_build_object('reference', reference, 'total_minor', total_minor::text) ORDER BY id), '[]')
               FROM orders WHERE customer_id = c.customer_id AND status = 'awaiting_payment') AS awaiting
     FROM customers c
     LEFT JOIN LATERAL (SELECT rate_date, units_per_usd FROM fx_rates WHERE currency = c.currency AND rate_date <= $2::date ORDER BY rate_date DESC LIMIT 1) r ON true
     WHERE c.customer_id = $1`,
    [customerId, today],
  );
  if (!c) return null;
  const money = (minor: number) => formatMinorAsDecimal(minor, c.currency);
  const prepaid = await balanceOf(sql, `prepaid:${c.customer_id}`, c.currency);
  const receivable = await balanceOf(sql, `receivable:${c.customer_id}`, c.currency);
  const limitUsd = Number(c.credit_limit_minor);
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
    creditLimitUsd: formatMinorAsDecimal(Number(c.credit_limit_minor), 'USD'),
    outstanding: money(receivable.balanceMinor + Number(c.in_flight)),
    awaitingPayment: c.awaiting.map((a) => ({ orderRef: a.reference, amount: money(Number(a.total_minor)) })),
    lowBalance: c.low_balance_alerted_at !== null,
    lowBalanceThreshold: c.low_balance_threshold_minor === null ? null : money(Number(c.low_balance_threshold_minor)),
    fxRate: c.currency === 'USD' || !c.rate_date ? null : { date: c.rate_date, unitsPerUsd: c.units_per_usd!, stale: (ageDays ?? 0) > FX_STALE_AFTER_DAYS },
    warnings,
  };
}
