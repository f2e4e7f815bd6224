import { normaliseAddress } from '../../domain/identities/addresses';
import { checkOverrideProposal, checkUnitPrice } from '../../domain/pricing/price-setting';
import { checkTierTable } from '../../domain/pricing/quantity-breaks';
import type { PrismaClient } from '../../generated/prisma/client';
import { readSeedData, SeedDataError, type SeedData } from './seed-data';

export interface SeedResult {
  inserted: Record<string, number>;
  /** Customer-specific prices not loaded because they break a pricing rule, with the reason. */
  refused: string[];
}

/**
 * Checks the reference data before anything is written. Broken references stop the seed; a
 * customer-specific price below the supplier cost is refused (not loaded) and reported, as it
 * would be when staff set it, while the rest of the data loads.
 */
export function checkSeedData(data: SeedData): { data: SeedData; refused: string[] } {
  const skus = new Map(data.catalogue.map((row) => [row.sku, row]));
  const regions = new Set(data.regions.map((row) => row.region_code));
  const customers = new Set(data.customers.map((row) => row.customer_id));
  const problems: string[] = [];
  for (const row of data.catalogue) {
    if (!regions.has(row.region_code)) problems.push(`catalogue ${row.sku}: unknown region ${row.region_code}`);
  }
  for (const row of data.priceTiers) {
    const product = skus.get(row.sku);
    if (!product) {
      problems.push(`product_price_tiers ${row.sku}: unknown SKU`);
      continue;
    }
    const check = checkUnitPrice(row.unit_price_usd, product.supplier_cost_usd);
    if (!check.ok) problems.push(`product_price_tiers ${row.sku} ${row.tier} from ${row.min_qty}: ${check.message}`);
  }
  for (const problem of checkTierTable(
    data.priceTiers.map((r) => ({ sku: r.sku, tier: r.tier, minQty: r.min_qty, unitPriceMinor: r.unit_price_usd })),
  )) {
    problems.push(`product_price_tiers ${problem.sku} ${problem.tier}: ${problem.code.replace(/_/g, ' ')}`);
  }
  const refused: string[] = [];
  const specificPrices = data.specificPrices.filter((row) => {
    const product = skus.get(row.sku);
    if (!product) problems.push(`customer_specific_prices ${row.customer_id} ${row.sku}: unknown SKU`);
    if (!customers.has(row.customer_id)) problems.push(`customer_specific_prices: unknown customer ${row.customer_id}`);
    if (!product) return false;
    const check = checkOverrideProposal({
      unitPriceMinor: row.unit_price_usd,
      supplierCostMinor: product.supplier_cost_usd,
      reason: row.reason,
      validFrom: row.valid_from,
      validTo: row.valid_to,
    });
    if (!check.ok) refused.push(`customer_specific_prices ${row.customer_id} ${row.sku} ${(row.unit_price_usd / 100).toFixed(2)} USD: ${check.message}`);
    return check.ok;
  });
  for (const row of data.identities) {
    if (!customers.has(row.customer_id)) problems.push(`channel_identities ${row.address}: unknown customer ${row.customer_id}`);
  }
  for (const row of data.customers) {
    if (row.parent_customer_id && !customers.has(row.parent_customer_id)) {
      problems.push(`customers ${row.customer_id}: unknown parent ${row.parent_customer_id}`);
    }
  }
  if (problems.length > 0) throw new SeedDataError(`Seed data refused:\n  - ${problems.join('\n  - ')}`);
  return { data: { ...data, specificPrices }, refused };
}

/**
 * Loads the reference data, inserting only rows that are not there yet: running it twice changes
 * nothing, and it never overwrites what staff changed since (prices, tiers, identities).
 */
export async function seed(prisma: PrismaClient, source: SeedData = readSeedData()): Promise<SeedResult> {
  const { data, refused } = checkSeedData(source);
  const inserted: Record<string, number> = {};
  await prisma.$transaction(async (tx) => {
    inserted.regions = (
      await tx.region.createMany({
        data: data.regions.map((r) => ({ code: r.region_code, name: r.name, aliases: r.aliases })),
        skipDuplicates: true,
      })
    ).count;
    inserted.products = (
      await tx.product.createMany({
        data: data.catalogue.map((r) => ({
          sku: r.sku,
          type: r.type,
          regionCode: r.region_code,
          dataGb: r.data_gb,
          validityDays: r.validity_days,
          retailPriceMinor: BigInt(r.retail_usd),
          supplierCostMinor: BigInt(r.supplier_cost_usd),
          supplierPackageCode: r.supplier_package_code,
        })),
        skipDuplicates: true,
      })
    ).count;
    inserted.productPriceTiers = (
      await tx.productPriceTier.createMany({
        data: data.priceTiers.map((r) => ({ sku: r.sku, tier: r.tier, minQty: r.min_qty, unitPriceMinor: BigInt(r.unit_price_usd) })),
        skipDuplicates: true,
      })
    ).count;
    // Parents before their sub-resellers.
    const customers = [...data.customers].sort((a, b) => Number(a.parent_customer_id !== null) - Number(b.parent_customer_id !== null));
    inserted.customers = 0;
    for (const batch of [customers.filter((c) => !c.parent_customer_id), customers.filter((c) => c.parent_customer_id)]) {
      inserted.customers += (
        await tx.customer.createMany({
          data: batch.map((r) => ({
            id: r.customer_id,
            company: r.company,
            legalEntity: r.legal_entity,
            country: r.country,
            currency: r.currency,
            tier: r.tier,
            accountType: r.account_type,
            creditLimitMinor: BigInt(r.credit_limit_usd),
            resellerType: r.reseller_type,
            parentCustomerId: r.parent_customer_id,
            estMonthlyVolume: r.est_monthly_volume,
          })),
          skipDuplicates: true,
        })
      ).count;
    }
    inserted.channelIdentities = (
      await tx.channelIdentity.createMany({
        data: data.identities.map((r) => ({
          customerId: r.customer_id,
          channel: r.channel,
          address: normaliseAddress(r.channel, r.address),
          contactName: r.contact_name || null,
          role: r.role,
        })),
        skipDuplicates: true,
      })
    ).count;
    inserted.customerSpecificPrices = (
      await tx.customerSpecificPrice.createMany({
        data: data.specificPrices.map((r) => ({
          customerId: r.customer_id,
          sku: r.sku,
          unitPriceMinor: BigInt(r.unit_price_usd),
          reason: r.reason,
          validFrom: new Date(`${r.valid_from}T00:00:00Z`),
          validTo: new Date(`${r.valid_to}T00:00:00Z`),
          approvedBy: r.approved_by || null,
          // The wholesaler's sheet records who approved, not when: the start of validity stands in.
          approvedAt: r.approved_by ? new Date(`${r.valid_from}T00:00:00Z`) : null,
          createdBy: 'seed',
        })),
        skipDuplicates: true,
      })
    ).count;
    inserted.fxRates = (
      await tx.fxRate.createMany({
        data: data.fxRates.map((r) => ({
          rateDate: new Date(`${r.rate_date}T00:00:00Z`),
          currency: r.currency,
          unitsPerUsd: r.units_per_usd,
          source: r.source,
        })),
        skipDuplicates: true,
      })
    ).count;
  });
  return { inserted, refused };
}

export async function isEmpty(prisma: PrismaClient): Promise<boolean> {
  return (await prisma.product.count()) === 0 && (await prisma.customer.count()) === 0;
}
