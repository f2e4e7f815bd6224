import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { CHANNELS } from '../../domain/channels';
import { isIsoDate } from '../../domain/dates';
import { parseDecimalToMinor } from '../../domain/money';
import { TIERS } from '../../domain/pricing/types';

// The wholesaler's reference data, kept in prisma/seed/ (a fresh clone has no ../shared), read and
// checked row by row. A bad row stops the seed with the file, line and field to fix.

export const SEED_DIR = path.resolve(__dirname, '..', '..', 'prisma', 'seed');

const isoDate = z.string().refine(isIsoDate, 'must be a date YYYY-MM-DD');
const usdMinor = z.string().transform((v, ctx) => {
  try {
    return parseDecimalToMinor(v, 'USD');
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: (error as Error).message });
    return z.NEVER;
  }
});
/** An empty CSV cell is null; anything else must satisfy `inner`. */
const optional = <T extends z.ZodType>(inner: T) => z.union([z.literal('').transform(() => null), inner]);
const channel = z.enum(CHANNELS);

export const catalogueRow = z.object({
  sku: z.string().regex(/^[A-Z0-9-]+$/),
  type: z.enum(['esim', 'sim']),
  region_code: z.string().min(2),
  data_gb: optional(z.coerce.number().int().positive()),
  validity_days: z.coerce.number().int().positive(),
  retail_usd: usdMinor,
  supplier_cost_usd: usdMinor,
  supplier_package_code: z.string().min(1),
});

export const regionRow = z.object({
  region_code: z.string().min(2),
  name: z.string().min(1),
  aliases: z.string().transform((v) => v.split('|').map((a) => a.trim()).filter(Boolean)),
});

export const customerRow = z.object({
  customer_id: z.string().regex(/^B2B-\d{3,}$/),
  company: z.string().min(1),
  legal_entity: z.string().min(1),
  country: z.string().length(2),
  currency: z.string().length(3),
  tier: z.enum(TIERS),
  account_type: z.enum(['prepaid', 'postpaid']),
  credit_limit_usd: usdMinor,
  reseller_type: z.enum(['margin', 'commission']),
  parent_customer_id: optional(z.string().regex(/^B2B-\d{3,}$/)),
  est_monthly_volume: z.coerce.number().int().nonnegative(),
});

export const identityRow = z.object({
  customer_id: z.string().regex(/^B2B-\d{3,}$/),
  channel,
  address: z.string().min(1),
  contact_name: z.string(),
  role: z.enum(['owner', 'buyer', 'viewer']),
});

export const specificPriceRow = z.object({
  customer_id: z.string().regex(/^B2B-\d{3,}$/),
  sku: z.string().min(1),
  unit_price_usd: usdMinor,
  reason: z.string().min(1, 'a customer-specific price needs a reason'),
  valid_from: isoDate,
  valid_to: isoDate,
  approved_by: z.string(),
});

export const fxRateRow = z.object({
  rate_date: isoDate,
  currency: z.string().length(3),
  units_per_usd: z.string().regex(/^\d+(\.\d{1,8})?$/, 'must be a positive decimal with at most 8 places'),
  source: z.string().min(1),
});

export const priceTierRow = z.object({
  sku: z.string().min(1),
  tier: z.enum(TIERS),
  min_qty: z.coerce.number().int().positive(),
  unit_price_usd: usdMinor,
});

export class SeedDataError extends Error {}

export function readCsv<T extends z.ZodTypeAny>(file: string, schema: T): z.infer<T>[] {
  const text = fs.readFileSync(file, 'utf8');
  const records = parse(text, { columns: true, skip_empty_lines: true, trim: true, bom: true }) as Record<string, string>[];
  return records.map((record, index) => {
    const parsed = schema.safeParse(record);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new SeedDataError(
        `${path.basename(file)} line ${index + 2}, field ${issue.path.join('.') || '(row)'}: ${issue.message}`,
      );
    }
    return parsed.data;
  });
}

export function readSeedData(dir = SEED_DIR) {
  const file = (name: string) => path.join(dir, name);
  return {
    regions: readCsv(file('regions.csv'), regionRow),
    catalogue: readCsv(file('catalogue.csv'), catalogueRow),
    priceTiers: readCsv(file('product_price_tiers.csv'), priceTierRow),
    customers: readCsv(file('customers.csv'), customerRow),
    identities: readCsv(file('channel_identities.csv'), identityRow),
    specificPrices: readCsv(file('customer_specific_prices.csv'), specificPriceRow),
    fxRates: readCsv(file('fx_rates.csv'), fxRateRow),
  };
}

export type SeedData = ReturnType<typeof readSeedData>;
