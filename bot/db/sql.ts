import type pg from 'pg';

// Plain SQL on the pg pool for the order pipeline's hot path. Prisma's query compiler costs more
// CPU per statement than PostgreSQL spends running it (measured with npm run bench: ~60% of the
// bot's CPU), so the per-message path speaks SQL directly; Prisma stays for the rest.

export interface Sql {
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
}

export function poolSql(pool: pg.Pool): Sql {
  return {
    async query<T>(text: string, params: unknown[] = []) {
      return (await pool.query(text, params)).rows as T[];
    },
  };
}

/** BEGIN ... COMMIT on one pooled connection; ROLLBACK and a discarded connection on any error. */
export async function transaction<T>(pool: pg.Pool, work: (sql: Sql) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let failed: unknown = null;
  try {
    await client.query('BEGIN');
    const result = await work({
      async query<R>(text: string, params: unknown[] = []) {
        return (await client.query(text, params)).rows as R[];
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
