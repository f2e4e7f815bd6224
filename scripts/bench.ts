// npm run bench [-- --orders 1000 --conversations 10 --processes 1,2,4 --warmup 2]
//
// Drives complete orders (message -> quote -> "yes" -> delivered) for many resellers at once
// through the web-chat port of 1, 2 and 4 `esim-hub start` processes sharing one PostgreSQL, and
// prints, as the reseller's client measures it: orders/s, and p50/p99 of the wait per message (from
// sending it to seeing its answer). With several processes a reseller's message goes to one and its
// answer is polled on another, as behind a load balancer. Beside it, the bot's own time per
// message (received -> processed, from the database), so that what the client waits beyond it
// (queue pick-up, notification, the poll) shows; and pgbench's TPC-B tps on the same database in the
// same run, with our ratio to it. Each conversation first places --warmup orders that are left out of
// the figures and printed apart: a fresh process answers its first messages several times slower
// (code not yet compiled, caches and pools cold), once per start, not per order. Needs PostgreSQL (BENCH_DATABASE_URL, default
// postgresql://postgres@127.0.0.1:5432/postgres) and pgbench on the PATH. Creates and drops its
// databases.

import { cpus } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { machineBusySeconds, processCpuSeconds, roundTripCpuMicros } from './cpu-accounting';
import { addLoadContacts } from './load-contacts';
import { agent, cleanUpOnExit, conversation, cursors, databaseUrl, databaseWork, noWaits, percentile, pgbenchInit, pgbenchRun, runBench, startServer, type DatabaseWork, type Server, type Waits } from './bench-client';

const ROOT = path.resolve(__dirname, '..');
const { values } = parseArgs({
  options: {
    orders: { type: 'string', default: '1000' },
    conversations: { type: 'string', default: '10' },
    processes: { type: 'string', default: '1,2,4' },
    'pgbench-seconds': { type: 'string', default: '15' },
    warmup: { type: 'string', default: '2' },
    keep: { type: 'boolean', default: false },
  },
});
const ORDERS = Number(values.orders);
const CONVERSATIONS = Number(values.conversations);
const WARMUP = Number(values.warmup);
const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

const sorted = (values: number[]) => [...values].sort((a, b) => a - b);

function startBot(url: string): Promise<Server> {
  const nodeFlags = (process.env.BENCH_SERVER_NODE_FLAGS ?? '').split(' ').filter(Boolean);
  return startServer({
    args: [...nodeFlags, path.join(ROOT, 'bin', 'esim-hub.js'), 'start'],
    cwd: ROOT,
    // The load comes from one address (loopback) and each bench contact writes far faster than a
    // person: the web-chat rate limits are lifted here, openly, rather than exempting loopback in the bot.
    env: {
      WEBCHAT_MESSAGES_PER_IDENTITY: '1000000',
      WEBCHAT_MESSAGES_PER_ADDRESS: '1000000',
      ...process.env,
      DATABASE_URL: url, PORT: '0', DEMO_MODE: '1', LOG_LEVEL: 'info', DATABASE_POOL_MAX: process.env.DATABASE_POOL_MAX ?? '20', NODE_NO_WARNINGS: '1',
    },
    ready: 'esim-hub is running',
  });
}

interface Round {
  processes: number;
  orders: number;
  seconds: number;
  waits: Waits;
  /** The client's waits during the warm-up orders, left out of `waits`. */
  warmupWaits: number[];
  botMs: number[];
  tps: number;
  unbalanced: number;
  /** CPU seconds spent while the orders ran, by the bot processes, the load client and the whole machine. */
  cpu: { bot: number; client: number; machine: number } | null;
  /** Statements the bot sent per order, where pg_stat_statements is loaded. */
  statementsPerOrder: number | null;
  /** Rows written and transactions committed per order, and per pgbench transaction. */
  work: { order: DatabaseWork; pgbench: DatabaseWork };
}

const per = (after: DatabaseWork, before: DatabaseWork, n: number): DatabaseWork => ({ rows: (after.rows - before.rows) / n, commits: (after.commits - before.commits) / n });

const sum = (values: (number | null)[]): number | null => (values.some((v) => v === null) ? null : values.reduce<number>((a, v) => a + v!, 0));

async function statementCount(db: pg.Client): Promise<number | null> {
  try {
    const row = (await db.query(`SELECT sum(calls)::bigint AS n FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid WHERE d.datname = current_database()`)).rows[0];
    return Number(row.n ?? 0);
  } catch {
    return null; // pg_stat_statements not in shared_preload_libraries, or not created: the count is left out
  }
}

async function round(admin: pg.Client, processes: number): Promise<Round> {
  const name = `esimhub_bench_${processes}p_${Date.now()}`;
  await admin.query(`CREATE DATABASE ${name}`);
  const drop = () => admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  const forgetDrop = values.keep ? () => undefined : cleanUpOnExit(drop);
  const url = databaseUrl(ADMIN_URL, name);
  const servers = [await startBot(url)]; // the first migrates, seeds, funds the demo balances
  for (let i = 1; i < processes; i += 1) servers.push(await startBot(url));
  const db = new pg.Client({ connectionString: url });
  db.on('error', () => undefined); // terminated when an interrupted bench drops the database under it
  await db.connect();
  try {
    // Many resellers: bench contacts spread over the prepaid resellers, each with plenty of balance.
    const contacts = await addLoadContacts(db, { prefix: 'bench', count: CONVERSATIONS, contactName: 'bench' });
    const perConversation = Math.ceil(ORDERS / CONVERSATIONS);
    let done = 0;
    cursors.clear(); // a new database: its message ids start again
    const waits = noWaits();
    const warmup = noWaits();
    if (WARMUP > 0) await Promise.all(contacts.map((from, i) => conversation(servers[i % processes]!.base, servers[(i + 1) % processes]!.base, from, WARMUP, warmup, () => undefined, 'w')));
    const measuredFrom = (await db.query<{ now: Date }>('SELECT now()')).rows[0]!.now;
    await new Promise((resolve) => setTimeout(resolve, 1_500)); // each bot session reports its warm-up's rows within a second
    const workBefore = await databaseWork(db, false);
    await db.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements').catch(() => undefined); // this database's view of the server-wide counts
    const statementsBefore = await statementCount(db);
    const botBefore = sum(servers.map((server) => processCpuSeconds(server.pid)));
    const machineBefore = machineBusySeconds();
    const clientBefore = process.cpuUsage();
    const started = performance.now();
    await Promise.all(
      contacts.map((from, i) => conversation(servers[i % processes]!.base, servers[(i + 1) % processes]!.base, from, perConversation, waits, () => (done += 1), 'b')),
    );
    const seconds = (performance.now() - started) / 1000;
    const clientUsed = process.cpuUsage(clientBefore);
    const botAfter = sum(servers.map((server) => processCpuSeconds(server.pid)));
    const machineAfter = machineBusySeconds();
    const cpu =
      botBefore === null || botAfter === null || machineBefore === null || machineAfter === null
        ? null
        : { bot: botAfter - botBefore, client: (clientUsed.user + clientUsed.system) / 1e6, machine: machineAfter - machineBefore };
    const statementsAfter = await statementCount(db);
    // The two counts' own statements and the bench's contacts are a handful among tens of thousands.
    const statementsPerOrder = statementsBefore === null || statementsAfter === null ? null : (statementsAfter - statementsBefore) / done;
    const botMs = (
      await db.query<{ ms: number }>(
        `SELECT extract(epoch FROM (processed_at - received_at)) * 1000 AS ms FROM messages
         WHERE direction = 'inbound' AND sender_address LIKE 'bench-%' AND processed_at IS NOT NULL AND received_at >= $1`,
        [measuredFrom],
      )
    ).rows.map((r) => Number(r.ms));
    const unbalanced = Number((await db.query(`SELECT count(*) FROM (SELECT entry_id FROM postings GROUP BY entry_id, currency HAVING sum(amount_minor) <> 0) u`)).rows[0].count);
    await Promise.all(servers.map((server) => server.stop()));
    const workAfter = await databaseWork(db); // the bots' sessions have ended: every row they wrote is counted
    pgbenchInit(url);
    const pgbenchBefore = await databaseWork(db);
    const { tps, transactions } = pgbenchRun(url, Number(values['pgbench-seconds']));
    const work = { order: per(workAfter, workBefore, done), pgbench: per(await databaseWork(db), pgbenchBefore, transactions) };
    return { processes, orders: done, seconds, waits: { all: sorted(waits.all), quote: sorted(waits.quote), delivery: sorted(waits.delivery) }, warmupWaits: sorted(warmup.all), botMs: sorted(botMs), tps, unbalanced, cpu, statementsPerOrder, work };
  } finally {
    await Promise.all(servers.map((server) => server.stop()));
    await db.end();
    forgetDrop();
    if (!values.keep) await drop();
  }
}

function cpuLine(r: Round): string {
  if (!r.cpu) return 'not measured (no /proc)';
  const ms = (seconds: number) => `${((seconds * 1000) / r.orders).toFixed(1)} ms`;
  const rest = r.cpu.machine - r.cpu.bot - r.cpu.client;
  return `bot ${ms(r.cpu.bot)}, load client ${ms(r.cpu.client)}, PostgreSQL and the rest ${ms(rest)}, machine ${ms(r.cpu.machine)} (${(r.cpu.machine / r.seconds).toFixed(2)} of ${cpus().length} CPUs busy)`;
}

async function main(): Promise<void> {
  const counts = values.processes.split(',').map(Number);
  if (counts.some((n) => !Number.isInteger(n) || n < 1)) throw new Error('--processes is a comma list of process counts, e.g. 1,2,4');
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  const rounds: Round[] = [];
  try {
    process.stdout.write(`esim-hub bench: ${Math.ceil(ORDERS / CONVERSATIONS) * CONVERSATIONS} orders per round, ${CONVERSATIONS} conversations, web chat, measured by the client\n`);
    const floor = await roundTripCpuMicros(ADMIN_URL);
    process.stdout.write(`one statement's round trip costs a Node process ${floor.toFixed(0)} µs of CPU here (node-postgres, a named SELECT $1::int)\n`);
    for (const n of counts) {
      const r = await round(admin, n);
      rounds.push(r);
      const ordersPerSecond = r.orders / r.seconds;
      process.stdout.write(
        [
          `${n} process${n === 1 ? '' : 'es'}: ${r.orders} orders in ${r.seconds.toFixed(1)} s = ${ordersPerSecond.toFixed(1)} orders/s`,
          `  reseller's wait per message: p50 ${percentile(r.waits.all, 50).toFixed(1)} ms, p99 ${percentile(r.waits.all, 99).toFixed(1)} ms, max ${r.waits.all[r.waits.all.length - 1]?.toFixed(1)} ms (${r.waits.all.length} messages)`,
          `    order text -> quote: p50 ${percentile(r.waits.quote, 50).toFixed(1)} ms, p99 ${percentile(r.waits.quote, 99).toFixed(1)} ms; "yes" -> eSIMs delivered: p50 ${percentile(r.waits.delivery, 50).toFixed(1)} ms, p99 ${percentile(r.waits.delivery, 99).toFixed(1)} ms`,
          `  left out, the ${WARMUP} warm-up order${WARMUP === 1 ? '' : 's'} per conversation after start: ${r.warmupWaits.length === 0 ? 'none' : `p50 ${percentile(r.warmupWaits, 50).toFixed(1)} ms, p99 ${percentile(r.warmupWaits, 99).toFixed(1)} ms, max ${r.warmupWaits[r.warmupWaits.length - 1]?.toFixed(1)} ms (${r.warmupWaits.length} messages)`}`,
          `  bot's own time per message:  p50 ${percentile(r.botMs, 50).toFixed(1)} ms, p99 ${percentile(r.botMs, 99).toFixed(1)} ms (received -> processed)`,
          `  pgbench TPC-B (-s 10 -c 8 -j 2, same database): ${r.tps.toFixed(0)} tps; orders/s : tps = ${(ordersPerSecond / r.tps).toFixed(3)}`,
          `  CPU per order: ${cpuLine(r)}`,
          `  statements the bot sent per order: ${r.statementsPerOrder === null ? 'not counted (load pg_stat_statements to count them)' : `${r.statementsPerOrder.toFixed(1)}, at least ${((r.statementsPerOrder * floor) / 1000).toFixed(1)} ms of the bot's CPU in round trips`}`,
          `  database work per order: ${r.work.order.rows.toFixed(1)} rows written in ${r.work.order.commits.toFixed(1)} transactions (a statement outside BEGIN is one); per pgbench transaction: ${r.work.pgbench.rows.toFixed(1)} rows (so an order writes the rows of ${(r.work.order.rows / r.work.pgbench.rows).toFixed(1)} pgbench transactions)`,
          `  ledger: ${r.unbalanced} unbalanced entries`,
        ].join('\n') + '\n',
      );
    }
  } finally {
    agent.destroy();
    await admin.end();
  }
}

runBench('bench', main);
