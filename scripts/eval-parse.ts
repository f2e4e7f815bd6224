// npm run eval:parse [-- FILE.jsonl ...] [--wrong] [--kinds] [--perfect-llm]
//
// Scores the parser on labelled sets (default: the 40 dev messages, then the TUNE_SETS below, which
// the rules are tuned on, then the HOLDOUT_SETS, each written apart by another person and never
// tuned on: only their figures are looked at; eval/parse/LABELS.md lists them and says how a message
// is labelled),
// per language: exact match (intent, and SKU and quantity of every line), sure-and-wrong (marked
// sure, acted on, and wrong: the worst kind), the unsure share (what goes to the LLM, or is asked
// about without one), the PO references read, and the confusion of intents. With OPENAI_API_KEY
// (and OPENAI_BASE_URL for a local server) the same again for rules + LLM on what the rules were
// unsure of; `--perfect-llm` does so with a local server answering as a perfect model would
// (scripts/perfect-model.ts), the most the LLM step can add. `--wrong` lists each wrong reading (not for the holdout set: look at it and it is no
// longer held out); `--kinds` adds a line per kind of message.

import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { loadConfig } from '../bot/config';
import { createLlmParser } from '../bot/llm/create-llm-parser';
import { LlmParser, needsLlm } from '../bot/llm/llm-parser';
import { startPerfectModel } from './perfect-model';
import { seedCatalogueIndex } from '../bot/parsing/seed-catalogue';
import { addToScore, emptyScore, readingOf, type LabelledMessage, type Score } from '../domain/parsing/evaluation';
import { parseMessage } from '../domain/parsing/parse-message';
import type { CatalogueIndex } from '../domain/parsing/catalogue-index';

const ROOT = path.join(__dirname, '..');
const TUNE_SETS = ['tune', 'tune2', 'tune3', 'tune4', 'tune5', 'tune6', 'tune7', 'tune8', 'tune9', 'tune10', 'tune11', 'tune12', 'tune13', 'tune14', 'tune15', 'tune16', 'tune17', 'tune18', 'tune19', 'tune20', 'tune21'];
const HOLDOUT_SETS = ['holdout', 'holdout2', 'holdout3', 'holdout6', 'holdout7', 'holdout9', 'holdout13', 'holdout14', 'holdout15'];
const DEFAULT_SETS = [path.join(ROOT, 'prisma', 'seed', 'messages-dev.jsonl'), ...[...TUNE_SETS, ...HOLDOUT_SETS].map((name) => path.join(ROOT, 'eval', 'parse', `${name}.jsonl`))];
const HELD_OUT = /holdout/;

const line = z.object({ sku: z.string().nullable(), quantity: z.number().int().nullable() });
const labelled = z.object({
  id: z.string(),
  text: z.string(),
  channel: z.string().optional(),
  language: z.enum(['en', 'zh', 'es', 'pt']).optional(),
  kind: z.string().optional(),
  context: z.object({ openQuote: z.boolean() }).optional(),
  expected: z.object({ intent: z.string(), lines: z.array(line).default([]), reference: z.string().optional() }),
});

export function readSet(file: string): LabelledMessage[] {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .map((text, i) => ({ text, number: i + 1 }))
    .filter((l) => l.text.trim())
    .map(({ text, number }) => {
      const parsed = labelled.safeParse(JSON.parse(text));
      if (!parsed.success) throw new Error(`${file} line ${number}: ${parsed.error.issues[0]?.path.join('.')} ${parsed.error.issues[0]?.message}`);
      return parsed.data as LabelledMessage;
    });
}

interface Scored {
  byLanguage: Map<string, Score>;
  byKind: Map<string, Score>;
  all: Score;
  wrong: string[];
  llmCalls: number;
  llmFailures: number;
  promptTokens: number;
  outputTokens: number;
  costMicroUsd: number;
  latencyMs: number;
}

async function scoreSet(index: CatalogueIndex, rows: LabelledMessage[], llm: LlmParser | null): Promise<Scored> {
  const scored: Scored = { byLanguage: new Map(), byKind: new Map(), all: emptyScore(), wrong: [], llmCalls: 0, llmFailures: 0, promptTokens: 0, outputTokens: 0, costMicroUsd: 0, latencyMs: 0 };
  const bucket = (map: Map<string, Score>, key: string) => {
    const found = map.get(key) ?? emptyScore();
    map.set(key, found);
    return found;
  };
  const labelsSupport = rows.some((r) => r.expected.intent === 'support');
  for (const row of rows) {
    const context = row.context ?? {};
    let result = parseMessage(index, row.text, context);
    if (llm && needsLlm(result)) {
      scored.llmCalls += 1;
      try {
        const answered = await llm.parse(index, result, row.text, context);
        result = answered.result;
        scored.promptTokens += answered.usage.promptTokens;
        scored.outputTokens += answered.usage.outputTokens;
        scored.costMicroUsd += answered.usage.costMicroUsd;
        scored.latencyMs += answered.usage.latencyMs;
      } catch {
        scored.llmFailures += 1; // the pipeline hands it to a person: scored as the rules read it, unsure
      }
    }
    const reading = readingOf(result);
    // The dev set predates "support": it labels a complaint or a request for a person "other".
    if (!labelsSupport && reading.intent === 'support') reading.intent = 'other';
    const right = addToScore(scored.all, reading, row.expected);
    addToScore(bucket(scored.byLanguage, row.language ?? 'unlabelled'), reading, row.expected);
    addToScore(bucket(scored.byKind, row.kind ?? 'unlabelled'), reading, row.expected);
    if (!right) {
      const got = { intent: reading.intent, lines: reading.lines.map((l) => [l.sku, l.quantity]), sure: reading.sure };
      const want = { intent: row.expected.intent, lines: row.expected.lines.map((l) => [l.sku, l.quantity]) };
      scored.wrong.push(`${row.id} [${row.kind ?? '-'}] ${JSON.stringify(row.text.slice(0, 160))}\n    got  ${JSON.stringify(got)}\n    want ${JSON.stringify(want)}`);
    } else if (row.expected.reference && reading.reference?.toUpperCase() !== row.expected.reference.toUpperCase()) {
      scored.wrong.push(`${row.id} [${row.kind ?? '-'}] reference: got ${reading.reference ?? 'none'}, want ${row.expected.reference}`);
    }
  }
  return scored;
}

const pct = (n: number, of: number) => (of === 0 ? '    -' : `${((n / of) * 100).toFixed(1).padStart(5)}%`);

function scoreLine(label: string, s: Score): string {
  return `  ${label.padEnd(16)} ${String(s.messages).padStart(4)}  exact ${pct(s.exact, s.messages)}  sure-and-wrong ${pct(s.sureWrong, s.messages)} (${s.sureWrong})  sure right ${pct(s.sure - s.sureWrong, s.sure)} of sure  unsure ${pct(s.unsure, s.messages)}`;
}

function confusionTable(s: Score): string[] {
  const intents = [...new Set([...s.confusion.keys(), ...[...s.confusion.values()].flatMap((m) => [...m.keys()])])].sort();
  const width = Math.max(8, ...intents.map((i) => i.length + 1));
  const head = `  ${'expected \\ read'.padEnd(16)}${intents.map((i) => i.padStart(width)).join('')}`;
  const rows = [...s.confusion.keys()].sort().map((expected) => `  ${expected.padEnd(16)}${intents.map((i) => String(s.confusion.get(expected)?.get(i) ?? '').padStart(width)).join('')}`);
  return [head, ...rows];
}

function report(title: string, scored: Scored, kinds: boolean): string[] {
  const out = [title, scoreLine('all', scored.all)];
  for (const [language, s] of [...scored.byLanguage].sort()) out.push(scoreLine(language, s));
  if (kinds) for (const [kind, s] of [...scored.byKind].sort()) out.push(scoreLine(`kind ${kind}`, s));
  const a = scored.all;
  out.push(`  references: ${a.referencesRight}/${a.references} read right, ${a.referencesInvented} read where there is none`);
  out.push('  intents (rows: the label, columns: the reading):', ...confusionTable(a));
  return out;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const showWrong = args.includes('--wrong');
  const perfect = args.includes('--perfect-llm');
  const kinds = args.includes('--kinds');
  const files = args.filter((a) => !a.startsWith('--')).map((f) => path.resolve(f));
  const index = seedCatalogueIndex();
  const llm = createLlmParser(loadConfig(process.env));
  const out: string[] = [];
  for (const file of files.length > 0 ? files : DEFAULT_SETS) {
    const rows = readSet(file);
    const name = path.relative(process.cwd(), file);
    const rules = await scoreSet(index, rows, null);
    out.push(...report(`\neval:parse ${name} (${rows.length} messages), rules only`, rules, kinds));
    if (llm) {
      const combined = await scoreSet(index, rows, llm);
      out.push(...report(`eval:parse ${name}, rules + LLM (${combined.llmCalls} calls, ${combined.llmFailures} failed; model ${process.env.OPENAI_MODEL ?? 'gpt-4o-mini'})`, combined, kinds));
      const answered = combined.llmCalls - combined.llmFailures;
      out.push(`  LLM: tokens ${combined.promptTokens} in + ${combined.outputTokens} out, cost ${(combined.costMicroUsd / 1e6).toFixed(4)} USD, mean latency ${answered ? Math.round(combined.latencyMs / answered) : 0} ms`);
      if (showWrong && !HELD_OUT.test(file)) out.push('  wrong with the LLM:', ...combined.wrong.map((w) => `  ${w}`));
    }
    if (perfect) {
      // The most the LLM step can add: a local server answering every request as a perfect model would.
      const model = await startPerfectModel(index, rows);
      const parser = new LlmParser({ apiKey: 'local', baseUrl: model.baseUrl, model: 'perfect', timeoutMs: 10_000, maxRetries: 0, inputUsdPerMTok: 0, outputUsdPerMTok: 0 });
      const combined = await scoreSet(index, rows, parser);
      await model.close();
      out.push(...report(`eval:parse ${name}, rules + a perfect model on what the rules were unsure of (${combined.llmCalls} calls)`, combined, kinds));
      if (showWrong && !HELD_OUT.test(file)) out.push('  wrong with the perfect model:', ...combined.wrong.map((w) => `  ${w}`));
    }
    if (showWrong && !HELD_OUT.test(file)) out.push('  wrong:', ...rules.wrong.map((w) => `  ${w}`));
  }
  if (!llm) out.push('\nrules + LLM: not run (set OPENAI_API_KEY, and OPENAI_BASE_URL for a local OpenAI-compatible server)');
  process.stdout.write(`${out.join('\n')}\n`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`eval:parse failed: ${(error as Error).message}\n`);
    process.exit(1);
  });
}
