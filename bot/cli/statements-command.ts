import path from 'node:path';
import { parseArgs } from 'node:util';
import { parseStatementMonth } from '../../domain/statements/period';
import { sendIssued } from '../documents/send-issued';
import { loadConfig } from '../config';
import { migrateDatabase } from '../db/prepare';
import { subcommand, UsageError, type Command } from './command-line';
import { openCommandDatabase } from './open-database';
import { poolSql } from '../db/sql';
import { runStatements } from '../statements/run-statements';

const USAGE = `Usage: esim-hub statements run --month YYYY-MM [--customer B2B-NNN] [--out DIR] [--send]
  Issues the monthly statement (PDF and CSV) of every reseller with a ledger, or of one, for a
  month that has ended (UTC), and prints the path of every file written, one per line. A statement
  is issued once per reseller and month: running a month again writes the kept documents as they
  were issued. DIR defaults to ./statements. With --send each document also goes to its reseller
  (their chat thread and email, once per document; the running bot's outbox delivers it).`;

/** `esim-hub statements run`: the month's statements, by hand (the scheduler does the same on the 1st). */
async function statementsCommand(args: string[]): Promise<number> {
  const { positionals, values } = parseArgs({ args, allowPositionals: true, options: { month: { type: 'string' }, customer: { type: 'string' }, out: { type: 'string' }, send: { type: 'boolean', default: false } } });
  subcommand('statements', positionals[0], ['run'] as const);
  if (positionals.length > 1) throw new UsageError(`statements run does not take "${positionals[1]}": esim-hub statements run --month YYYY-MM [--customer B2B-NNN] [--out DIR] [--send]`);
  if (!values.month) throw new UsageError('statements run needs the month: esim-hub statements run --month YYYY-MM (a month that has ended)');
  const month = parseStatementMonth(values.month);
  if (!month.ok) throw new UsageError(`--month ${JSON.stringify(values.month)} is not a month; write it as YYYY-MM, e.g. 2026-11`);
  const db = await openCommandDatabase(loadConfig());
  try {
    await migrateDatabase(db);
    const result = await runStatements(poolSql(db.pool), {
      period: month.period,
      ...(values.customer ? { customerId: values.customer.toUpperCase() } : {}),
      outDir: path.resolve(values.out ?? 'statements'),
      now: new Date(),
    });
    if (!result.ok) {
      process.stderr.write(`esim-hub: ${result.message}\n`);
      return 1;
    }
    for (const warning of result.warnings) process.stderr.write(`warning: ${warning}\n`);
    for (const document of result.documents) for (const file of document.files) process.stdout.write(`${file}\n`);
    if (values.send) {
      const sent = await sendIssued(db.pool, result.documents.map((d) => ({ kind: 'statement' as const, id: d.statement.id })), new Date());
      process.stderr.write(`sent ${sent.sent} of ${result.documents.length}${sent.unreachable.length ? `; no thread or email address for ${sent.unreachable.length} (staff can send them from /staff/finance)` : ''}\n`);
    }
    return 0;
  } finally {
    await db.close();
  }
}

export const command: Command = { usage: USAGE, run: statementsCommand };
