import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { isIsoDate } from '../../domain/dates';
import { CURRENCY_EXPONENTS } from '../../domain/money';
import { formatFxRate, parseFxRate } from '../../domain/pricing/fx';
import { loadConfig } from '../config';
import { migrateDatabase } from '../db/prepare';
import { transaction } from '../db/sql';
import { saveFxRate } from '../store/fx-rates';
import { subcommand, UsageError, type Command } from './command-line';
import { openCommandDatabase } from './open-database';

const USAGE = `Usage: esim-hub fx import FILE
  FILE is CSV with the header date,currency,units_per_usd (e.g. 2026-11-27,EUR,0.92); a day's rate
  replaces what was stored for that day and currency. All rows or none.`;

const row = z.object({ date: z.string(), currency: z.string(), units_per_usd: z.string() });

/** `esim-hub fx import FILE`: a day's FX rates (units of the currency per USD). */
async function fxCommand(args: string[]): Promise<number> {
  const { positionals } = parseArgs({ args, allowPositionals: true, options: {} });
  const [action, file, extra] = positionals;
  subcommand('fx', action, ['import'] as const);
  if (!file) throw new UsageError('fx import needs the CSV file: esim-hub fx import FILE (date,currency,units_per_usd)');
  if (extra !== undefined) throw new UsageError(`fx import takes one file (got "${extra}" too); put every rate in one CSV`);
  if (!fs.existsSync(file)) {
    process.stderr.write(`esim-hub: ${file}: no such file (nothing was imported)\n`);
    return 1;
  }
  const rates: { date: string; currency: string; scaled: number }[] = [];
  try {
    const records = parse(fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, ''), { columns: true, skip_empty_lines: true, trim: true }) as unknown[];
    records.forEach((record, i) => {
      const where = `${file}, line ${i + 2}`;
      const r = row.safeParse(record);
      if (!r.success) throw new Error(`${where}: expected the columns date,currency,units_per_usd`);
      const currency = r.data.currency.toUpperCase();
      if (!isIsoDate(r.data.date)) throw new Error(`${where}: not a date (YYYY-MM-DD): ${JSON.stringify(r.data.date)}`);
      if (CURRENCY_EXPONENTS[currency] === undefined || currency === 'USD') throw new Error(`${where}: ${JSON.stringify(currency)} is not a currency we keep rates for`);
      let scaled: number;
      try {
        scaled = parseFxRate(r.data.units_per_usd);
      } catch {
        throw new Error(`${where}: not a rate (units per USD, up to 8 decimals): ${JSON.stringify(r.data.units_per_usd)}`);
      }
      rates.push({ date: r.data.date, currency, scaled });
    });
  } catch (error) {
    process.stderr.write(`esim-hub: ${(error as Error).message.replace(/^Invalid Record Length: /, `${file}: `)} (nothing was imported)\n`);
    return 1;
  }
  const db = await openCommandDatabase(loadConfig());
  try {
    await migrateDatabase(db);
    await transaction(db.pool, async (sql) => {
      for (const r of rates) await saveFxRate(sql, { date: r.date, currency: r.currency, unitsPerUsd: formatFxRate(r.scaled), source: `fx import ${path.basename(file)}` });
    });
    const days = [...new Set(rates.map((r) => r.date))].sort();
    process.stdout.write(`${rates.length} rates imported (${days.length === 1 ? days[0] : `${days[0]} to ${days.at(-1)}`}: ${[...new Set(rates.map((r) => r.currency))].join(', ')})\n`);
    return 0;
  } finally {
    await db.close();
  }
}

export const command: Command = { usage: USAGE, run: fxCommand };
