import { parseArgs } from 'node:util';
import { staffActor } from './staff-actor';
import { isMonth } from '../../domain/reports/month';
import { loadConfig } from '../config';
import { migrateDatabase } from '../db/prepare';
import { subcommand, UsageError, type Command } from './command-line';
import { openCommandDatabase } from './open-database';
import { approvePayout, listPayouts, payPayout, PayoutError, payoutsCsv, snapshotCommissions } from '../commissions/payouts';

const USAGE = `Usage: esim-hub payouts snapshot --month YYYY-MM      (the scheduler does this on the 1st for the month before)
       esim-hub payouts list [--month YYYY-MM] [--customer B2B-NNN] [--json]   (CSV on standard output)
       esim-hub payouts approve ID --as FINANCE_EMAIL       (books commission expense against commission payable)
       esim-hub payouts pay ID --reference TRANSFER --as FINANCE_EMAIL   (books payable against bank)
  Commission resellers buy at retail and earn their rate (default 20%) on their month's sales.`;

/** `esim-hub payouts`: commission payouts of commission resellers, for finance. */
async function payoutsCommand(args: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    options: { month: { type: 'string' }, customer: { type: 'string' }, reference: { type: 'string' }, as: { type: 'string' }, json: { type: 'boolean', default: false } },
  });
  const [actionArg, idText, extra] = positionals;
  const action = subcommand('payouts', actionArg, ['snapshot', 'list', 'approve', 'pay'] as const);
  if (values.month !== undefined && !isMonth(values.month)) throw new UsageError(`--month ${JSON.stringify(values.month)} is not a month; write it as YYYY-MM, e.g. 2026-11`);
  const id = Number(idText);
  const takesId = action === 'approve' || action === 'pay';
  const missing = [
    action === 'snapshot' && !values.month && '--month YYYY-MM',
    takesId && !(idText !== undefined && /^\d+$/.test(idText) && id > 0) && 'ID (from esim-hub payouts list)',
    action === 'pay' && !values.reference && '--reference TRANSFER',
    takesId && !values.as && '--as FINANCE_EMAIL',
  ].filter((m): m is string => typeof m === 'string');
  if (missing.length > 0) throw new UsageError(`payouts ${action} needs ${missing.join(', ')}; see esim-hub payouts --help`);
  const unexpected = takesId ? extra : idText;
  if (unexpected !== undefined) throw new UsageError(`payouts ${action} does not take "${unexpected}" (esim-hub payouts --help)`);
  const db = await openCommandDatabase(loadConfig());
  try {
    await migrateDatabase(db);
    if (action === 'snapshot') {
      const made = await snapshotCommissions(db, values.month!, new Date());
      process.stdout.write(`${made.created} payouts pending for ${values.month}\n`);
      return 0;
    }
    if (action === 'list') {
      const rows = await listPayouts(db, { ...(values.month ? { month: values.month } : {}), ...(values.customer ? { customerId: values.customer.toUpperCase() } : {}) });
      process.stdout.write(values.json ? `${JSON.stringify(rows, null, 2)}\n` : payoutsCsv(rows));
      return 0;
    }
    const staff = await staffActor(db, values.as);
    if (!staff) return 1;
    const row = action === 'approve' ? await approvePayout(db, id, { staffId: staff.id, role: staff.role }) : await payPayout(db, id, values.reference!, { staffId: staff.id, role: staff.role });
    process.stdout.write(`Payout ${row.id} (${row.customerId} ${row.month}, ${row.currency} ${row.amount}) is ${row.status}\n`);
    return 0;
  } catch (error) {
    if (error instanceof PayoutError) {
      process.stderr.write(`esim-hub: ${error.message}\n`);
      return 1;
    }
    throw error;
  } finally {
    await db.close();
  }
}

export const command: Command = { usage: USAGE, run: payoutsCommand };
