import { accountKey } from '../../domain/ledger/accounts';
import { applyPostings, type AccountSides } from '../../domain/ledger/balances';
import { assertValidEntry, type EntryDraft, type PostingDraft } from '../../domain/ledger/entry';
import { sql as raw } from 'kysely';
import type { Channel } from '../../generated/kysely/enums';
import { compiledOnce, q } from '../store/query-builder';
import { accountIds, asSql, inputHash, lockBalanceRows, toNumber, type Int8, type Queryable } from './queryable';

type EntryRow = {
  idempotency_key: string;
  input_hash: string;
  kind: string;
  description: string;
  occurred_at: Date;
  reverses_entry_id: number | null;
  order_id: number | null;
  customer_id: string | null;
  channel: Channel | null;
};
type PostingRow = { entry_key: string; account_id: number; currency: string; amount: number; usd: number; n: number };

/** Every entry, its postings and the new balances in one statement; the balances move only if every entry was new. */
const insertEntries = compiledOnce(
  ['keys', 'hashes', 'kinds', 'descriptions', 'occurredAt', 'reverses', 'orderIds', 'customerIds', 'channels', 'postingKeys', 'accounts', 'currencies', 'amounts', 'usds', 'balanceIds', 'debits', 'credits', 'count'] as const,
  (p) =>
    q.with('entries', (db) =>
      db.insertInto('journal_entries')
        .columns(['idempotency_key', 'input_hash', 'kind', 'description', 'occurred_at', 'reverses_entry_id', 'order_id', 'customer_id', 'channel'])
        .expression(
          db.selectFrom(
            raw<EntryRow>`unnest(${p.keys}::text[], ${p.hashes}::text[], ${p.kinds}::text[], ${p.descriptions}::text[], ${p.occurredAt}::timestamptz[], ${p.reverses}::bigint[], ${p.orderIds}::int[], ${p.customerIds}::text[], ${p.channels}::"Channel"[])`
              .as<'u'>(raw`u(idempotency_key, input_hash, kind, description, occurred_at, reverses_entry_id, order_id, customer_id, channel)`),
          ).selectAll(),
        )
        .onConflict((oc) => oc.column('idempotency_key').doNothing())
        .returning(['id', 'idempotency_key']),
    )
      .with('posted', (db) =>
        db.insertInto('postings')
          .columns(['entry_id', 'account_id', 'currency', 'amount_minor', 'usd_minor'])
          .expression(
            db.selectFrom(
              raw<PostingRow>`unnest(${p.postingKeys}::text[], ${p.accounts}::int[], ${p.currencies}::text[], ${p.amounts}::bigint[], ${p.usds}::bigint[]) WITH ORDINALITY`
                .as<'u'>(raw`u(entry_key, account_id, currency, amount, usd, n)`),
            )
              .innerJoin('entries', 'entries.idempotency_key', 'u.entry_key')
              .select(['entries.id', 'u.account_id', 'u.currency', 'u.amount', 'u.usd'])
              .orderBy('u.n'),
          ),
      )
      .with('balances', (db) =>
        db.updateTable('account_balances as b')
          .from(raw<{ id: number; d: number; c: number }>`unnest(${p.balanceIds}::int[], ${p.debits}::bigint[], ${p.credits}::bigint[])`.as<'v'>(raw`v(id, d, c)`))
          .set((eb) => ({ debits_minor: eb.ref('v.d'), credits_minor: eb.ref('v.c'), updated_at: raw<Date>`now()` }))
          .whereRef('b.account_id', '=', 'v.id')
          .where((eb) => eb(eb.selectFrom('entries').select((c) => c.fn.countAll<Int8>().as('n')), '=', raw<Int8>`${p.count}::int`)),
      )
      .selectFrom('entries')
      .select((eb) => eb.fn.countAll<Int8>().as('n')),
);

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
  const locked = await lockBalanceRows(tx, touched.map((id) => ({ id, currency: limited.get(id)!.currency })));
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
  const sidesOf = (id: number) => balances.get(accountKey(limited.get(id)!.code, limited.get(id)!.currency))!;
  const [inserted] = await insertEntries(asSql(tx), {
    keys: drafts.map((d) => d.idempotencyKey),
    hashes: drafts.map((d) => inputHash(d)),
    kinds: drafts.map((d) => d.kind),
    descriptions: drafts.map((d) => d.description),
    occurredAt: drafts.map((d) => d.occurredAt),
    reverses: drafts.map((d) => d.reversesEntryId ?? null),
    orderIds: drafts.map((d) => d.orderId ?? null),
    customerIds: drafts.map((d) => d.customerId ?? null),
    channels: drafts.map((d) => d.channel ?? null),
    postingKeys: postings.map(({ i }) => drafts[i]!.idempotencyKey),
    accounts: postings.map(({ p }) => idOf(p)),
    currencies: postings.map(({ p }) => p.account.currency),
    amounts: postings.map(({ p }) => String(p.amountMinor)),
    usds: postings.map(({ p }) => String(p.usdMinor)),
    balanceIds: touched,
    debits: touched.map((id) => String(sidesOf(id).debitsMinor)),
    credits: touched.map((id) => String(sidesOf(id).creditsMinor)),
    count: drafts.length,
  });
  const written = toNumber(inserted!.n);
  if (written !== drafts.length) {
    // Postings of the entries that were written would be left without their balances: refuse all.
    throw new Error(`ledger: ${drafts.length - written} of ${drafts.length} entry keys were already used; no entry of the batch was kept`);
  }
}
