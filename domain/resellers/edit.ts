import { parseDecimalToMinor } from '../money';
import { parseRatePercent } from '../commissions/commission';
import type { StaffPermission } from '../staff/roles';

// Editing a reseller (issue 15): each change validated on its own, with the permission it needs.
// An owner alone changes what decides credit and price (tier, credit limit, account type, reseller
// type) and whether the account is active; finance what decides money and documents (currency,
// billing day, low-balance threshold, tax number, invoice note); the desk the company details and
// the parent. Pure: the caller supplies the reseller as it is and the facts the rules need.

export const TIERS = ['tier_1', 'tier_2', 'tier_3'] as const;
export const ACCOUNT_TYPES = ['prepaid', 'postpaid'] as const;
export const RESELLER_TYPES = ['margin', 'commission'] as const;

export interface ResellerFields {
  company: string;
  legalEntity: string;
  country: string;
  tier: (typeof TIERS)[number];
  accountType: (typeof ACCOUNT_TYPES)[number];
  /** USD minor units. */
  creditLimitMinor: number;
  currency: string;
  billingDay: number;
  /** In the reseller's currency; null: the default (LOW_BALANCE_THRESHOLD_USD converted). */
  lowBalanceThresholdMinor: number | null;
  taxNumber: string | null;
  invoiceNote: string | null;
  resellerType: (typeof RESELLER_TYPES)[number];
  /** Basis points of a commission reseller's sales (2000 = 20%). */
  commissionRateBp: number;
  parentCustomerId: string | null;
  active: boolean;
}

export type ResellerField = keyof ResellerFields;

/** What was asked, as typed (strings from a form or the command line). */
export type ResellerEditRequest = Partial<Record<ResellerField, string>>;

export const FIELD_PERMISSION: Record<ResellerField, StaffPermission> = {
  company: 'desk',
  legalEntity: 'desk',
  country: 'desk',
  parentCustomerId: 'desk',
  currency: 'money',
  billingDay: 'money',
  lowBalanceThresholdMinor: 'money',
  taxNumber: 'money',
  invoiceNote: 'money',
  tier: 'owner',
  accountType: 'owner',
  creditLimitMinor: 'owner',
  resellerType: 'owner',
  commissionRateBp: 'owner',
  active: 'owner',
};

export interface EditContext {
  customerId: string;
  current: ResellerFields;
  /** Currencies that have an FX rate: a reseller can be moved only to one of these. */
  currenciesWithRate: ReadonlySet<string>;
  /** The reseller has ledger entries: its currency is fixed (its accounts are kept in it). */
  hasLedgerEntries: boolean;
  /** Every reseller's parent, to refuse a loop of sub-resellers. */
  parentOf: (customerId: string) => string | null | undefined;
}

export type EditPlan =
  | { ok: true; before: Partial<ResellerFields>; after: Partial<ResellerFields>; permissions: StaffPermission[] }
  | { ok: false; errors: string[] };

const text = (max: number, what: string) => (v: string) => {
  const t = v.trim();
  if (t.length === 0) throw new Error(`${what} cannot be empty`);
  if (t.length > max) throw new Error(`${what} is at most ${max} characters`);
  return t;
};
const optionalText = (max: number, what: string) => (v: string) => {
  const t = v.trim();
  if (t.length > max) throw new Error(`${what} is at most ${max} characters`);
  return t === '' ? null : t;
};
export function oneOf<T extends string>(values: readonly T[], what: string) {
  return (v: string): T => {
    const t = v.trim().toLowerCase().replace(/^tier(\d)$/, 'tier_$1').replace(/^(\d)$/, 'tier_$1');
    if (!(values as readonly string[]).includes(t)) throw new Error(`${what} must be one of ${values.join(', ')}`);
    return t as T;
  };
}

export function planResellerEdit(request: ResellerEditRequest, ctx: EditContext): EditPlan {
  const errors: string[] = [];
  const after: Partial<ResellerFields> = {};
  const read = <K extends ResellerField>(field: K, flag: string, parse: (v: string) => ResellerFields[K]) => {
    const raw = request[field];
    if (raw === undefined) return;
    try {
      after[field] = parse(raw);
    } catch (error) {
      errors.push(`${flag}: ${(error as Error).message}`);
    }
  };
  read('company', '--company', text(200, 'the company name'));
  read('legalEntity', '--legal-entity', text(300, 'the legal entity'));
  read('country', '--country', (v) => {
    if (!/^[A-Za-z]{2}$/.test(v.trim())) throw new Error('a two-letter country code, e.g. TH');
    return v.trim().toUpperCase();
  });
  read('tier', '--tier', oneOf(TIERS, 'the tier'));
  read('accountType', '--account-type', oneOf(ACCOUNT_TYPES, 'the account type'));
  read('resellerType', '--reseller-type', oneOf(RESELLER_TYPES, 'the reseller type'));
  read('creditLimitMinor', '--credit-limit', (v) => {
    if (!/^\d+(\.\d{1,2})?$/.test(v.trim())) throw new Error(`an amount in USD such as 5000 or 5000.00, not ${JSON.stringify(v)}`);
    return parseDecimalToMinor(v.trim(), 'USD');
  });
  read('currency', '--currency', (v) => {
    const c = v.trim().toUpperCase();
    if (!ctx.currenciesWithRate.has(c)) throw new Error(`${c} has no FX rate; load one with esim-hub fx import, or use one of ${[...ctx.currenciesWithRate].sort().join(', ')}`);
    if (c !== ctx.current.currency && ctx.hasLedgerEntries) throw new Error(`${ctx.customerId} already has ledger entries in ${ctx.current.currency}; its currency cannot change`);
    return c;
  });
  read('billingDay', '--billing-day', (v) => {
    const n = Number(v.trim());
    if (!/^\d{1,2}$/.test(v.trim()) || n < 1 || n > 31) throw new Error('a day of the month, 1 to 31 (29-31 mean the last day in a shorter month)');
    return n;
  });
  read('lowBalanceThresholdMinor', '--low-balance-threshold', (v) => {
    if (v.trim() === 'default') return null;
    const currency = after.currency ?? ctx.current.currency;
    if (!/^\d+(\.\d+)?$/.test(v.trim())) throw new Error(`an amount in ${currency} such as 250.00, or "default"`);
    return parseDecimalToMinor(v.trim(), currency);
  });
  read('taxNumber', '--tax-number', optionalText(64, 'the tax number'));
  read('invoiceNote', '--invoice-note', optionalText(500, 'the invoice note'));
  read('parentCustomerId', '--parent', (v) => {
    const t = v.trim().toUpperCase();
    if (t === '' || t === 'NONE') return null;
    if (!/^B2B-\d{3,}$/.test(t)) throw new Error('a reseller id such as B2B-002, or "none"');
    if (t === ctx.customerId) throw new Error('a reseller cannot be its own parent');
    if (ctx.parentOf(t) === undefined) throw new Error(`no reseller ${t}`);
    // Walk up from the new parent: meeting this reseller would make a loop.
    const seen = new Set<string>();
    for (let p: string | null | undefined = t; p; p = ctx.parentOf(p)) {
      if (p === ctx.customerId) throw new Error(`${t} is a sub-reseller of ${ctx.customerId}: that would make a loop`);
      if (seen.has(p)) break;
      seen.add(p);
    }
    return t;
  });
  read('commissionRateBp', '--commission-rate', (v) => {
    const bp = parseRatePercent(v);
    if (bp === null) throw new Error('a percentage from 0 to 100, e.g. 20 or 17.5');
    return bp;
  });
  read('active', '--active', (v) => {
    const t = v.trim().toLowerCase();
    if (['true', 'yes', '1'].includes(t)) return true;
    if (['false', 'no', '0'].includes(t)) return false;
    throw new Error('true or false');
  });
  const accountType = after.accountType ?? ctx.current.accountType;
  const creditLimit = after.creditLimitMinor ?? ctx.current.creditLimitMinor;
  if ((after.accountType !== undefined || after.creditLimitMinor !== undefined) && accountType === 'postpaid' && creditLimit <= 0) {
    errors.push('--credit-limit: a postpaid account needs a credit limit above zero (USD)');
  }
  if (errors.length > 0) return { ok: false, errors };

  const before: Partial<ResellerFields> = {};
  const changed: Partial<ResellerFields> = {};
  for (const field of Object.keys(after) as ResellerField[]) {
    if (after[field] === ctx.current[field]) continue;
    (before as Record<string, unknown>)[field] = ctx.current[field];
    (changed as Record<string, unknown>)[field] = after[field];
  }
  const permissions = [...new Set((Object.keys(changed) as ResellerField[]).map((f) => FIELD_PERMISSION[f]))];
  return { ok: true, before, after: changed, permissions };
}
