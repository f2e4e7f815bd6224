// Fault injection for `npm run crash-test` (scripts/crash-test.ts): a process started with
// ESIM_HUB_CRASH_RATE (a probability, 0 to 1) kills itself with SIGKILL at a named point with that
// probability: right after a message is stored, before and after a message's commit, around a
// supplier call, after a send. Unset, as always outside that harness, a point does nothing.

const rate = Number(process.env.ESIM_HUB_CRASH_RATE ?? 0);

export const crashInjection = Number.isFinite(rate) && rate > 0;

export function crashPoint(name: string): void {
  if (!crashInjection || Math.random() >= rate) return;
  process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), level: 'warn', msg: 'crash-test: SIGKILL', point: name })}\n`);
  process.kill(process.pid, 'SIGKILL');
}
