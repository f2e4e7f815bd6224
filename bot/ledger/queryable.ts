import { createHash } from 'node:crypto';
import { accountKey, type AccountDefinition } from '../../domain/ledger/accounts';
import { canonicalEntryInput, type EntryDraft } from '../../domain/ledger/entry';
import type { Db, Tx } from '../db/database';
import type { Sql } from '../db/sql';

// What every ledger statement needs: the caller's transaction as plain SQL, int8 read safely, an
// entry's input hash, and account ids (created on first use).

/** The ledger runs inside whoever's transaction it is given: plain SQL (the pipeline) or Prisma's (staff tools, tests). */
export type Queryable = Sql | Pick<Db, '$queryRawUnsafe'> | Tx;

export function asSql(db: Queryable): Sql {
  if ('query' in db && typeof db.query === 'function') return db as Sql;
  const prisma = db as Pick<Db, '$queryRawUnsafe'>;
  return { query: <T>(text: string, params: unknown[] = []) => prisma.$queryRawUnsafe<T[]>(text, ...params) };
}

/** An int8 column: a number from our pool (bot/db/int8), a bigint from Prisma's raw queries; read through toNumber. */
export type Int8 = number | bigint;

interface AccountRow {
  id: number;
  code: string;
  currency: string;
}

export function toNumber(value: unknown): number {
  const n = typeof value === 'bigint' ? Number(value) : Number(value);
  if (!Number.isSafeInteger(n)) throw new Error(`ledger: ${String(value)} is not a safe integer`);
  return n;
}

export function inputHash(draft: EntryDraft): string {
  return createHash('sha256').update(canonicalEntryInput(draft)).digest('hex');
}

export async function accountIds(tx: Queryable, definitions: readonly AccountDefinition[]): Promise<Map<string, number>> {
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
