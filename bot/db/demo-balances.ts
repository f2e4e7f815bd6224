import { toIsoDate } from '../../domain/dates';
import * as events from '../../domain/ledger/events';
import { convertFromUsd, parseFxRate, pickFxRate } from '../../domain/pricing/fx';
import type { PrismaClient } from '../../generated/prisma/client';
import { postEntry } from '../ledger/ledger-store';

export const DEMO_TOP_UP_USD_MINOR = 500_000; // USD 5,000.00 per prepaid reseller

/**
 * Demo mode only (the embedded default): every prepaid reseller starts with a prepaid balance, as
 * if they had wired it, so a person can order and pay right away. Booked like a real top-up
 * (bank / prepaid), once per reseller (idempotency key topup:DEMO-<id>).
 */
export async function fundDemoBalances(prisma: PrismaClient, now = new Date()): Promise<number> {
  const customers = await prisma.customer.findMany({ where: { accountType: 'prepaid', active: true } });
  const rates = (await prisma.fxRate.findMany()).map((r) => ({ rateDate: r.rateDate.toISOString().slice(0, 10), currency: r.currency, unitsPerUsdScaled: parseFxRate(r.unitsPerUsd.toString()) }));
  let funded = 0;
  for (const customer of customers) {
    const fx = pickFxRate(rates, customer.currency, toIsoDate(now));
    if (!fx.ok) continue;
    const amountMinor = convertFromUsd(DEMO_TOP_UP_USD_MINOR, customer.currency, fx.unitsPerUsdScaled);
    const result = await prisma.$transaction((tx) =>
      postEntry(tx, {
        ...events.prepaidTopUp({ customerId: customer.id, currency: customer.currency, amountMinor, usdMinor: DEMO_TOP_UP_USD_MINOR }, `DEMO-${customer.id}`, now.toISOString()),
        description: `Demo prepaid balance for ${customer.id} (demo mode only)`,
      }),
    );
    if (result.ok && !result.replayed) funded += 1;
  }
  return funded;
}
