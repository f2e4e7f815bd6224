import type { AccountSides } from '../../domain/ledger/balances';
import { asSql, toNumber, type Int8, type Queryable } from './queryable';

// Account balances: a limited account's balance row (kept in step with its postings), else the sum of its postings.

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
