// CPU time as Linux accounts it, for npm run bench: what each process and the whole machine spent,
// so the bench can say where an order's time goes. Returns null where /proc is not there.

import { readFileSync } from 'node:fs';
import pg from 'pg';

const TICKS_PER_SECOND = 100; // USER_HZ, 100 on every Linux the bench runs on

/** User + system seconds of a process and all its threads so far. */
export function processCpuSeconds(pid: number): number | null {
  try {
    // Fields after the command name (which may hold spaces, so split after its closing paren).
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND; // utime, stime
  } catch {
    return null;
  }
}

/** Busy seconds of all CPUs together so far (everything but idle and iowait). */
export function machineBusySeconds(): number | null {
  try {
    const [user, nice, system, , , irq, softirq, steal] = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    return (user! + nice! + system! + irq! + softirq! + steal!) / TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

/**
 * What one statement's round trip costs a Node process with node-postgres on this machine, in
 * microseconds of its CPU (a named `SELECT $1::int`, so PostgreSQL's own work is next to nothing):
 * the floor under every statement the bot sends.
 */
export async function roundTripCpuMicros(url: string, count = 3000): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (let i = 0; i < 200; i += 1) await client.query({ name: 'bench_floor', text: 'SELECT $1::int', values: [i] });
    const before = process.cpuUsage();
    for (let i = 0; i < count; i += 1) await client.query({ name: 'bench_floor', text: 'SELECT $1::int', values: [i] });
    const used = process.cpuUsage(before);
    return (used.user + used.system) / count;
  } finally {
    await client.end();
  }
}
