import { accountKey } from '../../domain/ledger/accounts';
import { applyPostings, type AccountSides } from '../../domain/ledger/balances';
import { assertValidEntry, type EntryDraft, type PostingDraft } from '../../domain/ledger/entry';
import { accountIds, asSql, inputHash, toNumber, type Int8, type Queryable } from './queryable';

// One journal entry, once per idempotency key, checked against the limited accounts it touches.

export type PostResult =
  | { ok: true; entryId: number; replayed: boolean; /** Limited accounts' sides after the entry (not on a replay). */ limitedAfter?: Map<string, AccountSides> }
  | { ok: false; code: 'exceeds_balance'; accountCode: string; currency: string; shortMinor: number }
  | { ok: false; code: 'idempotency_key_reused'; entryId: number };

interface LookupRow {
  entry_id: string | null;
  input_hash: string | null;
  id: number | null;
  code: string | null;
  currency: string | null;
  debits_minor: string | null;
  credits_minor: string | null;
}

async function findByKey(tx: Queryable, idempotencyKey: string): Promise<{ id: number; inputHash: string } | null> {
  const rows = await asSql(tx).query<{ id: Int8; input_hash: string }>('SELECT id, input_hash FROM journal_entries WHERE idempotency_key = $1', [idempotencyKey]);
  const row = rows[0];
  return row ? { id: toNumber(row.id), inputHash: row.input_hash } : null;
}

function replay(existing: { id: number; inputHash: string }, hash: string): PostResult {
  if (existing.inputHash !== hash) return { ok: false, code: 'idempotency_key_reused', entryId: existing.id };
  return { ok: true, entryId: existing.id, replayed: true };
}

/**
 * Records a balanced entry once per idempotency key. The same key with the same input returns the
 * stored entry; with a different input it is refused. An entry that would overdraw a limited
 * account (a prepaid balance) is refused and nothing is written.
 */
export async function postEntry(tx: Queryable, draft: EntryDraft): Promise<PostResult> {
  assertValidEntry(draft);
  const hash = inputHash(draft);
  const definitions = draft.postings.map((p) => p.account);
  const unique = new Map(definitions.map((d) => [accountKey(d.code, d.currency), d]));
  // Only accounts with a limit (prepaid balances) keep a locked balance row: they must be checked
  // before the entry is written. Every other balance is the sum of its postings, so busy shared
  // accounts (revenue, supplier cost, bank) are never a row that all orders queue behind.
  const limited = draft.postings.filter((p) => p.account.debitsMustNotExceedCredits || p.account.creditsMustNotExceedDebits);
  const limitedKeys = new Map(limited.map((p) => [accountKey(p.account.code, p.account.currency), p.account]));
  // One round trip for the common case: is the key known, which account ids exist, and the limited
  // accounts' balance rows, locked in account-id order so concurrent entries queue, not deadlock.
  const looked = await asSql(tx).query<LookupRow>(
    `WITH locked AS MATERIALIZED (
       SELECT b.account_id, b.debits_minor::text AS debits_minor, b.credits_minor::text AS credits_minor
       FROM account_balances b JOIN ledger_accounts a ON a.id = b.account_id
       JOIN unnest($4::text[], $5::text[]) AS l(code, currency) ON a.code = l.code AND a.currency = l.currency
       ORDER BY b.account_id FOR UPDATE OF b)
     SELECT e.entry_id::text AS entry_id, e.input_hash, a.id, a.code, a.currency, k.debits_minor, k.credits_minor
     FROM (SELECT id AS entry_id, input_hash FROM journal_entries WHERE idempotency_key = $3
           UNION ALL SELECT NULL, NULL WHERE NOT EXISTS (SELECT 1 FROM journal_entries WHERE idempotency_key = $3) LIMIT 1) e
     LEFT JOIN (ledger_accounts a JOIN unnest($1::text[], $2::text[]) AS w(code, currency) ON a.code = w.code AND a.currency = w.currency
                LEFT JOIN locked k ON k.account_id = a.id) ON true`,
    [
      [...unique.values()].map((d) => d.code),
      [...unique.values()].map((d) => d.currency),
      draft.idempotencyKey,
      [...limitedKeys.values()].map((d) => d.code),
      [...limitedKeys.values()].map((d) => d.currency),
    ],
  );
  const known = looked[0];
  if (known?.entry_id) return replay({ id: toNumber(known.entry_id), inputHash: known.input_hash! }, hash);
  const found = looked.filter((r) => r.id !== null);
  const ids =
    found.length === unique.size
      ? new Map(found.map((r) => [accountKey(r.code!, r.currency!), r.id!]))
      : await accountIds(tx, definitions);
  const idOf = (p: PostingDraft) => ids.get(accountKey(p.account.code, p.account.currency))!;
  const touched = [...new Set(limited.map(idOf))].sort((a, b) => a - b);
  const currencyOf = new Map(limited.map((p) => [idOf(p), p.account.currency]));

  let locked = found.filter((r) => r.debits_minor !== null).map((r) => ({ account_id: r.id!, debits_minor: r.debits_minor!, credits_minor: r.credits_minor! }));
  if (locked.length < touched.length) {
    // First entry on an account (or a new account): create its balance row, then lock.
    await asSql(tx).query(
      `INSERT INTO account_balances (account_id, currency) SELECT * FROM unnest($1::int[], $2::text[])
       ON CONFLICT (account_id) DO NOTHING`,
      [touched, touched.map((id) => currencyOf.get(id))],
    );
    locked = await asSql(tx).query<{ account_id: number; debits_minor: string; credits_minor: string }>(
      `SELECT account_id, debits_minor::text AS debits_minor, credits_minor::text AS credits_minor FROM account_balances
       WHERE account_id = ANY($1::int[]) ORDER BY account_id FOR UPDATE`,
      [touched],
    );
  }
  const current = new Map<string, AccountSides>();
  const byId = new Map(locked.map((row) => [row.account_id, row]));
  for (const posting of limited) {
    const row = byId.get(idOf(posting))!;
    current.set(accountKey(posting.account.code, posting.account.currency), {
      debitsMinor: toNumber(row.debits_minor),
      creditsMinor: toNumber(row.credits_minor),
    });
  }
  const check = applyPostings(current, draft.postings);
  if (!check.ok) return check;

  const nextIds: number[] = [];
  const nextDebits: string[] = [];
  const nextCredits: string[] = [];
  for (const id of touched) {
    const posting = limited.find((p) => idOf(p) === id)!;
    const sides = check.next.get(accountKey(posting.account.code, posting.account.currency))!;
    nextIds.push(id);
    nextDebits.push(String(sides.debitsMinor));
    nextCredits.push(String(sides.creditsMinor));
  }
  // The entry, its postings and the locked balances in one statement: the balance trigger sees
  // them together, and the balances move only if the entry was written.
  const inserted = await asSql(tx).query<{ id: Int8 }>(
    `WITH entry AS (
       INSERT INTO journal_entries (idempotency_key, input_hash, kind, description, occurred_at, reverses_entry_id, order_id, customer_id, channel)
       VALUES ($1, $2, $3, $4, $5::timestamptz, $6::bigint, $7::int, $8, $9::"Channel")
       ON CONFLICT (idempotency_key) DO NOTHING RETURNING id),
     posted AS (
       INSERT INTO postings (entry_id, account_id, currency, amount_minor, usd_minor)
       SELECT entry.id, u.account_id, u.currency, u.amount, u.usd
       FROM entry, unnest($10::int[], $11::text[], $12::bigint[], $13::bigint[]) AS u(account_id, currency, amount, usd)),
     balances AS (
       UPDATE account_balances b SET debits_minor = v.d, credits_minor = v.c, updated_at = now()
       FROM unnest($14::int[], $15::bigint[], $16::bigint[]) AS v(id, d, c)
       WHERE b.account_id = v.id AND EXISTS (SELECT 1 FROM entry))
     SELECT id FROM entry`,
    [
      draft.idempotencyKey,
      hash,
      draft.kind,
      draft.description,
      draft.occurredAt,
      draft.reversesEntryId ?? null,
      draft.orderId ?? null,
      draft.customerId ?? null,
      draft.channel ?? null,
      draft.postings.map(idOf),
      draft.postings.map((p) => p.account.currency),
      draft.postings.map((p) => String(p.amountMinor)),
      draft.postings.map((p) => String(p.usdMinor)),
      nextIds,
      nextDebits,
      nextCredits,
    ],
  );
  const entryRow = inserted[0];
  if (!entryRow) {
    // Another transaction recorded the same key while we waited for the balance locks.
    return replay((await findByKey(tx, draft.idempotencyKey))!, hash);
  }
  const entryId = toNumber(entryRow.id);
  return { ok: true, entryId, replayed: false, limitedAfter: new Map([...check.next].filter(([key]) => current.has(key))) };
}
