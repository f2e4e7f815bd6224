import { createHash } from 'node:crypto';
import { accountKey, type AccountDefinition } from '../../domain/ledger/accounts';
import { applyPostings, type AccountSides } from '../../domain/ledger/balances';
import { assertValidEntry, canonicalEntryInput, reversalOf, type EntryDraft, type PostingDraft } from '../../domain/ledger/entry';
import type { Db, Tx } from '../db/database';
import type { Sql } from '../db/sql';

// The ledger on PostgreSQL: rules come from domain/ledger, this file only reads and writes. Every
// function takes the caller's transaction, so an entry commits or rolls back with the state change
// that caused it. PostgreSQL re-checks balance, immutability and overdraft (migration triggers).

export type PostResult =
  | { ok: true; entryId: number; replayed: boolean; /** Limited accounts' sides after the entry (not on a replay). */ limitedAfter?: Map<string, AccountSides> }
  | { ok: false; code: 'exceeds_balance'; accountCode: string; currency: string; shortMinor: number }
  | { ok: false; code: 'idempotency_key_reused'; entryId: number };

/** The ledger runs inside whoever's transaction it is given: plain SQL (the pipeline) or Prisma's (staff tools, tests). */
export type Queryable = Sql | Pick<Db, '$queryRawUnsafe'> | Tx;

function asSql(db: Queryable): Sql {
  if ('query' in db && typeof db.query === 'function') return db as Sql;
  const prisma = db as Pick<Db, '$queryRawUnsafe'>;
  return { query: <T>(text: string, params: unknown[] = []) => prisma.$queryRawUnsafe<T[]>(text, ...params) };
}

/** An int8 column: a number from our pool (bot/db/int8), a bigint from Prisma's raw queries; read through toNumber. */
type Int8 = number | bigint;

interface LookupRow {
  entry_id: string | null;
  input_hash: string | null;
  id: number | null;
  code: string | null;
  currency: string | null;
  debits_minor: string | null;
  credits_minor: string | null;
}

interface AccountRow {
  id: number;
  code: string;
  currency: string;
}

function toNumber(value: unknown): number {
  const n = typeof value === 'bigint' ? Number(value) : Number(value);
  if (!Number.isSafeInteger(n)) throw new Error(`ledger: ${String(value)} is not a safe integer`);
  return n;
}

export function inputHash(draft: EntryDraft): string {
  return createHash('sha256').update(canonicalEntryInput(draft)).digest('hex');
}

async function accountIds(tx: Queryable, definitions: readonly AccountDefinition[]): Promise<Map<string, number>> {
  const unique = new Map(definitions.map((d) => [accountKey(d.code, d.currency), d]));
  const codes = [...unique.values()].map((d) => d.code);
  const currencies = [...unique.values()].map((d) => d.currency);
  const select = () =>
    asSql(tx).query<AccountRow>(`SELECT a.id, a.code, a.currency FROM ledger_accounts a
       JOIN unnest($1::text[], $2::text[]) AS w(code, currency) ON a.code = w.code AND a.currency = w.currency`, [codes, currencies]);
  let rows = await select();
  if (rows.length < unique.size) {
    const found = new Set(rows.map((r) => accountKey(r.code, r.currency)));
    const missing = [...unique.values()].filter((d) => !found.has(accountKey(d.code, d.currency)));
    await asSql(tx).query(`INSERT INTO ledger_accounts (code, currency, type, name, customer_id, debits_must_not_exceed_credits, credits_must_not_exceed_debits)
       SELECT * FROM unnest($1::text[], $2::text[], $3::"LedgerAccountType"[], $4::text[], $5::text[], $6::boolean[], $7::boolean[])
       ON CONFLICT (code, currency) DO NOTHING`, [missing.map((d) => d.code), missing.map((d) => d.currency), missing.map((d) => d.type), missing.map((d) => d.name), missing.map((d) => d.customerId), missing.map((d) => d.debitsMustNotExceedCredits), missing.map((d) => d.creditsMustNotExceedDebits)]);
    rows = await select();
  }
  return new Map(rows.map((r) => [accountKey(r.code, r.currency), r.id]));
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

export interface Balance extends AccountSides {
  code: string;
  currency: string;
  /** Debits - credits. */
  balanceMinor: number;
}

/** Sums of an account's postings: the balance, whether or not the account keeps a balance row. */
const SIDES_FROM_POSTINGS = `coalesce(sum(p.amount_minor) FILTER (WHERE p.amount_minor > 0), 0)::text AS debits_minor,
  coalesce(-sum(p.amount_minor) FILTER (WHERE p.amount_minor < 0), 0)::text AS credits_minor`;

export async function balanceOf(db: Queryable, code: string, currency: string): Promise<Balance> {
  // A limited account's row is kept in step with its postings (same transaction); read it, it is cheaper.
  const rows = await asSql(db).query<{ debits_minor: string; credits_minor: string }>(
    `SELECT b.debits_minor::text AS debits_minor, b.credits_minor::text AS credits_minor
     FROM account_balances b JOIN ledger_accounts a ON a.id = b.account_id
     WHERE a.code = $1 AND a.currency = $2
     UNION ALL
     SELECT ${SIDES_FROM_POSTINGS} FROM ledger_accounts a LEFT JOIN postings p ON p.account_id = a.id
     WHERE a.code = $1 AND a.currency = $2 AND NOT EXISTS (SELECT 1 FROM account_balances b WHERE b.account_id = a.id)
     GROUP BY a.id`,
    [code, currency],
  );
  const debitsMinor = rows[0] ? toNumber(rows[0].debits_minor) : 0;
  const creditsMinor = rows[0] ? toNumber(rows[0].credits_minor) : 0;
  return { code, currency, debitsMinor, creditsMinor, balanceMinor: debitsMinor - creditsMinor };
}

export async function balancesOfCustomer(db: Queryable, customerId: string): Promise<Balance[]> {
  const rows = await asSql(db).query<{ code: string; currency: string; debits_minor: Int8; credits_minor: Int8 }>(
    `SELECT a.code, a.currency, ${SIDES_FROM_POSTINGS}
     FROM ledger_accounts a LEFT JOIN postings p ON p.account_id = a.id
     WHERE a.customer_id = $1 GROUP BY a.id ORDER BY a.code, a.currency`,
    [customerId],
  );
  return rows.map((r) => {
    const debitsMinor = toNumber(r.debits_minor);
    const creditsMinor = toNumber(r.credits_minor);
    return { code: r.code, currency: r.currency, debitsMinor, creditsMinor, balanceMinor: debitsMinor - creditsMinor };
  });
}
