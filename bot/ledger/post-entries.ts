import { accountKey } from '../../domain/ledger/accounts';
import { applyPostings, type AccountSides } from '../../domain/ledger/balances';
import { assertValidEntry, type EntryDraft, type PostingDraft } from '../../domain/ledger/entry';
import { accountIds, asSql, inputHash, toNumber, type Queryable } from './queryable';

/**
 * Many new entries in three statements (a bank file's deposits): account ids, the limited accounts'
 * balance rows locked in account-id order, then every entry, posting and new balance in one
 * statement. The entries are applied in order and checked as postEntry checks one; one that would
 * overdraw an account, or a key already used, refuses them all (the caller's plan was wrong, or
 * another transaction moved first) and nothing is written.
 */
export async function postEntries(tx: Queryable, drafts: readonly EntryDraft[]): Promise<void> {
  if (drafts.length === 0) return;
  for (const draft of drafts) assertValidEntry(draft);
  const ids = await accountIds(tx, drafts.flatMap((d) => d.postings.map((p) => p.account)));
  const idOf = (p: PostingDraft) => ids.get(accountKey(p.account.code, p.account.currency))!;
  const limited = new Map<number, PostingDraft['account']>();
  for (const draft of drafts) for (const p of draft.postings) if (p.account.debitsMustNotExceedCredits || p.account.creditsMustNotExceedDebits) limited.set(idOf(p), p.account);
  const touched = [...limited.keys()].sort((a, b) => a - b);
  await asSql(tx).query(
    `INSERT INTO account_balances (account_id, currency) SELECT * FROM unnest($1::int[], $2::text[]) ON CONFLICT (account_id) DO NOTHING`,
    [touched, touched.map((id) => limited.get(id)!.currency)],
  );
  const locked = await asSql(tx).query<{ account_id: number; debits_minor: string; credits_minor: string }>(
    `SELECT account_id, debits_minor::text AS debits_minor, credits_minor::text AS credits_minor FROM account_balances
     WHERE account_id = ANY($1::int[]) ORDER BY account_id FOR UPDATE`,
    [touched],
  );
  let balances = new Map<string, AccountSides>();
  for (const row of locked) {
    const account = limited.get(row.account_id)!;
    balances.set(accountKey(account.code, account.currency), { debitsMinor: toNumber(row.debits_minor), creditsMinor: toNumber(row.credits_minor) });
  }
  for (const draft of drafts) {
    const check = applyPostings(balances, draft.postings);
    if (!check.ok) throw new Error(`ledger: ${draft.idempotencyKey} would overdraw ${check.accountCode} ${check.currency} by ${check.shortMinor}; no entry of the batch was written`);
    balances = new Map([...balances, ...check.next]);
  }
  const postings = drafts.flatMap((d, i) => d.postings.map((p) => ({ i, p })));
  const inserted = await asSql(tx).query<{ n: number }>(
    `WITH entries AS (
       INSERT INTO journal_entries (idempotency_key, input_hash, kind, description, occurred_at, reverses_entry_id, order_id, customer_id, channel)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::bigint[], $7::int[], $8::text[], $9::"Channel"[])
       ON CONFLICT (idempotency_key) DO NOTHING RETURNING id, idempotency_key),
     posted AS (
       INSERT INTO postings (entry_id, account_id, currency, amount_minor, usd_minor)
       SELECT entries.id, u.account_id, u.currency, u.amount, u.usd
       FROM unnest($10::text[], $11::int[], $12::text[], $13::bigint[], $14::bigint[]) WITH ORDINALITY AS u(entry_key, account_id, currency, amount, usd, n)
       JOIN entries ON entries.idempotency_key = u.entry_key ORDER BY u.n),
     balances AS (
       UPDATE account_balances b SET debits_minor = v.d, credits_minor = v.c, updated_at = now()
       FROM unnest($15::int[], $16::bigint[], $17::bigint[]) AS v(id, d, c)
       WHERE b.account_id = v.id AND (SELECT count(*) FROM entries) = $18::int)
     SELECT count(*)::int AS n FROM entries`,
    [
      drafts.map((d) => d.idempotencyKey),
      drafts.map((d) => inputHash(d)),
      drafts.map((d) => d.kind),
      drafts.map((d) => d.description),
      drafts.map((d) => d.occurredAt),
      drafts.map((d) => d.reversesEntryId ?? null),
      drafts.map((d) => d.orderId ?? null),
      drafts.map((d) => d.customerId ?? null),
      drafts.map((d) => d.channel ?? null),
      postings.map(({ i }) => drafts[i]!.idempotencyKey),
      postings.map(({ p }) => idOf(p)),
      postings.map(({ p }) => p.account.currency),
      postings.map(({ p }) => String(p.amountMinor)),
      postings.map(({ p }) => String(p.usdMinor)),
      touched,
      touched.map((id) => String(balances.get(accountKey(limited.get(id)!.code, limited.get(id)!.currency))!.debitsMinor)),
      touched.map((id) => String(balances.get(accountKey(limited.get(id)!.code, limited.get(id)!.currency))!.creditsMinor)),
      drafts.length,
    ],
  );
  if (inserted[0]!.n !== drafts.length) {
    // Postings of the entries that were written would be left without their balances: refuse all.
    throw new Error(`ledger: ${drafts.length - inserted[0]!.n} of ${drafts.length} entry keys were already used; no entry of the batch was kept`);
  }
}
