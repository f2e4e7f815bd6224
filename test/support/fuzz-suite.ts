import fc from 'fast-check';
import { normaliseWebAddress } from '../../domain/identities/addresses';
import type { FuzzBed } from './fuzz-bed';
import { bursts, healthy, httpCases, LimitLedger, routesOf, runBurst, runHttpCase } from './fuzz-http';
import { parserProperties } from './fuzz-parsers';
import { conversations, invariantProblems, runConversation } from './fuzz-pipeline';
import { runProperty, type Budget, type FuzzStats, type PropertyOutcome } from './fuzz-run';

// The fuzz properties, grouped as `npm run fuzz` and test/fuzz/* run them.

/** The channel parsers and the message parser (no database). */
export async function fuzzParsers(stats: FuzzStats, budget: Budget): Promise<PropertyOutcome[]> {
  const outcomes: PropertyOutcome[] = [];
  for (const p of parserProperties(stats)) outcomes.push(await runProperty(stats, p.name, p.arbitrary as fc.Arbitrary<unknown>, p.check as (v: unknown) => Promise<void>, budget));
  return outcomes;
}

/** Every route of the app (demo and token mode, high limits), then the stored state's invariants. */
export async function fuzzHttp(bed: FuzzBed, stats: FuzzStats, budget: Budget): Promise<PropertyOutcome[]> {
  const routes = routesOf(bed.servers.demo.app).filter((r) => r.method !== 'HEAD');
  const names = new Set(routes.map((r) => `${r.method} ${r.url}`));
  for (const name of names) stats.routes.add(name);
  let since = 0;
  const outcome = await runProperty(stats, `HTTP: every route (${bed.target})`, httpCases(routes, bed), async (c) => {
    await runHttpCase(bed, c, stats, names);
    if (++since % 25 === 0) await healthy(bed);
  }, budget);
  const after = await runProperty(stats, `HTTP: health and stored state afterwards (${bed.target})`, fc.constant(null), async () => {
    await healthy(bed);
    const problems = await invariantProblems(bed);
    if (problems.length > 0) throw new Error(problems.join('\n'));
  }, { runs: 1, seed: budget.seed });
  return [outcome, after];
}

/** The server with the shipped limits: bursts, every 429 with Retry-After, never more through than the limits. */
export async function fuzzLimits(bed: FuzzBed, stats: FuzzStats, budget: Budget): Promise<PropertyOutcome[]> {
  const ledger = new LimitLedger();
  return [await runProperty(stats, `HTTP: default rate limits (${bed.target})`, bursts, (burst) => runBurst(bed, burst, stats, ledger, normaliseWebAddress), budget)];
}

/** Generated conversations through the whole pipeline, with the stored state checked after each. */
export async function fuzzPipeline(bed: FuzzBed, stats: FuzzStats, budget: Budget): Promise<PropertyOutcome[]> {
  const cursors = new Map<string, number>();
  return [await runProperty(stats, `pipeline: conversations in web chat (${bed.target})`, conversations, (c) => runConversation(bed, c, stats, cursors), budget)];
}

/** One failure as a test assertion message. */
export function failureText(outcomes: PropertyOutcome[]): string {
  return outcomes
    .filter((o) => o.failed)
    .map((o) => `${o.name} failed (seed ${o.seed}${o.replay ? `, path ${o.replay}` : ''}):\n${o.error}\ncounterexample: ${o.counterexample}`)
    .join('\n\n');
}
