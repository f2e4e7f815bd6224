import { createHash } from 'node:crypto';
import type pg from 'pg';
import { log } from '../log';

// Plain SQL on the pg pool for the order pipeline's hot path. Prisma's query compiler costs more
// CPU per statement than PostgreSQL spends running it (measured with npm run bench: ~60% of the
// bot's CPU), so the per-message path speaks SQL directly; Prisma stays for the rest.

export interface Sql {
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
}

// Named prepared statements skip PostgreSQL's parse and plan on every call after the first on a
// connection (planning was ~3 ms of PostgreSQL CPU per order in npm run bench). Only for a real
// server: PGlite serves every client from one session, where statement names would collide.
const preparedPools = new WeakSet<pg.Pool>();
const statementNames = new Map<string, string>();

export function usePreparedStatements(pool: pg.Pool): void {
  preparedPools.add(pool);
}

function statement(pool: pg.Pool, text: string, values: unknown[]): pg.QueryConfig {
  if (!preparedPools.has(pool)) return { text, values };
  let name = statementNames.get(text);
  if (name === undefined) {
    name = `s_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
    statementNames.set(text, name);
  }
  return { name, text, values };
}

export function poolSql(pool: pg.Pool): Sql {
  return {
    async query<T>(text: string, params: unknown[] = []) {
      return (await pool.query(statement(pool, text, params))).rows as T[];
    },
  };
}

/** PostgreSQL's codes for a transaction that lost a lock cycle or a serialization check: safe to run again. */
const RETRYABLE = new Set(['40P01', '40001']);
const ATTEMPTS_MAX = 4;
/** How many transactions were run again after a deadlock or serialization failure (tests, diagnostics). */
export const retriedTransactions = { count: 0 };

export interface TransactionOptions {
  /** Every statement gives up after this long (statement_timeout), and no statement starts after `deadline`. */
  timeoutMs?: number;
  deadline?: number;
}

export class TimeBudgetExceeded extends Error {
  constructor(what: string) {
    super(`time budget exceeded before ${what}`);
    this.name = 'TimeBudgetExceeded';
  }
}

/**
 * BEGIN ... COMMIT on one pooled connection; ROLLBACK and a discarded connection on any error. A
 * deadlock or serialization failure is run again at once (after a few ms of jitter, up to 4 tries),
 * so `work` must keep its effects inside the transaction: state outside it changes after it returns.
 */
export async function transaction<T>(pool: pg.Pool, work: (sql: Sql) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await transactionOnce(pool, work, options);
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (!code || !RETRYABLE.has(code) || attempt >= ATTEMPTS_MAX) throw error;
      retriedTransactions.count += 1;
      log.warn('transaction retried after a lock conflict', { code, attempt });
      await new Promise((resolve) => setTimeout(resolve, 2 + Math.random() * 20 * attempt));
    }
  }
}

async function transactionOnce<T>(pool: pg.Pool, work: (sql: Sql) => Promise<T>, options: TransactionOptions): Promise<T> {
  const client = await pool.connect();
  let failed: unknown = null;
  try {
    await client.query(options.timeoutMs ? `BEGIN; SET LOCAL statement_timeout = ${Math.ceil(options.timeoutMs)}` : 'BEGIN');
    const result = await work({
      async query<R>(text: string, params: unknown[] = []) {
        if (options.deadline !== undefined && Date.now() > options.deadline) throw new TimeBudgetExceeded(text.trim().split(/\s+/).slice(0, 3).join(' '));
        return (await client.query(statement(pool, text, params))).rows as R[];
      },
    });
    await client.query('COMMIT');
    return result;
  } catch (error) {
    failed = error;
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    // A connection whose transaction failed is closed rather than reused: it may be in any state.
    client.release(failed instanceof Error && !('code' in failed) ? failed : undefined);
  }
}

/** int8 and numeric arrive as strings from pg: read them as safe integers. */
export function int(value: unknown): number {
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isSafeInteger(n)) throw new Error(`not a safe integer: ${String(value)}`);
  return n;
}
