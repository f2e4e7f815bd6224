// What `npm run bench` and `npm run bench:ceiling` share: the reseller's client (web chat over
// HTTP, measured where the reseller sits), pgbench's tps on the same database, the servers they
// start, and cleaning up after a bench that fails or is interrupted.

import { execFileSync, spawn } from 'node:child_process';
import http from 'node:http';
import type pg from 'pg';

/** The order text every bench conversation sends, then "yes". */
export const SKU_TEXT = 'Japan 1GB 7 days x 1';

// node:http with keep-alive rather than fetch: the load generator shares the machine's two cores
// with the bot and PostgreSQL, and fetch spent about twice the CPU per request.
export const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });

function request(url: string, method: 'GET' | 'POST', body?: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, agent, headers: body === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Where each contact's poll is (the warm-up's answers are not this round's). */
export const cursors = new Map<string, number>();

export interface Waits {
  /** Every message: sending it to seeing its answer. */
  all: number[];
  /** The order text to its quote. */
  quote: number[];
  /** The "yes" to the eSIMs delivered (confirmation, payment, supplier purchase, delivery). */
  delivery: number[];
}
export const noWaits = (): Waits => ({ all: [], quote: [], delivery: [] });

/** One reseller's orders, one after another; `waits` gets the client-measured wait of every message. */
export async function conversation(postTo: string, pollOn: string, from: string, orders: number, waits: Waits, onOrder: () => void, phase: string): Promise<void> {
  let cursor = cursors.get(from) ?? 0;
  let seq = 0;
  const ask = async (text: string, answer: RegExp, into: number[]) => {
    const sent = performance.now();
    const response = await request(`${postTo}/webchat/messages`, 'POST', JSON.stringify({ from, text, id: `${phase}${seq++}` }));
    if (response.status !== 202) throw new Error(`POST answered ${response.status}: ${response.text}`);
    for (let i = 0; i < 200; i += 1) {
      const polled = await request(`${pollOn}/webchat/messages?from=${encodeURIComponent(from)}&after=${cursor}&wait=10000`, 'GET');
      const body = JSON.parse(polled.text) as { messages: { text: string }[]; cursor: number };
      cursor = body.cursor;
      cursors.set(from, cursor);
      if (body.messages.some((m) => answer.test(m.text))) {
        const waited = performance.now() - sent;
        waits.all.push(waited);
        into.push(waited);
        return;
      }
    }
    throw new Error(`${from}: no reply matching ${answer}`);
  };
  for (let i = 0; i < orders; i += 1) {
    await ask(SKU_TEXT, /^Quote Q-\d+/, waits.quote);
    await ask('yes', /^Here are your 1 eSIM/, waits.delivery);
    onOrder();
  }
}

/** pgbench TPC-B (-s 10 -c 8 -j 2) on `url` for `seconds`: its tps. */
export function pgbench(url: string, seconds: number): number {
  pgbenchInit(url);
  return pgbenchRun(url, seconds).tps;
}

const pgbenchEnv = () => ({ ...process.env, PGCONNECT_TIMEOUT: '10' });

/** pgbench's tables at scale 10 in the database of `url`. */
export function pgbenchInit(url: string): void {
  execFileSync('pgbench', ['-i', '-q', '-s', '10', url], { env: pgbenchEnv(), stdio: 'ignore' });
}

/** pgbench's TPC-B-like script for `seconds`: its tps, and how many transactions it committed. */
export function pgbenchRun(url: string, seconds: number): { tps: number; transactions: number } {
  const out = execFileSync('pgbench', ['-c', '8', '-j', '2', '-T', String(seconds), '-n', url], { env: pgbenchEnv(), encoding: 'utf8' });
  const tps = /tps = ([\d.]+)/.exec(out)?.[1];
  const transactions = /number of transactions actually processed: (\d+)/.exec(out)?.[1];
  if (!tps || !transactions) throw new Error(`could not read pgbench's tps:\n${out}`);
  return { tps: Number(tps), transactions: Number(transactions) };
}

/** Rows written (inserted, updated, deleted) and transactions committed (a statement outside BEGIN is one) in this database so far, as its statistics count them. */
export interface DatabaseWork {
  rows: number;
  commits: number;
}

/**
 * The database's counts. A session reports its counts to the statistics at most once a second while
 * it runs, and in full when it ends: with `othersEnded`, read once every other session has ended (a
 * session that closed is still ending in its backend, and reporting, a moment after its client returned).
 */
export async function databaseWork(db: pg.Client, othersEnded = true): Promise<DatabaseWork> {
  for (let waited = 0; othersEnded && waited < 10_000; waited += 100) {
    const others = await db.query(`SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`);
    if (others.rowCount === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const row = (
    await db.query<{ rows: string; commits: string }>(
      `SELECT tup_inserted + tup_updated + tup_deleted AS rows, xact_commit AS commits FROM pg_stat_database WHERE datname = current_database()`,
    )
  ).rows[0]!;
  return { rows: Number(row.rows), commits: Number(row.commits) };
}

/** The p-th percentile of values sorted ascending (NaN when there are none). */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** `adminUrl` with another database. */
export function databaseUrl(adminUrl: string, name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** What is undone when a bench fails or is interrupted: the servers it started, its scratch databases. */
const cleanups = new Set<() => Promise<unknown>>();

/** Runs `cleanup` if the bench fails or is interrupted; the function returned forgets it. */
export function cleanUpOnExit(cleanup: () => Promise<unknown>): () => void {
  cleanups.add(cleanup);
  return () => void cleanups.delete(cleanup);
}

/** Runs a bench; interrupted (SIGINT, SIGTERM) or failing, it stops its servers and drops its databases first. */
export function runBench(name: string, main: () => Promise<void>, failureDetail: () => string = () => ''): void {
  const cleanUp = () => Promise.allSettled([...cleanups].map((cleanup) => cleanup()));
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      process.stderr.write(`${name}: ${signal}, stopping its servers and dropping its databases\n`);
      void cleanUp().then(() => process.exit(130));
    });
  }
  main().catch(async (error: unknown) => {
    process.stderr.write(`${name} failed: ${(error as Error).stack ?? String(error)}\n${failureDetail()}`);
    await cleanUp();
    process.exit(1);
  });
}

export interface Server {
  base: string;
  pid: number;
  /** What it wrote on stderr so far. */
  log: () => string;
  stop: () => Promise<void>;
}

/**
 * A server process for the bench: started with `args`, ready once it logs a JSON line with `ready`
 * as its msg and its url; stopped with SIGTERM, and when the bench fails or is interrupted. With
 * `ipc`, a server that exits when its channel closes goes even when the bench is killed.
 */
export async function startServer(options: { args: string[]; cwd: string; env: NodeJS.ProcessEnv; ready: string; ipc?: boolean }): Promise<Server> {
  const child = spawn(process.execPath, options.args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'inherit', 'pipe', ...(options.ipc ? (['ipc'] as const) : [])] });
  let logs = '';
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const stop = () => {
    child.kill('SIGTERM');
    return exited;
  };
  void exited.then(cleanUpOnExit(stop));
  const base = await new Promise<string>((resolve, reject) => {
    child.stderr!.on('data', (d: Buffer) => {
      logs += d.toString();
      const line = logs.split('\n').find((l) => l.includes(`"${options.ready}"`));
      if (line) resolve((JSON.parse(line) as { url: string }).url);
    });
    child.on('exit', (code) => reject(new Error(`${options.ready.replace(/ is running$/, '')} exited with ${code}:\n${logs}`)));
  });
  return { base, pid: child.pid!, log: () => logs, stop };
}
