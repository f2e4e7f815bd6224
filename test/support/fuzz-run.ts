import fc from 'fast-check';
import { summarise } from './fuzz-arbitraries';

// Runs the fuzz properties with a budget (runs and/or seconds) and keeps the figures a run
// reports: cases, routes covered, the longest reply, peak RSS, and each failure with its shrunk
// counterexample.

export interface Budget {
  /** At most this many cases per property. */
  runs?: number;
  /** At most this long per property (shrinking included). */
  seconds?: number;
  seed?: number;
}

export interface PropertyOutcome {
  name: string;
  cases: number;
  failed: boolean;
  seed: number;
  ms: number;
  /** The shrunk counterexample, long strings shortened. */
  counterexample?: string;
  /** The full counterexample (for the failure file). */
  counterexampleValue?: unknown;
  error?: string;
  replay?: string;
}

/** Figures of a run, shared by every property of it. */
export class FuzzStats {
  cases = 0;
  readonly routes = new Set<string>();
  readonly routesCovered = new Set<string>();
  longestReply = 0;
  longestReplyWhere = '';
  peakRss = process.memoryUsage().rss;
  readonly statuses = new Map<number, number>();
  /** Allowed by the rule (500 with a reference id) but worth a look: a refused input should be a 400. */
  readonly referenced500s = new Map<string, string>();
  readonly outcomes: PropertyOutcome[] = [];
  /** Figures a group adds (e.g. how many orders the generated conversations placed). */
  readonly notes: string[] = [];
  /**
   * Checks made inside another property that must not stop it (a hang, a reply count): counted
   * here and reported as their own outcome, with the first example (not shrunk).
   */
  private readonly soft = new Map<string, { checks: number; problems: number; first?: { problem: string; example: unknown }; others: string[] }>();
  private sampler: NodeJS.Timeout | null = null;
  readonly startedAt = Date.now();

  startSampling(everyMs = 50): void {
    this.sampler ??= setInterval(() => this.sampleRss(), everyMs);
    this.sampler.unref();
  }

  sampleRss(): void {
    this.peakRss = Math.max(this.peakRss, process.memoryUsage().rss);
  }

  stopSampling(): void {
    if (this.sampler) clearInterval(this.sampler);
    this.sampler = null;
    this.sampleRss();
  }

  /** Records one soft check of `name`: `problem` null when it held. */
  check(name: string, problem: string | null, example: unknown): void {
    const entry = this.soft.get(name) ?? { checks: 0, problems: 0, others: [] };
    entry.checks += 1;
    if (problem !== null) {
      entry.problems += 1;
      if (!entry.first) entry.first = { problem, example };
      else if (entry.others.length < 6 && !entry.others.includes(problem) && problem !== entry.first.problem) entry.others.push(problem);
    }
    this.soft.set(name, entry);
  }

  /** Turns the soft checks of `name` into an outcome. */
  closeCheck(name: string, seed: number): PropertyOutcome {
    const entry = this.soft.get(name) ?? { checks: 0, problems: 0, others: [] };
    this.soft.delete(name);
    const outcome: PropertyOutcome = { name, cases: entry.checks, failed: entry.problems > 0, seed, ms: 0 };
    if (entry.first) {
      outcome.error = `${entry.problems} of ${entry.checks} checks failed; the first: ${entry.first.problem}${entry.others.length ? `\nothers: ${entry.others.join('\n        ')}` : ''}`;
      outcome.counterexampleValue = entry.first.example;
      outcome.counterexample = summarise(entry.first.example);
      outcome.replay = 'not shrunk (checked inside another property)';
    }
    this.outcomes.push(outcome);
    return outcome;
  }

  reply(length: number, where: string): void {
    if (length > this.longestReply) {
      this.longestReply = length;
      this.longestReplyWhere = where;
    }
  }

  status(code: number): void {
    this.statuses.set(code, (this.statuses.get(code) ?? 0) + 1);
  }

  get failures(): PropertyOutcome[] {
    return this.outcomes.filter((o) => o.failed);
  }

  summary(): string {
    const mb = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MB`;
    const lines = [
      `cases run:       ${this.cases}`,
      ...this.outcomes.map((o) => `  ${o.failed ? 'FAIL' : 'ok  '} ${o.name}: ${o.cases} cases in ${(o.ms / 1000).toFixed(1)} s (seed ${o.seed})`),
      ...(this.routes.size > 0
        ? [`routes covered:  ${this.routesCovered.size} of ${this.routes.size}${this.routes.size > this.routesCovered.size ? ` (not reached: ${[...this.routes].filter((r) => !this.routesCovered.has(r)).join(', ')})` : ''}`]
        : []),
      ...(this.statuses.size > 0 ? [`HTTP statuses:   ${[...this.statuses.entries()].sort(([a], [b]) => a - b).map(([s, n]) => `${s}×${n}`).join(' ')}`] : []),
      `longest reply:   ${this.longestReply} chars${this.longestReplyWhere ? ` (${this.longestReplyWhere})` : ''}`,
      `peak RSS:        ${mb(this.peakRss)}`,
      ...this.notes,
      `wall time:       ${((Date.now() - this.startedAt) / 1000).toFixed(1)} s`,
    ];
    if (this.referenced500s.size > 0) {
      lines.push(`500s with a reference id (allowed, but each is an input the server did not refuse cleanly):`);
      for (const [where, example] of this.referenced500s) lines.push(`  ${where}: ${example}`);
    }
    for (const failure of this.failures) {
      lines.push(`FAILURE ${failure.name} (seed ${failure.seed}${failure.replay ? `, path ${failure.replay}` : ''}):`, `  ${failure.error?.split('\n').join('\n  ')}`, `  counterexample: ${failure.counterexample}`);
    }
    return lines.join('\n');
  }
}

/** Runs one property within the budget; shrinks a failure; records the outcome in `stats`. */
export async function runProperty<T>(
  stats: FuzzStats,
  name: string,
  arbitrary: fc.Arbitrary<T>,
  predicate: (value: T) => Promise<void>,
  budget: Budget,
  hooks: { beforeEach?: () => Promise<void> } = {},
): Promise<PropertyOutcome> {
  const seed = budget.seed ?? (Date.now() ^ (Math.random() * 0x100000000)) | 0;
  const started = Date.now();
  let cases = 0;
  // fast-check's time limit abandons the case in flight; it is awaited below, so no case of this
  // property is still posting to the bot when the next property starts.
  let inFlight: Promise<void> = Promise.resolve();
  const property = fc.asyncProperty(arbitrary, async (value) => {
    cases += 1;
    stats.cases += 1;
    inFlight = predicate(value);
    await inFlight;
  });
  if (hooks.beforeEach) property.beforeEach(async (previous) => {
    await hooks.beforeEach!();
    await previous();
  });
  const details = await fc.check(property, {
    seed,
    numRuns: budget.runs ?? 1_000_000_000,
    ...(budget.seconds ? { interruptAfterTimeLimit: budget.seconds * 1000 } : {}),
    markInterruptAsFailure: false,
  });
  await inFlight.catch(() => undefined);
  // Interrupted by the time limit before a first case completed: fast-check calls that a failure, but nothing was found.
  const noneCompleted = details.failed && details.interrupted && details.counterexample === null;
  const outcome: PropertyOutcome = { name, cases, failed: details.failed && !noneCompleted, seed, ms: Date.now() - started };
  if (noneCompleted) stats.notes.push(`${name}: the time limit came before a first case completed (${cases} started)`);
  if (details.failed) {
    const value = details.counterexample?.[0];
    outcome.counterexampleValue = value;
    outcome.counterexample = summarise(value);
    outcome.error = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
    outcome.replay = details.counterexamplePath ?? undefined;
  }
  stats.outcomes.push(outcome);
  return outcome;
}

/** Runs `work` and fails when it takes longer than `ms` (the work is not stopped; the case fails). */
export async function within<T>(ms: number, what: string, work: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const started = Date.now();
  try {
    return await Promise.race([
      work(),
      new Promise<never>((_resolve, reject) => {
        timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
    if (Date.now() - started > ms) throw new Error(`${what} took ${Date.now() - started} ms (limit ${ms} ms)`);
  }
}

/**
 * Runs fixed cases through a property's check, in order: counterexamples the fuzzer found before,
 * kept so that the short run in npm test finds them every time (until they are fixed), not only
 * when its random cases happen to.
 */
export async function runExamples<T>(stats: FuzzStats, name: string, examples: { what: string; value: T }[], predicate: (value: T) => Promise<void>): Promise<PropertyOutcome> {
  const started = Date.now();
  const failures: string[] = [];
  let first: unknown;
  for (const example of examples) {
    stats.cases += 1;
    try {
      await predicate(example.value);
    } catch (error) {
      failures.push(`${example.what}: ${(error as Error).message}`);
      first ??= example.value;
    }
  }
  const outcome: PropertyOutcome = { name, cases: examples.length, failed: failures.length > 0, seed: 0, ms: Date.now() - started };
  if (failures.length > 0) {
    outcome.error = failures.join('\n');
    outcome.counterexampleValue = first;
    outcome.counterexample = summarise(first);
    outcome.replay = 'a fixed case (test/support/fuzz-corpus.ts)';
  }
  stats.outcomes.push(outcome);
  return outcome;
}
