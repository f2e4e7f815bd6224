import { sql as raw } from 'kysely';
import type { Config } from '../config';
import type { Database } from '../db/database';
import { poolSql, transaction } from '../db/sql';
import { sendIssued } from '../documents/send-issued';
import { runInvoices } from '../invoices/issue-invoice';
import { remindExpiringPrices, REMINDER_DAYS } from '../prices/price-review';
import { makeTierSuggestions } from '../resellers/tier-suggestions';
import { snapshotCommissions } from '../commissions/payouts';
import { checkLowBalance } from '../settlement/low-balance';
import { runStatements } from '../statements/run-statements';
import { resellerOf } from '../store/customers';
import { q, run } from '../store/query-builder';
import { parseStatementMonth } from '../../domain/statements/period';
import type { ScheduledJob } from './run-job';
import { pruneCloudEvents } from '../store/whatsapp-cloud-events';

const CLOUD_EVENTS_KEPT_DAYS = 30;

// What the bot does on a clock (UTC): statements on the 1st for the month before, invoices every
// day for the resellers whose billing day it is, the low-balance check, and quotes that ran out
// marked expired, and staff reminded of customer prices that end within 14 days. Each is safe to run twice; bot/schedules/run-job makes sure one process runs it.

export function scheduledJobs(db: Database, config: Config): ScheduledJob[] {
  const sql = poolSql(db.pool);
  return [
    {
      name: 'statements',
      cron: '10 0 1 * *',
      cadence: 'monthly',
      maxBack: 3,
      async run(month, now) {
        const parsed = parseStatementMonth(month);
        if (!parsed.ok) throw new Error(`statements: ${month} is not a month`);
        const result = await runStatements(sql, { period: parsed.period, now });
        if (!result.ok) throw new Error(result.message);
        // Each statement goes to its reseller (their thread, and email) once: the send's key is the statement's.
        const { sent } = await sendIssued(db.pool, result.documents.map((d) => ({ kind: 'statement' as const, id: d.statement.id })), now);
        const created = result.documents.filter((d) => d.created).length;
        return `${result.documents.length} statements (${created} new, ${sent} sent)${result.warnings.length ? `; ${result.warnings.join('; ')}` : ''}`;
      },
    },
    {
      name: 'invoices',
      cron: '20 0 * * *',
      cadence: 'daily',
      // a quarter: a day that is nobody's billing day costs one query; a missed billing day is an invoice late
      maxBack: 92,
      async run(date, now) {
        const result = await runInvoices(db.pool, { date, paymentTermsDays: config.INVOICE_PAYMENT_TERMS_DAYS, now });
        if (!result.ok) throw new Error(result.message);
        const created = result.documents.filter((d) => d.created);
        await sendIssued(db.pool, [...result.documents.map((d) => ({ kind: 'invoice' as const, id: d.invoice.id })), ...result.creditNotes.map((d) => ({ kind: 'credit_note' as const, id: d.creditNote.id }))], now);
        const notes = result.creditNotes.map((d) => d.creditNote.number);
        return `${created.length} invoices issued${created.length ? ` (${created.map((d) => d.invoice.number).join(', ')})` : ''}${notes.length ? `; ${notes.length} credit notes (${notes.join(', ')})` : ''}`;
      },
    },
    {
      name: 'low-balance',
      cron: '5 * * * *',
      cadence: 'every_tick',
      maxBack: 1,
      async run(_tick, now) {
        // Only resellers that ever had a prepaid balance: one that never topped up is not told it is low.
        const prepaid = await run(
          sql,
          q.selectFrom('customers as c')
            .select(resellerOf('c.customer_id').as('r'))
            .where('c.account_type', '=', 'prepaid')
            .where('c.active', '=', true)
            .where((eb) => eb.exists(eb.selectFrom('ledger_accounts as a').select('a.id').where('a.code', '=', raw<string>`'prepaid:' || c.customer_id`))),
        );
        let alerted = 0;
        // Each reseller in a transaction: the alerted flag and the alert's messages commit together (autocommitted, a failure between them set the flag and lost the alert for good).
        for (const { r } of prepaid) if (r && (await transaction(db.pool, (tx) => checkLowBalance(tx, r, now))) === 'alerted') alerted += 1;
        return alerted ? `${alerted} resellers alerted to a low balance` : '';
      },
    },
    {
      name: 'commissions',
      cron: '40 0 1 * *',
      cadence: 'monthly',
      maxBack: 3,
      async run(month, now) {
        const made = await snapshotCommissions(db, month, now);
        return made.created ? `${made.created} commission payouts pending for ${month}` : '';
      },
    },
    {
      name: 'tier-suggestions',
      cron: '30 0 1 * *',
      cadence: 'monthly',
      maxBack: 1,
      async run(month) {
        const made = await makeTierSuggestions(db, month);
        return made.created ? `${made.created} tier suggestions from ${made.months.join(', ')}` : '';
      },
    },
    {
      name: 'price-expiry-reminders',
      cron: '0 7 * * *',
      cadence: 'daily',
      maxBack: 7,
      async run(_date, now) {
        // Staff see them in the staff app's approvals panel; the log line is the reminder's trace.
        const due = await remindExpiringPrices(sql, now);
        return due.length ? `${due.length} customer prices end within ${REMINDER_DAYS} days: ${due.map((p) => `#${p.id} ${p.customerId} ${p.sku} on ${p.validTo}`).join(', ')}` : '';
      },
    },
    {
      name: 'quote-expiry',
      cron: '*/10 * * * *',
      cadence: 'every_tick',
      maxBack: 1,
      async run(_tick, now) {
        const expired = await run(sql, q.updateTable('quotes').set({ status: 'expired', updated_at: raw<Date>`now()` }).where('status', '=', 'open').where('expires_at', '<', now).returning('id'));
        return expired.length ? `${expired.length} quotes expired` : '';
      },
    },
    {
      name: 'webhook-events-prune',
      cron: '20 3 * * *',
      cadence: 'daily',
      maxBack: 1,
      async run(_date, now) {
        // Worked WhatsApp Cloud API deliveries (three status reports for every message sent) are kept a month, for tracing.
        const pruned = await pruneCloudEvents(sql, new Date(now.getTime() - CLOUD_EVENTS_KEPT_DAYS * 86_400_000));
        return pruned ? `${pruned} worked WhatsApp Cloud API webhook deliveries older than ${CLOUD_EVENTS_KEPT_DAYS} days removed` : '';
      },
    },
  ];
}
