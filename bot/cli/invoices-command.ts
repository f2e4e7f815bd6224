import path from 'node:path';
import { parseArgs } from 'node:util';
import { isIsoDate, toIsoDate } from '../../domain/dates';
import { sendIssued } from '../documents/send-issued';
import { loadConfig } from '../config';
import { migrateDatabase } from '../db/prepare';
import { subcommand, UsageError, type Command } from './command-line';
import { openCommandDatabase } from './open-database';
import { runInvoices } from '../invoices/issue-invoice';

const USAGE = `Usage: esim-hub invoices run [--date YYYY-MM-DD] [--customer B2B-NNN] [--out DIR] [--send]
  Issues the invoices of the date (default today, UTC): of every active postpaid reseller whose
  billing day it is, or with --customer of that reseller whatever its billing day. An invoice dated
  D bills everything delivered before D (UTC) and not invoiced yet; nothing delivered, no invoice
  (unless the reseller asked for zero invoices). A date run again makes nothing new and writes the
  kept documents as issued. Also issues a credit note (CN-YYYY-NNNNN) for every invoice with charges
  reversed before D after it billed them. Prints the path of every file written (PDF and CSV), one per line.
  DIR defaults to ./invoices. Payment terms: INVOICE_PAYMENT_TERMS_DAYS (default 30). With --send each document also goes to its reseller
  (their chat thread and email, once per document; the running bot's outbox delivers it).`;

/** `esim-hub invoices run`: the day's invoices, by hand. */
async function invoicesCommand(args: string[]): Promise<number> {
  const { positionals, values } = parseArgs({ args, allowPositionals: true, options: { date: { type: 'string' }, customer: { type: 'string' }, out: { type: 'string' }, send: { type: 'boolean', default: false } } });
  subcommand('invoices', positionals[0], ['run'] as const);
  if (positionals.length > 1) throw new UsageError(`invoices run does not take "${positionals[1]}": esim-hub invoices run [--date YYYY-MM-DD] [--customer B2B-NNN] [--out DIR] [--send]`);
  if (values.date !== undefined && !isIsoDate(values.date)) throw new UsageError(`--date ${JSON.stringify(values.date)} is not a date; write it as YYYY-MM-DD, e.g. 2026-12-01`);
  const customerId = values.customer?.trim().toUpperCase();
  if (customerId !== undefined && !/^B2B-\d{3,}$/.test(customerId)) throw new UsageError(`--customer ${JSON.stringify(values.customer)} is not a reseller id; write it as B2B-NNN`);
  const config = loadConfig();
  const now = new Date();
  const db = await openCommandDatabase(config);
  try {
    await migrateDatabase(db);
    const result = await runInvoices(db.pool, {
      date: values.date ?? toIsoDate(now),
      ...(customerId ? { customerId } : {}),
      paymentTermsDays: config.INVOICE_PAYMENT_TERMS_DAYS,
      now,
      outDir: path.resolve(values.out ?? 'invoices'),
    });
    if (!result.ok) {
      process.stderr.write(`esim-hub: ${result.message}\n`);
      return 1;
    }
    for (const document of [...result.documents, ...result.creditNotes]) for (const file of document.files) process.stdout.write(`${file}\n`);
    if (values.send) {
      const refs = [...result.documents.map((d) => ({ kind: 'invoice' as const, id: d.invoice.id })), ...result.creditNotes.map((d) => ({ kind: 'credit_note' as const, id: d.creditNote.id }))];
      const sent = await sendIssued(db.pool, refs, new Date());
      process.stderr.write(`sent ${sent.sent} of ${refs.length}${sent.unreachable.length ? `; no thread or email address for ${sent.unreachable.length} (staff can send them from /staff/finance)` : ''}\n`);
    }
    return 0;
  } finally {
    await db.close();
  }
}

export const command: Command = { usage: USAGE, run: invoicesCommand };
