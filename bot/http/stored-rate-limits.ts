import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type pg from 'pg';
import { z } from 'zod';
import { isDatabaseUnavailable } from '../db/database-unavailable';
import { log } from '../log';

// @fastify/rate-limit's counts kept in the database (its custom-store interface: incr, child), so
// that every process behind a load balancer counts the same requests: in each process's memory, N
// processes let a sender post N times its limit, a network address sign in N times its attempts,
// and a restart forgot them all. Windows are fixed, as in the library's own stores: the first
// request opens a window of timeWindow ms on the database's clock (one clock for every process),
// and each one in it adds a hit. One statement per counted request, autocommitted; concurrent
// requests for one key queue on its row for that statement only, so none is lost and none passes
// the limit together. When the table cannot be written (the database down, a broken migration)
// requests pass unlimited and the operator is told, at most once a minute: the route behind a
// limit needs the database too, and answers 503 itself when it is down.

/** Each limit's keys start with its name: the limits share one table, and an address counts apart for each. */
export interface StoredLimitOptions {
  name: string;
}

const counted = z.object({ hits: z.coerce.number().int(), ttl_ms: z.coerce.number().int() });

/** Expired windows are deleted this many rows a statement, until none is left (at most MAX_PRUNE_BATCHES a pass). */
const PRUNE_BATCH = 1_000;
const MAX_PRUNE_BATCHES = 100;
/** Keys known to be over their limit, kept in memory at most this many (beyond it, the expired go, then all). */
const EXCEEDED_KEYS_MAX = 10_000;
/** A failing store is logged at most this often per process. */
const LOG_EVERY_MS = 60_000;

type Callback = (error: Error | null, result?: { current: number; ttl: number }) => void;

/**
 * A store class for @fastify/rate-limit (`store:` option) that counts in `rate_limit_counts` through
 * `pool`. A key found over its limit is answered from memory until its window ends, with no
 * statement: a refusal cannot be undone within a window, so this stays exact, and a flood of refused
 * requests does not take the pool from everyone else.
 */
export function storedRateLimits(pool: pg.Pool, { pruneEveryMs = 60_000 } = {}): FastifyRateLimitStoreCtor {
  let prunedAt = Date.now();
  let pruning = false;
  let loggedAt = 0;
  const exceededUntil = new Map<string, number>();

  async function deleteExpired(): Promise<void> {
    // Rows other requests hold are skipped, not waited for (two processes pruning cannot deadlock).
    for (let batch = 0; batch < MAX_PRUNE_BATCHES; batch += 1) {
      const { rowCount } = await pool.query(
        `DELETE FROM rate_limit_counts WHERE key IN (SELECT key FROM rate_limit_counts
           WHERE window_ends_at < now() LIMIT ${PRUNE_BATCH} FOR UPDATE SKIP LOCKED)`,
      );
      if ((rowCount ?? 0) < PRUNE_BATCH) return;
    }
  }

  function prune(): void {
    if (pruning || Date.now() - prunedAt < pruneEveryMs) return;
    prunedAt = Date.now();
    pruning = true;
    deleteExpired()
      .catch((error: unknown) => log.warn('could not delete expired rate-limit windows; tried again in a minute', { error }))
      .finally(() => {
        pruning = false;
      });
  }

  function remember(key: string, until: number): void {
    if (exceededUntil.size >= EXCEEDED_KEYS_MAX) {
      const now = Date.now();
      for (const [k, t] of exceededUntil) if (t <= now) exceededUntil.delete(k);
      if (exceededUntil.size >= EXCEEDED_KEYS_MAX) exceededUntil.clear(); // only costs statements, never a wrong answer
    }
    exceededUntil.set(key, until);
  }

  function failed(error: unknown, callback: Callback): void {
    const err = error instanceof Error ? error : new Error(String(error));
    // The request goes on unlimited (skipOnError): the operator must hear of it, but not once a request.
    if (Date.now() - loggedAt >= LOG_EVERY_MS) {
      loggedAt = Date.now();
      if (isDatabaseUnavailable(err)) log.warn('request limits are not counted while the database is unavailable; requests pass unlimited', { error: err });
      else log.error('request limits could not be counted (table rate_limit_counts); requests pass unlimited until this is fixed', { error: err });
    }
    callback(err);
  }

  return class StoredRateLimitStore implements FastifyRateLimitStore {
    private readonly prefix: string;

    // The library passes its merged options (createRateLimit's among them) to the constructor and to child.
    constructor(options: object = {}) {
      const { name } = options as Partial<StoredLimitOptions>;
      this.prefix = name ? `${name}:` : '';
    }

    incr(key: string, callback: Callback, timeWindow: number, max: number): void {
      const stored = this.prefix + key;
      const until = exceededUntil.get(stored);
      if (until !== undefined) {
        const ttl = until - Date.now();
        if (ttl > 0) return callback(null, { current: max + 1, ttl });
        exceededUntil.delete(stored);
      }
      pool
        .query(
          `INSERT INTO rate_limit_counts AS r (key, hits, window_ends_at)
           VALUES ($1, 1, now() + $2::bigint * interval '1 millisecond')
           ON CONFLICT (key) DO UPDATE SET
             hits = CASE WHEN r.window_ends_at <= now() THEN 1 ELSE least(r.hits, 2147483646) + 1 END,
             window_ends_at = CASE WHEN r.window_ends_at <= now() THEN excluded.window_ends_at ELSE r.window_ends_at END
           RETURNING r.hits, greatest(0, ceil(extract(epoch FROM r.window_ends_at - now()) * 1000))::bigint AS ttl_ms`,
          [stored, Math.max(1, Math.trunc(timeWindow))],
        )
        .then((result) => counted.parse(result.rows[0]))
        .then(
          (row) => {
            if (row.hits > max && row.ttl_ms > 0) remember(stored, Date.now() + row.ttl_ms);
            callback(null, { current: row.hits, ttl: row.ttl_ms });
            prune();
          },
          (error: unknown) => failed(error, callback),
        );
    }

    /** Each limit made with createRateLimit({ ..., name }) gets a child whose keys carry that name. */
    child(options: object): StoredRateLimitStore {
      return new StoredRateLimitStore(options);
    }
  };
}
