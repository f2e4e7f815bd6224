// npm run fuzz [-- --seconds 60] [--runs N] [--seed N] [--only parsers,http,limits,pipeline] [--target pglite|postgres|both]
//
// --seconds: about how long to fuzz, shared out among the properties (database setup comes on
// top: ~10 s per PGlite bed); default 60 unless --runs is given. --runs: at most N cases per
// property (with --seconds too, whichever comes first).
//
// The fuzz harness: fast-check generated bodies, queries, headers, texts, mails and files against
// every HTTP route of the app, every channel adapter's parser and the whole pipeline (see
// test/support/fuzz-*.ts). Runs on the embedded PGlite, and also on PostgreSQL when DATABASE_URL
// or TEST_DATABASE_URL names a server (a throwaway database is created there and dropped).
// Prints the figures (cases, routes covered, longest reply, peak RSS, wall time) and every
// failure with its shrunk counterexample; the full counterexamples go to a JSON file. Exits 1 on
// any failure.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startFuzzBed } from '../test/support/fuzz-bed';
import { FuzzStats, type Budget } from '../test/support/fuzz-run';
import { fuzzHttp, fuzzLimits, fuzzParsers, fuzzPipeline } from '../test/support/fuzz-suite';
import type { Target } from '../test/support/test-database';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string' },
    runs: { type: 'string' },
    seed: { type: 'string' },
    only: { type: 'string', default: 'parsers,http,limits,pipeline' },
    target: { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  process.stdout.write('npm run fuzz -- [--seconds 60] [--runs N] [--seed N] [--only parsers,http,limits,pipeline] [--target pglite|postgres|both]\n');
  process.exit(0);
}

const runs = values.runs === undefined ? undefined : Number(values.runs);
const seconds = values.seconds === undefined ? (runs === undefined ? 60 : Infinity) : Number(values.seconds);
const seed = values.seed === undefined ? undefined : Number(values.seed);
if (!(seconds > 0) || (runs !== undefined && !(runs > 0)) || (seed !== undefined && !Number.isInteger(seed))) {
  process.stderr.write('--seconds and --runs take a positive number, --seed an integer\n');
  process.exit(2);
}
const only = new Set(values.only!.split(',').map((s) => s.trim()));
const serverUrl = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
const targets: Target[] =
  values.target === 'pglite' ? ['pglite'] : values.target === 'postgres' ? ['postgres'] : serverUrl ? ['pglite', 'postgres'] : ['pglite'];
if (targets.includes('postgres')) {
  if (!serverUrl) {
    process.stderr.write('--target postgres needs DATABASE_URL or TEST_DATABASE_URL\n');
    process.exit(2);
  }
  process.env.TEST_DATABASE_URL = serverUrl; // createTestDatabase makes its throwaway database there
}

// The wall budget, shared out: the parsers once, the database groups once per target.
const shares = { parsers: 0.25, http: 0.35, limits: 0.08, pipeline: 0.32 };
const selected = Object.entries(shares).filter(([name]) => only.has(name));
const total = selected.reduce((sum, [, share]) => sum + share, 0);
const budgetFor = (group: keyof typeof shares, properties: number, perTarget: boolean): Budget => ({
  runs,
  seed,
  seconds: Number.isFinite(seconds) ? Math.max(1, (seconds * shares[group]) / total / properties / (perTarget ? targets.length : 1)) : undefined,
});

const stats = new FuzzStats();
const crashes: string[] = [];
process.on('uncaughtException', (error) => void crashes.push(`uncaught exception: ${error.stack ?? String(error)}`));
process.on('unhandledRejection', (error) => void crashes.push(`unhandled rejection: ${(error as Error)?.stack ?? String(error)}`));

async function main(): Promise<number> {
  stats.startSampling();
  const how = [Number.isFinite(seconds) ? `for about ${seconds} s` : '', runs ? `at most ${runs} cases per property` : ''].filter(Boolean).join(', ');
  process.stdout.write(`fuzzing ${[...only].join(', ')} ${how} on ${targets.join(' and ')}\n`);
  if (only.has('parsers')) {
    await fuzzParsers(stats, budgetFor('parsers', 6, false));
    progress();
  }
  if (['http', 'limits', 'pipeline'].some((g) => only.has(g))) {
    for (const target of targets) {
      const started = Date.now();
      const bed = await startFuzzBed(target);
      process.stdout.write(`  ${target}: test bed ready in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
      try {
        if (only.has('http')) await fuzzHttp(bed, stats, budgetFor('http', 1, true), { slowExamples: true });
        progress();
        if (only.has('limits')) await fuzzLimits(bed, stats, budgetFor('limits', 1, true));
        progress();
        if (only.has('pipeline')) await fuzzPipeline(bed, stats, budgetFor('pipeline', 1, true));
        progress();
      } finally {
        const stopping = Date.now();
        try {
          await bed.stop();
        } catch (error) {
          stats.outcomes.push({ name: `the ${target} bot and its HTTP servers stop`, cases: 1, failed: true, seed: 0, ms: Date.now() - stopping, error: (error as Error).message });
        }
        process.stdout.write(`  ${target}: test bed stopped in ${((Date.now() - stopping) / 1000).toFixed(1)} s\n`);
      }
    }
  }
  stats.stopSampling();
  process.stdout.write(`\n${stats.summary()}\n`);
  for (const crash of crashes) process.stdout.write(`CRASH ${crash}\n`);
  const failures = stats.failures;
  if (failures.length > 0) {
    const file = path.join(os.tmpdir(), `esimhub-fuzz-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
    fs.writeFileSync(file, JSON.stringify(failures.map((f) => ({ name: f.name, seed: f.seed, path: f.replay, error: f.error, counterexample: f.counterexampleValue })), (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v), 2));
    process.stdout.write(`full counterexamples: ${file} (replay one with --seed <seed> --only <group>)\n`);
  }
  return failures.length > 0 || crashes.length > 0 ? 1 : 0;
}

let shown = 0;
function progress(): void {
  for (const o of stats.outcomes.slice(shown)) process.stdout.write(`  ${o.failed ? 'FAIL' : 'ok'} ${o.name}: ${o.cases} cases in ${(o.ms / 1000).toFixed(1)} s\n`);
  shown = stats.outcomes.length;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`fuzz run stopped: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
