import fs from 'node:fs/promises';
import path from 'node:path';
import { formatMinorAsDecimal } from '../../domain/money';
import { previousPeriod, type StatementPeriod } from '../../domain/statements/period';
import { buildStatement } from '../../domain/statements/statement';
import type { Sql } from '../db/sql';
import { customersWithLedger, loadStatementInput, loadSubResellerOrders, statementCustomer } from './load-statement';
import { renderStatementCsv } from './render-csv';
import { renderStatementPdf } from './render-pdf';
import { findStatement, keepStatement, type IssuedStatement } from './statement-store';
import { ISSUER_NAME } from '../documents/issuer';

// A month's statements: for one reseller or for every reseller with a ledger, built from the
// ledger, rendered, kept once per (reseller, month) and written to a folder. Running a month again
// issues nothing new: the kept documents are written out as they were issued.

/**
 * A month is stated only this long after it ended: an entry of its last second whose transaction
 * is still committing (every transaction has a time budget of seconds) is in it, not lost.
 */
export const STATEMENT_GRACE_MS = 60_000;

export interface RunStatementsInput {
  period: StatementPeriod;
  /** Only this reseller; else every reseller with a statement account used before the period's end. */
  customerId?: string;
  /** Where the files go; nothing is written when absent. */
  outDir?: string;
  /** The time of the run: a month is stated only once it has ended. */
  now: Date;
  issuerName?: string;
}

export interface StatementDocument {
  customerId: string;
  created: boolean;
  statement: IssuedStatement;
  files: string[];
}

export type RunStatementsResult =
  | { ok: true; documents: StatementDocument[]; warnings: string[] }
  | { ok: false; code: 'period_not_ended' | 'customer_not_found'; message: string };

export function statementFileName(customerId: string, month: string, ext: 'pdf' | 'csv'): string {
  return `statement-${customerId}-${month}.${ext}`;
}

export async function runStatements(sql: Sql, input: RunStatementsInput): Promise<RunStatementsResult> {
  const { period } = input;
  // An issued statement never changes: stating a month that has not ended would freeze half of it.
  if (input.now.getTime() < Date.parse(period.endsAt) + STATEMENT_GRACE_MS) {
    return { ok: false, code: 'period_not_ended', message: `${period.month} has not ended yet (it ends ${period.endsAt}; statements from a minute later)` };
  }
  let customerIds: string[];
  if (input.customerId) {
    if (!(await statementCustomer(sql, input.customerId))) return { ok: false, code: 'customer_not_found', message: `no reseller ${input.customerId}` };
    customerIds = [input.customerId];
  } else {
    customerIds = await customersWithLedger(sql, period);
  }
  const documents: StatementDocument[] = [];
  const warnings: string[] = [];
  for (const customerId of customerIds) {
    const document = await statementOf(sql, customerId, input, warnings);
    if (input.outDir) document.files = await writeFiles(input.outDir, document.statement);
    documents.push(document);
  }
  return { ok: true, documents, warnings };
}

async function statementOf(sql: Sql, customerId: string, input: RunStatementsInput, warnings: string[]): Promise<StatementDocument> {
  const { period } = input;
  const existing = await findStatement(sql, customerId, period.firstDay);
  if (existing) return { customerId, created: false, statement: existing, files: [] };
  const customer = (await statementCustomer(sql, customerId))!;
  const ledger = await loadStatementInput(sql, customer, period, input.issuerName ?? ISSUER_NAME);
  const statement = buildStatement({ ...ledger, subResellers: await loadSubResellerOrders(sql, customerId, period) });
  // The chain of statements holds unless an entry was booked into a month already stated.
  const previous = await findStatement(sql, customerId, previousPeriod(period).firstDay);
  if (previous && previous.closingMinor !== statement.openingMinor) {
    const money = (minor: number) => `${customer.currency} ${formatMinorAsDecimal(minor, customer.currency)}`;
    warnings.push(`${customerId} ${period.month}: opening ${money(statement.openingMinor)} differs from the ${previous.month} statement's closing ${money(previous.closingMinor)} (an entry was booked into ${previous.month} after its statement was issued)`);
  }
  const csv = renderStatementCsv(statement);
  const pdf = await renderStatementPdf(statement, { issuedAt: input.now });
  const kept = await keepStatement(sql, statement, csv, pdf, input.now);
  return { customerId, created: kept.created, statement: kept.statement, files: [] };
}

async function writeFiles(outDir: string, s: IssuedStatement): Promise<string[]> {
  await fs.mkdir(outDir, { recursive: true });
  const pdfPath = path.resolve(outDir, statementFileName(s.customerId, s.month, 'pdf'));
  const csvPath = path.resolve(outDir, statementFileName(s.customerId, s.month, 'csv'));
  await fs.writeFile(pdfPath, s.pdf);
  await fs.writeFile(csvPath, s.csv, 'utf8');
  return [pdfPath, csvPath];
}
