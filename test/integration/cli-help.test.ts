import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli, type CommandResult } from '../support/cli';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

// Issue 19, the command line: `--help` on every command and subcommand prints the usage and does
// nothing else (no bot started, no database created or migrated, nothing read from stdin), and a
// mistake in a command line is one line on stderr that says what to do, exit 2, never a stack trace.

/** Every command and subcommand, written as an operator would, with `--help` somewhere in it. */
const HELP: { args: string[]; names: string }[] = [
  { args: ['start', '--help'], names: 'esim-hub start' },
  { args: ['migrate', '--help'], names: 'esim-hub migrate' },
  { args: ['seed', '-h'], names: 'esim-hub seed' },
  { args: ['parse', '--help'], names: 'esim-hub parse' },
  { args: ['parse', '--jsonl', '--llm', '--help'], names: 'esim-hub parse' },
  { args: ['webchat-token', '--help'], names: 'esim-hub webchat-token ADDRESS' },
  { args: ['webchat-token', '+34612345603', '--help'], names: 'esim-hub webchat-token ADDRESS' },
  { args: ['staff', '--help'], names: 'esim-hub staff add' },
  { args: ['staff', 'add', 'ana@example.com', '--help'], names: 'esim-hub staff add EMAIL' },
  { args: ['staff', 'add', 'ana@example.com', '--reset-password', '-h'], names: '--reset-password' },
  { args: ['staff', 'list', '--help'], names: 'esim-hub staff list' },
  { args: ['staff', 'set-role', 'ana@example.com', 'owner', '--help'], names: 'esim-hub staff set-role' },
  { args: ['staff', 'disable', 'ana@example.com', '--help'], names: 'esim-hub staff disable' },
  { args: ['staff', 'help'], names: 'esim-hub staff add' },
  { args: ['queue', '--help'], names: 'esim-hub queue list' },
  { args: ['queue', 'list', '--help'], names: 'esim-hub queue list' },
  { args: ['queue', 'claim', '1', '--as', 'ana@example.com', '--help'], names: 'esim-hub queue claim' },
  { args: ['queue', 'reply', '1', '--as', 'ana@example.com', 'hello', '--help'], names: 'esim-hub queue reply' },
  { args: ['queue', 'release', '1', '-h'], names: 'esim-hub queue release' },
  { args: ['deposits', '--help'], names: 'esim-hub deposits import' },
  { args: ['deposits', 'import', 'statement.xml', '--help'], names: 'esim-hub deposits import' },
  { args: ['reseller', '--help'], names: 'esim-hub reseller show' },
  { args: ['reseller', 'show', 'B2B-003', '--help'], names: 'esim-hub reseller show' },
  { args: ['reseller', 'list', '--help'], names: 'esim-hub reseller list' },
  { args: ['reseller', 'set', 'B2B-003', '--tier', 'tier_1', '--help'], names: 'esim-hub reseller set' },
  { args: ['contacts', '--help'], names: 'esim-hub contacts list' },
  { args: ['contacts', 'list', 'B2B-003', '--help'], names: 'esim-hub contacts list' },
  { args: ['contacts', 'add', 'B2B-003', '--help'], names: 'esim-hub contacts add' },
  { args: ['contacts', 'set', '1', '--help'], names: 'esim-hub contacts set' },
  { args: ['fx', '--help'], names: 'esim-hub fx import' },
  { args: ['fx', 'import', 'rates.csv', '--help'], names: 'esim-hub fx import' },
  { args: ['statements', '--help'], names: 'esim-hub statements run' },
  { args: ['statements', 'run', '--month', '2026-10', '--help'], names: 'esim-hub statements run' },
  { args: ['invoices', '--help'], names: 'esim-hub invoices run' },
  { args: ['invoices', 'run', '-h'], names: 'esim-hub invoices run' },
  { args: ['report', '--help'], names: 'esim-hub report profit' },
  { args: ['report', 'profit', '--month', '2026-11', '--help'], names: 'esim-hub report profit' },
  { args: ['prices', '--help'], names: 'esim-hub prices propose' },
  { args: ['prices', 'propose', 'B2B-006', '--help'], names: 'esim-hub prices propose' },
  { args: ['prices', 'approve', '1', '--help'], names: 'esim-hub prices approve' },
  { args: ['prices', 'reject', '1', '--help'], names: 'esim-hub prices reject' },
  { args: ['prices', 'list', '--help'], names: 'esim-hub prices list' },
  { args: ['prices', 'review', '--help'], names: 'esim-hub prices review' },
  { args: ['prices', 'keep', '1', '--help'], names: 'esim-hub prices keep|end' },
  { args: ['prices', 'end', '1', '--help'], names: 'esim-hub prices keep|end' },
  { args: ['payouts', '--help'], names: 'esim-hub payouts snapshot' },
  { args: ['payouts', 'snapshot', '--help'], names: 'esim-hub payouts snapshot' },
  { args: ['payouts', 'list', '--help'], names: 'esim-hub payouts list' },
  { args: ['payouts', 'approve', '1', '--help'], names: 'esim-hub payouts approve' },
  { args: ['payouts', 'pay', '1', '--help'], names: 'esim-hub payouts pay' },
  { args: ['catalogue', '--help'], names: 'esim-hub catalogue export' },
  { args: ['catalogue', 'export', 'catalogue.csv', '--help'], names: 'esim-hub catalogue export' },
  { args: ['catalogue', 'import', 'catalogue.csv', '--help'], names: 'esim-hub catalogue import' },
  { args: ['tier-prices', '--help'], names: 'esim-hub tier-prices export' },
  { args: ['tier-prices', 'export', 'tiers.csv', '--help'], names: 'esim-hub tier-prices export' },
  { args: ['tier-prices', 'import', 'tiers.csv', '--help'], names: 'esim-hub tier-prices import' },
  { args: ['--help'], names: 'esim-hub <command>' },
  { args: ['help', 'queue'], names: 'esim-hub queue claim' },
];

/** One line on stderr, nothing on stdout, no stack frame: what an operator's mistake looks like. */
function expectOneLine(args: string[], result: CommandResult, code: number, says: RegExp) {
  // `args` rides along so that a failure names the command line it is about.
  expect({ args, code: result.code, stdout: result.stdout }).toEqual({ args, code, stdout: '' });
  expect({ args, stderr: result.stderr }).toEqual({ args, stderr: expect.stringMatching(/^esim-hub: [^\n]+\n$/) });
  expect({ args, stderr: result.stderr }).toEqual({ args, stderr: expect.stringMatching(says) });
  expect(result.stderr).not.toMatch(/^\s+at /m);
}

/** Runs the commands two at a time (the machine has two cores), keeping their order. */
async function runAll<T>(items: T[], run: (item: T) => Promise<CommandResult>): Promise<CommandResult[]> {
  const results: CommandResult[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) results[i] = await run(items[i]!);
  };
  await Promise.all([worker(), worker()]);
  return results;
}

describe('esim-hub --help', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'esim-hub-help-'));
  const dataDir = path.join(root, 'data');
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  // One test per command, so that a slow machine's time is counted per command, not for all of them at once.
  const byCommand = [...new Set(HELP.map(({ args }) => args[0]!))].map((name) => [name, HELP.filter(({ args }) => args[0] === name)] as const);

  test.each(byCommand)('%s: every subcommand prints its usage on stdout and does nothing else', async (_name, cases) => {
    // runCli gives every command a closed, empty stdin: `parse` would print a result (not the
    // usage) if it read it, and it returns when the process exits, which `start` serving would not.
    const env = { DATA_DIR: dataDir, PORT: '0' };
    const results = await runAll(cases, ({ args }) => runCli(args, env));
    cases.forEach(({ args, names }, i) => {
      const result = results[i]!;
      expect({ args, code: result.code, stderr: result.stderr }).toEqual({ args, code: 0, stderr: '' });
      expect(result.stdout).toMatch(/^Usage:/);
      expect(result.stdout).toContain(names);
      expect(result.stdout).not.toMatch(/"intent":/);
    });
    // Nothing was created: no data folder, so no database was opened, migrated or served.
    expect(fs.readdirSync(root)).toEqual([]);
  }, 90_000);
});

describe('esim-hub mistakes in a command line', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'esim-hub-usage-'));
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  const CASES: { args: string[]; says: RegExp }[] = [
    { args: ['fly'], says: /unknown command "fly".*esim-hub --help/ },
    { args: ['start', 'now'], says: /start takes no arguments/ },
    { args: ['migrate', 'now'], says: /migrate takes no arguments/ },
    { args: ['parse', 'need', '10', 'japan'], says: /standard input/ },
    { args: ['parse', '--json'], says: /unknown option '--json'; esim-hub parse --help/ },
    { args: ['webchat-token'], says: /needs the contact's address/ },
    { args: ['staff'], says: /staff needs a subcommand: add, list, set-role or disable/ },
    { args: ['staff', 'remove', 'ana@example.com'], says: /unknown staff subcommand "remove"/ },
    { args: ['staff', 'add'], says: /needs an email address/ },
    { args: ['staff', 'set-role', 'ana@example.com', 'admin'], says: /"admin" is not a role: use one of staff, finance, owner/ },
    { args: ['staff', 'add', 'ana@example.com', '--reset-password', '--role', 'owner'], says: /--reset-password keeps the role/ },
    { args: ['queue'], says: /queue needs a subcommand: list, claim, reply or release/ },
    { args: ['queue', 'take', '3'], says: /unknown queue subcommand "take"/ },
    { args: ['queue', 'claim', 'three', '--as', 'ana@example.com'], says: /needs a ticket number \(got "three"\)/ },
    { args: ['queue', 'claim', '3'], says: /needs --as STAFF_EMAIL/ },
    { args: ['queue', 'claim', '3', '--as'], says: /option '--as <value>' argument missing/ },
    { args: ['queue', 'reply', '3', '--as', 'ana@example.com'], says: /needs the text to send/ },
    { args: ['deposits', 'import'], says: /needs the bank statement files/ },
    { args: ['deposits', 'import', 'x.csv', '--date-format', 'D/M/Y'], says: /--date-format must be one of/ },
    { args: ['reseller', 'show'], says: /needs the reseller's id/ },
    { args: ['reseller', 'set', 'B2B-006', '--tier', 'tier_1'], says: /needs --as STAFF_EMAIL/ },
    { args: ['contacts', 'set', '7', '--active', 'maybe', '--as', 'sam@example.com'], says: /--active is true or false/ },
    { args: ['fx', 'export'], says: /unknown fx subcommand "export": use import/ },
    { args: ['statements', 'run'], says: /needs the month/ },
    { args: ['invoices', 'run', '--date', '2027-02-30'], says: /write it as YYYY-MM-DD/ },
    { args: ['report', 'profit', '--month', 'November'], says: /write it as YYYY-MM/ },
    { args: ['prices', 'approve', '--as', 'olga@example.com'], says: /prices approve needs ID/ },
    { args: ['prices', 'review', '--quarter', '2026-5'], says: /is not a quarter/ },
    { args: ['payouts', 'pay', '4', '--as', 'fay@example.com'], says: /needs --reference TRANSFER/ },
    { args: ['catalogue', 'import', 'catalogue.csv'], says: /needs --as OWNER_EMAIL/ },
    { args: ['tier-prices', 'export'], says: /needs a file/ },
  ];

  test('each is one line on stderr saying what to do, exit 2, and nothing is opened or created', async () => {
    const env = { DATA_DIR: path.join(root, 'data') };
    const results = await runAll(CASES, ({ args }) => runCli(args, env));
    CASES.forEach(({ args, says }, i) => expectOneLine(args, results[i]!, 2, says));
    expect(fs.readdirSync(root)).toEqual([]);
  }, 180_000);
});

describe('esim-hub staff add for an address that already has a sign-in', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase('pglite');
  });
  afterAll(async () => {
    await db?.close();
  });

  test('is refused unless --reset-password is given, which sets the new password and keeps the role', async () => {
    const env = { DATABASE_URL: db.url };
    const first = await runCli(['staff', 'add', 'ana@example.com', '--name', 'Ana'], env, 'first password long\n');
    expect(first).toMatchObject({ code: 0, stdout: '' });
    const { passwordHash: firstHash } = await db.prisma.staffUser.findUniqueOrThrow({ where: { email: 'ana@example.com' } });

    const again = await runCli(['staff', 'add', 'ANA@example.com'], env, 'second password long\n');
    expectOneLine(['staff', 'add', 'ANA@example.com'], again, 1, /^esim-hub: ana@example\.com already has a staff sign-in; to give it a new password: esim-hub staff add ana@example\.com --reset-password\n$/);
    expect((await db.prisma.staffUser.findUniqueOrThrow({ where: { email: 'ana@example.com' } })).passwordHash).toBe(firstHash);

    const reset = await runCli(['staff', 'add', 'ana@example.com', '--reset-password'], env, 'second password long\n');
    expect(reset).toMatchObject({ code: 0, stdout: '' });
    expect(reset.stderr).toBe('New password set for ana@example.com (owner).\n');
    const after = await db.prisma.staffUser.findUniqueOrThrow({ where: { email: 'ana@example.com' } });
    expect(after.passwordHash).not.toBe(firstHash);
    expect(after.role).toBe('owner');

    const nobody = await runCli(['staff', 'add', 'nobody@example.com', '--reset-password'], env);
    expectOneLine(['staff', 'add', 'nobody@example.com', '--reset-password'], nobody, 1, /no staff sign-in nobody@example\.com to reset; to create one, leave out --reset-password/);
    expect(await db.prisma.staffUser.count()).toBe(1);
  }, 90_000);
});

describe('esim-hub pointed at a PostgreSQL that is not there', () => {
  test.each([['start'], ['migrate'], ['queue', 'list']])('%s says which server and what to check, in one line, exit 1', async (...args) => {
    const result = await runCli(args, { DATABASE_URL: 'postgresql://esim:secret@127.0.0.1:9/esimhub', PORT: '0' });
    expectOneLine(args, result, 1, /^esim-hub: Cannot reach PostgreSQL at postgresql:\/\/esim:\*\*\*@127\.0\.0\.1:9\/esimhub: .*Check DATABASE_URL/);
  }, 60_000);
});
