import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type pg from 'pg';
import { migrate, MIGRATIONS_DIR, MigrationError } from '../../bot/db/migrate';
import { seed } from '../../bot/db/seed';
import { readSeedData } from '../../bot/db/seed-data';
import { createTestDatabase, targets, type TestDatabase } from '../support/test-database';

const TABLES = ['regions', 'products', 'product_price_tiers', 'customers', 'channel_identities', 'customer_specific_prices', 'fx_rates'];

/** Every row of the seeded tables, hashed: equal fingerprints mean nothing changed. */
async function fingerprint(pool: pg.Pool): Promise<Record<string, string>> {
  const result: Record<string, string> = {};
  for (const table of TABLES) {
    const { rows } = await pool.query(`SELECT count(*)::text || ':' || md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS f FROM ${table} t`);
    result[table] = rows[0].f;
  }
  return result;
}

async function withClient<T>(db: TestDatabase, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await db.pool.connect();
  try {
    return await fn(client);
  } finally {
    client.release();
  }
}

describe.each(targets)('migrate and seed on %s', (target) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase(target);
  });
  afterAll(async () => {
    await db?.close();
  });

  test('migrating again applies nothing and records Prisma-compatible rows', async () => {
    const again = await withClient(db, (c) => migrate(c));
    expect(again.applied).toEqual([]);
    const folders = fs.readdirSync(MIGRATIONS_DIR).filter((name) => /^\d{14}_/.test(name)).sort();
    expect(folders.slice(0, 5)).toEqual(['20261125000000_init', '20261125000100_ledger_invariants', '20261125001000_delivery_tokens', '20261125002000_lookup_indexes', '20261125003000_sender_verification']);
    expect(again.alreadyApplied).toEqual(folders);
    const { rows } = await db.pool.query('SELECT migration_name, checksum, finished_at, applied_steps_count FROM _prisma_migrations ORDER BY 1');
    expect(rows).toHaveLength(folders.length);
    expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.checksum) && r.finished_at && r.applied_steps_count === 1)).toBe(true);
  });

  test('seed loads the reference data once; running it twice changes nothing', async () => {
    const first = await seed(db.prisma);
    expect(first.inserted).toEqual({
      regions: 19,
      products: 73,
      productPriceTiers: 657,
      customers: 20,
      channelIdentities: 27,
      customerSpecificPrices: 5,
      fxRates: 114,
    });
    // 11.50 USD is below the 11.70 supplier cost of ESIM-CHM-10GB-30D: refused where it is set
    expect(first.refused).toEqual([expect.stringMatching(/B2B-001 ESIM-CHM-10GB-30D 11\.50 USD: .*below the supplier cost 11\.70/)]);
    const before = await fingerprint(db.pool);
    const second = await seed(db.prisma);
    expect(Object.values(second.inserted).every((n) => n === 0)).toBe(true);
    expect(await fingerprint(db.pool)).toEqual(before);
  });

  test('seeded values are exact: money in minor units, dates as dates', async () => {
    const override = await db.prisma.customerSpecificPrice.findFirstOrThrow({ where: { customerId: 'B2B-001', sku: 'ESIM-JP-10GB-15D' } });
    expect(override).toMatchObject({ unitPriceMinor: 1020n, approvedBy: 'Ray' });
    expect(override.validTo.toISOString()).toBe('2026-12-31T00:00:00.000Z');
    const pending = await db.prisma.customerSpecificPrice.findFirstOrThrow({ where: { customerId: 'B2B-002', sku: 'ESIM-JP-5GB-30D' } });
    expect(pending.approvedBy).toBeNull();
    const customer = await db.prisma.customer.findUniqueOrThrow({ where: { id: 'B2B-014' } });
    expect(customer).toMatchObject({ parentCustomerId: 'B2B-001', currency: 'CNY', tier: 'tier_3', accountType: 'prepaid' });
    expect((await db.prisma.customer.findUniqueOrThrow({ where: { id: 'B2B-001' } })).creditLimitMinor).toBe(6_000_000n);
    const fx = await db.prisma.fxRate.findFirstOrThrow({ where: { currency: 'CNY', rateDate: new Date('2026-10-01T00:00:00Z') } });
    expect(fx.unitsPerUsd.toString()).toBe('7.1095');
    const unlimited = await db.prisma.product.findUniqueOrThrow({ where: { sku: 'ESIM-JP-UNL-5D' } });
    expect(unlimited).toMatchObject({ dataGb: null, supplierCostMinor: 900n });
    expect((await db.prisma.region.findUniqueOrThrow({ where: { code: 'CHM' } })).aliases).toContain('中港澳');
  });

  test('an applied migration that was edited afterwards is refused with what to do', async () => {
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'migrations-'));
    fs.cpSync(MIGRATIONS_DIR, copy, { recursive: true });
    fs.appendFileSync(path.join(copy, '20261125000000_init', 'migration.sql'), '\n-- edited\n');
    await expect(withClient(db, (c) => migrate(c, copy))).rejects.toThrow(MigrationError);
    await expect(withClient(db, (c) => migrate(c, copy))).rejects.toThrow(/was changed after it was applied/);
    fs.rmSync(copy, { recursive: true });
  });
});

test('a bad CSV row is reported with file, line and field', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seed-'));
  fs.cpSync(path.resolve(__dirname, '../../prisma/seed'), dir, { recursive: true });
  fs.appendFileSync(path.join(dir, 'catalogue.csv'), 'ESIM-XX-1GB-7D,esim,JP,1,7,3.999,1.80,PKG\n');
  expect(() => readSeedData(dir)).toThrow(/catalogue\.csv line 75, field retail_usd: .*more decimals/);
  fs.rmSync(dir, { recursive: true });
});
