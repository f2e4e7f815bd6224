import { parseArgs } from 'node:util';
import { toIsoDate } from '../../domain/dates';
import { formatMinorAsDecimal, parseDecimalToMinor } from '../../domain/money';
import type { Database } from '../db/database';
import { log } from '../log';
import { loadConfig } from '../config';
import { migrateDatabase, openConfiguredDatabase } from '../db/prepare';
import { poolSql } from '../db/sql';
import { resellerAccount, type ResellerAccount } from '../settlement/reseller-account';
import { resellerIds } from '../store/customers';

const USAGE = `Usage: esim-hub reseller show B2B-NNN [--json]
       esim-hub reseller list [--json]
       esim-hub reseller set B2B-NNN --low-balance-threshold AMOUNT|default --as STAFF_EMAIL
         (AMOUNT in the reseller's currency, e.g. 250.00; "default" uses LOW_BALANCE_THRESHOLD_USD)`;

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
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: { json: { type: 'boolean', default: false }, help: { type: 'boolean', default: false }, 'low-balance-threshold': { type: 'string' }, as: { type: 'string' } },
    });
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
  if (!(action === 'show' && id) && action !== 'list' && !(action === 'set' && id && values['low-balance-threshold'] && values.as)) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const db = await openConfiguredDatabase(loadConfig(), 1);
  try {
    await migrateDatabase(db);
    const sql = poolSql(db.pool);
    const today = toIsoDate(new Date());
    if (action === 'set') return await setThreshold(db, id!.toUpperCase(), values['low-balance-threshold']!, values.as!);
    if (action === 'show') {
      const account = await resellerAccount(sql, id!.toUpperCase(), today);
      if (!account) {
        process.stderr.write(`No reseller ${id}; esim-hub reseller list shows them all.\n`);
        return 1;
      }
      process.stdout.write(values.json ? `${JSON.stringify(account)}\n` : `${human(account)}\n`);
      return 0;
    }
    const ids = (await resellerIds(sql)).map((customer_id) => ({ customer_id }));
    const accounts = [];
    for (const row of ids) accounts.push((await resellerAccount(sql, row.customer_id, today))!);
    process.stdout.write(values.json ? `${JSON.stringify(accounts)}\n` : `${accounts.map(human).join('\n')}\n`);
    return 0;
  } finally {
    await db.close();
  }
}

/** The reseller's own low-balance threshold (or back to the default); who set it is logged. */
async function setThreshold(db: Database, customerId: string, value: string, staffEmail: string): Promise<number> {
  const staff = await db.prisma.staffUser.findUnique({ where: { email: staffEmail.toLowerCase() } });
  if (!staff || !staff.active) {
    process.stderr.write(`No active staff member ${staffEmail}; add one with: esim-hub staff add ${staffEmail}\n`);
    return 1;
  }
  const customer = await db.prisma.customer.findUnique({ where: { id: customerId } });
  if (!customer) {
    process.stderr.write(`No reseller ${customerId}; esim-hub reseller list shows them all.\n`);
    return 1;
  }
  const currency = customer.currency;
  let minor: number | null = null;
  if (value !== 'default') {
    try {
      if (!/^\d+(\.\d+)?$/.test(value.trim())) throw new Error(`not a plain decimal amount: ${JSON.stringify(value)}`);
      minor = parseDecimalToMinor(value, currency);
    } catch (error) {
      process.stderr.write(`--low-balance-threshold: ${(error as Error).message} (an amount in ${currency}, e.g. 250.00)\n`);
      return 2;
    }
    if (minor < 0) {
      process.stderr.write('--low-balance-threshold: must not be negative\n');
      return 2;
    }
  }
  await db.prisma.customer.update({ where: { id: customerId }, data: { lowBalanceThresholdMinor: minor === null ? null : BigInt(minor) } });
  log.info('low-balance threshold set', { customerId, threshold: minor === null ? 'default' : `${currency} ${formatMinorAsDecimal(minor, currency)}`, by: staff.email });
  process.stdout.write(`${customerId}: low-balance threshold ${minor === null ? 'back to the default (LOW_BALANCE_THRESHOLD_USD)' : `${currency} ${formatMinorAsDecimal(minor, currency)}`}, set by ${staff.email}\n`);
  return 0;
}
