import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { exportCatalogue, exportTierPrices, importCatalogue, importTierPrices, PriceTableError } from '../../bot/prices/price-tables';
import { addStaffUser } from '../../bot/staff/staff-users';
import { BotHarness } from '../support/bot-harness';
import { runCli } from '../support/cli';
import { createTestDatabase, targets, type TestDatabase } from '../support/test-database';

// The catalogue and the tier price tables without SQL (issue 15), on both engines: exported as CSV,
// imported only when every row passes (each bad row named, nothing written otherwise), a new tier
// table scheduled from a date, every change audited, and the next quote priced from the table in force.

const NOW = new Date('2026-11-27T09:00:00.000Z');
const MARIA = '+34612345603'; // B2B-003, tier_1

type Row = Record<string, string>;
const rowsOf = (csv: string) => parse(csv, { columns: true, skip_empty_lines: true }) as Row[];
const csvOf = (header: string, lines: string[]) => `${header}\n${lines.join('\n')}\n`;

describe.each(targets)('catalogue and tier prices on %s', (target) => {
  let db: TestDatabase;
  let chat: BotHarness;
  let owner = 0;
  const refused = async (promise: Promise<unknown>) => {
    try {
      await promise;
    } catch (error) {
      if (error instanceof PriceTableError) return error.problems;
      throw error;
    }
    throw new Error('expected the file to be refused');
  };

  beforeAll(async () => {
    db = await createTestDatabase(target, { seed: true });
    chat = await BotHarness.start(db);
    owner = await addStaffUser(db, { email: 'olga@esimhub.test', password: 'owner password long', role: 'owner' });
    await addStaffUser(db, { email: 'sam@esimhub.test', password: 'staff password long', role: 'staff' });
  }, 60_000);
  afterAll(async () => {
    await chat?.stop();
    await db?.close();
  });

  test('the catalogue exported and imported back changes nothing; a new SKU is added and audited', async () => {
    const csv = await exportCatalogue(db);
    const rows = rowsOf(csv);
    expect(rows.find((r) => r.sku === 'ESIM-JP-10GB-15D')).toEqual({ sku: 'ESIM-JP-10GB-15D', type: 'esim', region_code: 'JP', data_gb: '10', validity_days: '15', retail_price_usd: '18.99', supplier_cost_usd: '8.55', supplier_package_code: 'PKG-EJP-10GB-15D', active: 'true' });
    expect(await importCatalogue(db, csv, owner, NOW)).toEqual({ added: 0, changed: 0, unchanged: rows.length });
    const added = await importCatalogue(db, csvOf('sku,type,region_code,data_gb,validity_days,retail_price_usd,supplier_cost_usd,supplier_package_code', ['ESIM-JP-50GB-30D,esim,JP,50,30,49.99,24.20,PKG-EJP-50GB-30D']), owner, NOW);
    expect(added).toEqual({ added: 1, changed: 0, unchanged: 0 });
    const { rows: audit } = await db.pool.query(`SELECT actor, action, subject FROM audit_events WHERE action LIKE 'catalogue.%'`);
    expect(audit).toEqual([{ actor: 'olga@esimhub.test', action: 'catalogue.add', subject: 'sku:ESIM-JP-50GB-30D' }]);
  });

  test('a catalogue file with bad rows is refused whole, every bad row named', async () => {
    const header = 'sku,type,region_code,data_gb,validity_days,retail_price_usd,supplier_cost_usd,supplier_package_code';
    expect(await refused(importCatalogue(db, csvOf(header, ['ESIM-JP-3GB-7D,esim,JP,3,7,abc,2.00,PKG-1', 'ESIM-XX-1GB-7D,esimm,JP,1,7,3.00,2.00,PKG-2']), owner, NOW))).toEqual([
      'line 2: retail_price_usd: an amount in USD such as 12.50',
      'line 3: type: esim or sim',
    ]);
    const problems = await refused(
      importCatalogue(db, csvOf(header, ['ESIM-ZZ-1GB-7D,esim,ZZ,1,7,5.00,2.00,PKG-3', 'ESIM-JP-9GB-9D,esim,JP,9,9,4.00,6.00,PKG-4', 'ESIM-JP-9GB-9D,esim,JP,9,9,8.00,6.00,PKG-4', 'ESIM-JP-10GB-15D,esim,JP,10,15,18.99,11.00,PKG-EJP-10GB-15D']), owner, NOW),
    );
    expect(problems).toEqual([
      'line 2 (ESIM-ZZ-1GB-7D): unknown region ZZ',
      'line 3 (ESIM-JP-9GB-9D): the retail price 4.00 USD is below the supplier cost 6.00 USD',
      'line 4 (ESIM-JP-9GB-9D): the SKU is already on line 3',
      'line 5 (ESIM-JP-10GB-15D): the supplier cost 11.00 USD is above its tier_1 price from 500 (10.83 USD); import new tier prices first',
      'line 5 (ESIM-JP-10GB-15D): the supplier cost 11.00 USD is above its tier_1 price from 2000 (10.36 USD); import new tier prices first',
    ]);
    const { rows } = await db.pool.query(`SELECT count(*)::int AS n FROM products WHERE sku IN ('ESIM-ZZ-1GB-7D', 'ESIM-JP-9GB-9D')`);
    expect(rows[0].n).toBe(0);
  });

  test('a tier table with bad rows is refused whole; a good one is in force from its date and the next quote uses it', async () => {
    const header = 'sku,tier,min_qty,unit_price_usd';
    expect(await refused(importTierPrices(db, csvOf(header, ['ESIM-NOPE,tier_1,1,5.00', 'ESIM-JP-10GB-15D,tier_1,1,8.00', 'ESIM-JP-10GB-15D,tier_1,100,9.00', 'ESIM-JP-10GB-15D,tier_2,50,12.00']), owner, { now: NOW }))).toEqual([
      'line 2 (ESIM-NOPE tier_1 from 1): unknown SKU',
      'line 3 (ESIM-JP-10GB-15D tier_1 from 1): the price 8.00 USD is below the supplier cost 8.55 USD',
      'line 4 (ESIM-JP-10GB-15D tier_1 from 100): the price rises with the quantity: breaks must not get dearer',
      'line 5 (ESIM-JP-10GB-15D tier_2): the table must start at quantity 1',
    ]);
    // Scheduled for tomorrow: today's table stays in force; the export shows both.
    const table = csvOf(header, ['ESIM-JP-10GB-15D,tier_1,1,11.20', 'ESIM-JP-10GB-15D,tier_1,100,10.90']);
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    expect(await importTierPrices(db, table, owner, { effectiveFrom: tomorrow })).toEqual({ tables: 1, effectiveFrom: tomorrow });
    const exported = rowsOf(await exportTierPrices(db)).filter((r) => r.sku === 'ESIM-JP-10GB-15D' && r.tier === 'tier_1');
    expect(exported.map((r) => [r.min_qty, r.unit_price_usd, r.effective_from])).toEqual([
      ['1', '11.77', '2000-01-01'],
      ['100', '11.30', '2000-01-01'],
      ['500', '10.83', '2000-01-01'],
      ['2000', '10.36', '2000-01-01'],
      ['1', '11.20', tomorrow],
      ['100', '10.90', tomorrow],
    ]);
    // From today: the new table replaces the old one whole (no 500 or 2000 break from the old one).
    expect(await importTierPrices(db, table, owner)).toMatchObject({ tables: 1 });
    await chat.say(MARIA, '600 x ESIM-JP-10GB-15D');
    const { rows: [line] } = await db.pool.query(`SELECT l.unit_price_usd_minor FROM quote_lines l JOIN quotes q ON q.id = l.quote_id WHERE q.customer_id = 'B2B-003' ORDER BY l.id DESC LIMIT 1`);
    expect(Number(line.unit_price_usd_minor)).toBe(1090);
    const { rows: audit } = await db.pool.query(`SELECT actor, subject, before->>'table' AS before, after->>'table' AS after FROM audit_events WHERE action = 'tier_prices.import' ORDER BY id DESC LIMIT 1`);
    expect(audit[0]).toEqual({ actor: 'olga@esimhub.test', subject: 'tier_prices:ESIM-JP-10GB-15D:tier_1', before: '1+: 11.77, 100+: 11.30, 500+: 10.83, 2000+: 10.36', after: '1+: 11.20, 100+: 10.90' });
  }, 60_000);

  if (target === 'postgres') {
    test('esim-hub catalogue and tier-prices: export to a file, import as an owner only, refusals name the rows', async () => {
      const env = { DATABASE_URL: db.url };
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'price-tables-'));
      const file = path.join(dir, 'tier-prices.csv');
      expect(await runCli(['tier-prices', 'export', file], env)).toMatchObject({ code: 0, stdout: `${file}\n` });
      expect(fs.readFileSync(file, 'utf8').split('\n')[0]).toBe('sku,tier,min_qty,unit_price_usd,effective_from');
      const bySam = await runCli(['tier-prices', 'import', file, '--as', 'sam@esimhub.test'], env);
      expect(bySam).toMatchObject({ code: 1, stderr: 'esim-hub: sam@esimhub.test cannot change the tier prices: this needs the owner role; you are signed in as staff\n' });
      const bad = path.join(dir, 'bad.csv');
      fs.writeFileSync(bad, 'sku,tier,min_qty,unit_price_usd\nESIM-JP-10GB-15D,tier_3,1,1.00\n');
      const refusedCli = await runCli(['tier-prices', 'import', bad, '--as', 'olga@esimhub.test'], env);
      expect(refusedCli.code).toBe(1);
      expect(refusedCli.stderr).toBe('esim-hub: the file was refused, nothing was changed:\n  line 2 (ESIM-JP-10GB-15D tier_3 from 1): the price 1.00 USD is below the supplier cost 8.55 USD\n');
      const catalogue = await runCli(['catalogue', 'export', '-'], env);
      expect(catalogue.stdout.split('\n')[0]).toBe('sku,type,region_code,data_gb,validity_days,retail_price_usd,supplier_cost_usd,supplier_package_code,active');
    }, 90_000);
  }
});
