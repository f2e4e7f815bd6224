import { parseDecimalToMinor } from '../money';
import type { StaffPermission } from '../staff/roles';
import { ACCOUNT_TYPES, FIELD_PERMISSION, oneOf, TIERS, type ResellerFields } from './edit';

// A new reseller's terms as staff choose them when approving an onboarding application (issue 19),
// under the rules that already govern editing a reseller (./edit.ts): a tier the price tables have,
// prepaid or postpaid, and a credit limit in USD minor units (customers.credit_limit_minor is USD:
// the credit check compares USD receivables with it, and the reseller edit form and `reseller set
// --credit-limit` take USD too), above zero for postpaid. A prepaid account pays from its balance,
// so a limit typed for one is a mistake and is refused rather than stored unused. Without a choice
// the spec's default: tier_3, prepaid. Tier, account type and limit are the owner's fields
// (FIELD_PERMISSION), so anything but the default needs the owner role; the default is the desk's.

export type AccountTerms = Pick<ResellerFields, 'tier' | 'accountType' | 'creditLimitMinor'>;

export const DEFAULT_TERMS: AccountTerms = { tier: 'tier_3', accountType: 'prepaid', creditLimitMinor: 0 };

/** What was asked, as typed in the approve form or sent to the API; absent or blank means the default. */
export interface TermsRequest {
  tier?: string | undefined;
  accountType?: string | undefined;
  creditLimit?: string | undefined;
}

export type TermsField = keyof TermsRequest;

export type TermsPlan =
  | { ok: true; terms: AccountTerms; permission: StaffPermission }
  | { ok: false; errors: { field: TermsField; message: string }[] };

const LIMIT_EXAMPLE = 'e.g. 5000 or 5,000.00';
// Digits with optional thousands commas (in threes, so "5,00" is not read as 500), optional decimals.
const AMOUNT = /^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$/;

export function planAccountTerms(request: TermsRequest): TermsPlan {
  const errors: { field: TermsField; message: string }[] = [];
  const given = (v: string | undefined) => (v === undefined || v.trim() === '' ? undefined : v.trim());
  const pick = <T>(field: TermsField, fallback: T, parse: (v: string) => T): T => {
    const v = given(request[field]);
    if (v === undefined) return fallback;
    try {
      return parse(v);
    } catch (error) {
      errors.push({ field, message: (error as Error).message });
      return fallback;
    }
  };
  const tier = pick('tier', DEFAULT_TERMS.tier, oneOf(TIERS, 'the tier'));
  const accountType = pick('accountType', DEFAULT_TERMS.accountType, oneOf(ACCOUNT_TYPES, 'the account type'));
  const limitText = given(request.creditLimit);
  let creditLimitMinor = 0;
  if (limitText !== undefined && !AMOUNT.test(limitText)) {
    errors.push({ field: 'creditLimit', message: `the credit limit is an amount in USD, ${LIMIT_EXAMPLE}, not ${JSON.stringify(limitText)}` });
  } else if (limitText !== undefined) {
    try {
      creditLimitMinor = parseDecimalToMinor(limitText, 'USD');
    } catch (error) {
      errors.push({ field: 'creditLimit', message: `the credit limit: ${(error as Error).message}` });
    }
  }
  const limitOk = !errors.some((e) => e.field === 'creditLimit');
  if (accountType === 'postpaid' && limitOk && creditLimitMinor <= 0) {
    errors.push({ field: 'creditLimit', message: `a postpaid account needs a credit limit in USD above zero, ${LIMIT_EXAMPLE}` });
  }
  if (accountType === 'prepaid' && limitText !== undefined && !errors.some((e) => e.field === 'accountType')) {
    errors.push({ field: 'creditLimit', message: 'a prepaid account has no credit limit (it pays from its balance): leave the credit limit empty, or choose postpaid' });
  }
  if (errors.length > 0) return { ok: false, errors };
  const terms: AccountTerms = { tier, accountType, creditLimitMinor };
  const changed = (Object.keys(terms) as (keyof AccountTerms)[]).filter((k) => terms[k] !== DEFAULT_TERMS[k]);
  const permission: StaffPermission = changed.length === 0 ? 'desk' : FIELD_PERMISSION[changed[0]!];
  return { ok: true, terms, permission };
}
