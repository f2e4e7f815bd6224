import type pg from 'pg';
import { z } from 'zod';
import { signInAttempt, type SignInRule } from '../../domain/staff/sign-in-throttle';
import { poolSql, transaction } from '../db/sql';

// Failed staff sign-ins per account, in the database: every bot process counts the same failures,
// and a restart forgets none (held in each process's memory, N processes behind a load balancer
// gave an attacker N times the guesses, and a restart gave them all back). The account's row is
// created or locked in one statement, and concurrent guesses on any process queue behind it; the
// time is read once the lock is held (the transaction's start would be older than failures
// recorded while it waited). Times are the database's clock, the same for every process.

/** Rows of accounts with no failure left in the window are deleted this many at a time. */
const PRUNE_BATCH = 100;

const lockedRow = z.object({ failed_at: z.array(z.date()).nullable() });
const clock = z.object({ now: z.date() });

export class StoredSignInFailures {
  constructor(
    private readonly pool: pg.Pool,
    private readonly rule: SignInRule,
  ) {}

  /** Counts an attempt as failed until `succeeded` says otherwise; how long the account must wait (0: it may check the password). */
  async attempt(account: string): Promise<number> {
    return transaction(this.pool, async (sql) => {
      const row = lockedRow.parse(
        (
          await sql.query(
            `INSERT INTO staff_sign_in_failures AS f (account) VALUES ($1)
             ON CONFLICT (account) DO UPDATE SET failed_at = f.failed_at RETURNING f.failed_at`,
            [account],
          )
        )[0],
      );
      const { now } = clock.parse((await sql.query(`SELECT clock_timestamp() AS now`))[0]);
      const attempt = signInAttempt((row.failed_at ?? []).map((d) => d.getTime()), now.getTime(), this.rule);
      await sql.query(`UPDATE staff_sign_in_failures SET failed_at = $2::timestamptz[], updated_at = $3 WHERE account = $1`, [
        account,
        attempt.failures.map((t) => new Date(t).toISOString()),
        now,
      ]);
      // Unknown emails count like real ones (the answer must not tell which exist): their rows go once
      // out of the window. Rows other attempts hold are skipped, not waited for (no lock cycle).
      await sql.query(
        `DELETE FROM staff_sign_in_failures WHERE account IN (SELECT account FROM staff_sign_in_failures
           WHERE updated_at < $1::timestamptz - $2::int * interval '1 millisecond' LIMIT ${PRUNE_BATCH} FOR UPDATE SKIP LOCKED)`,
        [now, this.rule.windowMs],
      );
      return attempt.waitMs;
    });
  }

  /** The password was right: the account's failures are forgotten. */
  async succeeded(account: string): Promise<void> {
    await poolSql(this.pool).query(`DELETE FROM staff_sign_in_failures WHERE account = $1`, [account]);
  }
}
