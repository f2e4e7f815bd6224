import pg from 'pg';
import { applyCatalogueRows, applyTierTable } from '../../bot/prices/price-tables';
import { addStaffUser } from '../../bot/staff/staff-users';
import { BotHarness } from '../support/bot-harness';
import { createTestDatabase, targets, type TestDatabase } from '../support/test-database';

// A price saved is the price quoted: the bot keeps the catalogue in memory, and a change made by the
// staff app, by another process or the CLI, or by hand in SQL reaches the next quote within a second
// (it used to take up to a minute, and the staff app said "Product saved." meanwhile).

const MARIA = '+34612345603'; // B2B-003, tier_1: ESIM-JP-10GB-15D at 11.77 USD from 1
const SKU = 'ESIM-JP-10GB-15D';
const CHECK_AFTER_MS = 1_000; // bot/pipeline/catalogue-cache.ts

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each(targets)('price changes reach the next quote on %s', (target) => {
  let db: TestDatabase;
  let chat: BotHarness;
  let owner = 0;

  /** Maria asks for 20 and gets a quote: its unit price in USD cents, or null when nothing was quoted. */
  const quotedUnitPrice = async (): Promise<number | null> => {
    const before = await lastQuoteLine();
    const replies = await chat.say(MARIA, `20 x ${SKU}`);
    const after = await lastQuoteLine();
    if (after?.id === before?.id) return null;
    expect(replies.map((r) => r.text).join('\n')).toMatch(/Q-\d+/);
    return after!.price;
  };
  const lastQuoteLine = async () => {
    const { rows } = await db.pool.query<{ id: string; price: string }>(
      `SELECT l.id, l.unit_price_usd_minor AS price FROM quote_lines l JOIN quotes q ON q.id = l.quote_id WHERE q.customer_id = 'B2B-003' ORDER BY l.id DESC LIMIT 1`,
    );
    return rows[0] ? { id: rows[0].id, price: Number(rows[0].price) } : null;
  };

  beforeAll(async () => {
    db = await createTestDatabase(target, { seed: true });
    chat = await BotHarness.start(db);
    owner = await addStaffUser(db, { email: 'olga@esimhub.test', password: 'owner password long', role: 'owner' });
  }, 60_000);
  afterAll(async () => {
    await chat?.stop();
    await db?.close();
  });

  test('a tier table the owner saves in the staff app is quoted a second later', async () => {
    expect(await quotedUnitPrice()).toBe(1177); // the catalogue is now in the bot's memory
    await applyTierTable(db, { sku: SKU, tier: 'tier_1', effectiveFrom: new Date().toISOString().slice(0, 10), breaks: [{ minQty: 1, unitPrice: '12.40' }] }, owner);
    await pause(CHECK_AFTER_MS + 100);
    expect(await quotedUnitPrice()).toBe(1240);
  });

  test('a change committed by another connection (another process, the CLI, SQL by hand) is quoted too', async () => {
    const other = new pg.Client({ connectionString: db.url });
    await other.connect();
    try {
      await other.query(`UPDATE product_price_tiers SET unit_price_minor = 1255 WHERE sku = $1 AND tier = 'tier_1' AND min_qty = 1 AND effective_from = current_date`, [SKU]);
    } finally {
      await other.end();
    }
    await pause(CHECK_AFTER_MS + 100);
    expect(await quotedUnitPrice()).toBe(1255);
  });

  test('a product taken off sale is not quoted once saved', async () => {
    await applyCatalogueRows(db, [{ sku: SKU, retailPrice: '18.99', supplierCost: '8.55', supplierPackageCode: 'PKG-EJP-10GB-15D', active: false }], owner);
    await pause(CHECK_AFTER_MS + 100);
    expect(await quotedUnitPrice()).toBeNull();
  });

  test('a change of many rows bumps the version once per statement, and reading prices does not bump it', async () => {
    const version = async () => BigInt((await db.pool.query<{ version: string }>(`SELECT version FROM catalogue_version WHERE id = 1`)).rows[0]!.version);
    const before = await version();
    await db.pool.query(`UPDATE products SET active = active`);
    await db.pool.query(`SELECT * FROM product_price_tiers FOR SHARE`);
    expect(await version()).toBe(before + 1n);
  });
});
