import { createHash } from 'node:crypto';
import { sql as raw } from 'kysely';
import { accountKey, type AccountDefinition } from '../../domain/ledger/accounts';
import { canonicalEntryInput, type EntryDraft } from '../../domain/ledger/entry';
import type { LedgerAccountType } from '../../generated/kysely/enums';
import type { Db, Tx } from '../db/database';
import type { Sql } from '../db/sql';
import { compiledOnce, q } from '../store/query-builder';

// What every ledger statement needs: the caller's transaction as plain SQL, int8 read safely, an
// entry's input hash, account ids (created on first use) and the limited accounts' balance rows.
// Parameters carry explicit casts: Prisma's $queryRawUnsafe does not let PostgreSQL infer them.

/** The ledger runs inside whoever's transaction it is given: plain SQL (the pipeline) or Prisma's (staff tools, tests). */
export type Queryable = Sql | Pick<Db, '$queryRawUnsafe'> | Tx;

export function asSql(db: Queryable): Sql {
  if ('query' in db && typeof db.query === 'function') return db as Sql;
  const prisma = db as Pick<Db, '$queryRawUnsafe'>;
  return { query: <T>(text: string, params: unknown[] = []) => prisma.$queryRawUnsafe<T[]>(text, ...params) };
}

/** An int8 column: a number from our pool (bot/db/int8), a bigint from Prisma's raw queries; read through toNumber. */
export type Int8 = number | bigint;

/**
 * An int8 value as a number. The builder types int8 columns as number (our pool), but on a Prisma
 * transaction they arrive as bigint: every int8 a ledger query reads goes through here.
 */
export function toNumber(value: Int8 | string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new Error(`ledger: ${String(value)} is not a safe integer`);
  return n;
}

export function inputHash(draft: EntryDraft): string {
  return createHash('sha256').update(canonicalEntryInput(draft)).digest('hex');
}

const accountsNamed = compiledOnce(['codes', 'currencies'] as const, (p) =>
  q.selectFrom('ledger_accounts as a')
    .innerJoin(raw<{ code: string; currency: string }>`unnest(${p.codes}::text[], ${p.currencies}::text[])`.as<'w'>(raw`w(code, currency)`), (j) =>
      j.onRef('a.code', '=', 'w.code').onRef('a.currency', '=', 'w.currency'),
    )
    .select(['a.id', 'a.code', 'a.currency']),
);

const createAccounts = compiledOnce(['codes', 'currencies', 'types', 'names', 'customers', 'debitLimited', 'creditLimited'] as const, (p) =>
  q.insertInto('ledger_accounts')
    .columns(['code', 'currency', 'type', 'name', 'customer_id', 'debits_must_not_exceed_credits', 'credits_must_not_exceed_debits'])
    .expression(
      q.selectFrom(
        raw<{ code: string; currency: string; type: LedgerAccountType; name: string; customer_id: string | null; debit_limited: boolean; credit_limited: boolean }>`unnest(
          ${p.codes}::text[], ${p.currencies}::text[], ${p.types}::"LedgerAccountType"[], ${p.names}::text[], ${p.customers}::text[], ${p.debitLimited}::boolean[], ${p.creditLimited}::boolean[])`
          .as<'u'>(raw`u(code, currency, type, name, customer_id, debit_limited, credit_limited)`),
      ).select(['u.code', 'u.currency', 'u.type', 'u.name', 'u.customer_id', 'u.debit_limited', 'u.credit_limited']),
    )
    .onConflict((oc) => oc.columns(['code', 'currency']).doNothing()),
);

export async function accountIds(tx: Queryable, definitions: readonly AccountDefinition[]): Promise<Map<string, number>> {
  const unique = [...new Map(definitions.map((d) => [accountKey(d.code, d.currency), d])).values()];
  const named = { codes: unique.map((d) => d.code), currencies: unique.map((d) => d.currency) };
  let rows = await accountsNamed(asSql(tx), named);
  if (rows.length < unique.length) {
    const found = new Set(rows.map((r) => accountKey(r.code, r.currency)));
    const missing = unique.filter((d) => !found.has(accountKey(d.code, d.currency)));
    await createAccounts(asSql(tx), {
      codes: missing.map((d) => d.code),
      currencies: missing.map((d) => d.currency),
      types: missing.map((d) => d.type),
      names: missing.map((d) => d.name),
      customers: missing.map((d) => d.customerId),
      debitLimited: missing.map((d) => d.debitsMustNotExceedCredits),
      creditLimited: missing.map((d) => d.creditsMustNotExceedDebits),
    });
    rows = await accountsNamed(asSql(tx), named);
  }
  return new Map(rows.map((r) => [accountKey(r.code, r.currency), r.id]));
}

const createBalanceRowsOnce = compiledOnce(['ids', 'currencies'] as const, (p) =>
  q.insertInto('account_balances')
    .columns(['account_id', 'currency'])
    .expression(
      q.selectFrom(raw<{ account_id: number; currency: string }>`unnest(${p.ids}::int[], ${p.currencies}::text[])`.as<'u'>(raw`u(account_id, currency)`)).select(['u.account_id', 'u.currency']),
    )
    .onConflict((oc) => oc.column('account_id').doNothing()),
);

const lockBalanceRowsOnce = compiledOnce(['ids'] as const, (p) =>
  q.selectFrom('account_balances')
    .select(['account_id', 'debits_minor', 'credits_minor'])
    .where((eb) => eb('account_id', '=', eb.fn.any(raw<number[]>`${p.ids}::int[]`)))
    .orderBy('account_id')
    .forUpdate(),
);

/** The limited accounts' balance rows (created at zero if new), locked in account-id order so concurrent entries queue, not deadlock. */
export async function lockBalanceRows(tx: Queryable, accounts: readonly { id: number; currency: string }[]): Promise<{ account_id: number; debits_minor: Int8; credits_minor: Int8 }[]> {
  const ids = accounts.map((a) => a.id);
  await createBalanceRowsOnce(asSql(tx), { ids, currencies: accounts.map((a) => a.currency) });
  return lockBalanceRowsOnce(asSql(tx), { ids });
}
