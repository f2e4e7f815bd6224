import { spawn } from 'node:child_process';
import path from 'node:path';

// The crash-injection harness's short run (the note lists a 1,000-run one): bot processes on one
// PostgreSQL, SIGKILLed at random crash points and restarted while resellers order through web
// chat, then an independent audit. Only on PostgreSQL (the embedded PGlite is one process).

const ROOT = path.resolve(__dirname, '..', '..');
const testOnPostgres = process.env.TEST_DATABASE_URL ? test : test.skip;

testOnPostgres('30 orders through processes killed at random crash points: every message answered once, every order delivered once, the ledger balanced', async () => {
  const result = await new Promise<{ code: number | null; out: string }>((resolve) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), path.join(ROOT, 'scripts', 'crash-test.ts'), '--runs', '30', '--conversations', '6', '--rate', '0.03'], { cwd: ROOT, env: { ...process.env } });
    // Stopped before jest's own timeout, so that no bot process outlives the test (it would keep its port).
    const stop = setTimeout(() => child.kill('SIGTERM'), 290_000);
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('close', (code) => {
      clearTimeout(stop);
      resolve({ code, out });
    });
  });
  process.stderr.write(`${result.out}\n`);
  expect(result.out).toMatch(/audit: every message answered once/);
  expect(result.out).toMatch(/[1-9]\d* SIGKILLs/); // it did kill
  expect(result.code).toBe(0);
}, 300_000);
