import type pg from 'pg';

// An auditor independent of the ledger code: plain SQL over the stored rows.
export async function auditLedger(pool: pg.Pool): Promise<string[]> {
  const problems: string[] = [];
  const unbalanced = await pool.query<{ entry_id: string; currency: string; total: string }>(
    `SELECT entry_id::text, currency::text, sum(amount_minor)::text AS total FROM postings
     GROUP BY entry_id, currency HAVING sum(amount_minor) <> 0`,
  );
  for (const row of unbalanced.rows) problems.push(`entry ${row.entry_id} unbalanced in ${row.currency}: ${row.total}`);
  const usd = await pool.query<{ entry_id: string }>(
    'SELECT entry_id::text FROM postings GROUP BY entry_id HAVING sum(usd_minor) <> 0',
  );
  for (const row of usd.rows) problems.push(`entry ${row.entry_id} unbalanced in USD value`);
  const totals = await pool.query<{ currency: string; total: string }>(
    'SELECT currency::text, sum(amount_minor)::text AS total FROM postings GROUP BY currency HAVING sum(amount_minor) <> 0',
  );
  for (const row of totals.rows) problems.push(`debits != credits in ${row.currency}: ${row.total}`);
  const drift = await pool.query<{ account_id: number; stored: string; derived: string }>(
    `SELECT b.account_id, (b.debits_minor - b.credits_minor)::text AS stored, coalesce(sum(p.amount_minor), 0)::text AS derived
     FROM account_balances b LEFT JOIN postings p ON p.account_id = b.account_id
     GROUP BY b.account_id, b.debits_minor, b.credits_minor
     HAVING (b.debits_minor - b.credits_minor) <> coalesce(sum(p.amount_minor), 0)`,
  );
  for (const row of drift.rows) problems.push(`account ${row.account_id}: stored balance ${row.stored} != postings ${row.derived}`);
  const overdrawn = await pool.query<{ code: string }>(
    `SELECT a.code FROM ledger_accounts a JOIN account_balances b ON b.account_id = a.id
     WHERE a.debits_must_not_exceed_credits AND b.debits_minor > b.credits_minor`,
  );
  for (const row of overdrawn.rows) problems.push(`account ${row.code} overdrawn`);
  return problems;
}
