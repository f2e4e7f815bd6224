// npm run bench:ceiling [-- --orders 1000 --conversations 10 --statements 0,12,24,51]
//
// The most orders/s any bot could reach on this machine behind the web-chat exchanges that
// `npm run bench` makes (an order text and its quote, "yes", its confirmation and the eSIMs: two
// posts and their polls per order), with the same client, the same count of conversations, and
// pgbench in the same run. The server (scripts/ceiling-server.ts) answers as the bot does, 202 at
// once and the replies later, after N trivial statements per order on PostgreSQL in three
// committed transactions (one stored row each), for each N given: how the ratio to pgbench falls
// with the statements an order takes, before the bot does any work of its own. Needs PostgreSQL
// (BENCH_DATABASE_URL, default postgresql://postgres@127.0.0.1:5432/postgres) and pgbench on the
// PATH. Creates and drops its database, also when interrupted.

import { cpus } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { agent, cleanUpOnExit, conversation, cursors, databaseUrl, noWaits, percentile, pgbench, runBench, startServer, type Server } from './bench-client';
import { machineBusySeconds, processCpuSeconds } from './cpu-accounting';

const ROOT = path.resolve(__dirname, '..');
const { values } = parseArgs({
  options: {
    orders: { type: 'string', default: '1000' },
    conversations: { type: 'string', default: '10' },
    statements: { type: 'string', default: '0,12,24,51' },
    'pgbench-seconds': { type: 'string', default: '15' },
  },
});
const ORDERS = Number(values.orders);
const CONVERSATIONS = Number(values.conversations);
const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

/** The latest round's server, whose log is printed when a round fails. */
let lastServer: Server | null = null;

function startCeilingServer(url: string, statementsPerOrder: number): Promise<Server> {
  return startServer({
    args: ['--import', 'tsx', path.join(ROOT, 'scripts', 'ceiling-server.ts')],
    cwd: ROOT,
    env: { ...process.env, CEILING_DATABASE_URL: url, CEILING_STATEMENTS_PER_ORDER: String(statementsPerOrder), NODE_NO_WARNINGS: '1' },
    ready: 'ceiling server is running',
    ipc: true, // it exits when this process goes, even killed
  });
}

async function round(url: string, statementsPerOrder: number): Promise<string> {
  const server = await startCeilingServer(url, statementsPerOrder);
  lastServer = server;
  try {
    const contacts = Array.from({ length: CONVERSATIONS }, (_, i) => `ceiling-${i + 1}`);
    cursors.clear();
    const perConversation = Math.ceil(ORDERS / CONVERSATIONS);
    await Promise.all(contacts.map((from) => conversation(server.base, server.base, from, 2, noWaits(), () => undefined, 'w'))); // warm-up
    const waits = noWaits();
    let done = 0;
    const serverBefore = processCpuSeconds(server.pid);
    const machineBefore = machineBusySeconds();
    const clientBefore = process.cpuUsage();
    const started = performance.now();
    await Promise.all(contacts.map((from) => conversation(server.base, server.base, from, perConversation, waits, () => (done += 1), 'b')));
    const seconds = (performance.now() - started) / 1000;
    const client = process.cpuUsage(clientBefore);
    const serverUsed = processCpuSeconds(server.pid);
    const machine = machineBusySeconds();
    await server.stop();
    const tps = pgbench(url, Number(values['pgbench-seconds']));
    const ordersPerSecond = done / seconds;
    const all = [...waits.all].sort((a, b) => a - b);
    const ms = (s: number) => `${((s * 1000) / done).toFixed(2)} ms`;
    const cpu =
      serverBefore === null || serverUsed === null || machineBefore === null || machine === null
        ? 'not measured (no /proc)'
        : `server ${ms(serverUsed - serverBefore)}, load client ${ms((client.user + client.system) / 1e6)}, machine ${ms(machine - machineBefore)} (${((machine - machineBefore) / seconds).toFixed(2)} of ${cpus().length} CPUs busy)`;
    return [
      `${statementsPerOrder} statements per order: ${done} orders in ${seconds.toFixed(1)} s = ${ordersPerSecond.toFixed(1)} orders/s; pgbench ${tps.toFixed(0)} tps; orders/s : tps = ${(ordersPerSecond / tps).toFixed(3)}`,
      `  wait per message: p50 ${percentile(all, 50).toFixed(1)} ms, p99 ${percentile(all, 99).toFixed(1)} ms; CPU per order: ${cpu}`,
    ].join('\n');
  } finally {
    await server.stop().catch(() => undefined);
  }
}

async function main(): Promise<void> {
  const counts = values.statements.split(',').map(Number);
  if (counts.some((n) => !Number.isInteger(n) || n < 0)) throw new Error('--statements is a comma list of counts per order, e.g. 0,12,24,51');
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  const name = `esimhub_ceiling_${Date.now()}`;
  await admin.query(`CREATE DATABASE ${name}`);
  const drop = () => admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  const forgetDrop = cleanUpOnExit(drop);
  const url = databaseUrl(ADMIN_URL, name);
  try {
    process.stdout.write(`web-chat ceiling: ${Math.ceil(ORDERS / CONVERSATIONS) * CONVERSATIONS} orders per round, ${CONVERSATIONS} conversations, a server that only answers (the bench's client)\n`);
    for (const n of counts) process.stdout.write(`${await round(url, n)}\n`);
  } finally {
    agent.destroy();
    forgetDrop();
    await drop();
    await admin.end();
  }
}

runBench('bench:ceiling', main, () => (lastServer && lastServer.log() !== '' ? `the server wrote:\n${lastServer.log()}` : ''));
