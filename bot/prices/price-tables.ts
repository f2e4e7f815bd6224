import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { sql as raw } from 'kysely';
import { z } from 'zod';
import { toIsoDate, isIsoDate } from '../../domain/dates';
import { formatMinorAsDecimal, parseDecimalToMinor } from '../../domain/money';
import { catalogueProblems, replacedGroups, tierPriceProblems, type CatalogueRow, type TierPriceImportRow } from '../../domain/pricing/price-table-import';
import { tierRowsInForce, type VersionedTierPriceRow } from '../../domain/pricing/quantity-breaks';
import type { Tier } from '../../domain/pricing/types';
import type { Database } from '../db/database';
import { poolSql, transaction, type Sql } from '../db/sql';
import { recordAudit } from '../store/audit';
import { q, run } from '../store/query-builder';

// The catalogue and the tier price tables as CSV files (issue 15): exported as they stand, imported
// after every row was checked (zod for the shape, domain/pricing/price-table-import for the rules;
// one bad row refuses the file, naming every bad row). A catalogue import updates or adds SKUs at
// once; a tier-price import schedules each SKU and tier's new table from a date (default today),
// replacing the table in force whole. Quotes keep the prices they were made with. Audited per SKU.

export class PriceTableError extends Error {
  constructor(readonly problems: string[]) {
    super(`the file was refused, nothing was changed:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  }
}

const money = z.string().trim().regex(/^\d+(\.\d{1,2})?$/, 'an amount in USD such as 12.50');
const catalogueCsvRow = z.object({
  sku: z.string().trim().toUpperCase().regex(/^[A-Z0-9][A-Z0-9-]{2,60}$/, 'a SKU such as ESIM-JP-10GB-15D'),
  type: z.enum(['esim', 'sim'], { message: 'esim or sim' }),
  region_code: z.string().trim().toUpperCase().min(2).max(20),
  data_gb: z.string().trim().regex(/^(\d{1,4}|unlimited|)$/i, 'gigabytes, or "unlimited"'),
  validity_days: z.string().trim().regex(/^\d{1,3}$/, 'days, e.g. 15').transform(Number).refine((n) => n >= 1, 'at least 1 day'),
  retail_price_usd: money,
  supplier_cost_usd: money,
  supplier_package_code: z.string().trim().min(1).max(80),
  active: z.string().trim().toLowerCase().default('true').refine((v) => ['true', 'false', 'yes', 'no', '1', '0', ''].includes(v), 'true or false'),
});
const tierCsvRow = z.object({
  sku: z.string().trim().toUpperCase().min(1),
  tier: z.string().trim().toLowerCase().transform((t) => t.replace(/^tier(\d)$/, 'tier_$1')).pipe(z.enum(['tier_1', 'tier_2', 'tier_3'], { message: 'tier_1, tier_2 or tier_3' })),
  min_qty: z.string().trim().regex(/^\d{1,7}$/, 'a whole quantity, e.g. 100').transform(Number),
  unit_price_usd: money,
});

const CATALOGUE_COLUMNS = ['sku', 'type', 'region_code', 'data_gb', 'validity_days', 'retail_price_usd', 'supplier_cost_usd', 'supplier_package_code', 'active'] as const;
const TIER_COLUMNS = ['sku', 'tier', 'min_qty', 'unit_price_usd', 'effective_from'] as const;

function readRows<T extends z.ZodTypeAny>(text: string, schema: T, required: readonly string[]): { line: number; row: z.infer<T> }[] {
  let records: Record<string, string>[];
  try {
    records = parse(text.replace(/^\uFEFF/, ''), { columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()), skip_empty_lines: true, trim: true, relax_column_count: false });
  } catch (error) {
    throw new PriceTableError([`not a readable CSV file: ${(error as Error).message}`]);
  }
  const header = records.length > 0 ? Object.keys(records[0]!) : [];
  const missing = required.filter((c) => !header.includes(c));
  if (records.length === 0) throw new PriceTableError(['the file has no rows']);
  if (missing.length > 0) throw new PriceTableError([`missing columns: ${missing.join(', ')} (the header must name ${required.join(', ')})`]);
  const problems: string[] = [];
  const rows: { line: number; row: z.infer<T> }[] = [];
  records.forEach((record, i) => {
    const line = i + 2; // the header is line 1
    const parsed = schema.safeParse(record);
    if (parsed.success) rows.push({ line, row: parsed.data });
    else problems.push(...parsed.error.issues.map((issue) => `line ${line}: ${issue.path.join('.')}: ${issue.message}`));
  });
  if (problems.length > 0) throw new PriceTableError(problems);
  return rows;
}

async function versionedTierRows(sql: Sql): Promise<VersionedTierPriceRow[]> {
  const rows = await run(sql, q.selectFrom('product_price_tiers').select(['sku', 'tier', 'min_qty', 'unit_price_minor', raw<string>`to_char(effective_from, 'YYYY-MM-DD')`.as('effective_from')]).orderBy('sku').orderBy('tier').orderBy('effective_from').orderBy('min_qty'));
  return rows.map((r) => ({ sku: r.sku, tier: r.tier as Tier, minQty: r.min_qty, unitPriceMinor: Number(r.unit_price_minor), effectiveFrom: r.effective_from }));
}

export async function exportCatalogue(db: Database): Promise<string> {
  const rows = await run(poolSql(db.pool), q.selectFrom('products').selectAll().orderBy('sku'));
  return stringify(
    rows.map((p) => ({
      sku: p.sku,
      type: p.type,
      region_code: p.region_code,
      data_gb: p.data_gb === null ? 'unlimited' : String(p.data_gb),
      validity_days: String(p.validity_days),
      retail_price_usd: formatMinorAsDecimal(Number(p.retail_price_minor), 'USD'),
      supplier_cost_usd: formatMinorAsDecimal(Number(p.supplier_cost_minor), 'USD'),
      supplier_package_code: p.supplier_package_code,
      active: String(p.active),
    })),
    { header: true, columns: [...CATALOGUE_COLUMNS] },
  );
}

/** The tables in force on `day` (default today), and any scheduled after it. */
export async function exportTierPrices(db: Database, now = new Date()): Promise<string> {
  const all = await versionedTierRows(poolSql(db.pool));
  const today = toIsoDate(now);
  const rows = [...tierRowsInForce(all, today), ...all.filter((r) => r.effectiveFrom > today)];
  return stringify(
    rows.map((r) => ({ sku: r.sku, tier: r.tier, min_qty: String(r.minQty), unit_price_usd: formatMinorAsDecimal(r.unitPriceMinor, 'USD'), effective_from: r.effectiveFrom })),
    { header: true, columns: [...TIER_COLUMNS] },
  );
}

export async function importCatalogue(db: Database, text: string, staffId: number, now = new Date()): Promise<{ added: number; changed: number; unchanged: number }> {
  const parsed = readRows(text, catalogueCsvRow, CATALOGUE_COLUMNS.filter((c) => c !== 'active'));
  const rows: CatalogueRow[] = parsed.map(({ line, row }) => ({
    line,
    sku: row.sku,
    type: row.type,
    regionCode: row.region_code,
    dataGb: row.data_gb === '' || /unlimited/i.test(row.data_gb) ? null : Number(row.data_gb),
    validityDays: row.validity_days,
    retailPriceMinor: parseDecimalToMinor(row.retail_price_usd, 'USD'),
    supplierCostMinor: parseDecimalToMinor(row.supplier_cost_usd, 'USD'),
    supplierPackageCode: row.supplier_package_code,
    active: ['true', 'yes', '1', ''].includes(row.active),
  }));
  return writeCatalogue(db, rows, staffId, now);
}

/** One SKU's prices, package code and status changed from the staff app (its other fields as they are). */
export async function applyCatalogueRows(db: Database, edits: { sku: string; retailPrice: string; supplierCost: string; supplierPackageCode: string; active: boolean }[], staffId: number, now = new Date()) {
  const existing = new Map((await run(poolSql(db.pool), q.selectFrom('products').selectAll().where('sku', 'in', edits.map((e) => e.sku)))).map((p) => [p.sku, p]));
  const rows: CatalogueRow[] = edits.map((e, i) => {
    const p = existing.get(e.sku);
    if (!p) throw new PriceTableError([`no SKU ${e.sku}`]);
    return { line: i + 1, sku: e.sku, type: p.type, regionCode: p.region_code, dataGb: p.data_gb, validityDays: p.validity_days, retailPriceMinor: parseDecimalToMinor(e.retailPrice, 'USD'), supplierCostMinor: parseDecimalToMinor(e.supplierCost, 'USD'), supplierPackageCode: e.supplierPackageCode, active: e.active };
  });
  return writeCatalogue(db, rows, staffId, now);
}

async function writeCatalogue(db: Database, rows: CatalogueRow[], staffId: number, now: Date): Promise<{ added: number; changed: number; unchanged: number }> {
  return transaction(db.pool, async (sql) => {
    const regions = new Set((await run(sql, q.selectFrom('regions').select('region_code'))).map((r) => r.region_code));
    // A new supplier cost is checked against every tier table in force or scheduled.
    const all = await versionedTierRows(sql);
    const today = toIsoDate(now);
    const problems = catalogueProblems(rows, { regions, tierRowsInForce: [...tierRowsInForce(all, today), ...all.filter((r) => r.effectiveFrom > today)] });
    if (problems.length > 0) throw new PriceTableError(problems);
    const existing = new Map((await run(sql, q.selectFrom('products').selectAll().forUpdate())).map((p) => [p.sku, p]));
    const counts = { added: 0, changed: 0, unchanged: 0 };
    for (const r of rows) {
      const values = { type: r.type, region_code: r.regionCode, data_gb: r.dataGb, validity_days: r.validityDays, retail_price_minor: r.retailPriceMinor, supplier_cost_minor: r.supplierCostMinor, supplier_package_code: r.supplierPackageCode, active: r.active };
      const before = existing.get(r.sku);
      const was = before ? { type: before.type, region_code: before.region_code, data_gb: before.data_gb, validity_days: before.validity_days, retail_price_minor: Number(before.retail_price_minor), supplier_cost_minor: Number(before.supplier_cost_minor), supplier_package_code: before.supplier_package_code, active: before.active } : null;
      if (was && JSON.stringify(was) === JSON.stringify(values)) {
        counts.unchanged += 1;
        continue;
      }
      await run(sql, q.insertInto('products').values({ sku: r.sku, ...values }).onConflict((oc) => oc.column('sku').doUpdateSet(values)));
      await recordAudit(sql, { by: staffId, action: was ? 'catalogue.change' : 'catalogue.add', subject: `sku:${r.sku}`, before: was, after: values, at: now });
      counts[was ? 'changed' : 'added'] += 1;
    }
    return counts;
  });
}

export async function importTierPrices(db: Database, text: string, staffId: number, options: { effectiveFrom?: string; now?: Date } = {}): Promise<{ tables: number; effectiveFrom: string }> {
  const parsed = readRows(text, tierCsvRow.extend({ effective_from: z.string().trim().optional() }), TIER_COLUMNS.filter((c) => c !== 'effective_from'));
  // An exported file names each table's date: one date per file (the option, or the file's own).
  const dates = [...new Set(parsed.map(({ row }) => row.effective_from).filter((d): d is string => !!d))];
  if (dates.length > 1) throw new PriceTableError([`the file holds tables from ${dates.length} dates (${dates.join(', ')}): import one date at a time`]);
  if (dates.length === 1 && options.effectiveFrom && dates[0] !== options.effectiveFrom) throw new PriceTableError([`--effective-from ${options.effectiveFrom} and the file's effective_from ${dates[0]} differ`]);
  const rows: TierPriceImportRow[] = parsed.map(({ line, row }) => ({ line, sku: row.sku, tier: row.tier as Tier, minQty: row.min_qty, unitPriceMinor: parseDecimalToMinor(row.unit_price_usd, 'USD') }));
  const fileDate = dates[0] && dates[0] >= toIsoDate(options.now ?? new Date()) ? dates[0] : undefined;
  return writeTierRows(db, rows, staffId, { now: options.now ?? new Date(), ...(options.effectiveFrom ?? fileDate ? { effectiveFrom: (options.effectiveFrom ?? fileDate)! } : {}) });
}

/** One SKU and tier's new table from the staff app. */
export async function applyTierTable(db: Database, table: { sku: string; tier: Tier; effectiveFrom: string; breaks: { minQty: number; unitPrice: string }[] }, staffId: number, now = new Date()) {
  return writeTierRows(db, table.breaks.map((b, i) => ({ line: i + 1, sku: table.sku, tier: table.tier, minQty: b.minQty, unitPriceMinor: parseDecimalToMinor(b.unitPrice, 'USD') })), staffId, { effectiveFrom: table.effectiveFrom, now });
}

async function writeTierRows(db: Database, rows: TierPriceImportRow[], staffId: number, options: { effectiveFrom?: string; now: Date }): Promise<{ tables: number; effectiveFrom: string }> {
  const now = options.now;
  const today = toIsoDate(now);
  const effectiveFrom = options.effectiveFrom ?? today;
  if (!isIsoDate(effectiveFrom) || effectiveFrom < today) throw new PriceTableError([`--effective-from ${effectiveFrom}: a date from today on, YYYY-MM-DD (a table cannot start in the past)`]);
  return transaction(db.pool, async (sql) => {
    const costs = new Map((await run(sql, q.selectFrom('products').select(['sku', 'supplier_cost_minor']).forShare())).map((p) => [p.sku, Number(p.supplier_cost_minor)]));
    const problems = tierPriceProblems(rows, { supplierCostOf: (sku) => costs.get(sku) });
    if (problems.length > 0) throw new PriceTableError(problems);
    const groups = replacedGroups(rows, tierRowsInForce(await versionedTierRows(sql), effectiveFrom));
    for (const [key, group] of groups) {
      const [sku, tier] = key.split(' ') as [string, Tier];
      // A table already scheduled for the same day is replaced by this one.
      await run(sql, q.deleteFrom('product_price_tiers').where('sku', '=', sku).where('tier', '=', tier).where('effective_from', '=', raw<Date>`${effectiveFrom}::date`));
      await run(sql, q.insertInto('product_price_tiers').values(group.after.map((r) => ({ sku, tier, min_qty: r.minQty, unit_price_minor: r.unitPriceMinor, effective_from: raw<Date>`${effectiveFrom}::date` }))));
      const table = (rs: readonly { minQty: number; unitPriceMinor: number }[]) => rs.map((r) => `${r.minQty}+: ${formatMinorAsDecimal(r.unitPriceMinor, 'USD')}`).join(', ');
      await recordAudit(sql, { by: staffId, action: 'tier_prices.import', subject: `tier_prices:${sku}:${tier}`, before: { table: table(group.before), effectiveFrom: group.before[0]?.effectiveFrom ?? null }, after: { table: table(group.after), effectiveFrom }, at: now });
    }
    return { tables: groups.size, effectiveFrom };
  });
}

/** Every SKU with its prices and tier tables (in force today, and the next scheduled), for the staff app. */
export async function catalogueView(sql: Sql, now: Date) {
  const today = toIsoDate(now);
  const products = await run(sql, q.selectFrom('products').selectAll().orderBy('sku'));
  const all = await versionedTierRows(sql);
  const inForce = tierRowsInForce(all, today);
  const later = all.filter((r) => r.effectiveFrom > today);
  const breaks = (rows: VersionedTierPriceRow[]) => rows.sort((a, b) => a.minQty - b.minQty).map((r) => ({ minQty: r.minQty, unitPrice: formatMinorAsDecimal(r.unitPriceMinor, 'USD'), effectiveFrom: r.effectiveFrom }));
  return {
    today,
    products: products.map((p) => ({
      sku: p.sku,
      type: p.type,
      regionCode: p.region_code,
      dataGb: p.data_gb,
      validityDays: p.validity_days,
      supplierCost: formatMinorAsDecimal(Number(p.supplier_cost_minor), 'USD'),
      retailPrice: formatMinorAsDecimal(Number(p.retail_price_minor), 'USD'),
      supplierPackageCode: p.supplier_package_code,
      active: p.active,
      tiers: Object.fromEntries(
        (['tier_1', 'tier_2', 'tier_3'] as const).map((tier) => {
          const now = inForce.filter((r) => r.sku === p.sku && r.tier === tier);
          const next = later.filter((r) => r.sku === p.sku && r.tier === tier);
          const nextDate = next.map((r) => r.effectiveFrom).sort()[0];
          return [tier, { effectiveFrom: now[0]?.effectiveFrom ?? null, inForce: breaks(now), scheduled: breaks(next.filter((r) => r.effectiveFrom === nextDate)) }];
        }),
      ),
    })),
  };
}
