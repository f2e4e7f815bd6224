import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient } from '../../generated/prisma/client';
import { findRunningServer, startEmbeddedServer, embeddedUrl, type EmbeddedServer } from './embedded-server';
import { pgPoolConfig } from './pg-pool-config';
import { usePreparedStatements } from './sql';

export type Db = PrismaClient;
/** What a function may use inside `db.$transaction(async (tx) => ...)`. */
export type Tx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];

export interface Database {
  /** `postgres`: DATABASE_URL; `embedded`: this process serves PGlite; `embedded-attached`: another process does. */
  kind: 'postgres' | 'embedded' | 'embedded-attached';
  url: string;
  prisma: PrismaClient;
  pool: pg.Pool;
  close(): Promise<void>;
}

export interface OpenOptions {
  databaseUrl?: string | undefined;
  dataDir: string;
  poolMax?: number;
}

// An interactive transaction may wait this long for a connection and run this long before Prisma
// aborts it; generous because the embedded database runs every transaction one after another.
const TRANSACTION_WAIT_MS = 20_000;
const TRANSACTION_TIMEOUT_MS = 30_000;

/**
 * A connection that dies (a failover, a pooler restart, pg_terminate_backend) must not end the
 * process: an idle client is replaced on the next query, and a client in use (which has no listener
 * of the pool's) fails the query running on it, whose work is tried again.
 */
export function survivesLostConnections(pool: pg.Pool): void {
  pool.on('error', () => undefined);
  pool.on('connect', (client) => client.on('error', () => undefined));
}

export function connect(url: string, poolMax = 10): { prisma: PrismaClient; pool: pg.Pool } {
  const pool = new pg.Pool(pgPoolConfig(url, { max: poolMax }));
  survivesLostConnections(pool);
  const prisma = new PrismaClient({
    adapter: new PrismaPg(pool),
    transactionOptions: { maxWait: TRANSACTION_WAIT_MS, timeout: TRANSACTION_TIMEOUT_MS },
  });
  return { prisma, pool };
}

export async function openDatabase(options: OpenOptions): Promise<Database> {
  if (options.databaseUrl) {
    const { prisma, pool } = connect(options.databaseUrl, options.poolMax ?? 10);
    await assertReachable(pool, options.databaseUrl);
    // A PGlite served by another esim-hub is one shared session: statement names would collide.
    const [{ version }] = (await pool.query<{ version: string }>('SELECT version()')).rows as [{ version: string }];
    if (!version.includes('PGlite')) usePreparedStatements(pool);
    return { kind: 'postgres', url: options.databaseUrl, prisma, pool, close: () => closeAll(prisma, pool) };
  }
  const running = await findRunningServer(options.dataDir);
  if (running) {
    const url = embeddedUrl(running.port);
    const { prisma, pool } = connect(url, options.poolMax ?? 4);
    return { kind: 'embedded-attached', url, prisma, pool, close: () => closeAll(prisma, pool) };
  }
  const server: EmbeddedServer = await startEmbeddedServer({ dataDir: options.dataDir });
  const { prisma, pool } = connect(server.url, options.poolMax ?? 4);
  return {
    kind: 'embedded',
    url: server.url,
    prisma,
    pool,
    async close() {
      await closeAll(prisma, pool);
      await server.stop();
    },
  };
}

async function closeAll(prisma: PrismaClient, pool: pg.Pool): Promise<void> {
  await prisma.$disconnect();
  await pool.end().catch(() => undefined);
}

/** DATABASE_URL names a server that cannot be reached: the operator fixes the URL or starts the server. */
export class DatabaseUnreachableError extends Error {
  override name = 'DatabaseUnreachableError';
}

async function assertReachable(pool: pg.Pool, url: string): Promise<void> {
  try {
    await pool.query('SELECT 1');
  } catch (error) {
    const where = new URL(url);
    where.password = where.password ? '***' : '';
    throw new DatabaseUnreachableError(
      `Cannot reach PostgreSQL at ${where.toString()}: ${(error as Error).message}. ` +
        'Check DATABASE_URL (host, port, user, database) and that the server is running; unset DATABASE_URL to use the embedded database.',
    );
  }
}
