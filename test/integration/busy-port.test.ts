import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../support/cli';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

// A second `esim-hub start` on a port already in use (maybe a newer build, started by mistake) stops
// before it opens the database: nothing is migrated, seeded or funded under the running process.

const describeOnPostgres = process.env.TEST_DATABASE_URL ? describe : describe.skip;

async function occupiedPort(): Promise<{ port: number; close: () => Promise<void> }> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen({ port: 0, host: '127.0.0.1' }, resolve));
  return { port: (server.address() as net.AddressInfo).port, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

describe('esim-hub start on a busy port', () => {
  test('embedded database: it stops with the operator message and creates no data directory', async () => {
    const busy = await occupiedPort();
    const dataDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'esimhub-busy-')), 'data');
    try {
      const result = await runCli(['start'], { PORT: String(busy.port), DATA_DIR: dataDir, DEMO_MODE: '1' });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`PORT ${busy.port} on 127.0.0.1 is taken`);
      expect(fs.existsSync(dataDir)).toBe(false);
    } finally {
      await busy.close();
    }
  }, 60_000);

  describeOnPostgres('PostgreSQL', () => {
    let db: TestDatabase;
    beforeAll(async () => {
      db = await createTestDatabase('postgres', { migrate: false });
    });
    afterAll(async () => {
      await db.close();
    });

    test('it stops with the operator message and the database is left as it was', async () => {
      const busy = await occupiedPort();
      try {
        const result = await runCli(['start'], { PORT: String(busy.port), DATABASE_URL: db.url, DEMO_MODE: '1' });
        expect(result.code).toBe(1);
        expect(result.stderr).toContain(`PORT ${busy.port} on 127.0.0.1 is taken`);
        const { rows } = await db.pool.query<{ n: string }>(`SELECT count(*) AS n FROM information_schema.tables WHERE table_schema NOT IN ('pg_catalog', 'information_schema')`);
        expect(Number(rows[0]!.n)).toBe(0);
      } finally {
        await busy.close();
      }
    }, 60_000);
  });
});
