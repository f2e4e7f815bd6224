import pg from 'pg';
import { survivesLostConnections } from '../../bot/db/database';

/**
 * Pools a test creates for graphile-worker (its utils and runners) and ends itself, each with the
 * bot's error listeners: a runner may stop without ending its pool, and the database dropped WITH
 * (FORCE) at the end then terminates an idle connection of a pool no one listens to (an unhandled
 * 57P01 that failed files in CI).
 */
export function ownedPools(url: () => string): { pool: () => pg.Pool; endAll: () => Promise<void> } {
  const pools: pg.Pool[] = [];
  return {
    pool() {
      const pool = new pg.Pool({ connectionString: url() });
      survivesLostConnections(pool);
      pools.push(pool);
      return pool;
    },
    async endAll() {
      for (const pool of pools.splice(0)) await pool.end().catch(() => undefined);
    },
  };
}
