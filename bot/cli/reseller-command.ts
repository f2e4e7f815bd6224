import { parseArgs } from 'node:util';
import { toIsoDate } from '../../domain/dates';
import { loadConfig } from '../config';
import { migrateDatabase, openConfiguredDatabase } from '../db/prepare';
import { poolSql } from '../db/sql';
import { resellerAccount, type ResellerAccount } from '../settlement/reseller-account';

const USAGE = `Usage: esim-hub reseller show B2B-NNN [--json]
       esim-hub reseller list [--json]`;

function human(a: ResellerAccount): string {
  const lines = [
    `${a.customerId}  ${a.company}  (${a.accountType}, ${a.tier}, ${a.currency}${a.active ? '' : ', INACTIVE'})`,
    a.accountType === 'prepaid' ? `  prepaid balance   ${a.currency} ${a.prepaidBalance}${a.lowBalance ? '  LOW' : ''}` : `  credit limit      ${a.currency} ${a.creditLimit || '?'} (USD ${a.creditLimitUsd})`,
    `  outstanding       ${a.currency} ${a.outstanding}`,
    a.awaitingPayment.length === 0 ? '  awaiting payment  none' : `  awaiting payment  ${a.awaitingPayment.map((o) => `${o.orderRef} ${a.currency} ${o.amount}`).join(', ')}`,
    ...a.warnings.map((w) => `  warning: ${w}`),
  ];
  return lines.join('\n');
}

/** `esim-hub reseller show|list`: a reseller's account as it stands, from the ledger. */
export async function resellerCommand(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args, allowPositionals: true, options: { json: { type: 'boolean', default: false }, help: { type: 'boolean', default: false } } });
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const { positionals, values } = parsed;
  const [action, id] = positionals;
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (!(action === 'show' && id) && action !== 'list') {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const db = await openConfiguredDatabase(loadConfig(), 1);
  try {
    await migrateDatabase(db);
    const sql = poolSql(db.pool);
    const today = toIsoDate(new Date());
    if (action === 'show') {
      const account = await resellerAccount(sql, id!.toUpperCase(), today);
      if (!account) {
        process.stderr.write(`No reseller ${id}; esim-hub reseller list shows them all.\n`);
        return 1;
      }
      process.stdout.write(values.json ? `${JSON.stringify(account)}\n` : `${human(account)}\n`);
      return 0;
    }
    const ids = await sql.query<{ customer_id: string }>(`SELECT customer_id FROM customers ORDER BY customer_id`);
    const accounts = [];
    for (const row of ids) accounts.push((await resellerAccount(sql, row.customer_id, today))!);
    process.stdout.write(values.json ? `${JSON.stringify(accounts)}\n` : `${accounts.map(human).join('\n')}\n`);
    return 0;
  } finally {
    await db.close();
  }
}
