import { poolSql } from '../../bot/db/sql';
import { compiledOnce, q } from '../../bot/store/query-builder';
import { findReseller, resellerIds } from '../../bot/store/customers';
import { createTestDatabase, targets, type TestDatabase } from '../support/test-database';

// Issue 13: queries built with Kysely from the schema's types and run on our own connection.

describe.each(targets)('the typed store on %s', (target) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase(target, { seed: true });
  });
  afterAll(async () => {
    await db?.close();
  });

  test('a query compiled once binds each call\'s values by name, in the order the SQL wants them', async () => {
    const texts: string[] = [];
    const sql = poolSql(db.pool);
    const recording = { query: <T,>(text: string, params?: unknown[]) => (texts.push(text), sql.query<T>(text, params)) };
    const byCurrencyAndTier = compiledOnce(['tier', 'currency'] as const, (p) =>
      q.selectFrom('customers').select('customer_id').where('currency', '=', p.currency).where('tier', '=', p.tier).orderBy('customer_id'),
    );
    const eur = await byCurrencyAndTier(recording, { currency: 'EUR', tier: 'tier_1' });
    const usd = await byCurrencyAndTier(recording, { tier: 'tier_2', currency: 'USD' });
    expect(eur.map((r) => r.customer_id)).toContain('B2B-003');
    expect(usd.length).toBeGreaterThan(0);
    expect(usd.map((r) => r.customer_id)).not.toContain('B2B-003');
    expect(new Set(texts).size).toBe(1); // one statement text: one prepared plan
  });

  test('a constant bound as a parameter is refused when the query is first compiled, naming it', async () => {
    const wrong = compiledOnce(['id'] as const, (p) => q.updateTable('orders').set({ status: 'cancelled' }).where('id', '=', p.id));
    await expect(wrong(poolSql(db.pool), { id: 1 })).rejects.toThrow('compiledOnce: "cancelled" is a constant bound as a parameter');
  });

  test('reseller lookups read int8 and text columns as the schema says', async () => {
    expect(await findReseller(poolSql(db.pool), 'b2b-003')).toEqual({ id: 'B2B-003', currency: 'EUR', active: true });
    expect(await findReseller(poolSql(db.pool), 'B2B-999')).toBeNull();
    expect((await resellerIds(poolSql(db.pool)))[0]).toBe('B2B-001');
    const { rows } = await db.pool.query(`SELECT credit_limit_minor, count(*) OVER () AS n FROM customers WHERE customer_id = 'B2B-002'`);
    expect(typeof rows[0].credit_limit_minor).toBe('number');
    expect(typeof rows[0].n).toBe('number');
  });
});
