import { parseArgs } from 'node:util';
import { isMonth } from '../../domain/reports/month';
import { profitJson, profitTable } from '../../domain/reports/profit';
import { loadConfig } from '../config';
import { migrateDatabase, openConfiguredDatabase } from '../db/prepare';
import { poolSql } from '../db/sql';
import { profitByChannel } from '../reports/profit-by-channel';

const USAGE = `Usage: esim-hub report profit --month YYYY-MM [--json]
  revenue, cost of goods and gross profit per sales channel for the month (UTC), in USD, from the
  ledger; --json prints [{"channel","revenueUsd","cogsUsd","profitUsd","orders"}] (decimal strings)`;

/** `esim-hub report profit`: the month's gross profit by channel. */
export async function reportCommand(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args, allowPositionals: true, options: { month: { type: 'string' }, json: { type: 'boolean', default: false }, help: { type: 'boolean', default: false } } });
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const { positionals, values } = parsed;
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (positionals[0] !== 'profit' || positionals.length !== 1 || !values.month) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  if (!isMonth(values.month)) {
    process.stderr.write(`--month: ${JSON.stringify(values.month)} is not a month; write it as YYYY-MM, e.g. 2026-11\n`);
    return 2;
  }
  const db = await openConfiguredDatabase(loadConfig(), 1);
  try {
    await migrateDatabase(db);
    const report = await profitByChannel(poolSql(db.pool), values.month);
    process.stdout.write(values.json ? `${JSON.stringify(profitJson(report))}\n` : `${profitTable(report)}\n`);
    return 0;
  } finally {
    await db.close();
  }
}
