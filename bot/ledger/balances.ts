import { sql as raw, type ExpressionBuilder, type Nullable } from 'kysely';
import type { AccountSides } from '../../domain/ledger/balances';
import type { DB, LedgerAccount, Posting } from '../../generated/kysely/types';
import { compiledOnce, q } from '../store/query-builder';
import { asSql, toNumber, type Queryable } from './queryable';

// Account balances: a limited account's balance row (kept in step with its postings), else the sum of its postings.

export interface Balance extends AccountSides {
  code: string;
  currency: string;
  /** Debits - credits. */
  balanceMinor: number;
}

/** Sums of an account's postings: the balance, whether or not the account keeps a balance row (sum of int8 is numeric: read back as int8). */
function sidesFromPostings(eb: ExpressionBuilder<DB & { a: LedgerAccount; p: Nullable<Posting> }, 'a' | 'p'>) {
  const positive = eb.fn.sum<number>('p.amount_minor').filterWhere('p.amount_minor', '>', raw<number>`0`);
  const negative = eb.fn.sum<number>('p.amount_minor').filterWhere('p.amount_minor', '<', raw<number>`0`);
  return [
    eb.cast<number>(eb.fn.coalesce(positive, raw<number>`0`), 'bigint').as('debits_minor'),
    eb.cast<number>(eb.fn.coalesce(eb.neg(negative), raw<number>`0`), 'bigint').as('credits_minor'),
  ];
}

// A limited account's row is kept in step with its postings (same transaction): read it, it is cheaper.
const balanceOnce = compiledOnce(['code', 'currency'] as const, (p) =>
  q.selectFrom('account_balances as b')
    .innerJoin('ledger_accounts as a', 'a.id', 'b.account_id')
    .select(['b.debits_minor', 'b.credits_minor'])
    .where('a.code', '=', p.code)
    .where('a.currency', '=', p.currency)
    .unionAll(
      q.selectFrom('ledger_accounts as a')
        .leftJoin('postings as p', 'p.account_id', 'a.id')
        .select((eb) => sidesFromPostings(eb))
        .where('a.code', '=', p.code)
        .where('a.currency', '=', p.currency)
        .where((eb) => eb.not(eb.exists(eb.selectFrom('account_balances as b').select('b.account_id').whereRef('b.account_id', '=', 'a.id'))))
        .groupBy('a.id'),
    ),
);

export async function balanceOf(db: Queryable, code: string, currency: string): Promise<Balance> {
  const [row] = await balanceOnce(asSql(db), { code, currency });
  const debitsMinor = row ? toNumber(row.debits_minor) : 0;
  const creditsMinor = row ? toNumber(row.credits_minor) : 0;
  return { code, currency, debitsMinor, creditsMinor, balanceMinor: debitsMinor - creditsMinor };
}

const customerBalances = compiledOnce(['customer'] as const, (p) =>
  q.selectFrom('ledger_accounts as a')
    .leftJoin('postings as p', 'p.account_id', 'a.id')
    .select((eb) => ['a.code', 'a.currency', ...sidesFromPostings(eb)])
    .where('a.customer_id', '=', p.customer)
    .groupBy('a.id')
    .orderBy('a.code')
    .orderBy('a.currency'),
);

export async function balancesOfCustomer(db: Queryable, customerId: string): Promise<Balance[]> {
  const rows = await customerBalances(asSql(db), { customer: customerId });
  return rows.map((r) => {
    const debitsMinor = toNumber(r.debits_minor);
    const creditsMinor = toNumber(r.credits_minor);
    return { code: r.code, currency: r.currency, debitsMinor, creditsMinor, balanceMinor: debitsMinor - creditsMinor };
  });
}
