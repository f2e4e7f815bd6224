import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'csv-parse/sync';
import { poolSql } from '../../bot/db/sql';
import { runInvoices } from '../../bot/invoices/issue-invoice';
import { runStatements } from '../../bot/statements/run-statements';
import { periodOf } from '../../domain/statements/period';
import { BotHarness } from '../support/bot-harness';
import { createTestDatabase, targets, type TestDatabase } from '../support/test-database';

// The reseller's own PO number (issue 16), on both engines: named in an order message, it is kept on
// the quote (and said back in it), on the order made from it, and printed with the order's lines on
// the invoice and the statement, so the reseller's accountant can match them.

const exec = promisify(execFile);
const BANGKOK_ROAM = '+66812345601'; // B2B-002, postpaid THB

async function pdfText(pdf: Buffer): Promise<string> {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'po-ref-')), 'document.pdf');
  fs.writeFileSync(file, pdf);
  return (await exec('pdftotext', ['-layout', file, '-'])).stdout;
}

describe.each(targets)('the reseller PO number on %s', (target) => {
  let db: TestDatabase;
  let chat: BotHarness;
  let clock = new Date('2026-11-10T09:00:00.000Z');

  beforeAll(async () => {
    db = await createTestDatabase(target, { seed: true });
    chat = await BotHarness.start(db, { now: () => clock });
  }, 60_000);
  afterAll(async () => {
    await chat?.stop();
    await db?.close();
  });

  test('kept from the message to the quote, the order, the invoice and the statement', async () => {
    await chat.receive('whatsapp', BANGKOK_ROAM, 'Our PO-2026-1187 (dated 03/11/2026): 20 x ESIM-JP-10GB-15D and 10 x ESIM-JP-3GB-15D. Call +66 81 234 5601 if unclear', clock);
    // "unclear" is a word no tuned message used: the reading is read back first, and the yes keeps the PO number.
    expect(await db.pool.query(`SELECT 1 FROM quotes WHERE customer_id = 'B2B-002'`)).toMatchObject({ rowCount: 0 });
    const { rows: [readBack] } = await db.pool.query(`SELECT text FROM messages WHERE direction = 'outbound' ORDER BY id DESC LIMIT 1`);
    expect(readBack.text).toMatch(/20 x .*ESIM-JP-10GB-15D[\s\S]*10 x .*ESIM-JP-3GB-15D/);
    await chat.receive('whatsapp', BANGKOK_ROAM, 'yes', clock);
    const { rows: [quote] } = await db.pool.query(`SELECT reference, customer_reference FROM quotes WHERE customer_id = 'B2B-002' ORDER BY id DESC LIMIT 1`);
    expect(quote.customer_reference).toBe('PO-2026-1187');
    const { rows: [said] } = await db.pool.query(`SELECT text FROM messages WHERE direction = 'outbound' AND text LIKE $1`, [`%${quote.reference}%`]);
    expect(said.text).toContain('Your reference: PO-2026-1187');
    expect(said.text).toMatch(/- 20 x .*ESIM-JP-10GB-15D[\s\S]*- 10 x .*ESIM-JP-3GB-15D/);

    await chat.receive('whatsapp', BANGKOK_ROAM, 'yes', clock);
    const { rows: [order] } = await db.pool.query(`SELECT reference, customer_reference, status::text FROM orders WHERE customer_id = 'B2B-002'`);
    expect(order).toMatchObject({ customer_reference: 'PO-2026-1187', status: 'delivered' });

    clock = new Date('2026-12-01T00:20:00.000Z');
    const invoices = await runInvoices(db.pool, { date: '2026-12-01', customerId: 'B2B-002', paymentTermsDays: 30, now: clock });
    if (!invoices.ok) throw new Error(invoices.message);
    const invoice = invoices.documents[0]!.invoice;
    const rows = parse(invoice.csv, { columns: true, skip_empty_lines: true }) as Record<string, string>[];
    expect(rows.filter((r) => r.record === 'line').map((r) => [r.order_reference, r.sku, r.your_reference])).toEqual([
      [order.reference, 'ESIM-JP-10GB-15D', 'PO-2026-1187'],
      [order.reference, 'ESIM-JP-3GB-15D', 'PO-2026-1187'],
    ]);
    expect(await pdfText(invoice.pdf)).toContain(`Your references: ${order.reference} PO-2026-1187`);

    const statements = await runStatements(poolSql(db.pool), { period: periodOf(2026, 11), customerId: 'B2B-002', now: clock });
    if (!statements.ok) throw new Error(statements.message);
    const statement = statements.documents[0]!.statement;
    const lines = parse(statement.csv, { columns: true, skip_empty_lines: true }) as Record<string, string>[];
    expect(lines.find((r) => r.type === 'order')!.details).toBe('Your ref PO-2026-1187: 20 x ESIM-JP-10GB-15D, 10 x ESIM-JP-3GB-15D');
    expect(await pdfText(statement.pdf)).toContain('Your ref PO-2026-1187');
  }, 90_000);

  test('a message without a PO number keeps none; our own references and dates are never one', async () => {
    clock = new Date('2026-11-12T09:00:00.000Z');
    await chat.receive('whatsapp', BANGKOK_ROAM, 'Like Q-000001 again please, 5 x ESIM-JP-3GB-15D, by 2026-11-20, B2B-002', clock);
    const { rows: [quote] } = await db.pool.query(`SELECT customer_reference FROM quotes WHERE customer_id = 'B2B-002' ORDER BY id DESC LIMIT 1`);
    expect(quote.customer_reference).toBeNull();
  });
});
