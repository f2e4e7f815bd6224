import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'csv-parse/sync';
import { documentFile } from '../../bot/documents/document-files';
import { poolSql, transaction } from '../../bot/db/sql';
import { listDocuments } from '../../bot/http/staff-document-routes';
import { runInvoices } from '../../bot/invoices/issue-invoice';
import { reverseEntry } from '../../bot/ledger/ledger-store';
import { receivables as buildReceivables } from '../../bot/reports/receivables';
import { importBankFile } from '../../bot/settlement/import-bank-file';
import { staffMatchDeposit, undoMatch } from '../../bot/settlement/staff-deposits';
import { addStaffUser } from '../../bot/staff/staff-users';
import { formatMinorAsDecimal } from '../../domain/money';
import { BotHarness } from '../support/bot-harness';
import { createTestDatabase, targets, type TestDatabase } from '../support/test-database';

// What happens to an invoice after it is issued (issue 14), on both engines: a deposit staff match
// from the suspense queue pays it (chosen by staff, or named in the remittance), undoing that match
// makes it owed again, and an order refunded after it was invoiced is corrected by a credit note
// (CN-YYYY-NNNNN) that names the invoice, credits exactly its printed lines and is kept and sent
// like the invoice. Orders go through the real pipeline on WhatsApp with the bot's clock moved.

const exec = promisify(execFile);
const NOVEMBER = new Date('2026-11-12T10:00:00.000Z');

type Row = Record<string, string>;
const csvRows = (csv: string) => parse(csv, { columns: true, skip_empty_lines: true }) as Row[];

async function pdfText(pdf: Buffer): Promise<string> {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'credit-note-')), 'document.pdf');
  fs.writeFileSync(file, pdf);
  const { stdout } = await exec('pdftotext', ['-layout', file, '-']);
  return stdout;
}

describe.each(targets)('invoices after issue: staff payments and credit notes on %s', (target) => {
  let db: TestDatabase;
  let chat: BotHarness;
  let staffId: number;
  let clock = NOVEMBER;
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'credit-notes-out-'));

  const order = async (text: string) => {
    await chat.receive('whatsapp', '+66812345601', text, clock);
    await chat.receive('whatsapp', '+66812345601', 'yes', clock);
  };
  const invoice = async (number: string) =>
    (await db.pool.query(`SELECT id, amount_minor, amount_usd_minor, status::text, paid_at FROM invoices WHERE number = $1`, [number])).rows[0] as { id: number; amount_minor: number; amount_usd_minor: number; status: string; paid_at: Date | null };
  const bankCsv = (ref: string, minor: number, payer: string, text: string) =>
    `booking_date,value_date,amount,currency,payer_name,payer_account,reference,bank_reference\n2026-12-08,2026-12-08,${formatMinorAsDecimal(minor, 'THB')},THB,${payer},TH99887766,${text},${ref}`;
  const depositOf = async (ref: string) => (await db.pool.query(`SELECT id, status::text FROM bank_deposits WHERE bank_reference = $1`, [ref])).rows[0] as { id: number; status: string };

  beforeAll(async () => {
    db = await createTestDatabase(target, { seed: true });
    chat = await BotHarness.start(db, { now: () => clock });
    staffId = await addStaffUser(db, { email: 'finance@esimhub.test', password: 'correct horse battery', role: 'finance' });
    // Bangkok Roam (postpaid, THB, billing day the 1st): two November orders, invoiced on 1 December.
    await order('Japan 10GB 15 days x 20');
    await order('Europe 10GB 30 days x 15');
    const result = await runInvoices(db.pool, { date: '2026-12-01', paymentTermsDays: 30, now: new Date('2026-12-01T00:20:00.000Z'), outDir });
    if (!result.ok) throw new Error(result.message);
    expect(result.documents.map((d) => d.invoice.number)).toEqual(['INV-2026-00001']);
  }, 120_000);

  afterAll(async () => {
    await chat?.stop();
    await db?.close();
  });

  test('a deposit staff match to an invoice from the suspense queue pays it; undoing the match makes it owed again', async () => {
    const inv = await invoice('INV-2026-00001');
    // An unknown payer with no reference: the bank file cannot place it, staff do.
    const imported = await importBankFile(db, 'kasikorn-2026-12-08.csv', bankCsv('KB-77001', inv.amount_minor, 'Mr Somchai P.', 'transfer'), { toleranceUsdMinor: 2000, now: new Date('2026-12-08T09:00:00.000Z') });
    expect(imported).toMatchObject({ matched: 0, forStaff: 1 });
    const deposit = await depositOf('KB-77001');
    const matchedAt = new Date('2026-12-08T10:00:00.000Z');
    const matched = await staffMatchDeposit(db, { depositId: deposit.id, customerId: 'B2B-002', orderRef: null, invoiceNumber: 'inv-2026-00001', staffId, now: matchedAt });
    expect(matched.message).toBe(`deposit ${deposit.id} matched to B2B-002 towards INV-2026-00001`);
    expect(await invoice('INV-2026-00001')).toMatchObject({ status: 'paid', paid_at: matchedAt });

    // Not on the receivables page as overdue, whatever the day.
    const late = await buildReceivables(poolSql(db.pool), '2027-03-01');
    expect(late.rows.find((r) => r.customerId === 'B2B-002')?.overdueInvoices).toBe(0);

    const undone = await undoMatch(db, { depositId: deposit.id, staffId, reason: 'payer is another reseller', now: new Date('2026-12-08T11:00:00.000Z') });
    expect(undone.message).toContain('no longer paying INV-2026-00001');
    expect(await invoice('INV-2026-00001')).toMatchObject({ status: 'issued', paid_at: null });
    const { rows: payments } = await db.pool.query(`SELECT amount_minor, withdrawn_at FROM invoice_payments WHERE deposit_id = $1`, [deposit.id]);
    expect(payments).toEqual([{ amount_minor: inv.amount_minor, withdrawn_at: new Date('2026-12-08T11:00:00.000Z') }]); // kept, marked withdrawn
    const owed = await buildReceivables(poolSql(db.pool), '2027-01-05');
    expect(owed.rows.find((r) => r.customerId === 'B2B-002')).toMatchObject({ overdueInvoices: 1, overdueMinor: inv.amount_minor });

    // A number that is not this reseller's is refused with the reason, and nothing moves.
    await expect(staffMatchDeposit(db, { depositId: deposit.id, customerId: 'B2B-006', orderRef: null, invoiceNumber: 'INV-2026-00001', staffId })).rejects.toThrow('no invoice INV-2026-00001 of B2B-006 to pay');
    expect((await depositOf('KB-77001')).status).toBe('for_staff');
  });

  test('a deposit whose remittance names the invoice pays it when staff match it to the reseller, without choosing the invoice', async () => {
    const inv = await invoice('INV-2026-00001');
    const half = Math.floor(inv.amount_minor / 2);
    // The remittance names the invoice and another reseller's id: the bank file cannot tell which, staff can.
    await importBankFile(db, 'kasikorn-2026-12-09.csv', bankCsv('KB-77002', half, 'SP Holding', 'B2B-006 inv 2026 1 part'), { toleranceUsdMinor: 2000, now: new Date('2026-12-09T09:00:00.000Z') });
    const deposit = await depositOf('KB-77002');
    expect(deposit.status).toBe('for_staff');
    const matched = await staffMatchDeposit(db, { depositId: deposit.id, customerId: 'B2B-002', orderRef: null, staffId, now: new Date('2026-12-09T10:00:00.000Z') });
    expect(matched.message).toContain('towards INV-2026-00001');
    const { rows } = await db.pool.query(`SELECT i.number, ip.amount_minor FROM invoice_payments ip JOIN invoices i ON i.id = ip.invoice_id WHERE ip.deposit_id = $1 AND ip.withdrawn_at IS NULL`, [deposit.id]);
    expect(rows).toEqual([{ number: 'INV-2026-00001', amount_minor: half }]);
    expect((await invoice('INV-2026-00001')).status).toBe('issued'); // half paid: still owed
  });

  test('an order refunded after it was invoiced is credited by a credit note that names the invoice and prints its lines', async () => {
    const { rows: [charge] } = await db.pool.query(
      `SELECT e.id, o.reference FROM journal_entries e JOIN orders o ON o.id = e.order_id WHERE e.kind = 'order_revenue' AND o.customer_id = 'B2B-002' ORDER BY e.id DESC LIMIT 1`,
    );
    const reversed = await transaction(db.pool, (sql) => reverseEntry(sql, Number(charge.id), `refund:${charge.reference}`, '2026-12-10T15:00:00.000Z', 'eSIMs returned unused'));
    expect(reversed.ok).toBe(true);
    const before = await invoice('INV-2026-00001');

    // Not yet on the 10th (the reversal is booked that day); on the 11th, whatever the billing day.
    const tenth = await runInvoices(db.pool, { date: '2026-12-10', paymentTermsDays: 30, now: new Date('2026-12-10T00:20:00.000Z'), outDir });
    expect(tenth.ok && tenth.creditNotes).toEqual([]);
    const eleventh = await runInvoices(db.pool, { date: '2026-12-11', paymentTermsDays: 30, now: new Date('2026-12-11T00:20:00.000Z'), outDir });
    if (!eleventh.ok) throw new Error(eleventh.message);
    expect(eleventh.documents).toEqual([]); // not Bangkok Roam's billing day: no invoice
    expect(eleventh.creditNotes.map((d) => [d.customerId, d.creditNote.number, d.creditNote.invoiceNumber])).toEqual([['B2B-002', 'CN-2026-00001', 'INV-2026-00001']]);
    expect(eleventh.creditNotes[0]!.files.map((f) => path.basename(f))).toEqual(['CN-2026-00001.pdf', 'CN-2026-00001.csv']);

    // It credits exactly what the invoice printed for that order, and the ledger took back as much.
    const { rows: printed } = await db.pool.query(
      `SELECT sku, quantity, unit_price_minor, line_minor, line_usd_minor FROM invoice_lines WHERE invoice_id = $1 AND entry_id = $2 ORDER BY position`,
      [before.id, charge.id],
    );
    const { rows: credited } = await db.pool.query(
      `SELECT l.sku, l.quantity, l.unit_price_minor, l.line_minor, l.line_usd_minor FROM credit_note_lines l JOIN credit_notes c ON c.id = l.credit_note_id WHERE c.number = 'CN-2026-00001' ORDER BY l.position`,
    );
    expect(credited).toEqual(printed);
    const note = eleventh.creditNotes[0]!.creditNote;
    const { rows: [took] } = await db.pool.query(
      `SELECT (-sum(p.amount_minor))::bigint AS minor FROM postings p JOIN ledger_accounts a ON a.id = p.account_id WHERE p.entry_id = $1 AND a.code = 'receivable:B2B-002'`,
      [reversed.ok ? reversed.entryId : 0],
    );
    expect(note.amountMinor).toBe(took.minor);

    // The CSV adds up as printed and names the invoice it corrects.
    const rows = csvRows(fs.readFileSync(path.join(outDir, 'CN-2026-00001.csv'), 'utf8'));
    const lines = rows.filter((r) => r.record === 'line');
    const [total] = rows.filter((r) => r.record === 'total');
    expect(lines.length).toBeGreaterThan(0);
    let sum = 0;
    for (const l of lines) {
      const unit = Math.round(Number(l.unit_price) * 100);
      expect(Math.round(Number(l.line_total) * 100)).toBe(Number(l.quantity) * unit);
      sum += Math.round(Number(l.line_total) * 100);
      expect(l.corrects_invoice).toBe('INV-2026-00001');
      expect(l.order_reference).toBe(charge.reference);
    }
    expect(Math.round(Number(total!.line_total) * 100)).toBe(sum);
    expect(sum).toBe(note.amountMinor);

    // The PDF says what it is, what it corrects and why, with the order and the total.
    const text = await pdfText(fs.readFileSync(path.join(outDir, 'CN-2026-00001.pdf')));
    expect(text).toContain('Credit note CN-2026-00001');
    expect(text).toContain('Corrects invoice INV-2026-00001');
    expect(text).toContain(`order ${charge.reference} reversed after invoicing`);
    expect(text).toContain('Bangkok Roam');
    expect(text).toContain(formatMinorAsDecimal(note.amountMinor, 'THB').replace(/\B(?=(\d{3})+(?!\d))/g, ','));
    expect(text).toContain('Total credited THB');

    // The invoice as issued is unchanged; what it asks for is less the credit note (and what was paid).
    const after = await invoice('INV-2026-00001');
    expect(after.amount_minor).toBe(before.amount_minor);
    const owed = await buildReceivables(poolSql(db.pool), '2027-01-05');
    const half = Math.floor(before.amount_minor / 2);
    expect(owed.rows.find((r) => r.customerId === 'B2B-002')?.overdueMinor).toBe(Math.max(0, before.amount_minor - half - note.amountMinor));
  });

  test('the credit note is kept: a run again makes nothing new, its files are served, it is listed for staff, and it cannot be changed', async () => {
    const again = await runInvoices(db.pool, { date: '2026-12-12', paymentTermsDays: 30, now: new Date('2026-12-12T00:20:00.000Z') });
    expect(again.ok && again.creditNotes).toEqual([]);
    // The reversed charge is not billed again on the next invoice, nor is its reversal.
    const january = await runInvoices(db.pool, { date: '2027-01-01', paymentTermsDays: 30, now: new Date('2027-01-01T00:20:00.000Z') });
    expect(january.ok && january.documents.filter((d) => d.customerId === 'B2B-002')).toEqual([]);

    const listed = await listDocuments(poolSql(db.pool), { kind: 'credit_note', limit: 10 }, '2026-12-12');
    expect(listed.map((d) => [d.label, d.customerId, d.status, d.corrects])).toEqual([['CN-2026-00001', 'B2B-002', 'credited', 'INV-2026-00001']]);
    const pdf = await documentFile(poolSql(db.pool), listed[0]!.pdfUrl!);
    expect(pdf?.contentType).toBe('application/pdf');
    expect(pdf?.bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const csv = await documentFile(poolSql(db.pool), listed[0]!.csvUrl);
    expect(csv?.filename).toBe('CN-2026-00001.csv');

    await expect(db.pool.query(`UPDATE credit_notes SET amount_minor = amount_minor + 1`)).rejects.toThrow(/kept as issued/);
    await expect(db.pool.query(`DELETE FROM credit_note_lines`)).rejects.toThrow(/kept as issued/);
  });

  test('an invoice whose every charge was reversed and nothing paid is void; the receivables page shows nothing overdue for it', async () => {
    // Dubai Travel Hub (USD): one order, invoiced, then refunded in full.
    clock = new Date('2026-12-14T09:00:00.000Z');
    await chat.receive('email', 'ops@dubaitravelhub.ae', 'Please quote 12 x ESIM-JP-3GB-15D', clock);
    await chat.receive('email', 'ops@dubaitravelhub.ae', 'yes', clock);
    const issued = await runInvoices(db.pool, { date: '2026-12-15', customerId: 'B2B-006', paymentTermsDays: 30, now: new Date('2026-12-15T08:00:00.000Z') });
    if (!issued.ok) throw new Error(issued.message);
    const number = issued.documents[0]!.invoice.number;
    expect(number).toBe('INV-2026-00002');
    const { rows: charges } = await db.pool.query(`SELECT ic.entry_id FROM invoice_charges ic JOIN invoices i ON i.id = ic.invoice_id WHERE i.number = $1`, [number]);
    for (const c of charges) expect((await transaction(db.pool, (sql) => reverseEntry(sql, Number(c.entry_id), `refund:${c.entry_id}`, '2026-12-16T10:00:00.000Z', 'order cancelled by the reseller'))).ok).toBe(true);
    const run = await runInvoices(db.pool, { date: '2026-12-17', paymentTermsDays: 30, now: new Date('2026-12-17T00:20:00.000Z') });
    expect(run.ok && run.creditNotes.map((d) => d.creditNote.number)).toEqual(['CN-2026-00002']);
    expect((await invoice(number)).status).toBe('void');
    const receivables = await buildReceivables(poolSql(db.pool), '2027-03-01');
    expect(receivables.rows.find((r) => r.customerId === 'B2B-006')?.overdueInvoices ?? 0).toBe(0);
  });
});
