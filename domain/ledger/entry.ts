// Journal entries: pure rules, checked before anything is written (PostgreSQL checks them again).

import type { AccountDefinition } from './accounts';

export interface PostingDraft {
  account: AccountDefinition;
  /** > 0 debit, < 0 credit, minor units of the account's currency. */
  amountMinor: number;
  /** The same amount in USD minor units (equal to amountMinor when the account is in USD). */
  usdMinor: number;
}

export interface EntryDraft {
  idempotencyKey: string;
  kind: string;
  description: string;
  occurredAt: string; // ISO instant, UTC
  postings: PostingDraft[];
  orderId?: number | null;
  customerId?: string | null;
  channel?: string | null;
  reversesEntryId?: number | null;
}

export const ENTRY_POSTINGS_MAX = 64;
export const IDEMPOTENCY_KEY_LENGTH_MAX = 200;

export type EntryProblem =
  | 'idempotency_key_missing'
  | 'idempotency_key_too_long'
  | 'kind_missing'
  | 'occurred_at_invalid'
  | 'too_few_postings'
  | 'too_many_postings'
  | 'amount_not_integer'
  | 'amount_zero'
  | 'unbalanced'
  | 'unbalanced_usd';

/** Result codes in the order they are checked; an empty list means the entry may be written. */
export function entryProblems(draft: EntryDraft): EntryProblem[] {
  const problems: EntryProblem[] = [];
  if (!draft.idempotencyKey) problems.push('idempotency_key_missing');
  if (draft.idempotencyKey.length > IDEMPOTENCY_KEY_LENGTH_MAX) problems.push('idempotency_key_too_long');
  if (!draft.kind) problems.push('kind_missing');
  if (Number.isNaN(Date.parse(draft.occurredAt))) problems.push('occurred_at_invalid');
  if (draft.postings.length < 2) problems.push('too_few_postings');
  if (draft.postings.length > ENTRY_POSTINGS_MAX) problems.push('too_many_postings');
  for (const posting of draft.postings) {
    if (!Number.isSafeInteger(posting.amountMinor) || !Number.isSafeInteger(posting.usdMinor)) {
      problems.push('amount_not_integer');
      return problems;
    }
    if (posting.amountMinor === 0) problems.push('amount_zero');
  }
  const sums = new Map<string, number>();
  let usd = 0;
  for (const posting of draft.postings) {
    sums.set(posting.account.currency, (sums.get(posting.account.currency) ?? 0) + posting.amountMinor);
    usd += posting.usdMinor;
  }
  if ([...sums.values()].some((sum) => sum !== 0)) problems.push('unbalanced');
  if (usd !== 0) problems.push('unbalanced_usd');
  return [...new Set(problems)];
}

/** Throws for a programmer's error: an entry that could never be valid must not reach the store. */
export function assertValidEntry(draft: EntryDraft): void {
  const problems = entryProblems(draft);
  if (problems.length > 0) {
    throw new Error(`invalid journal entry ${JSON.stringify(draft.idempotencyKey)}: ${problems.join(', ')}`);
  }
}

/** The same key with a different input is refused; this is the input that the key stands for. */
export function canonicalEntryInput(draft: EntryDraft): string {
  const postings = draft.postings
    .map((p) => [p.account.code, p.account.currency, p.amountMinor, p.usdMinor] as const)
    .sort((a, b) => (a.join('|') < b.join('|') ? -1 : a.join('|') > b.join('|') ? 1 : 0));
  return JSON.stringify({
    kind: draft.kind,
    postings,
    orderId: draft.orderId ?? null,
    customerId: draft.customerId ?? null,
    channel: draft.channel ?? null,
    reversesEntryId: draft.reversesEntryId ?? null,
  });
}

/** A correction: the same postings with opposite signs. */
export function reversalOf(
  original: { id: number; postings: readonly PostingDraft[]; description: string; orderId?: number | null; customerId?: string | null; channel?: string | null },
  idempotencyKey: string,
  occurredAt: string,
  reason: string,
): EntryDraft {
  return {
    idempotencyKey,
    kind: 'reversal',
    description: `Reversal of entry ${original.id} (${original.description}): ${reason}`,
    occurredAt,
    postings: original.postings.map((p) => ({ ...p, amountMinor: -p.amountMinor, usdMinor: -p.usdMinor })),
    orderId: original.orderId ?? null,
    customerId: original.customerId ?? null,
    channel: original.channel ?? null,
    reversesEntryId: original.id,
  };
}
