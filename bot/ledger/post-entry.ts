import { accountKey } from '../../domain/ledger/accounts';
import { applyPostings, type AccountSides } from '../../domain/ledger/balances';
import { assertValidEntry, type EntryDraft, type PostingDraft } from '../../domain/ledger/entry';
import { sql as raw } from 'kysely';
import type { Channel } from '../../generated/kysely/enums';
import { compiledOnce, q } from '../store/query-builder';
import { accountIds, asSql, inputHash, lockBalanceRows, toNumber, type Int8, type Queryable } from './queryable';

// One journal entry, once per idempotency key, checked against the limited accounts it touches.

export type PostResult =
  | { ok: true; entryId: number; replayed: boolean; /** Limited accounts' sides after the entry (not on a replay). */ limitedAfter?: Map<string, AccountSides> }
  | { ok: false; code: 'exceeds_balance'; accountCode: string; currency: string; shortMinor: number }
  | { ok: false; code: 'idempotency_key_reused'; entryId: number };

const entryByKey = compiledOnce(['key'] as const, (p) => q.selectFrom('journal_entries').select(['id', 'input_hash']).where('idempotency_key', '=', p.key));

async function findByKey(tx: Queryable, idempotencyKey: string): Promise<{ id: number; inputHash: string } | null> {
  const [row] = await entryByKey(asSql(tx), { key: idempotencyKey });
  return row ? { id: toNumber(row.id), inputHash: row.input_hash } : null;
}

/**
 * One round trip for the common case: the entry under the key (or nulls: the one-row relation keeps
 * a row either way), the entry's accounts that exist, and the limited accounts' balance rows,
 * locked in account-id order so concurrent entries queue, not deadlock.
 */
const lookup = compiledOnce(['codes', 'currencies', 'key', 'limitedCodes', 'limitedCurrencies'] as const, (p) =>
  q.with(
    (cte) => cte('locked').materialized(),
    (db) =>
      db.selectFrom('account_balances as b')
        .innerJoin('ledger_accounts as a', 'a.id', 'b.account_id')
        .innerJoin(raw<{ code: string; currency: string }>`unnest(${p.limitedCodes}::text[], ${p.limitedCurrencies}::text[])`.as<'l'>(raw`l(code, currency)`), (j) =>
          j.onRef('a.code', '=', 'l.code').onRef('a.currency', '=', 'l.currency'),
        )
        .select(['b.account_id', 'b.debits_minor', 'b.credits_minor'])
        .orderBy('b.account_id')
        .forUpdate('b'),
  )
    .selectFrom(q.selectNoFrom(raw<number>`1`.as('one')).as('one'))
    .leftJoin('journal_entries as e', (j) => j.on('e.idempotency_key', '=', p.key))
    .leftJoin(
      (eb) =>
        eb.selectFrom('ledger_accounts as a')
          .innerJoin(raw<{ code: string; currency: string }>`unnest(${p.codes}::text[], ${p.currencies}::text[])`.as<'w'>(raw`w(code, currency)`), (j) =>
            j.onRef('a.code', '=', 'w.code').onRef('a.currency', '=', 'w.currency'),
          )
          .leftJoin('locked as k', 'k.account_id', 'a.id')
          .select(['a.id', 'a.code', 'a.currency', 'k.debits_minor', 'k.credits_minor'])
          .as('acc'),
      (j) => j.onTrue(),
    )
    .select(['e.id as entry_id', 'e.input_hash', 'acc.id', 'acc.code', 'acc.currency', 'acc.debits_minor', 'acc.credits_minor']),
);

type PostingRow = { account_id: number; currency: string; amount: number; usd: number };
type BalanceRow = { id: number; d: number; c: number };

/** The entry, its postings and the locked balances in one statement: the balance trigger sees them together, and the balances move only if the entry was written. */
const insertEntry = compiledOnce(
  ['key', 'hash', 'kind', 'description', 'occurredAt', 'reverses', 'orderId', 'customerId', 'channel', 'accounts', 'currencies', 'amounts', 'usds', 'balanceIds', 'debits', 'credits'] as const,
  (p) =>
    q.with('entry', (db) =>
      db.insertInto('journal_entries')
        .values({
          idempotency_key: p.key,
          input_hash: p.hash,
          kind: p.kind,
          description: p.description,
          occurred_at: raw<Date>`${p.occurredAt}::timestamptz`,
          reverses_entry_id: raw<number | null>`${p.reverses}::bigint`,
          order_id: raw<number | null>`${p.orderId}::int`,
          customer_id: p.customerId,
          channel: raw<Channel | null>`${p.channel}::"Channel"`,
        })
        .onConflict((oc) => oc.column('idempotency_key').doNothing())
        .returning('id'),
    )
      .with('posted', (db) =>
        db.insertInto('postings')
          .columns(['entry_id', 'account_id', 'currency', 'amount_minor', 'usd_minor'])
          .expression(
            db.selectFrom([
              'entry',
              raw<PostingRow>`unnest(${p.accounts}::int[], ${p.currencies}::text[], ${p.amounts}::bigint[], ${p.usds}::bigint[])`.as<'u'>(raw`u(account_id, currency, amount, usd)`),
            ]).select(['entry.id', 'u.account_id', 'u.currency', 'u.amount', 'u.usd']),
          ),
      )
      .with('balances', (db) =>
        db.updateTable('account_balances as b')
          .from(raw<BalanceRow>`unnest(${p.balanceIds}::int[], ${p.debits}::bigint[], ${p.credits}::bigint[])`.as<'v'>(raw`v(id, d, c)`))
          .set((eb) => ({ debits_minor: eb.ref('v.d'), credits_minor: eb.ref('v.c'), updated_at: raw<Date>`now()` }))
          .whereRef('b.account_id', '=', 'v.id')
          .where((eb) => eb.exists(eb.selectFrom('entry').select('entry.id'))),
      )
      .selectFrom('entry')
      .select('id'),
);

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
  const looked = await lookup(asSql(tx), {
    codes: [...unique.values()].map((d) => d.code),
    currencies: [...unique.values()].map((d) => d.currency),
    key: draft.idempotencyKey,
    limitedCodes: [...limitedKeys.values()].map((d) => d.code),
    limitedCurrencies: [...limitedKeys.values()].map((d) => d.currency),
  });
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

  let locked: { account_id: number; debits_minor: Int8; credits_minor: Int8 }[] = found.filter((r) => r.debits_minor !== null).map((r) => ({ account_id: r.id!, debits_minor: r.debits_minor!, credits_minor: r.credits_minor! }));
  // First entry on an account (or a new account): create its balance row, then lock.
  if (locked.length < touched.length) locked = await lockBalanceRows(tx, touched.map((id) => ({ id, currency: currencyOf.get(id)! })));
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
  const inserted = await insertEntry(asSql(tx), {
    key: draft.idempotencyKey,
    hash,
    kind: draft.kind,
    description: draft.description,
    occurredAt: draft.occurredAt,
    reverses: draft.reversesEntryId ?? null,
    orderId: draft.orderId ?? null,
    customerId: draft.customerId ?? null,
    channel: draft.channel ?? null,
    accounts: draft.postings.map(idOf),
    currencies: draft.postings.map((p) => p.account.currency),
    amounts: draft.postings.map((p) => String(p.amountMinor)),
    usds: draft.postings.map((p) => String(p.usdMinor)),
    balanceIds: nextIds,
    debits: nextDebits,
    credits: nextCredits,
  });
  const entryRow = inserted[0];
  if (!entryRow) {
    // Another transaction recorded the same key while we waited for the balance locks.
    return replay((await findByKey(tx, draft.idempotencyKey))!, hash);
  }
  const entryId = toNumber(entryRow.id);
  return { ok: true, entryId, replayed: false, limitedAfter: new Map([...check.next].filter(([key]) => current.has(key))) };
}
