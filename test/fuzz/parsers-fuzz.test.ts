import { FuzzStats } from '../support/fuzz-run';
import { failureText, fuzzParsers } from '../support/fuzz-suite';

// A short run of the fuzz harness's parser properties (npm run fuzz runs them longer): the
// message parser, purchase-order files, raw mails through the email parse, and the WhatsApp and
// WeChat adapters' normalisation. Each: no throw, bounded output, bounded time per case.

test('channel parsers and the message parser hold on generated input', async () => {
  const stats = new FuzzStats();
  stats.startSampling();
  const outcomes = await fuzzParsers(stats, { runs: 80, seconds: 2.5, seed: process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined });
  stats.stopSampling();
  process.stdout.write(`${stats.summary()}\n`);
  expect(failureText(outcomes)).toBe('');
}, 120_000);
