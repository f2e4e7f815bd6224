// npx tsx scripts/bench-statements.ts [--engine postgres|pglite] [--orders 20000]
//
// Issue 14's statement benchmark: every seeded reseller (20) with its share of ORDERS delivered
// orders in October 2026 (prepaid: a top-up first, then hold and capture per order; postpaid: a
// charge per order, and a payment), then `runStatements` for October timed as the job runs it:
// load from the ledger, build, render PDF and CSV, keep. Prints documents per second and the time
// per 1000 movements; then runs the month again (nothing new is issued: it must be quick).
//
// postgres: TEST_DATABASE_URL or BENCH_DATABASE_URL (default postgresql://postgres@127.0.0.1:5432/postgres),
// a scratch database dropped at the end. pglite: the embedded database in memory.

import { parseArgs } from 'node:util';
import { poolSql, transaction } from '../bot/db/sql';
import { postEntries } from '../bot/ledger/ledger-store';
import { runStatements } from '../bot/statements/run-statements';
import type { EntryDraft } from '../domain/ledger/entry';
import * as events from '../domain/ledger/events';
import { periodOf } from '../domain/statements/period';
import { createTestDatabase } from '../test/support/test-database';

const { values } = parseArgs({ options: { engine: { type: 'string', default: 'postgres' }, orders: { type: 'string', default: '20000' } } });
const ORDERS = Number(values.orders);
const OCTOBER = periodOf(2026, 10);
const BATCH = 2000;

async function main(): Promise<void> {
  if (values.engine === 'postgres') process.env.TEST_DATABASE_URL ??= process.env.BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
  const db = await createTestDatabase(values.engine === 'pglite' ? 'pglite' : 'postgres', { seed: true });
  try {
    const sql = poolSql(db.pool);
    const customers = (await db.pool.query<{ customer_id: string; currency: string; account_type: 'prepaid' | 'postpaid' }>('SELECT customer_id, currency, account_type FROM customers ORDER BY customer_id')).rows;
    const perCustomer = Math.ceil(ORDERS / customers.length);
    const start = Date.parse(OCTOBER.startsAt);
    const span = Date.parse(OCTOBER.endsAt) - start - 60_000;
    const t0 = Date.now();
    // Orders and their lines in bulk, then the ledger in batches of entries.
    const orderRows = await db.pool.query<{ id: number; reference: string; customer_id: string }>(
      `INSERT INTO orders (reference, customer_id, channel, conversation_key, status, currency, total_usd_minor, total_minor, access_token)
       SELECT 'ORD-' || lpad(g::text, 7, '0'), c.customer_id, 'whatsapp', 'whatsapp:bench', 'delivered', c.currency, 1000, 1000 + (g % 997), 'bench-' || g
       FROM generate_series(1, $1::int) g JOIN (SELECT customer_id, currency, row_number() OVER (ORDER BY customer_id) - 1 AS i FROM customers) c ON c.i = (g - 1) % $2::int
       RETURNING id, reference, customer_id`,
      [perCustomer * customers.length, customers.length],
    );
    await db.pool.query(`INSERT INTO order_lines (order_id, sku, quantity, quantity_delivered, unit_price_usd_minor, line_total_usd_minor, supplier_cost_minor)
                         SELECT id, 'KR-5GB-30D', 10, 10, 100, 1000, 50 FROM orders WHERE conversation_key = 'whatsapp:bench'`);
    const byCustomer = new Map(customers.map((c) => [c.customer_id, c]));
    const drafts: EntryDraft[] = [];
    for (const c of customers) {
      if (c.account_type === 'prepaid') drafts.push(events.prepaidTopUp({ customerId: c.customer_id, currency: c.currency, amountMinor: 100_000_000, usdMinor: 10_000_000 }, `BENCH-${c.customer_id}`, OCTOBER.startsAt));
      else drafts.push(events.receivablePaid({ customerId: c.customer_id, currency: c.currency, amountMinor: 500_000, usdMinor: 50_000 }, `BENCH-${c.customer_id}`, new Date(start + span / 2).toISOString()));
    }
    orderRows.rows.forEach((o, i) => {
      const c = byCustomer.get(o.customer_id)!;
      const at = new Date(start + 1000 + Math.floor((span * i) / orderRows.rows.length)).toISOString();
      const amount = { customerId: c.customer_id, currency: c.currency, amountMinor: 1000 + (i % 997), usdMinor: 140 };
      if (c.account_type === 'prepaid') {
        drafts.push(events.prepaidHold(amount, o.reference, at, o.id));
        drafts.push(events.prepaidCapture(amount, 'whatsapp', o.reference, at, o.id));
      } else {
        drafts.push(events.postpaidCharge(amount, 'wechat', o.reference, at, o.id));
      }
    });
    for (let i = 0; i < drafts.length; i += BATCH) await transaction(db.pool, (tx) => postEntries(tx, drafts.slice(i, i + BATCH)));
    process.stdout.write(`${values.engine}: ${orderRows.rows.length} orders for ${customers.length} resellers, ${drafts.length} entries, set up in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);

    const t1 = Date.now();
    const result = await runStatements(sql, { period: OCTOBER, now: new Date('2026-11-01T00:05:00.000Z') });
    const seconds = (Date.now() - t1) / 1000;
    if (!result.ok) throw new Error(result.message);
    const movements = result.documents.reduce((n, d) => n + csvLines(d.statement.csv), 0);
    const bytes = result.documents.reduce((n, d) => n + d.statement.pdf.length, 0);
    process.stdout.write(
      `statements: ${result.documents.length} documents (${movements} movements, PDFs ${(bytes / 1e6).toFixed(1)} MB) in ${seconds.toFixed(1)} s: ` +
        `${(result.documents.length / seconds).toFixed(2)} documents/s, ${((seconds * 1000) / (movements / 1000)).toFixed(0)} ms per 1000 movements\n`,
    );
    const t2 = Date.now();
    const again = await runStatements(sql, { period: OCTOBER, now: new Date('2026-11-02T00:00:00.000Z') });
    if (!again.ok || again.documents.some((d) => d.created)) throw new Error('the second run issued something new');
    process.stdout.write(`again: nothing new, ${again.documents.length} kept documents read in ${((Date.now() - t2) / 1000).toFixed(2)} s\n`);
  } finally {
    await db.close();
  }
}

/** Movement rows of a statement's CSV: all but the header, the opening and the closing row. */
function csvLines(csv: string): number {
  return csv.split('\r\n').filter((l) => l !== '').length - 3;
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
