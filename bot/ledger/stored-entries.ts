import type { AccountDefinition } from '../../domain/ledger/accounts';
import { reversalOf, type PostingDraft } from '../../domain/ledger/entry';
import { postEntry, type PostResult } from './post-entry';
import { asSql, toNumber, type Int8, type Queryable } from './queryable';

// Entries as stored, and a correction by a reversing entry (an entry is never changed or deleted).

export interface StoredEntry {
  id: number;
  idempotencyKey: string;
  kind: string;
  description: string;
  occurredAt: string;
  orderId: number | null;
  customerId: string | null;
  channel: string | null;
  reversesEntryId: number | null;
  postings: PostingDraft[];
}

export async function loadEntry(tx: Queryable, entryId: number): Promise<StoredEntry | null> {
  const entries = await asSql(tx).query<
    {
      id: Int8;
      idempotency_key: string;
      kind: string;
      description: string;
      occurred_at: Date;
      order_id: number | null;
      customer_id: string | null;
      channel: string | null;
      reverses_entry_id: Int8 | null;
    }>(`SELECT id, idempotency_key, kind, description, occurred_at, order_id, customer_id, channel::text AS channel, reverses_entry_id
     FROM journal_entries WHERE id = $1::bigint`, [entryId]);
  const entry = entries[0];
  if (!entry) return null;
  const postings = await asSql(tx).query<
    {
      code: string;
      currency: string;
      type: AccountDefinition['type'];
      name: string;
      customer_id: string | null;
      debits_must_not_exceed_credits: boolean;
      credits_must_not_exceed_debits: boolean;
      amount_minor: Int8;
      usd_minor: Int8;
    }>(`SELECT a.code, a.currency, a.type::text AS type, a.name, a.customer_id, a.debits_must_not_exceed_credits,
            a.credits_must_not_exceed_debits, p.amount_minor, p.usd_minor
     FROM postings p JOIN ledger_accounts a ON a.id = p.account_id WHERE p.entry_id = $1::bigint ORDER BY p.id`, [entryId]);
  return {
    id: toNumber(entry.id),
    idempotencyKey: entry.idempotency_key,
    kind: entry.kind,
    description: entry.description,
    occurredAt: entry.occurred_at.toISOString(),
    orderId: entry.order_id,
    customerId: entry.customer_id,
    channel: entry.channel,
    reversesEntryId: entry.reverses_entry_id === null ? null : toNumber(entry.reverses_entry_id),
    postings: postings.map((p) => ({
      account: {
        code: p.code,
        currency: p.currency,
        type: p.type,
        name: p.name,
        customerId: p.customer_id,
        debitsMustNotExceedCredits: p.debits_must_not_exceed_credits,
        creditsMustNotExceedDebits: p.credits_must_not_exceed_debits,
      },
      amountMinor: toNumber(p.amount_minor),
      usdMinor: toNumber(p.usd_minor),
    })),
  };
}

export type ReverseResult = PostResult | { ok: false; code: 'entry_not_found' | 'already_reversed' | 'cannot_reverse_a_reversal'; entryId: number };

/** Corrects an entry by posting its mirror image; the original stays as it was. */
export async function reverseEntry(tx: Queryable, entryId: number, idempotencyKey: string, occurredAt: string, reason: string): Promise<ReverseResult> {
  const original = await loadEntry(tx, entryId);
  if (!original) return { ok: false, code: 'entry_not_found', entryId };
  if (original.reversesEntryId !== null) return { ok: false, code: 'cannot_reverse_a_reversal', entryId };
  const draft = reversalOf(original, idempotencyKey, occurredAt, reason);
  const existingReversal = await asSql(tx).query<{ idempotency_key: string }>('SELECT idempotency_key FROM journal_entries WHERE reverses_entry_id = $1::bigint', [entryId]);
  const previous = existingReversal[0];
  if (previous && previous.idempotency_key !== idempotencyKey) return { ok: false, code: 'already_reversed', entryId };
  return postEntry(tx, draft);
}
