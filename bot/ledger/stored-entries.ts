import { reversalOf, type PostingDraft } from '../../domain/ledger/entry';
import { postEntry, type PostResult } from './post-entry';
import { sql as raw } from 'kysely';
import type { Channel, LedgerAccountType } from '../../generated/kysely/enums';
import { compiledOnce, q } from '../store/query-builder';
import { asSql, toNumber, type Queryable } from './queryable';

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

const entryById = compiledOnce(['id'] as const, (p) =>
  q.selectFrom('journal_entries')
    .select((eb) => [
      'id',
      'idempotency_key',
      'kind',
      'description',
      'occurred_at',
      'order_id',
      'customer_id',
      // Enum columns as text: Prisma's raw queries do not read user-defined types.
      eb.cast<Channel | null>('channel', 'text').as('channel'),
      'reverses_entry_id',
    ])
    .where('id', '=', raw<number>`${p.id}::bigint`),
);

const postingsOfEntry = compiledOnce(['id'] as const, (p) =>
  q.selectFrom('postings as p')
    .innerJoin('ledger_accounts as a', 'a.id', 'p.account_id')
    .select((eb) => [
      'a.code',
      'a.currency',
      eb.cast<LedgerAccountType>('a.type', 'text').as('type'),
      'a.name',
      'a.customer_id',
      'a.debits_must_not_exceed_credits',
      'a.credits_must_not_exceed_debits',
      'p.amount_minor',
      'p.usd_minor',
    ])
    .where('p.entry_id', '=', raw<number>`${p.id}::bigint`)
    .orderBy('p.id'),
);

const reversalOfEntry = compiledOnce(['id'] as const, (p) => q.selectFrom('journal_entries').select('idempotency_key').where('reverses_entry_id', '=', raw<number>`${p.id}::bigint`));

export async function loadEntry(tx: Queryable, entryId: number): Promise<StoredEntry | null> {
  const [entry] = await entryById(asSql(tx), { id: entryId });
  if (!entry) return null;
  const postings = await postingsOfEntry(asSql(tx), { id: entryId });
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
  const [previous] = await reversalOfEntry(asSql(tx), { id: entryId });
  if (previous && previous.idempotency_key !== idempotencyKey) return { ok: false, code: 'already_reversed', entryId };
  return postEntry(tx, draft);
}
