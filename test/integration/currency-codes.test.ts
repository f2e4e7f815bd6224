import { createTestDatabase, targets, type TestDatabase } from '../support/test-database';

// Issue 13: currencies were char(3), padded and trimmed in a dozen queries; now text with a check.

describe.each(targets)('currency codes on %s', (target) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase(target, { seed: true });
  });
  afterAll(async () => {
    await db?.close();
  });

  test.each(['eur', 'EU', 'EURO', 'E1R', ''])('%j is refused where it is written', async (currency) => {
    await expect(db.pool.query(`INSERT INTO fx_rates (rate_date, currency, units_per_usd, source) VALUES ('2026-11-26', $1, 1.5, 'test')`, [currency])).rejects.toMatchObject({ code: '23514' });
    await expect(db.pool.query(`UPDATE customers SET currency = $1 WHERE customer_id = 'B2B-003'`, [currency])).rejects.toMatchObject({ code: '23514' });
  });

  test('a code reads back exactly as written, with no padding to trim', async () => {
    const { rows } = await db.pool.query(`SELECT currency, length(currency) AS n FROM customers WHERE customer_id = 'B2B-003'`);
    expect(rows).toEqual([{ currency: 'EUR', n: 3 }]);
    const { rows: typed } = await db.pool.query(`SELECT data_type FROM information_schema.columns WHERE table_name = 'orders' AND column_name = 'currency'`);
    expect(typed).toEqual([{ data_type: 'text' }]);
  });
});
