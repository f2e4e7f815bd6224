import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type pg from 'pg';
import { z } from 'zod';
import { log } from '../log';

// @fastify/rate-limit's counts kept in the database (its custom-store interface: incr, child), so
// that every process behind a load balancer counts the same requests: in each process's memory, N
// processes let a sender post N times its limit, a network address sign in N times its attempts,
// and a restart forgot them all. Windows are fixed, as in the library's own stores: the first
// request opens a window of timeWindow ms on the database's clock (one clock for every process),
// and each one in it adds a hit. One statement per request, autocommitted; concurrent requests for
// one key queue on its row for that statement only, so none is lost and none passes the limit
// together.

/** Each limit's keys start with its name: the limits share one table, and an address counts apart for each. */
export interface StoredLimitOptions {
  name: string;
}

const counted = z.object({ hits: z.coerce.number().int(), ttl_ms: z.coerce.number().int() });

/** Expired windows are deleted this many rows at a time, at most once a minute per process unless told otherwise. */
const PRUNE_BATCH = 500;

type Callback = (error: Error | null, result?: { current: number; ttl: number }) => void;

/** A store class for @fastify/rate-limit (`store:` option) that counts in `rate_limit_counts` through `pool`. */
export function storedRateLimits(pool: pg.Pool, { pruneEveryMs = 60_000 } = {}): FastifyRateLimitStoreCtor {
  let prunedAt = Date.now();

  function prune(): void {
    if (Date.now() - prunedAt < pruneEveryMs) return;
    prunedAt = Date.now();
    // Rows other requests hold are skipped, not waited for.
    pool
      .query(
        `DELETE FROM rate_limit_counts WHERE key IN (SELECT key FROM rate_limit_counts
           WHERE window_ends_at < now() LIMIT ${PRUNE_BATCH} FOR UPDATE SKIP LOCKED)`,
      )
      .catch((error: unknown) => log.warn('could not delete expired rate-limit windows; tried again in a minute', { error }));
  }

  return class StoredRateLimitStore implements FastifyRateLimitStore {
    private readonly prefix: string;

    // The library passes its merged options (createRateLimit's among them) to the constructor and to child.
    constructor(options: object = {}) {
      const { name } = options as Partial<StoredLimitOptions>;
      this.prefix = name ? `${name}:` : '';
    }

    incr(key: string, callback: Callback, timeWindow: number): void {
      pool
        .query(
          `INSERT INTO rate_limit_counts AS r (key, hits, window_ends_at)
           VALUES ($1, 1, now() + $2::bigint * interval '1 millisecond')
           ON CONFLICT (key) DO UPDATE SET
             hits = CASE WHEN r.window_ends_at <= now() THEN 1 ELSE least(r.hits, 2147483646) + 1 END,
             window_ends_at = CASE WHEN r.window_ends_at <= now() THEN excluded.window_ends_at ELSE r.window_ends_at END
           RETURNING r.hits, greatest(0, ceil(extract(epoch FROM r.window_ends_at - now()) * 1000))::bigint AS ttl_ms`,
          [this.prefix + key, Math.max(1, Math.trunc(timeWindow))],
        )
        .then((result) => counted.parse(result.rows[0]))
        .then(
          (row) => {
            callback(null, { current: row.hits, ttl: row.ttl_ms });
            prune();
          },
          (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
        );
    }

    /** Each limit made with createRateLimit({ ..., name }) gets a child whose keys carry that name. */
    child(options: object): StoredRateLimitStore {
      return new StoredRateLimitStore(options);
    }
  };
}
