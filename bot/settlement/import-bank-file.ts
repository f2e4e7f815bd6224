import path from 'node:path';
import { formatMinorAsDecimal } from '../../domain/money';
import { BankFileError, type BankEntry } from '../../domain/settlement/bank-entry';
import { parseBankCsv, type CsvOptions } from '../../domain/settlement/bank-csv';
import { looksLikeCamt053, parseCamt053 } from '../../domain/settlement/camt053';
import type { Database } from '../db/database';
import { poolSql, transaction } from '../db/sql';
import { loadFxRows } from '../store/fx-rates';
import { recordEntries, type EntryOutcome } from './record-deposit';

// `esim-hub deposits import FILE...`: a bank statement file, recognised from its content (camt.053
// XML or CSV), imported in one transaction: a bad file changes nothing, and importing it again (or
// an overlapping statement) changes nothing the second time.

export interface ImportOptions {
  csv?: CsvOptions;
  toleranceUsdMinor: number;
  now?: Date;
}

export interface ImportSummary {
  file: string;
  format: 'camt053' | 'csv';
  entries: number;
  matched: number;
  forStaff: number;
  alreadyImported: number;
  notDeposits: number;
  reversed: number;
  /** One line per entry that needs a person. */
  attention: string[];
  /** Orders the deposits paid: fulfilled by the running bot (it watches for newly paid orders). */
  ordersToFulfil: number[];
  /** Conversations that got a message. */
  outcomes: EntryOutcome[];
}

export function parseBankFile(content: string, csv: CsvOptions = {}): { format: 'camt053' | 'csv'; entries: BankEntry[] } {
  if (looksLikeCamt053(content)) return { format: 'camt053', entries: parseCamt053(content) };
  if (/^\s*</.test(content)) throw new BankFileError('line 1', 'an XML file that is not a camt.053 statement (no BkToCstmrStmt element)');
  return { format: 'csv', entries: parseBankCsv(content, csv) };
}

export async function importBankFile(db: Database, fileName: string, content: string, options: ImportOptions): Promise<ImportSummary> {
  const { format, entries } = (() => {
    try {
      return parseBankFile(content, options.csv);
    } catch (error) {
      if (error instanceof BankFileError) throw new BankFileError(`${path.basename(fileName)}, ${error.where}`, error.message.slice(error.where.length + 2));
      throw error;
    }
  })();
  const fx = await loadFxRows(poolSql(db.pool));
  const now = options.now ?? new Date();
  const outcomes = await transaction(db.pool, (sql) =>
    recordEntries({ sql, fx, toleranceUsdMinor: options.toleranceUsdMinor, now, source: format, fileName: path.basename(fileName) }, entries),
  );
  const summary: ImportSummary = { file: fileName, format, entries: entries.length, matched: 0, forStaff: 0, alreadyImported: 0, notDeposits: 0, reversed: 0, attention: [], ordersToFulfil: [], outcomes };
  outcomes.forEach((outcome, i) => {
    const entry = entries[i]!;
    const what = `${entry.location}: ${entry.currency} ${formatMinorAsDecimal(entry.amountMinor, entry.currency)} from ${entry.payerName ?? 'unknown payer'} "${entry.remittance.replace(/\s+/g, ' ').slice(0, 80)}"`;
    switch (outcome.kind) {
      case 'matched':
        summary.matched += 1;
        summary.ordersToFulfil.push(...outcome.ordersToFulfil);
        break;
      case 'for_staff':
        summary.forStaff += 1;
        summary.attention.push(`for staff: ${what}: ${outcome.reason}`);
        break;
      case 'already_imported':
        summary.alreadyImported += 1;
        break;
      case 'not_deposit':
        summary.notDeposits += 1;
        break;
      case 'reversed':
        summary.reversed += 1;
        summary.notDeposits += 1;
        break;
      case 'reversal_for_staff':
        summary.forStaff += 1;
        summary.attention.push(`for staff: ${what}: ${outcome.reason}`);
        break;
    }
  });
  return summary;
}

export function summaryLine(s: ImportSummary): string {
  const reversed = s.reversed > 0 ? `, of which ${s.reversed} reversal${s.reversed === 1 ? '' : 's'} booked` : '';
  return `${s.entries} entries: ${s.matched} matched, ${s.forStaff} for staff, ${s.alreadyImported} already imported, ${s.notDeposits} not deposits (debits, pending${reversed})`;
}
