import { z } from 'zod';
import type { Sql } from '../db/sql';

// Requests counted by the web-chat and sign-in limits in their current windows (table
// rate_limit_counts, read by bot/http/stored-rate-limits.ts). Windows are fixed and on the
// database's clock, one clock for every process: the first request opens a window of windowMs, each
// one in it adds a hit. One autocommitted statement; concurrent requests for one key queue on its
// row for that statement only, so none is lost and none passes a limit together.

const countRow = z.object({ hits: z.coerce.number().int(), ttl_ms: z.coerce.number().int() });

export interface WindowCount {
  /** Requests in the window, this one included. */
  hits: number;
  /** Milliseconds until the window ends. */
  ttlMs: number;
}

export async function countRequest(sql: Sql, key: string, windowMs: number): Promise<WindowCount> {
  const row = countRow.parse(
    (
      await sql.query(
        `INSERT INTO rate_limit_counts AS r (key, hits, window_ends_at)
         VALUES ($1, 1, now() + $2::bigint * interval '1 millisecond')
         ON CONFLICT (key) DO UPDATE SET
           hits = CASE WHEN r.window_ends_at <= now() THEN 1 ELSE least(r.hits, 2147483646) + 1 END,
           window_ends_at = CASE WHEN r.window_ends_at <= now() THEN excluded.window_ends_at ELSE r.window_ends_at END
         RETURNING r.hits, greatest(0, ceil(extract(epoch FROM r.window_ends_at - now()) * 1000))::bigint AS ttl_ms`,
        [key, Math.max(1, Math.trunc(windowMs))],
      )
    )[0],
  );
  return { hits: row.hits, ttlMs: row.ttl_ms };
}

/**
 * Takes one request back from `key`'s current window: one that turned out to be the same message
 * sent again (a browser that lost the answer to its post), which is not a new message.
 */
export async function uncountRequest(sql: Sql, key: string): Promise<void> {
  await sql.query(`UPDATE rate_limit_counts SET hits = hits - 1 WHERE key = $1 AND hits > 0 AND window_ends_at > now()`, [key]);
}

/** Expired windows are deleted this many rows a statement. */
const EXPIRED_BATCH = 1_000;
const EXPIRED_BATCHES_MAX = 100;
const deletedRow = z.object({ n: z.coerce.number().int() });

/**
 * Deletes expired windows a batch at a time until none is left (at most 100 batches a call), and
 * says how many went. Rows other requests hold are skipped, not waited for: two processes
 * deleting at once cannot deadlock.
 */
export async function deleteExpiredCounts(sql: Sql): Promise<number> {
  let total = 0;
  for (let batch = 0; batch < EXPIRED_BATCHES_MAX; batch += 1) {
    const { n } = deletedRow.parse(
      (
        await sql.query(
          `WITH gone AS (DELETE FROM rate_limit_counts WHERE key IN (SELECT key FROM rate_limit_counts
             WHERE window_ends_at < now() LIMIT ${EXPIRED_BATCH} FOR UPDATE SKIP LOCKED) RETURNING 1)
           SELECT count(*) AS n FROM gone`,
        )
      )[0],
    );
    total += n;
    if (n < EXPIRED_BATCH) break;
  }
  return total;
}
