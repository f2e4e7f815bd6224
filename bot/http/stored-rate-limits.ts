import { performance } from 'node:perf_hooks';
import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type pg from 'pg';
import { isDatabaseUnavailable } from '../db/database-unavailable';
import { poolSql } from '../db/sql';
import { log } from '../log';
import { countRequest, deleteExpiredCounts, uncountRequest } from '../store/rate-limit-counts';

// @fastify/rate-limit's counts kept in the database (its custom-store interface: incr, child;
// the statements are bot/store/rate-limit-counts.ts), so that every process behind a load balancer
// counts the same requests: in each process's memory, N processes let a sender post N times its
// limit, a network address sign in N times its attempts, and a restart forgot them all. When the
// table cannot be written (the database down, a broken migration) requests pass unlimited and the
// operator is told, at most once a minute per process: the route behind a limit needs the
// database too, and answers 503 itself when it is down.

/** Each limit's keys start with its name: the limits share one table, and an address counts apart for each. */
export interface StoredLimitOptions {
  name: string;
}

/**
 * A key found over its limit is refused from memory for this long (or to its window's end, if
 * sooner), with no statement: a flood of refused requests does not take the pool from everyone
 * else. Short, so that a window emptied meanwhile (staff deleting a count, a PostgreSQL crash
 * emptying the unlogged table) lets the key in within seconds on every process.
 */
const REFUSAL_MEMORY_MS = 5_000;
/** Keys refused from memory, at most this many (beyond it, the expired go, then all). */
const REFUSED_KEYS_MAX = 10_000;
const STORE_FAILURE_LOG_EVERY_MS = 60_000;

type Callback = (error: Error | null, result?: { current: number; ttl: number }) => void;

export type StoredRateLimitStoreCtor = FastifyRateLimitStoreCtor & {
  /**
   * Takes one request back from limit `name`'s count of `key` (the key its keyGenerator gives): a
   * request that turned out not to be new. Never rejects: a take-back that fails is logged, and the
   * request stays counted.
   */
  uncount(name: string, key: string): Promise<void>;
};

const storedKey = (name: string | undefined, key: string) => (name ? `${name}:${key}` : key);

/**
 * A store class for @fastify/rate-limit (`store:` option) that counts in `rate_limit_counts`
 * through `pool`. Make one per process and give it to every registration of the plugin: its
 * children share the refusal memory, the failure log's pace and the deletion of expired windows.
 */
export function rateLimitStoreClass(pool: pg.Pool, { deleteExpiredEveryMs = 60_000 } = {}): StoredRateLimitStoreCtor {
  const sql = poolSql(pool);
  let deletedAtMs = performance.now();
  let deleting = false;
  let failureLoggedAtMs = -Infinity;
  /** Keys refused lately: until when to refuse from memory, and when their window ends (the Retry-After). */
  const refused = new Map<string, { untilMs: number; windowEndsMs: number }>();

  function deleteExpiredNowAndThen(): void {
    if (deleting || performance.now() - deletedAtMs < deleteExpiredEveryMs) return;
    deletedAtMs = performance.now();
    deleting = true;
    deleteExpiredCounts(sql)
      .catch((error: unknown) => log.warn('could not delete expired rate-limit windows; tried again in a minute', { error }))
      .finally(() => {
        deleting = false;
      });
  }

  function rememberRefused(key: string, ttlMs: number): void {
    const now = performance.now();
    if (refused.size >= REFUSED_KEYS_MAX) {
      for (const [k, r] of refused) if (r.untilMs <= now) refused.delete(k);
      if (refused.size >= REFUSED_KEYS_MAX) refused.clear(); // only costs statements, never a wrong answer
    }
    refused.set(key, { untilMs: now + Math.min(ttlMs, REFUSAL_MEMORY_MS), windowEndsMs: now + ttlMs });
  }

  function reportStoreFailure(error: unknown, callback: Callback): void {
    const err = error instanceof Error ? error : new Error(String(error));
    // The request goes on unlimited (skipOnError): the operator must hear of it, but not once a request.
    if (performance.now() - failureLoggedAtMs >= STORE_FAILURE_LOG_EVERY_MS) {
      failureLoggedAtMs = performance.now();
      if (isDatabaseUnavailable(err)) log.warn('request limits are not counted while the database is unavailable; requests pass unlimited', { error: err });
      else log.error('request limits could not be counted (table rate_limit_counts); requests pass unlimited until this is fixed', { error: err });
    }
    callback(err);
  }

  return class StoredRateLimitStore implements FastifyRateLimitStore {
    private readonly name: string | undefined;

    // The library passes its merged options (createRateLimit's among them) to the constructor and to child.
    constructor(options: object = {}) {
      this.name = (options as Partial<StoredLimitOptions>).name;
    }

    static async uncount(name: string, key: string): Promise<void> {
      await uncountRequest(sql, storedKey(name, key)).catch((error: unknown) => log.warn('could not take a resent request back from its rate-limit count; it stays counted', { limit: name, error }));
    }

    incr(key: string, callback: Callback, timeWindow: number, max: number): void {
      const stored = storedKey(this.name, key);
      const known = refused.get(stored);
      if (known) {
        const now = performance.now();
        if (known.untilMs > now) return callback(null, { current: max + 1, ttl: Math.ceil(known.windowEndsMs - now) });
        refused.delete(stored);
      }
      countRequest(sql, stored, timeWindow).then(
        ({ hits, ttlMs }) => {
          if (hits > max && ttlMs > 0) rememberRefused(stored, ttlMs);
          callback(null, { current: hits, ttl: ttlMs });
          deleteExpiredNowAndThen();
        },
        (error: unknown) => reportStoreFailure(error, callback),
      );
    }

    /** Each limit made with createRateLimit({ ..., name }) gets a child whose keys carry that name. */
    child(options: object): StoredRateLimitStore {
      return new StoredRateLimitStore(options);
    }
  };
}
