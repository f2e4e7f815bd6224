import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BIN, type CommandResult } from '../support/cli';

// Issue 19: a command run where there is no database (the wrong folder, a mistyped DATA_DIR) used
// to open a new, empty embedded database there and answer from it ("Nothing waiting."). Now it says
// where it looked and stops; only start, migrate and seed create the database.

/** `esim-hub ...` run from `cwd`, as an operator in that folder would, with no DATABASE_URL. */
function runIn(cwd: string, args: string[], env: Record<string, string> = {}): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const keep = ['PATH', 'HOME', 'TMPDIR', 'LANG'];
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...Object.fromEntries(keep.filter((k) => process.env[k]).map((k) => [k, process.env[k]])), ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end();
  });
}

describe('esim-hub in a folder with no database', () => {
  // Resolved: the command names the folder as its working directory resolves it.
  const folder = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'esim-hub-wrong-folder-')));
  const literally = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  afterAll(() => fs.rmSync(folder, { recursive: true, force: true }));

  test.each([
    [['queue', 'list']],
    [['staff', 'list']],
    [['reseller', 'show', 'B2B-003']],
    [['prices', 'list']],
    [['webchat-token', '+34612345603']],
  ])('%j says where it looked and stops, creating nothing', async (args) => {
    const result = await runIn(folder, args);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      `esim-hub: no database in ${path.join(folder, 'data')} (DATA_DIR, default ./data): run this from the bot's folder, set DATA_DIR or DATABASE_URL to its database, or create one there with esim-hub start\n`,
    );
    expect(fs.readdirSync(folder)).toEqual([]);
  }, 60_000);

  test('a DATA_DIR that does not exist is named as it was resolved, and stays absent', async () => {
    const result = await runIn(folder, ['queue', 'list'], { DATA_DIR: 'esim-data' });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`^esim-hub: no database in ${literally(path.join(folder, 'esim-data'))} `));
    expect(result.stderr.split('\n')).toHaveLength(2); // one line and its newline
    expect(fs.readdirSync(folder)).toEqual([]);
  }, 60_000);

  test('migrate creates it there; then the same command answers from it', async () => {
    const migrated = await runIn(folder, ['migrate']);
    expect(migrated).toMatchObject({ code: 0, stdout: expect.stringMatching(new RegExp(`^Applied to the embedded database in ${literally(path.join(folder, 'data'))}: `)) });
    const listed = await runIn(folder, ['queue', 'list']);
    expect(listed).toMatchObject({ code: 0, stdout: 'Nothing waiting.\n', stderr: '' });
  }, 120_000);
});
