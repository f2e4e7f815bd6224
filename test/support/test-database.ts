import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { connect, type Database } from '../../bot/db/database';
import { startEmbeddedServer } from '../../bot/db/embedded-server';
import { migrate } from '../../bot/db/migrate';
import { seed } from '../../bot/db/seed';
import { usePreparedStatements } from '../../bot/db/sql';

// Database tests run on the embedded PGlite always, and also on the PostgreSQL named by
// TEST_DATABASE_URL when it is set (.ci/run sets it). Each test file gets its own fresh database.

export type Target = 'pglite' | 'postgres';

export const targets: Target[] = process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];

export interface TestDatabase extends Database {
  target: Target;
}

export async function createTestDatabase(target: Target, options: { seed?: boolean; poolMax?: number; migrate?: boolean } = {}): Promise<TestDatabase> {
  let url: string;
  let dropDatabase: () => Promise<void>;
  if (target === 'pglite') {
    const server = await startEmbeddedServer({ dataDir: null });
    url = server.url;
    dropDatabase = () => server.stop();
  } else {
    const adminUrl = process.env.TEST_DATABASE_URL!;
    const name = `esimhub_test_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const parsed = new URL(adminUrl);
    parsed.pathname = `/${name}`;
    url = parsed.toString();
    dropDatabase = async () => {
      const cleanup = new pg.Client({ connectionString: adminUrl });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.end();
    };
  }
  const { prisma, pool } = connect(url, options.poolMax ?? (target === 'pglite' ? 4 : 20));
  if (target === 'postgres') usePreparedStatements(pool); // as openDatabase does for a real server
  if (options.migrate !== false) {
    const client = await pool.connect();
    try {
      await migrate(client);
    } finally {
      client.release();
    }
  }
  if (options.seed) await seed(prisma);
  return {
    target,
    kind: target === 'pglite' ? 'embedded' : 'postgres',
    url,
    prisma,
    pool,
    async close() {
      await prisma.$disconnect();
      await pool.end();
      await dropDatabase();
    },
  };
}
