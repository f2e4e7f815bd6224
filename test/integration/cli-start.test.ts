import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { EMBEDDED_LOCK_FILE } from '../../bot/db/embedded-server';
import { MIGRATIONS_DIR } from '../../bot/db/migrate';
import { runCli, startBot } from '../support/cli';
import { createTestDatabase } from '../support/test-database';

const ROOT = path.resolve(__dirname, '../..');

describe('esim-hub on the embedded default', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'esim-hub-data-'));
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  test('start migrates and seeds an empty database, serves, and commands attach to it while it runs', async () => {
    const bot = await startBot({ DATA_DIR: dataDir });
    try {
      expect(bot.logs()).toMatch(/"database migrated"/);
      expect(bot.logs()).toMatch(/"empty database seeded with the reference data".*"products":73/);
      expect(bot.logs()).toMatch(/price refused.*ESIM-CHM-10GB-30D/);
      const health = await (await fetch(`${bot.url}/healthz`)).json();
      expect(health).toMatchObject({ status: 'ok', database: 'embedded' });
      expect(fs.existsSync(path.join(dataDir, EMBEDDED_LOCK_FILE))).toBe(true);

      const migrateRun = await runCli(['migrate'], { DATA_DIR: dataDir });
      const migrations = fs.readdirSync(MIGRATIONS_DIR).filter((name) => /^\d{14}_/.test(name)).length;
      expect(migrateRun).toMatchObject({ code: 0, stdout: expect.stringMatching(new RegExp(`is up to date \\(${migrations} migrations\\)`)) });
      const seedRun = await runCli(['seed'], { DATA_DIR: dataDir });
      expect(seedRun).toMatchObject({ code: 0, stdout: expect.stringMatching(/already present: nothing to insert/) });
    } finally {
      expect(await bot.stop()).toBe(0);
    }
    expect(fs.existsSync(path.join(dataDir, EMBEDDED_LOCK_FILE))).toBe(false);
  });

  test('a restart keeps the data and does not seed again', async () => {
    const bot = await startBot({ DATA_DIR: dataDir });
    try {
      expect(bot.logs()).not.toMatch(/seeded/);
      expect(bot.logs()).not.toMatch(/database migrated/);
    } finally {
      await bot.stop();
    }
  });

  test('npm start stopped with SIGTERM (a supervisor that signals only the process it started) stops the bot within 5 s', async () => {
    const npm = spawn('npm', ['start'], { cwd: ROOT, env: { ...process.env, DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'info' }, stdio: ['ignore', 'pipe', 'pipe'] });
    // Every process under npm, for the clean-up should the bot outlive it.
    const descendants = (pid: number): number[] => {
      const children = spawnSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean).map(Number);
      return children.flatMap((child) => [child, ...descendants(child)]);
    };
    let logs = '';
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`npm start did not come up:\n${logs}`)), 60_000);
      npm.stderr.on('data', (d: Buffer) => {
        logs += d.toString();
        const line = logs.split('\n').find((l) => l.includes('"esim-hub is running"'));
        if (line) {
          clearTimeout(timer);
          resolve((JSON.parse(line) as { url: string }).url);
        }
      });
    });
    const under = descendants(npm.pid!);
    try {
      const stopped = Date.now();
      npm.kill('SIGTERM');
      let answering = true;
      while (answering && Date.now() - stopped < 5_000) {
        answering = await fetch(`${url}/healthz`).then(() => true, () => false);
        if (answering) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(answering).toBe(false);
      // And the bot exits, within the same 5 s (it closes its port first, then its database: on a busy CI machine that took more than a moment).
      const running = () => under.filter((pid) => fs.existsSync(`/proc/${pid}`) && !fs.readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z '));
      while (running().length > 0 && Date.now() - stopped < 5_000) await new Promise((resolve) => setTimeout(resolve, 100));
      expect(running()).toEqual([]);
    } finally {
      for (const pid of under) spawnSync('kill', ['-KILL', String(pid)]);
    }
  }, 90_000);

  test('commands open the folder themselves when no bot runs', async () => {
    expect(await runCli(['migrate'], { DATA_DIR: dataDir })).toMatchObject({ code: 0, stdout: expect.stringMatching(/up to date/) });
  });
});

describe('esim-hub errors an operator can act on', () => {
  test('an invalid setting names the variable and what to fix', async () => {
    const result = await runCli(['migrate'], { PORT: 'abc', QUOTE_TTL_HOURS: '-1' });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/PORT: PORT must be a number \(got "abc"\)/);
    expect(result.stderr).toMatch(/QUOTE_TTL_HOURS: QUOTE_TTL_HOURS must be above 0/);
    expect(result.stderr).not.toMatch(/at .*\.ts:\d+/); // no stack trace for an operator's mistake
  });

  test('an unreachable DATABASE_URL says so, without the password', async () => {
    const result = await runCli(['migrate'], { DATABASE_URL: 'postgresql://esim:s3cret@127.0.0.1:1/esimhub' });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/Cannot reach PostgreSQL at postgresql:\/\/esim:\*\*\*@127\.0\.0\.1:1\/esimhub/);
    expect(result.stderr).not.toMatch(/s3cret/);
  });

  test('an unknown command prints the usage', async () => {
    const result = await runCli(['fly'], {});
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/unknown command "fly"[\s\S]*Usage: esim-hub/);
  });
});

(process.env.TEST_DATABASE_URL ? describe : describe.skip)('esim-hub against a real PostgreSQL (DATABASE_URL)', () => {
  test('migrate applies every migration, then reports the database up to date; seed loads the data', async () => {
    const db = await createTestDatabase('postgres', { migrate: false });
    try {
      const first = await runCli(['migrate'], { DATABASE_URL: db.url });
      expect(first).toMatchObject({ code: 0, stdout: expect.stringMatching(/Applied to PostgreSQL \(DATABASE_URL\): 20261125000000_init, 20261125000100_ledger_invariants, 20261125001000_delivery_tokens, 20261125002000_lookup_indexes, 20261125003000_sender_verification/) });
      const second = await runCli(['migrate'], { DATABASE_URL: db.url });
      expect(second.stdout).toMatch(/is up to date/);
      const seeded = await runCli(['seed'], { DATABASE_URL: db.url });
      expect(seeded).toMatchObject({ code: 0, stdout: expect.stringMatching(/Inserted: regions 19, products 73/) });
      expect(await db.prisma.product.count()).toBe(73);
    } finally {
      await db.close();
    }
  });

  test('a start that fails after its port is open exits 1 with the reason, rather than serving errors', async () => {
    // A database role that may not read the price cache's version row: the start fails at its last
    // step (the parser's warm-up), after the HTTP port, the process registry and LISTEN are open.
    const db = await createTestDatabase('postgres', { seed: true });
    const role = `esim_limited_${process.pid}`;
    try {
      for (const statement of [
        `CREATE ROLE ${role} LOGIN`,
        `GRANT CREATE, CONNECT ON DATABASE "${new URL(db.url).pathname.slice(1)}" TO ${role}`,
        `GRANT USAGE, CREATE ON SCHEMA public TO ${role}`,
        `GRANT ALL ON ALL TABLES IN SCHEMA public TO ${role}`,
        `GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO ${role}`,
        `REVOKE ALL ON catalogue_version FROM ${role}`,
      ]) await db.pool.query(statement);
      const url = new URL(db.url);
      url.username = role;
      const started = Date.now();
      const result = await runCli(['start'], { DATABASE_URL: url.toString(), PORT: '0' });
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/permission denied for table catalogue_version/);
      expect(Date.now() - started).toBeLessThan(30_000);
    } finally {
      await db.close(); // drops the test database, and what the role owned or was granted there
      const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
      await admin.connect();
      await admin.query(`DROP ROLE IF EXISTS ${role}`);
      await admin.end();
    }
  }, 60_000);
});
