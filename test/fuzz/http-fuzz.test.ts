import type { FuzzBed } from '../support/fuzz-bed';
import { startFuzzBed } from '../support/fuzz-bed';
import { FuzzStats, type Budget } from '../support/fuzz-run';
import { failureText, fuzzHttp, fuzzLimits, fuzzPipeline } from '../support/fuzz-suite';
import { targets } from '../support/test-database';

// A short run of the fuzz harness against a running bot (npm run fuzz runs it longer), on the
// embedded PGlite and, with TEST_DATABASE_URL, on PostgreSQL: every HTTP route with generated
// paths, queries, headers and bodies (no 5xx without a reference id, no internal text, bounded
// answers, the server healthy); the default rate limits (every 429 with Retry-After, never more
// let through than the limits); and generated conversations through the whole pipeline (bounded
// replies, no order without a quote confirmed by a later 'yes', no journal entry without its
// order, the ledger balanced).

const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;
const budget = (runs: number, seconds: number): Budget => ({ runs, seconds: seconds / targets.length, seed });

describe.each(targets)('fuzzing the running bot on %s', (target) => {
  let bed: FuzzBed;
  let stopped = false;
  const stats = new FuzzStats();
  beforeAll(async () => {
    stats.startSampling();
    bed = await startFuzzBed(target);
  }, 120_000);
  afterAll(async () => {
    stats.stopSampling();
    if (!stopped) await bed?.stop().catch(() => undefined);
    process.stdout.write(`fuzz figures on ${target}:\n${stats.summary()}\n`);
  }, 120_000);

  test('every route: no 5xx without a reference id, no internal text, bounded answers, still healthy', async () => {
    expect(failureText(await fuzzHttp(bed, stats, budget(300, 8)))).toBe('');
  }, 120_000);

  test('the default rate limits: every 429 carries Retry-After and no more gets through than the limits', async () => {
    expect(failureText(await fuzzLimits(bed, stats, budget(4, 3)))).toBe('');
  }, 120_000);

  test('conversations through the pipeline: bounded replies, orders only after a confirmed quote, a balanced ledger', async () => {
    expect(failureText(await fuzzPipeline(bed, stats, budget(25, 8)))).toBe('');
  }, 120_000);

  test('afterwards the HTTP servers close and the bot stops (nothing left hanging)', async () => {
    stopped = true;
    await expect(bed.stop()).resolves.toBeUndefined();
  }, 120_000);
});
