import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'csv-parse/sync';
import { postEntry, reverseEntry } from '../../bot/ledger/ledger-store';
import { poolSql, type Sql } from '../../bot/db/sql';
import { runStatements, type StatementDocument } from '../../bot/statements/run-statements';
import type { EntryDraft } from '../../domain/ledger/entry';
import * as events from '../../domain/ledger/events';
import { periodOf } from '../../domain/statements/period';
import { runCli } from '../support/cli';
import { createTestDatabase, targets, type TestDatabase } from '../support/test-database';

// Monthly statements from the ledger on both engines (issue 14): orders, payments, top-ups and
// reversals across two months, the time an argument throughout; the documents read back with
// pdftotext and a CSV parser; a month run twice issues nothing new; October opens where September
// closed.

const exec = promisify(execFile);
const SEPTEMBER = periodOf(2026, 9);
const OCTOBER = periodOf(2026, 10);
const AFTER_SEPTEMBER = new Date('2026-10-01T00:05:00.000Z');
const AFTER_OCTOBER = new Date('2026-11-01T00:05:00.000Z');
const CHINESE = '深圳友谊旅游科技有限公司';
const THAI = 'บริษัท บางกอก โรม';

async function pdfText(pdf: Buffer): Promise<string> {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'statement-')), 'statement.pdf');
  fs.writeFileSync(file, pdf);
  const { stdout } = await exec('pdftotext', ['-layout', file, '-']);
  return stdout;
}

type Row = Record<string, string>;
const csvRows = (csv: string) => parse(csv, { columns: true, skip_empty_lines: true }) as Row[];

describe.each(targets)('monthly statements on %s', (target) => {
  let db: TestDatabase;
  let sql: Sql;
  let orderIds: Record<string, number>;
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'statements-out-'));

  const post = async (draft: EntryDraft) => {
    const result = await postEntry(sql, draft);
    if (!result.ok) throw new Error(`${draft.idempotencyKey}: ${result.code}`);
    return result.entryId;
  };
  const order = async (reference: string, customerId: string, currency: string, totalMinor: number, lines: [string, number][]) => {
    const [row] = (await db.pool.query<{ id: number }>(
      `INSERT INTO orders (reference, customer_id, channel, conversation_key, status, currency, total_usd_minor, total_minor, access_token)
       VALUES ($1, $2, 'whatsapp', 'whatsapp:test', 'delivered', $3, 0, $4, $5) RETURNING id`,
      [reference, customerId, currency, totalMinor, `token-${reference}`],
    )).rows;
    for (const [sku, quantity] of lines) {
      await db.pool.query(`INSERT INTO order_lines (order_id, sku, quantity, quantity_delivered, unit_price_usd_minor, line_total_usd_minor, supplier_cost_minor) VALUES ($1, $2, $3, $3, 100, $4, 50)`, [row!.id, sku, quantity, 100 * quantity]);
    }
    return row!.id;
  };

  beforeAll(async () => {
    db = await createTestDatabase(target, { seed: true });
    sql = poolSql(db.pool);
    await db.pool.query(`UPDATE customers SET legal_entity = $1 WHERE customer_id = 'B2B-001'`, [CHINESE]);
    await db.pool.query(`UPDATE customers SET legal_entity = $1 WHERE customer_id = 'B2B-002'`, [THAI]);
    const viajes = (amountMinor: number, usdMinor: number) => ({ customerId: 'B2B-003', currency: 'EUR', amountMinor, usdMinor });
    const youyi = (amountMinor: number, usdMinor: number) => ({ customerId: 'B2B-001', currency: 'CNY', amountMinor, usdMinor });
    orderIds = {
      'ORD-900001': await order('ORD-900001', 'B2B-003', 'EUR', 43_20, [['KR-5GB-30D', 10]]),
      'ORD-900002': await order('ORD-900002', 'B2B-003', 'EUR', 86_40, [['JP-10GB-30D', 20], ['TH-5GB-8D', 5]]),
      'ORD-900003': await order('ORD-900003', 'B2B-001', 'CNY', 1_234_50, [['JP-10GB-30D', 50]]),
      'ORD-900004': await order('ORD-900004', 'B2B-001', 'CNY', 500_00, [['SG-3GB-7D', 25]]),
      'ORD-900005': await order('ORD-900005', 'B2B-002', 'THB', 3_000_00, [['TH-5GB-8D', 100]]),
    };

    // Chengdu Panda Tours (B2B-014) is Youyi's sub-reseller: two orders delivered in October (one in
    // another currency than Youyi's), one in November; they appear on Youyi's October statement only.
    for (const [reference, currency, totalMinor, usdMinor, deliveredAt, lines] of [
      ['ORD-910001', 'CNY', 2_468_00, 345_52, '2026-10-03T04:00:00.000Z', [['ESIM-JP-10GB-30D', 120]]],
      ['ORD-910002', 'USD', 199_90, 199_90, '2026-10-31T23:59:59.000Z', [['ESIM-KR-5GB-30D', 10], ['ESIM-TH-3GB-15D', 5]]],
      ['ORD-910003', 'CNY', 100_00, 14_00, '2026-11-01T00:00:00.000Z', [['ESIM-JP-1GB-7D', 25]]],
    ] as const) {
      const id = await order(reference, 'B2B-014', currency, totalMinor, lines.map(([sku, n]) => [sku, n] as [string, number]));
      await db.pool.query('UPDATE orders SET delivered_at = $2, total_usd_minor = $3 WHERE id = $1', [id, deliveredAt, usdMinor]);
    }

    // September. Viajes Conecta (prepaid, EUR) tops up 1,000.00 and orders 43.20 (held, then captured).
    await post(events.prepaidTopUp(viajes(1_000_00, 1_150_00), 'BANK-SEP-1', '2026-09-03T09:00:00.000Z'));
    await post(events.prepaidHold(viajes(43_20, 49_68), 'ORD-900001', '2026-09-10T10:00:00.000Z', orderIds['ORD-900001']));
    await post(events.prepaidCapture(viajes(43_20, 49_68), 'whatsapp', 'ORD-900001', '2026-09-10T10:05:00.000Z', orderIds['ORD-900001']));
    // Youyi (postpaid, CNY) is charged 1,234.50 on the last instant of September.
    await post(events.postpaidCharge(youyi(1_234_50, 172_90), 'wechat', 'ORD-900003', '2026-09-30T23:59:59.999Z', orderIds['ORD-900003']));

    // October. Viajes: a top-up, an order of 86.40 of which 20.00 could not be delivered (voided),
    // and the September top-up's bank reversing 100.00 of an October top-up.
    const topUp = await post(events.prepaidTopUp(viajes(100_00, 115_00), 'BANK-OCT-1', '2026-10-02T08:00:00.000Z'));
    await post(events.prepaidHold(viajes(86_40, 99_36), 'ORD-900002', '2026-10-05T10:00:00.000Z', orderIds['ORD-900002']));
    await post(events.prepaidCapture(viajes(66_40, 76_36), 'whatsapp', 'ORD-900002', '2026-10-05T11:00:00.000Z', orderIds['ORD-900002']));
    await post(events.prepaidVoid(viajes(20_00, 23_00), 'ORD-900002', '2026-10-05T11:00:00.000Z', orderIds['ORD-900002']));
    const reversed = await reverseEntry(sql, topUp, 'reverse:BANK-OCT-1', '2026-10-20T12:00:00.000Z', 'the bank reversed it');
    expect(reversed.ok).toBe(true);
    // Youyi pays 1,000.00, is charged 500.00 and that charge is reversed (a wrong delivery).
    await post(events.receivablePaid(youyi(1_000_00, 140_00), 'WIRE-OCT-9', '2026-10-08T09:00:00.000Z'));
    const charge = await post(events.postpaidCharge(youyi(500_00, 70_00), 'wechat', 'ORD-900004', '2026-10-15T09:00:00.000Z', orderIds['ORD-900004']));
    expect((await reverseEntry(sql, charge, 'reverse:ORD-900004', '2026-10-16T09:00:00.000Z', 'wrong delivery')).ok).toBe(true);
    // Bangkok Roam (postpaid, THB, a Thai legal name) is charged in October; November is not stated.
    await post(events.postpaidCharge({ customerId: 'B2B-002', currency: 'THB', amountMinor: 3_000_00, usdMinor: 84_00 }, 'whatsapp', 'ORD-900005', '2026-10-25T09:00:00.000Z', orderIds['ORD-900005']));
    await post(events.postpaidCharge({ customerId: 'B2B-002', currency: 'THB', amountMinor: 1_00, usdMinor: 3 }, 'whatsapp', 'ORD-900005', '2026-11-01T00:00:00.000Z', orderIds['ORD-900005'], 1));
  }, 120_000);
  afterAll(async () => {
    await db?.close();
    fs.rmSync(outDir, { recursive: true, force: true });
  });

  const documentOf = (docs: StatementDocument[], customerId: string) => docs.find((d) => d.customerId === customerId)!;

  test('a month that has not ended is not stated', async () => {
    for (const now of ['2026-10-31T23:59:59.000Z', '2026-11-01T00:00:30.000Z']) {
      expect(await runStatements(sql, { period: OCTOBER, now: new Date(now) })).toMatchObject({ ok: false, code: 'period_not_ended' });
    }
    expect(await runStatements(sql, { period: OCTOBER, customerId: 'B2B-999', now: AFTER_OCTOBER })).toMatchObject({ ok: false, code: 'customer_not_found' });
  });

  test('September, then October: content, idempotency, and October opening where September closed', async () => {
    const september = await runStatements(sql, { period: SEPTEMBER, now: AFTER_SEPTEMBER, outDir });
    if (!september.ok) throw new Error(september.message);
    // Only resellers with a ledger before the end of September.
    expect(september.documents.map((d) => d.customerId)).toEqual(['B2B-001', 'B2B-003']);
    expect(september.documents.every((d) => d.created)).toBe(true);

    const viajesSep = documentOf(september.documents, 'B2B-003');
    expect(viajesSep.statement.openingMinor).toBe(0);
    expect(viajesSep.statement.closingMinor).toBe(1_000_00 - 43_20);
    const sepText = await pdfText(viajesSep.statement.pdf);
    for (const expected of ['eSIM Hub', 'Statement of account', 'Viajes Conecta S.L.', 'B2B-003', '1 September 2026 – 30 September 2026', 'BANK-SEP-1', 'ORD-900001', '10 x KR-5GB-30D', '1,000.00', '43.20', '956.80']) {
      expect(sepText).toContain(expected);
    }

    const october = await runStatements(sql, { period: OCTOBER, now: AFTER_OCTOBER, outDir });
    if (!october.ok) throw new Error(october.message);
    expect(october.warnings).toEqual([]);
    expect(october.documents.map((d) => d.customerId)).toEqual(['B2B-001', 'B2B-002', 'B2B-003']);

    // The chain: every October opening is the September closing, in the currency and in USD.
    for (const id of ['B2B-001', 'B2B-003']) {
      const sep = documentOf(september.documents, id).statement;
      const oct = documentOf(october.documents, id).statement;
      expect(oct.openingMinor).toBe(sep.closingMinor);
      const octCsv = csvRows(oct.csv);
      const sepCsv = csvRows(sep.csv);
      expect(octCsv[0]!.balance).toBe(sepCsv[sepCsv.length - 1]!.balance);
      expect(octCsv[0]!.balance_usd).toBe(sepCsv[sepCsv.length - 1]!.balance_usd);
    }

    // Viajes, October: 956.80 + 100.00 - 66.40 - 100.00 (reversal) = 890.40; the hold and the void are not movements.
    const viajes = documentOf(october.documents, 'B2B-003').statement;
    const rows = csvRows(viajes.csv);
    expect(rows.map((r) => [r.date, r.type, r.reference, r.charge, r.credit, r.balance, r.balance_is])).toEqual([
      ['2026-10-01', 'opening_balance', '', '', '', '956.80', 'available'],
      ['2026-10-02', 'top_up', 'BANK-OCT-1', '', '100.00', '1056.80', 'available'],
      ['2026-10-05', 'order', 'ORD-900002', '66.40', '', '990.40', 'available'],
      ['2026-10-20', 'reversal', 'BANK-OCT-1', '100.00', '', '890.40', 'available'],
      ['2026-10-31', 'closing_balance', '', '166.40', '100.00', '890.40', 'available'],
    ]);
    expect(rows[2]!.details).toBe('20 x JP-10GB-30D, 5 x TH-5GB-8D');
    expect(rows[3]!.details).toBe('Reverses top-up BANK-OCT-1: the bank reversed it');
    // Adds up as printed, from the parsed text alone.
    const cents = (t: string | undefined) => (t ? Math.round(Number(t) * 100) : 0);
    let balance = cents(rows[0]!.balance);
    for (const r of rows.slice(1, -1)) {
      balance += cents(r.credit) - cents(r.charge);
      expect(cents(r.balance)).toBe(balance);
    }
    expect(cents(rows[4]!.balance)).toBe(cents(rows[0]!.balance) - cents(rows[4]!.charge) + cents(rows[4]!.credit));
    const viajesText = await pdfText(viajes.pdf);
    for (const expected of ['Opening balance available', '956.80', 'BANK-OCT-1', 'ORD-900002', '66.40', 'Reversal', '890.40', 'Closing balance available', '166.40']) {
      expect(viajesText).toContain(expected);
    }

    // Youyi (postpaid): what it owes goes up with charges and down with payments and reversals.
    const youyi = documentOf(october.documents, 'B2B-001').statement;
    const youyiRows = csvRows(youyi.csv);
    expect(youyiRows.filter((r) => r.type !== 'sub_reseller_order').map((r) => [r.type, r.reference, r.charge, r.credit, r.balance, r.balance_is])).toEqual([
      ['opening_balance', '', '', '', '1234.50', 'due'],
      ['payment', 'WIRE-OCT-9', '', '1000.00', '234.50', 'due'],
      ['order', 'ORD-900004', '500.00', '', '734.50', 'due'],
      ['reversal', 'ORD-900004', '', '500.00', '234.50', 'due'],
      ['closing_balance', '', '500.00', '1500.00', '234.50', 'due'],
    ]);
    // Its sub-reseller's October orders follow, each in its own currency, outside charge/credit/balance.
    expect(youyiRows.filter((r) => r.type === 'sub_reseller_order').map((r) => [r.date, r.sub_reseller_id, r.reference, r.details, r.currency, r.order_amount, r.order_amount_usd, r.charge, r.balance])).toEqual([
      ['2026-10-03', 'B2B-014', 'ORD-910001', 'Chengdu Panda Tours: 120 x ESIM-JP-10GB-30D', 'CNY', '2468.00', '345.52', '', ''],
      ['2026-10-31', 'B2B-014', 'ORD-910002', 'Chengdu Panda Tours: 10 x ESIM-KR-5GB-30D, 5 x ESIM-TH-3GB-15D', 'USD', '199.90', '199.90', '', ''],
    ]);
    expect(youyi.closingMinor).toBe(234_50);
    const youyiText = await pdfText(youyi.pdf);
    for (const expected of ['Orders of your sub-resellers', 'Chengdu Panda Tours (B2B-014)', 'ORD-910001', 'CNY 2,468.00', 'USD 199.90', 'Subtotal B2B-014', '2 orders', '135 units', '545.42']) {
      expect(youyiText).toContain(expected);
    }
    expect(youyiText).not.toContain('ORD-910003');
    // Bangkok Roam's sub-reseller bought nothing: the section says so.
    expect(await pdfText(documentOf(october.documents, 'B2B-002').statement.pdf)).toContain('Your sub-resellers had no orders delivered in this period.');
    for (const expected of [CHINESE, 'B2B-001', 'Opening balance due', 'Closing balance due', 'WIRE-OCT-9', '1,234.50', '234.50']) expect(youyiText).toContain(expected);

    // A Thai legal name prints as Thai, and November's charge is not on October's statement.
    const roam = documentOf(october.documents, 'B2B-002').statement;
    const roamText = await pdfText(roam.pdf);
    expect(roamText).toContain(THAI);
    expect(roamText).toContain('3,000.00');
    expect(csvRows(roam.csv).map((r) => r.type)).toEqual(['opening_balance', 'order', 'closing_balance']);

    // Files written: a PDF and a CSV per statement, byte for byte what was kept.
    const written = october.documents.flatMap((d) => d.files);
    expect(written).toHaveLength(6);
    expect(fs.readFileSync(path.join(outDir, 'statement-B2B-003-2026-10.pdf')).equals(viajes.pdf)).toBe(true);
    expect(fs.readFileSync(path.join(outDir, 'statement-B2B-003-2026-10.csv'), 'utf8')).toBe(viajes.csv);

    // Running the month again (later, by someone else) issues nothing new.
    const count = async () => Number((await db.pool.query<{ n: string }>('SELECT count(*) AS n FROM statements')).rows[0]!.n);
    expect(await count()).toBe(5);
    const again = await runStatements(sql, { period: OCTOBER, now: new Date('2026-11-15T00:00:00.000Z'), outDir });
    if (!again.ok) throw new Error(again.message);
    expect(again.documents.every((d) => !d.created)).toBe(true);
    expect(documentOf(again.documents, 'B2B-003').statement.pdf.equals(viajes.pdf)).toBe(true);
    expect(await count()).toBe(5);
    // And what was issued cannot be changed.
    await expect(db.pool.query(`UPDATE statements SET closing_minor = 0 WHERE customer_id = 'B2B-003'`)).rejects.toThrow(/immutable/);
  }, 120_000);

  test('two runners at once (two bot processes): one statement, both hand out the same document', async () => {
    const before = Number((await db.pool.query<{ n: string }>('SELECT count(*) AS n FROM statements')).rows[0]!.n);
    const november = { period: periodOf(2026, 11), customerId: 'B2B-002', now: new Date('2026-12-01T00:05:00.000Z') };
    const [a, b] = await Promise.all([runStatements(poolSql(db.pool), november), runStatements(poolSql(db.pool), november)]);
    if (!a.ok || !b.ok) throw new Error('a run failed');
    expect([a.documents[0]!.created, b.documents[0]!.created].sort()).toEqual([false, true]);
    expect(a.documents[0]!.statement.pdfSha256).toBe(b.documents[0]!.statement.pdfSha256);
    expect(Number((await db.pool.query<{ n: string }>('SELECT count(*) AS n FROM statements')).rows[0]!.n)).toBe(before + 1);
    // November opens where October closed for Bangkok Roam: 3,000.00 due, then the 1.00 charge of 1 November.
    expect(csvRows(a.documents[0]!.statement.csv).map((r) => [r.type, r.balance])).toEqual([['opening_balance', '3000.00'], ['order', '3001.00'], ['closing_balance', '3001.00']]);
  }, 60_000);

  test('esim-hub statements run prints every file it wrote and issues nothing new', async () => {
    const out = path.join(outDir, 'cli');
    const result = await runCli(['statements', 'run', '--month', '2026-10', '--customer', 'b2b-003', '--out', out], { DATABASE_URL: db.url });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout.trim().split('\n')).toEqual([path.join(out, 'statement-B2B-003-2026-10.pdf'), path.join(out, 'statement-B2B-003-2026-10.csv')]);
    const kept = (await db.pool.query<{ pdf_bytes: Buffer }>(`SELECT pdf_bytes FROM statements WHERE customer_id = 'B2B-003' AND period_start = '2026-10-01'`)).rows;
    expect(kept).toHaveLength(1);
    expect(fs.readFileSync(path.join(out, 'statement-B2B-003-2026-10.pdf')).equals(kept[0]!.pdf_bytes)).toBe(true);
    const bad = await runCli(['statements', 'run', '--month', '2026-13'], { DATABASE_URL: db.url });
    expect(bad.code).toBe(2);
  }, 60_000);
});
