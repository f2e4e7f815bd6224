import { accountKey } from './accounts';
import type { PostingDraft } from './entry';

export interface AccountSides {
  debitsMinor: number;
  creditsMinor: number;
}

export type BalanceCheck =
  | { ok: true; next: Map<string, AccountSides> }
  | { ok: false; code: 'exceeds_balance'; accountCode: string; currency: string; shortMinor: number };

/** Debits - credits: positive when a debit-normal account holds money, negative for a credit-normal one. */
export function debitBalance(sides: AccountSides): number {
  return sides.debitsMinor - sides.creditsMinor;
}

/**
 * Applies postings to the current sides of their accounts (keyed by `accountKey`) and refuses any
 * that would take a limited account past zero, e.g. a prepaid balance debited beyond what was paid in.
 */
export function applyPostings(current: ReadonlyMap<string, AccountSides>, postings: readonly PostingDraft[]): BalanceCheck {
  const next = new Map<string, AccountSides>();
  for (const posting of postings) {
    const key = accountKey(posting.account.code, posting.account.currency);
    const sides = next.get(key) ?? { ...(current.get(key) ?? { debitsMinor: 0, creditsMinor: 0 }) };
    if (posting.amountMinor > 0) sides.debitsMinor += posting.amountMinor;
    else sides.creditsMinor -= posting.amountMinor;
    next.set(key, sides);
  }
  for (const posting of postings) {
    const { code, currency, debitsMustNotExceedCredits, creditsMustNotExceedDebits } = posting.account;
    const sides = next.get(accountKey(code, currency))!;
    if (debitsMustNotExceedCredits && sides.debitsMinor > sides.creditsMinor) {
      return { ok: false, code: 'exceeds_balance', accountCode: code, currency, shortMinor: sides.debitsMinor - sides.creditsMinor };
    }
    if (creditsMustNotExceedDebits && sides.creditsMinor > sides.debitsMinor) {
      return { ok: false, code: 'exceeds_balance', accountCode: code, currency, shortMinor: sides.creditsMinor - sides.debitsMinor };
    }
  }
  return { ok: true, next };
}
