import { parseArgs } from 'node:util';
import { staffActor } from './staff-actor';
import { isMonth } from '../../domain/reports/month';
import { loadConfig } from '../config';
import { migrateDatabase, openConfiguredDatabase } from '../db/prepare';
import { approvePayout, listPayouts, payPayout, PayoutError, payoutsCsv, snapshotCommissions } from '../commissions/payouts';

const USAGE = `Usage: esim-hub payouts snapshot --month YYYY-MM      (the scheduler does this on the 1st for the month before)
       esim-hub payouts list [--month YYYY-MM] [--customer B2B-NNN] [--json]   (CSV on standard output)
       esim-hub payouts approve ID --as FINANCE_EMAIL       (books commission expense against commission payable)
       esim-hub payouts pay ID --reference TRANSFER --as FINANCE_EMAIL   (books payable against bank)
  Commission resellers buy at retail and earn their rate (default 20%) on their month's sales.`;

/** `esim-hub payouts`: commission payouts of commission resellers, for finance. */
export async function payoutsCommand(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args, allowPositionals: true, options: { month: { type: 'string' }, customer: { type: 'string' }, reference: { type: 'string' }, as: { type: 'string' }, json: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false } } });
  } catch (error) {
    process.stderr.write(`esim-hub: ${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const { positionals, values } = parsed;
  const [action, idText] = positionals;
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const id = Number(idText);
  const shapes: Record<string, boolean> = {
    snapshot: !!values.month && isMonth(values.month),
    list: values.month === undefined || isMonth(values.month),
    approve: Number.isInteger(id) && id > 0 && !!values.as,
    pay: Number.isInteger(id) && id > 0 && !!values.as && !!values.reference,
  };
  if (!action || !shapes[action]) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const db = await openConfiguredDatabase(loadConfig(), 1);
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
