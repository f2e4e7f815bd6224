import type pg from 'pg';
import { signInAttempt, type SignInRule } from '../../domain/staff/sign-in-throttle';
import { poolSql, transaction } from '../db/sql';

// Failed staff sign-ins per account, in the database: every bot process counts the same failures,
// and a restart forgets none (held in each process's memory, N processes behind a load balancer
// gave an attacker N times the guesses, and a restart gave them all back). The account's row is
// locked while an attempt is counted, so concurrent guesses on any process queue behind each other.
// Times are the database's clock, the same for every process.

/** Rows of accounts with no failure left in the window are deleted this many at a time. */
const PRUNE_BATCH = 100;

export class StoredSignInFailures {
  constructor(
    private readonly pool: pg.Pool,
    private readonly rule: SignInRule,
  ) {}

  /** Counts an attempt as failed until `succeeded` says otherwise; how long the account must wait (0: it may check the password). */
  async attempt(account: string): Promise<number> {
    return transaction(this.pool, async (sql) => {
      await sql.query(`INSERT INTO staff_sign_in_failures (account) VALUES ($1) ON CONFLICT (account) DO NOTHING`, [account]);
      const [row] = await sql.query<{ failed_at: Date[] | null; now: Date }>(`SELECT failed_at, now() AS now FROM staff_sign_in_failures WHERE account = $1 FOR UPDATE`, [account]);
      const now = row!.now.getTime();
      const attempt = signInAttempt((row!.failed_at ?? []).map((d) => d.getTime()), now, this.rule);
      await sql.query(`UPDATE staff_sign_in_failures SET failed_at = $2::timestamptz[], updated_at = now() WHERE account = $1`, [account, attempt.failures.map((t) => new Date(t).toISOString())]);
      // Unknown emails count like real ones (the answer must not tell which exist): their rows go once out of the window.
      await sql.query(
        `DELETE FROM staff_sign_in_failures WHERE account IN (SELECT account FROM staff_sign_in_failures WHERE updated_at < now() - $1::int * interval '1 millisecond' LIMIT ${PRUNE_BATCH})`,
        [this.rule.windowMs],
      );
      return attempt.waitMs;
    });
  }

  /** The password was right: the account's failures are forgotten. */
  async succeeded(account: string): Promise<void> {
    await poolSql(this.pool).query(`DELETE FROM staff_sign_in_failures WHERE account = $1`, [account]);
  }
}
