import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { BankFileError } from '../../domain/settlement/bank-entry';
import { DATE_FORMATS, parseColumnMap } from '../../domain/settlement/bank-csv';
import { loadConfig } from '../config';
import { migrateDatabase } from '../db/prepare';
import { importBankFile, summaryLine, type ImportSummary } from '../settlement/import-bank-file';
import { lowBalanceDefault } from '../settlement/low-balance';
import { subcommand, UsageError, type Command } from './command-line';
import { openCommandDatabase } from './open-database';

const USAGE = `Usage: esim-hub deposits import FILE... [--json]
         [--map field=Column,...] [--decimal-comma] [--date-format ${DATE_FORMATS.join('|')}]
         [--account ACCOUNT] [--currency CCY]

Imports bank statements: ISO 20022 camt.053 XML (any version) or CSV with the header
  booking_date,value_date,amount,currency,payer_name,payer_account,reference,bank_reference
(another bank's CSV through --map, e.g. --map booking_date=Buchungstag,amount=Betrag,reference=Verwendungszweck).
Each file is one transaction: a bad file changes nothing; importing a file again changes nothing.`;

/** `esim-hub deposits import FILE...`: books every credit, matches it or hands it to staff. */
async function depositsCommand(args: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      map: { type: 'string' },
      'decimal-comma': { type: 'boolean', default: false },
      'date-format': { type: 'string' },
      account: { type: 'string' },
      currency: { type: 'string' },
    },
  });
  const [action, ...files] = positionals;
  subcommand('deposits', action, ['import'] as const);
  if (files.length === 0) throw new UsageError('deposits import needs the bank statement files: esim-hub deposits import FILE... (camt.053 XML or CSV)');
  const dateFormat = z.enum(DATE_FORMATS).optional().safeParse(values['date-format']);
  if (!dateFormat.success) throw new UsageError(`--date-format must be one of ${DATE_FORMATS.join(', ')} (got "${values['date-format']}")`);
  let map;
  try {
    map = values.map ? parseColumnMap(values.map) : undefined;
  } catch (error) {
    throw new UsageError((error as Error).message); // it names --map
  }
  for (const file of files) {
    if (!fs.existsSync(file)) {
      process.stderr.write(`esim-hub: ${file}: no such file (nothing was imported)\n`);
      return 1;
    }
  }
  const config = loadConfig();
  lowBalanceDefault.usdMinor = Math.round(config.LOW_BALANCE_THRESHOLD_USD * 100);
  const db = await openCommandDatabase(config);
  const summaries: ImportSummary[] = [];
  let failed = false;
  try {
    await migrateDatabase(db);
    for (const file of files) {
      try {
        const summary = await importBankFile(db, file, fs.readFileSync(file, 'utf8'), {
          toleranceUsdMinor: Math.round(config.DEPOSIT_TOLERANCE_USD * 100),
          csv: { map, decimalComma: values['decimal-comma'], dateFormat: dateFormat.data, account: values.account ?? null, currency: values.currency?.toUpperCase() },
        });
        summaries.push(summary);
        if (!values.json) {
          process.stdout.write(`${files.length > 1 ? `${file}: ` : ''}${summaryLine(summary)}\n`);
          for (const line of summary.attention) process.stdout.write(`  ${line}\n`);
        }
      } catch (error) {
        if (!(error instanceof BankFileError)) throw error;
        failed = true;
        // importBankFile names the file (its base name) and the line or element.
        process.stderr.write(`esim-hub: ${error.message} (nothing of this file was imported)\n`);
      }
    }
    if (values.json) {
      const out = summaries.map(({ outcomes: _outcomes, ...rest }) => rest);
      process.stdout.write(`${JSON.stringify(out)}\n`);
    }
    return failed ? 1 : 0;
  } finally {
    await db.close();
  }
}

export const command: Command = { usage: USAGE, run: depositsCommand };
