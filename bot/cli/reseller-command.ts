import { parseArgs } from 'node:util';
import { staffActor } from './staff-actor';
import { toIsoDate } from '../../domain/dates';
import { formatRate } from '../../domain/commissions/commission';
import { formatMinorAsDecimal } from '../../domain/money';
import type { ResellerEditRequest, ResellerField } from '../../domain/resellers/edit';
import { editReseller, ResellerEditError } from '../resellers/edit-reseller';
import { q, run } from '../store/query-builder';
import type { Database } from '../db/database';
import { loadConfig } from '../config';
import { migrateDatabase } from '../db/prepare';
import { poolSql } from '../db/sql';
import { resellerAccount, type ResellerAccount } from '../settlement/reseller-account';
import { resellerIds } from '../store/customers';
import { subcommand, UsageError, type Command } from './command-line';
import { openCommandDatabase } from './open-database';

const SET_FLAGS = {
  company: 'company',
  'legal-entity': 'legalEntity',
  country: 'country',
  tier: 'tier',
  'account-type': 'accountType',
  'credit-limit': 'creditLimitMinor',
  currency: 'currency',
  'billing-day': 'billingDay',
  'low-balance-threshold': 'lowBalanceThresholdMinor',
  'tax-number': 'taxNumber',
  'invoice-note': 'invoiceNote',
  'reseller-type': 'resellerType',
  'commission-rate': 'commissionRateBp',
  parent: 'parentCustomerId',
  active: 'active',
} as const satisfies Record<string, ResellerField>;

const USAGE = `Usage: esim-hub reseller show B2B-NNN [--json]
       esim-hub reseller list [--json]
       esim-hub reseller set B2B-NNN [--tier tier_1|tier_2|tier_3] [--credit-limit USD] [--account-type prepaid|postpaid]
           [--reseller-type margin|commission] [--commission-rate PERCENT] [--active true|false] (owner)
           [--currency CODE] [--billing-day 1-31] [--low-balance-threshold AMOUNT|default]
           [--tax-number TEXT] [--invoice-note TEXT]                                          (finance or owner)
           [--company TEXT] [--legal-entity TEXT] [--country CC] [--parent B2B-NNN|none]      (staff or owner)
           --as STAFF_EMAIL
         Each flag is optional and validated; the change is refused unless the role of --as covers every
         field, and kept in the audit trail. Amounts: the credit limit in USD, the threshold in the
         reseller's currency ("default" uses LOW_BALANCE_THRESHOLD_USD); an empty text clears it.`;

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

/** `esim-hub reseller show|list|set`: a reseller's account as it stands, from the ledger, and its settings. */
async function resellerCommand(args: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      as: { type: 'string' },
      ...Object.fromEntries(Object.keys(SET_FLAGS).map((flag) => [flag, { type: 'string' as const }])),
    },
  });
  const [actionArg, id] = positionals;
  const action = subcommand('reseller', actionArg, ['show', 'list', 'set'] as const);
  const request: ResellerEditRequest = {};
  for (const [flag, field] of Object.entries(SET_FLAGS)) {
    const value = (values as Record<string, unknown>)[flag];
    if (typeof value === 'string') request[field] = value;
  }
  const wordsMax = action === 'list' ? 1 : 2;
  if (action !== 'list' && !id) throw new UsageError(`reseller ${action} needs the reseller's id: esim-hub reseller ${action} B2B-NNN${action === 'set' ? ' --FIELD VALUE... --as STAFF_EMAIL' : ''}`);
  if (positionals.length > wordsMax) throw new UsageError(`reseller ${action} does not take "${positionals[wordsMax]}" (esim-hub reseller --help)`);
  if (action !== 'set' && (values.as !== undefined || Object.keys(request).length > 0)) throw new UsageError(`reseller ${action} only shows; to change a field: esim-hub reseller set B2B-NNN --FIELD VALUE --as STAFF_EMAIL`);
  if (action === 'set' && (!values.as || Object.keys(request).length === 0)) {
    throw new UsageError(`reseller set needs ${values.as ? 'at least one field to change (esim-hub reseller --help lists them)' : '--as STAFF_EMAIL (who is changing it)'}`);
  }
  const db = await openCommandDatabase(loadConfig());
  try {
    await migrateDatabase(db);
    const sql = poolSql(db.pool);
    const today = toIsoDate(new Date());
    if (action === 'set') return await setFields(db, id!.toUpperCase(), request, values.as!);
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

/** `reseller set`: the fields asked for, as the staff member named by --as, with that member's role. */
async function setFields(db: Database, customerId: string, request: ResellerEditRequest, staffEmail: string): Promise<number> {
  const staff = await staffActor(db, staffEmail);
  if (!staff) return 1;
  try {
    const { before, after } = await editReseller(db, customerId, request, { staffId: staff.id, role: staff.role });
    const fields = Object.keys(after) as ResellerField[];
    if (fields.length === 0) {
      process.stdout.write(`${customerId}: nothing changed (every value was already so)\n`);
      return 0;
    }
    const [row] = await run(poolSql(db.pool), q.selectFrom('customers').select('currency').where('customer_id', '=', customerId));
    const described = fields.map((f) => `${FIELD_LABEL[f]} ${shown(f, after[f], row!.currency)} (was ${shown(f, before[f], row!.currency)})`);
    process.stdout.write(`${customerId}: ${described.join('; ')}; set by ${staff.email}\n`);
    return 0;
  } catch (error) {
    if (error instanceof ResellerEditError) {
      for (const e of error.errors) process.stderr.write(`esim-hub: ${e}\n`);
      return error.code === 'invalid' ? 2 : 1;
    }
    throw error;
  }
}

const FIELD_LABEL: Record<ResellerField, string> = {
  company: 'company',
  legalEntity: 'legal entity',
  country: 'country',
  tier: 'tier',
  accountType: 'account type',
  creditLimitMinor: 'credit limit',
  currency: 'currency',
  billingDay: 'billing day',
  lowBalanceThresholdMinor: 'low-balance threshold',
  taxNumber: 'tax number',
  invoiceNote: 'invoice note',
  resellerType: 'reseller type',
  commissionRateBp: 'commission rate',
  parentCustomerId: 'parent',
  active: 'active',
};

function shown(field: ResellerField, value: unknown, currency: string): string {
  if (value === null || value === undefined) return field === 'lowBalanceThresholdMinor' ? 'the default' : 'none';
  if (field === 'creditLimitMinor') return `USD ${formatMinorAsDecimal(value as number, 'USD')}`;
  if (field === 'commissionRateBp') return formatRate(value as number);
  if (field === 'lowBalanceThresholdMinor') return `${currency} ${formatMinorAsDecimal(value as number, currency)}`;
  return String(value);
}

export const command: Command = { usage: USAGE, run: resellerCommand };
