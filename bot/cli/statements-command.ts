import path from 'node:path';
import { parseArgs } from 'node:util';
import { parseStatementMonth } from '../../domain/statements/period';
import { sendIssued } from '../documents/send-issued';
import { loadConfig } from '../config';
import { migrateDatabase, openConfiguredDatabase } from '../db/prepare';
import { poolSql } from '../db/sql';
import { runStatements } from '../statements/run-statements';

const USAGE = `Usage: esim-hub statements run --month YYYY-MM [--customer B2B-NNN] [--out DIR] [--send]
  Issues the monthly statement (PDF and CSV) of every reseller with a ledger, or of one, for a
  month that has ended (UTC), and prints the path of every file written, one per line. A statement
  is issued once per reseller and month: running a month again writes the kept documents as they
  were issued. DIR defaults to ./statements. With --send each document also goes to its reseller
  (their chat thread and email, once per document; the running bot's outbox delivers it).`;

/** `esim-hub statements run`: the month's statements, by hand (the scheduler does the same on the 1st). */
export async function statementsCommand(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: { month: { type: 'string' }, customer: { type: 'string' }, out: { type: 'string' }, send: { type: 'boolean', default: false }, help: { type: 'boolean', default: false } },
    });
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const { positionals, values } = parsed;
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (positionals[0] !== 'run' || positionals.length !== 1 || !values.month) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const month = parseStatementMonth(values.month);
  if (!month.ok) {
    process.stderr.write(`esim-hub: --month ${JSON.stringify(values.month)} is not a month (YYYY-MM)\n`);
    return 2;
  }
  const db = await openConfiguredDatabase(loadConfig(), 1);
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
