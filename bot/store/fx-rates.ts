import { expressionBuilder, sql as raw, type AliasableExpression } from 'kysely';
import type { DB } from '../../generated/kysely/types';
import { parseFxRate, type FxRateRow } from '../../domain/pricing/fx';
import type { Sql } from '../db/sql';
import { compiledOnce, q, run } from './query-builder';

// FX rates (units of a currency per USD, a day's rate per currency), and what is derived from them
// in SQL: a reseller's low-balance threshold in their currency. Typed from the schema.

/** Every stored rate, for the matcher and staff actions (a few hundred rows: read once per import). */
export async function loadFxRows(sql: Sql): Promise<FxRateRow[]> {
  const rows = await run(sql, q.selectFrom('fx_rates').select((eb) => [eb.fn<string>('to_char', ['rate_date', raw.lit('YYYY-MM-DD')]).as('rate_date'), 'currency', 'units_per_usd']));
  return rows.map((r) => ({ rateDate: r.rate_date, currency: r.currency, unitsPerUsdScaled: parseFxRate(r.units_per_usd) }));
}

/** A day's rate for a currency: replaces what was stored for that day and currency. */
export async function saveFxRate(sql: Sql, rate: { date: string; currency: string; unitsPerUsd: string; source: string }): Promise<void> {
  await run(
    sql,
    q.insertInto('fx_rates')
      .values({ rate_date: rate.date, currency: rate.currency, units_per_usd: rate.unitsPerUsd, source: rate.source })
      .onConflict((oc) => oc.columns(['rate_date', 'currency']).doUpdateSet((eb) => ({ units_per_usd: eb.ref('excluded.units_per_usd'), source: eb.ref('excluded.source') }))),
  );
}

/**
 * A reseller's low-balance threshold in their currency, on customers `c`: their own, else the
 * default (USD minor units, `defaultUsdMinor`: a value or a compiledOnce name) at the latest rate of
 * their currency; null when they have none and there is no rate. Its constants are SQL, so that it
 * also fits a query compiled once.
 */
export function thresholdMinor(defaultUsdMinor: unknown): AliasableExpression<number | null> {
  const eb = expressionBuilder<DB & { c: DB['customers'] }, 'c'>();
  const latestRate = eb.selectFrom('fx_rates').select('fx_rates.units_per_usd').whereRef('fx_rates.currency', '=', 'c.currency').orderBy('fx_rates.rate_date', 'desc').limit(raw.lit(1));
  const exponentScale = eb.case().when('c.currency', 'in', [raw.lit('VND'), raw.lit('JPY'), raw.lit('KRW')]).then(eb.lit(1)).else(eb.lit(100)).end();
  const converted = eb.cast<number | null>(eb.fn('round', [eb(eb(eb(eb.cast(eb.val(defaultUsdMinor), 'numeric'), '/', eb.lit(100)), '*', latestRate), '*', exponentScale)]), 'bigint');
  return eb.fn.coalesce(
    'c.low_balance_threshold_minor',
    eb.case().when('c.currency', '=', raw.lit('USD')).then(eb.cast<number>(eb.val(defaultUsdMinor), 'bigint')).else(converted).end(),
  );
}

const lowBalanceOnce = compiledOnce(['id', 'defaultUsdMinor'] as const, (p) =>
  q.selectFrom('customers as c')
    .select((eb) => [thresholdMinor(p.defaultUsdMinor).as('threshold'), eb('c.low_balance_alerted_at', 'is not', null).$castTo<boolean>().as('alerted')])
    .where('c.customer_id', '=', p.id),
);

/** A reseller's threshold and whether they were alerted (after every prepaid payment: compiled once). */
export async function lowBalanceState(sql: Sql, customerId: string, defaultUsdMinor: number): Promise<{ threshold: number | null; alerted: boolean } | null> {
  const [row] = await lowBalanceOnce(sql, { id: customerId, defaultUsdMinor });
  return row ?? null;
}
