import { parseArgs } from 'node:util';
import { isMonth } from '../../domain/reports/month';
import { profitJson, profitTable } from '../../domain/reports/profit';
import { loadConfig } from '../config';
import { migrateDatabase } from '../db/prepare';
import { subcommand, UsageError, type Command } from './command-line';
import { openCommandDatabase } from './open-database';
import { poolSql } from '../db/sql';
import { profitByChannel } from '../reports/profit-by-channel';

const USAGE = `Usage: esim-hub report profit --month YYYY-MM [--json]
  revenue, cost of goods and gross profit per sales channel for the month (UTC), in USD, from the
  ledger; --json prints [{"channel","revenueUsd","cogsUsd","profitUsd","orders"}] (decimal strings)`;

/** `esim-hub report profit`: the month's gross profit by channel. */
async function reportCommand(args: string[]): Promise<number> {
  const { positionals, values } = parseArgs({ args, allowPositionals: true, options: { month: { type: 'string' }, json: { type: 'boolean', default: false } } });
  subcommand('report', positionals[0], ['profit'] as const);
  if (positionals.length > 1) throw new UsageError(`report profit does not take "${positionals[1]}": esim-hub report profit --month YYYY-MM [--json]`);
  if (!values.month) throw new UsageError('report profit needs the month: esim-hub report profit --month YYYY-MM [--json]');
  if (!isMonth(values.month)) throw new UsageError(`--month: ${JSON.stringify(values.month)} is not a month; write it as YYYY-MM, e.g. 2026-11`);
  const db = await openCommandDatabase(loadConfig());
  try {
    await migrateDatabase(db);
    const report = await profitByChannel(poolSql(db.pool), values.month);
    process.stdout.write(values.json ? `${JSON.stringify(profitJson(report))}\n` : `${profitTable(report)}\n`);
    return 0;
  } finally {
    await db.close();
  }
}

export const command: Command = { usage: USAGE, run: reportCommand };
