import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'csv-parse/sync';
import type { ChannelName } from '../../channels/port';
import { runInvoices, type InvoiceDocument } from '../../bot/invoices/issue-invoice';
import { formatMinorAsDecimal, parseDecimalToMinor } from '../../domain/money';
import { importBankFile } from '../../bot/settlement/import-bank-file';
import { BotHarness } from '../support/bot-harness';
import { runCli } from '../support/cli';
import { createTestDatabase, targets, type TestDatabase } from '../support/test-database';

// Invoices for postpaid resellers on both engines (issue 14): orders placed through the real
// pipeline on WeChat, WhatsApp and email with the bot's clock moved (nothing sleeps), invoiced on
// the 1st of December 2026 and of January 2027: numbers per year without a gap, the content read
// back (CSV parsed, PDF through pdftotext), a date run twice makes nothing new, the next run bills
// only what was delivered since, and an issued invoice cannot be changed.

const exec = promisify(execFile);
const NOVEMBER = new Date('2026-11-20T10:00:00.000Z');
const ISSUE_DAY = new Date('2026-12-01T12:00:00.000Z'); // delivered on the day of the December invoice: billed in January
const DECEMBER = new Date('2026-12-15T09:00:00.000Z');
const JANUARY = new Date('2027-01-02T08:00:00.000Z');

type Row = Record<string, string>;
const csvRows = (csv: string) => parse(csv, { columns: true, skip_empty_lines: true }) as Row[];

async function pdfText(pdf: Buffer): Promise<string> {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'invoice-')), 'invoice.pdf');
  fs.writeFileSync(file, pdf);
  const { stdout } = await exec('pdftotext', ['-layout', file, '-']);
  return stdout;
}

describe.each(targets)('invoices for postpaid resellers on %s', (target) => {
  let db: TestDatabase;
  let chat: BotHarness;
  let clock = NOVEMBER;
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'invoices-out-'));

  const say = async (channel: ChannelName, address: string, text: string) => {
    await chat.receive(channel, address, text, clock);
  };
  const order = async (channel: ChannelName, address: string, text: string) => {
    await say(channel, address, text);
    await say(channel, address, 'yes');
  };
  const run = (date: string, extra: { customerId?: string; now?: Date } = {}) =>
    runInvoices(db.pool, { date, paymentTermsDays: 30, now: extra.now ?? new Date(`${date}T06:00:00.000Z`), outDir, ...(extra.customerId ? { customerId: extra.customerId } : {}) });
  const documents = async (date: string, extra: { customerId?: string } = {}): Promise<InvoiceDocument[]> => {
    const result = await run(date, extra);
    if (!result.ok) throw new Error(result.message);
    return result.documents;
  };
  const invoiceRows = async () =>
    (await db.pool.query(`SELECT number, customer_id, to_char(issue_date, 'YYYY-MM-DD') AS issue_date, to_char(due_date, 'YYYY-MM-DD') AS due_date,
                                 to_char(period_start, 'YYYY-MM-DD') AS period_start, to_char(period_end, 'YYYY-MM-DD') AS period_end, amount_minor, amount_usd_minor, currency
                          FROM invoices ORDER BY number`)).rows as { number: string; customer_id: string; issue_date: string; due_date: string; period_start: string; period_end: string; amount_minor: number; amount_usd_minor: number; currency: string }[];

  beforeAll(async () => {
    db = await createTestDatabase(target, { seed: true });
    chat = await BotHarness.start(db, { now: () => clock });
    await db.pool.query(`UPDATE customers SET tax_number = '91440300MA5EXAMPLE', invoice_note = '请注明发票号码 / please quote the invoice number' WHERE customer_id = 'B2B-001'`);
    // November: Youyi (CNY, WeChat) and Bangkok Roam (THB, WhatsApp).
    await order('wechat', 'wxid_youyi_chen', '泰国无限流量10天 30张');
    await order('whatsapp', '+66812345601', 'Japan 10GB 15 days x 20');
    await order('whatsapp', '+66812345601', 'Europe 10GB 30 days x 15');
  }, 120_000);

  afterAll(async () => {
    await chat?.stop();
    await db?.close();
  });

  test('the orders were delivered on credit and charged to the receivable', async () => {
    const { rows } = await db.pool.query(`SELECT customer_id, status::text, payment_method::text FROM orders ORDER BY id`);
    expect(rows).toEqual([
      { customer_id: 'B2B-001', status: 'delivered', payment_method: 'postpaid' },
      { customer_id: 'B2B-002', status: 'delivered', payment_method: 'postpaid' },
      { customer_id: 'B2B-002', status: 'delivered', payment_method: 'postpaid' },
    ]);
  });

  test('1 December: one invoice per postpaid reseller with deliveries, numbered from INV-2026-00001; Dubai (nothing delivered) gets none', async () => {
    const docs = await documents('2026-12-01');
    expect(docs.map((d) => [d.customerId, d.created, d.invoice.number])).toEqual([
      ['B2B-001', true, 'INV-2026-00001'],
      ['B2B-002', true, 'INV-2026-00002'],
    ]);
    const rows = await invoiceRows();
    expect(rows.map((r) => [r.number, r.customer_id, r.currency, r.issue_date, r.due_date, r.period_start, r.period_end])).toEqual([
      ['INV-2026-00001', 'B2B-001', 'CNY', '2026-12-01', '2026-12-31', '2026-11-20', '2026-11-30'],
      ['INV-2026-00002', 'B2B-002', 'THB', '2026-12-01', '2026-12-31', '2026-11-20', '2026-11-30'],
    ]);
    // Each invoice bills exactly the postpaid charges on its reseller's receivable.
    for (const r of rows) {
      const { rows: [charged] } = await db.pool.query(
        `SELECT sum(p.amount_minor)::bigint AS minor, sum(p.usd_minor)::bigint AS usd FROM invoice_charges ic JOIN invoices i ON i.id = ic.invoice_id
         JOIN postings p ON p.entry_id = ic.entry_id JOIN ledger_accounts a ON a.id = p.account_id AND a.code = 'receivable:' || i.customer_id
         WHERE i.number = $1`,
        [r.number],
      );
      expect({ minor: r.amount_minor, usd: r.amount_usd_minor }).toEqual({ minor: charged.minor, usd: charged.usd });
    }
    expect(docs.flatMap((d) => d.files.map((f) => path.basename(f)))).toEqual(['INV-2026-00001.pdf', 'INV-2026-00001.csv', 'INV-2026-00002.pdf', 'INV-2026-00002.csv']);
  });

  test('the CSV adds up as printed: every line is quantity x unit price, the total the sum of the lines, and it is what was kept', async () => {
    for (const number of ['INV-2026-00001', 'INV-2026-00002']) {
      const csv = fs.readFileSync(path.join(outDir, `${number}.csv`), 'utf8');
      const rows = csvRows(csv);
      const lines = rows.filter((r) => r.record === 'line');
      const [total] = rows.filter((r) => r.record === 'total');
      const currency = total!.currency!;
      expect(lines.length).toBeGreaterThan(0);
      let sum = 0;
      let sumUsd = 0;
      for (const l of lines) {
        expect(l.invoice_number).toBe(number);
        expect(l.order_reference).toMatch(/^ORD-\d{6}$/);
        const line = parseDecimalToMinor(l.line_total!, currency);
        expect(Number(l.quantity) * parseDecimalToMinor(l.unit_price!, currency)).toBe(line);
        expect(Number(l.quantity) * parseDecimalToMinor(l.unit_price_usd!, 'USD')).toBe(parseDecimalToMinor(l.line_total_usd!, 'USD'));
        sum += line;
        sumUsd += parseDecimalToMinor(l.line_total_usd!, 'USD');
      }
      expect(parseDecimalToMinor(total!.line_total!, currency)).toBe(sum);
      expect(parseDecimalToMinor(total!.line_total_usd!, 'USD')).toBe(sumUsd);
      const { rows: [kept] } = await db.pool.query(`SELECT amount_minor, csv_text, pdf_bytes, pdf_sha256 FROM invoices WHERE number = $1`, [number]);
      expect(kept.amount_minor).toBe(sum);
      expect(kept.csv_text).toBe(csv);
      expect(createHash('sha256').update(kept.pdf_bytes).digest('hex')).toBe(kept.pdf_sha256);
      expect(fs.readFileSync(path.join(outDir, `${number}.pdf`)).equals(kept.pdf_bytes)).toBe(true);
    }
    // Bangkok Roam's invoice has both November orders, one row per SKU.
    const bangkok = csvRows(fs.readFileSync(path.join(outDir, 'INV-2026-00002.csv'), 'utf8')).filter((r) => r.record === 'line');
    expect(bangkok.map((r) => [r.sku, r.quantity])).toEqual([
      ['ESIM-JP-10GB-15D', '20'],
      ['ESIM-EU-10GB-30D', '15'],
    ]);
  });

  test('the PDF names the invoice, the reseller, its tax number and note, the dates, every order and the total', async () => {
    const text = await pdfText(fs.readFileSync(path.join(outDir, 'INV-2026-00001.pdf')));
    const csv = csvRows(fs.readFileSync(path.join(outDir, 'INV-2026-00001.csv'), 'utf8'));
    expect(text).toContain('Invoice INV-2026-00001');
    expect(text).toContain('Youyi Travel Tech');
    expect(text).toContain('B2B-001');
    expect(text).toContain('Tax number 91440300MA5EXAMPLE');
    expect(text).toContain('请注明发票号码');
    expect(text).toContain('Issue date 1 December 2026');
    expect(text).toContain('Due date 31 December 2026 (30 days)');
    for (const line of csv.filter((r) => r.record === 'line')) expect(text).toContain(line.order_reference!);
    const total = csv.find((r) => r.record === 'total')!.line_total!;
    const grouped = total.replace(/\B(?=(\d{3})+(?!\d))(?=\d*\.)/g, ',');
    expect(text).toMatch(new RegExp(`Total CNY\\s+${grouped.replace('.', '\\.')}`));
  });

  test('running 1 December again makes nothing new: the kept invoices are written out as issued', async () => {
    const before = await invoiceRows();
    const docs = await documents('2026-12-01');
    expect(docs.map((d) => [d.customerId, d.created, d.invoice.number])).toEqual([
      ['B2B-001', false, 'INV-2026-00001'],
      ['B2B-002', false, 'INV-2026-00002'],
    ]);
    expect(await invoiceRows()).toEqual(before);
    const { rows: [counter] } = await db.pool.query(`SELECT value FROM counters WHERE name = 'invoice_number:2026'`);
    expect(counter.value).toBe(2);
  });

  test('not a billing day: nothing; an invoice cannot be changed or deleted', async () => {
    expect(await documents('2026-12-02')).toEqual([]);
    await expect(db.pool.query(`UPDATE invoices SET amount_minor = amount_minor + 1 WHERE number = 'INV-2026-00001'`)).rejects.toThrow(/immutable/);
    await expect(db.pool.query(`DELETE FROM invoices WHERE number = 'INV-2026-00001'`)).rejects.toThrow(/kept/);
    await expect(db.pool.query(`UPDATE invoice_lines SET quantity = 1`)).rejects.toThrow(/kept/);
    await db.pool.query(`UPDATE invoices SET status = 'issued' WHERE number = 'INV-2026-00001'`); // status may change
  });

  test('1 January 2027: numbers start again at 00001 for the new year, each invoice bills only what was delivered since, a zero invoice only when asked for', async () => {
    clock = ISSUE_DAY;
    await order('whatsapp', '+66812345601', 'Korea 5GB 30 days x 40');
    clock = DECEMBER;
    await order('email', 'ops@dubaitravelhub.ae', 'Please quote 12 x ESIM-JP-3GB-15D');
    await db.pool.query(`UPDATE customers SET zero_invoices = true WHERE customer_id = 'B2B-001'`);
    const docs = await documents('2027-01-01');
    expect(docs.map((d) => [d.customerId, d.created, d.invoice.number])).toEqual([
      ['B2B-001', true, 'INV-2027-00001'],
      ['B2B-002', true, 'INV-2027-00002'],
      ['B2B-006', true, 'INV-2027-00003'],
    ]);
    const rows = (await invoiceRows()).filter((r) => r.issue_date === '2027-01-01');
    expect(rows.map((r) => [r.number, r.customer_id, r.period_start, r.period_end, r.amount_minor === 0])).toEqual([
      ['INV-2027-00001', 'B2B-001', '2026-12-01', '2026-12-31', true],
      ['INV-2027-00002', 'B2B-002', '2026-12-01', '2026-12-31', false],
      ['INV-2027-00003', 'B2B-006', '2026-12-15', '2026-12-31', false],
    ]);
    const bangkok = csvRows(docs[1]!.invoice.csv).filter((r) => r.record === 'line');
    expect(bangkok.map((r) => [r.date, r.sku, r.quantity])).toEqual([['2026-12-01', 'ESIM-KR-5GB-30D', '40']]);
    const dubai = csvRows(docs[2]!.invoice.csv).filter((r) => r.record === 'line');
    expect(dubai.map((r) => [r.sku, r.quantity, r.currency])).toEqual([['ESIM-JP-3GB-15D', '12', 'USD']]);
    // Every charge on a receivable is billed exactly once.
    const { rows: [unbilled] } = await db.pool.query(
      `SELECT count(*)::int AS n FROM journal_entries e WHERE e.kind = 'order_revenue' AND e.customer_id IN ('B2B-001','B2B-002','B2B-006')
       AND NOT EXISTS (SELECT 1 FROM invoice_charges ic WHERE ic.entry_id = e.id)`,
    );
    expect(unbilled.n).toBe(0);
  });

  test('--customer: that reseller is invoiced for what was delivered since, whatever its billing day; again the same day makes nothing', async () => {
    clock = JANUARY;
    await order('whatsapp', '+66812345601', 'Japan 10GB 15 days x 20');
    const first = await documents('2027-01-05', { customerId: 'B2B-002' });
    expect(first.map((d) => [d.created, d.invoice.number])).toEqual([[true, 'INV-2027-00004']]);
    const again = await documents('2027-01-05', { customerId: 'B2B-002' });
    expect(again.map((d) => [d.created, d.invoice.number])).toEqual([[false, 'INV-2027-00004']]);
    expect(await documents('2027-01-06', { customerId: 'B2B-002' })).toEqual([]);
    const notPostpaid = await run('2027-01-05', { customerId: 'B2B-003' });
    expect(notPostpaid).toMatchObject({ ok: false, code: 'not_postpaid' });
    expect(await run('2027-01-05', { customerId: 'B2B-999' })).toMatchObject({ ok: false, code: 'customer_not_found' });
  });

  test('numbers have no gap within a year, and every invoice adds up in the database', async () => {
    const rows = await invoiceRows();
    for (const year of ['2026', '2027']) {
      const numbers = rows.filter((r) => r.number.startsWith(`INV-${year}-`)).map((r) => Number(r.number.slice(-5)));
      expect(numbers).toEqual(numbers.map((_, i) => i + 1));
    }
    const { rows: sums } = await db.pool.query(
      `SELECT i.number, i.amount_minor, coalesce(sum(l.line_minor), 0)::bigint AS lines FROM invoices i LEFT JOIN invoice_lines l ON l.invoice_id = i.id GROUP BY i.id ORDER BY i.number`,
    );
    for (const s of sums) expect(s.amount_minor).toBe(s.lines);
  });

  test('two runs of the same date at once make one invoice per reseller', async () => {
    clock = new Date('2027-01-20T08:00:00.000Z');
    await order('wechat', 'wxid_youyi_chen', '泰国无限流量10天 30张');
    const [a, b] = await Promise.all([run('2027-02-01'), run('2027-02-01')]);
    const made = [a, b].flatMap((r) => (r.ok ? r.documents.filter((d) => d.created).map((d) => d.invoice.number) : []));
    expect(made).toEqual(['INV-2027-00005']);
    const { rows } = await db.pool.query(`SELECT count(*)::int AS n FROM invoices WHERE issue_date = '2027-02-01'`);
    expect(rows[0].n).toBe(1); // B2B-001 only: it asked for zero invoices, but it had a delivery; the others had none
  });
  test('a deposit naming an invoice number matches its reseller, pays its orders, and the invoice is paid once fully paid', async () => {
    const [inv] = (await db.pool.query(`SELECT id, number, amount_minor, currency FROM invoices WHERE number = 'INV-2026-00002'`)).rows as { id: number; number: string; amount_minor: number; currency: string }[];
    const half = Math.floor(inv!.amount_minor / 2);
    const csv = (rows: [string, number, string][]) =>
      `booking_date,value_date,amount,currency,payer_name,payer_account,reference,bank_reference\n` +
      rows.map(([ref, minor, text]) => `2027-01-10,2027-01-10,${formatMinorAsDecimal(minor, 'THB')},THB,Somchai Trading,TH001122,${text},${ref}`).join('\n');
    const importCsv = (content: string) => importBankFile(db, 'bank.csv', content, { toleranceUsdMinor: 2000, now: new Date('2027-01-10T09:00:00.000Z') });
    const first = await importCsv(csv([['INVPAY-1', half, 'payment inv 2026 00002 part 1']]));
    expect(first).toMatchObject({ matched: 1, forStaff: 0 });
    const status = async () => (await db.pool.query(`SELECT status::text, paid_at FROM invoices WHERE id = $1`, [inv!.id])).rows[0] as { status: string; paid_at: Date | null };
    expect(await status()).toEqual({ status: 'issued', paid_at: null });
    const deposit = (await db.pool.query(`SELECT match_rule, customer_id FROM bank_deposits WHERE bank_reference = 'INVPAY-1'`)).rows[0];
    expect(deposit).toEqual({ match_rule: 'invoice_number', customer_id: 'B2B-002' });
    // The same file again changes nothing; the rest arrives and the invoice is paid.
    expect(await importCsv(csv([['INVPAY-1', half, 'payment inv 2026 00002 part 1']]))).toMatchObject({ alreadyImported: 1 });
    expect(await importCsv(csv([['INVPAY-2', inv!.amount_minor - half, 'INV-2026-00002 rest']]))).toMatchObject({ matched: 1 });
    expect(await status()).toEqual({ status: 'paid', paid_at: new Date('2027-01-10T09:00:00.000Z') });
    const { rows: payments } = await db.pool.query(`SELECT sum(amount_minor)::bigint AS paid, count(*)::int AS n FROM invoice_payments WHERE invoice_id = $1`, [inv!.id]);
    expect(payments[0]).toEqual({ paid: inv!.amount_minor, n: 2 });
    // It paid the invoice's orders (the November ones), not the later ones of the same reseller.
    const { rows: allocated } = await db.pool.query(
      `SELECT DISTINCT o.reference FROM payment_allocations pa JOIN bank_deposits d ON d.id = pa.deposit_id JOIN orders o ON o.id = pa.order_id WHERE d.bank_reference LIKE 'INVPAY-%' ORDER BY 1`,
    );
    const { rows: billed } = await db.pool.query(
      `SELECT DISTINCT o.reference FROM invoice_charges ic JOIN journal_entries e ON e.id = ic.entry_id JOIN orders o ON o.id = e.order_id WHERE ic.invoice_id = $1 ORDER BY 1`,
      [inv!.id],
    );
    expect(allocated).toEqual(billed);
    // A number nobody issued points nowhere: staff decide.
    expect(await importCsv(csv([['INVPAY-3', 1000, 'INV-2026-00099']]))).toMatchObject({ matched: 0, forStaff: 1 });
  });

  if (target === 'postgres') {
    test('esim-hub invoices run prints every file it wrote; --customer invoices that reseller now; a bad date is named', async () => {
      const env = { DATABASE_URL: db.url };
      const cliOut = fs.mkdtempSync(path.join(os.tmpdir(), 'invoices-cli-'));
      const kept = await runCli(['invoices', 'run', '--date', '2026-12-01', '--out', cliOut], env);
      expect(kept.stderr).toBe('');
      expect(kept.code).toBe(0);
      expect(kept.stdout.trim().split('\n')).toEqual(['INV-2026-00001.pdf', 'INV-2026-00001.csv', 'INV-2026-00002.pdf', 'INV-2026-00002.csv'].map((f) => path.join(cliOut, f)));
      for (const file of kept.stdout.trim().split('\n')) expect(fs.existsSync(file)).toBe(true);
      clock = new Date('2027-02-10T08:00:00.000Z');
      await order('email', 'ops@dubaitravelhub.ae', 'Please quote 12 x ESIM-JP-3GB-15D');
      const now = await runCli(['invoices', 'run', '--customer', 'b2b-006', '--date', '2027-02-11', '--out', cliOut], env);
      expect(now.stderr).toBe('');
      expect(now.stdout.trim().split('\n')).toEqual(['INV-2027-00006.pdf', 'INV-2027-00006.csv'].map((f) => path.join(cliOut, f)));
      const again = await runCli(['invoices', 'run', '--customer', 'B2B-006', '--date', '2027-02-11', '--out', cliOut], env);
      expect(again.stdout).toBe(now.stdout);
      expect((await invoiceRows()).filter((r) => r.customer_id === 'B2B-006').map((r) => r.number)).toEqual(['INV-2027-00003', 'INV-2027-00006']);
      const bad = await runCli(['invoices', 'run', '--date', '2027-02-30'], env);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain('write it as YYYY-MM-DD');
      const prepaid = await runCli(['invoices', 'run', '--customer', 'B2B-003', '--out', cliOut], env);
      expect(prepaid.code).toBe(1);
      expect(prepaid.stderr).toContain('not a postpaid reseller');
      const help = await runCli(['invoices', '--help'], env);
      expect(help.code).toBe(0);
      expect(help.stdout).toContain('esim-hub invoices run');
    }, 90_000);
  }
});
