import fc from 'fast-check';
import { normaliseWebAddress } from '../../domain/identities/addresses';
import type { FuzzBed } from './fuzz-bed';
import { answeredInTime, bursts, noServerErrors, healthy, httpCases, LimitLedger, routesOf, runBurst, runHttpCase } from './fuzz-http';
import { parserProperties } from './fuzz-parsers';
import { confirmedAfterQuote, conversations, invariantProblems, repliesBounded, runConversation } from './fuzz-pipeline';
import { HTTP_CORPUS, PIPELINE_CORPUS } from './fuzz-corpus';
import { runExamples, runProperty, type Budget, type FuzzStats, type PropertyOutcome } from './fuzz-run';

// The fuzz properties, grouped as `npm run fuzz` and test/fuzz/* run them.

/** The channel parsers and the message parser (no database). */
export async function fuzzParsers(stats: FuzzStats, budget: Budget): Promise<PropertyOutcome[]> {
  const outcomes: PropertyOutcome[] = [];
  for (const p of parserProperties(stats)) outcomes.push(await runProperty(stats, p.name, p.arbitrary as fc.Arbitrary<unknown>, p.check as (v: unknown) => Promise<void>, budget));
  return outcomes;
}

/**
 * Every route of the app (demo and token mode, high limits), then the stored state's invariants.
 * The counterexamples found before run first (`slow` ones only when asked: each costs a timeout).
 */
export async function fuzzHttp(bed: FuzzBed, stats: FuzzStats, budget: Budget, options: { slowExamples?: boolean } = {}): Promise<PropertyOutcome[]> {
  const routes = routesOf(bed.servers.demo.app).filter((r) => r.method !== 'HEAD');
  const names = new Set(routes.map((r) => `${r.method} ${r.url}`));
  for (const name of names) stats.routes.add(name);
  const examples = await runExamples(stats, `HTTP: cases found before (${bed.target})`, HTTP_CORPUS.filter((e) => options.slowExamples || !e.slow), (c) => runHttpCase(bed, c, stats, names));
  let since = 0;
  const outcome = await runProperty(stats, `HTTP: every route (${bed.target})`, httpCases(routes, bed), async (c) => {
    await runHttpCase(bed, c, stats, names);
    if (++since % 25 === 0) await healthy(bed);
  }, budget);
  const inTime = stats.closeCheck(answeredInTime(bed.target), outcome.seed);
  const no500 = stats.closeCheck(noServerErrors(bed.target), outcome.seed);
  const after = await runProperty(stats, `HTTP: health and stored state afterwards (${bed.target})`, fc.constant(null), async () => {
    await healthy(bed);
    const problems = await invariantProblems(bed);
    bed.confirmations.splice(0); // the 'yes before the quote' check belongs to the pipeline group
    if (problems.length > 0) throw new Error(problems.join('\n'));
  }, { runs: 1, seed: budget.seed });
  return [examples, outcome, inTime, no500, after];
}

/** The server with the shipped limits: bursts, every 429 with Retry-After, never more through than the limits. */
export async function fuzzLimits(bed: FuzzBed, stats: FuzzStats, budget: Budget): Promise<PropertyOutcome[]> {
  const ledger = new LimitLedger();
  return [await runProperty(stats, `HTTP: default rate limits (${bed.target})`, bursts, (burst) => runBurst(bed, burst, stats, ledger, normaliseWebAddress), budget)];
}

/** Generated conversations through the whole pipeline, with the stored state checked after each. */
export async function fuzzPipeline(bed: FuzzBed, stats: FuzzStats, budget: Budget): Promise<PropertyOutcome[]> {
  const cursors = new Map<string, number>();
  const count = async () => {
    const { rows } = await bed.db.pool.query<{ messages: number; quotes: number; orders: number; entries: number; statuses: Record<string, number> | null }>(
      `SELECT (SELECT count(*) FROM messages WHERE direction = 'inbound')::int AS messages, (SELECT count(*) FROM quotes)::int AS quotes,
              (SELECT count(*) FROM orders)::int AS orders, (SELECT count(*) FROM journal_entries)::int AS entries,
              (SELECT json_object_agg(status, n) FROM (SELECT status::text AS status, count(*)::int AS n FROM orders GROUP BY status) s) AS statuses`,
    );
    return rows[0]!;
  };
  const before = await count();
  const examples = await runExamples(stats, `pipeline: conversations found before (${bed.target})`, PIPELINE_CORPUS, (c) => runConversation(bed, c, stats, cursors));
  const outcome = await runProperty(stats, `pipeline: conversations in web chat (${bed.target})`, conversations, (c) => runConversation(bed, c, stats, cursors), budget);
  const bounded = stats.closeCheck(repliesBounded(bed.target), outcome.seed);
  const afterQuote = stats.closeCheck(confirmedAfterQuote(bed.target), outcome.seed);
  const after = await count();
  const statuses = Object.entries(after.statuses ?? {}).map(([status, n]) => `${status} ${n - ((before.statuses ?? {})[status] ?? 0)}`).filter((e) => !e.endsWith(' 0'));
  stats.notes.push(
    `pipeline (${bed.target}):  ${after.messages - before.messages} messages -> ${after.quotes - before.quotes} quotes, ${after.orders - before.orders} orders (${statuses.join(', ')}), ${after.entries - before.entries} journal entries`,
  );
  return [examples, outcome, bounded, afterQuote];
}

/** One failure as a test assertion message. */
export function failureText(outcomes: PropertyOutcome[]): string {
  return outcomes
    .filter((o) => o.failed)
    .map((o) => `${o.name} failed (seed ${o.seed}${o.replay ? `, path ${o.replay}` : ''}):\n${o.error}\ncounterexample: ${o.counterexample}`)
    .join('\n\n');
}
