// npm run eval:parse [-- file.jsonl]
//
// Exact-match accuracy (intent, and SKU and quantity per line) of the rules alone and of rules+LLM
// on a labelled set (default: the dev set in prisma/seed), the share of messages the rules were
// unsure of (those go to the LLM), and the LLM's tokens, cost and latency. rules+LLM runs when
// OPENAI_API_KEY (and OPENAI_BASE_URL for a local server) is set.

import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { loadConfig } from '../bot/config';
import { createLlmParser } from '../bot/llm/create-llm-parser';
import { needsLlm } from '../bot/llm/llm-parser';
import { seedCatalogueIndex } from '../bot/parsing/seed-catalogue';
import { exactlyRight } from '../domain/parsing/evaluation';
import { parseMessage } from '../domain/parsing/parse-message';

const labelled = z.object({
  id: z.string(),
  text: z.string(),
  expected: z.object({ intent: z.string(), lines: z.array(z.object({ sku: z.string().nullable(), quantity: z.number().nullable() })) }),
});

async function main(): Promise<void> {
  const file = path.resolve(process.argv[2] ?? path.join(__dirname, '..', 'prisma', 'seed', 'messages-dev.jsonl'));
  const rows = fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l, i) => {
      const parsed = labelled.safeParse(JSON.parse(l));
      if (!parsed.success) throw new Error(`${file} line ${i + 1}: ${parsed.error.issues[0]?.path.join('.')} ${parsed.error.issues[0]?.message}`);
      return parsed.data;
    });
  const index = seedCatalogueIndex();
  const llm = createLlmParser(loadConfig(process.env));
  let rulesRight = 0;
  let unsure = 0;
  let combinedRight = 0;
  let calls = 0;
  let failures = 0;
  let promptTokens = 0;
  let outputTokens = 0;
  let costMicroUsd = 0;
  let latencyMs = 0;
  const wrong: string[] = [];
  for (const row of rows) {
    const rules = parseMessage(index, row.text);
    if (exactlyRight(rules, row.expected)) rulesRight += 1;
    let final = rules;
    if (needsLlm(rules)) {
      unsure += 1;
      if (llm) {
        calls += 1;
        try {
          const { result, usage } = await llm.parse(index, rules, row.text);
          final = result;
          promptTokens += usage.promptTokens;
          outputTokens += usage.outputTokens;
          costMicroUsd += usage.costMicroUsd;
          latencyMs += usage.latencyMs;
        } catch (error) {
          failures += 1;
          wrong.push(`${row.id}: LLM failed (${(error as Error).message})`);
        }
      }
    }
    if (exactlyRight(final, row.expected)) combinedRight += 1;
    else wrong.push(`${row.id}: got ${JSON.stringify({ intent: final.intent, lines: final.lines.map((l) => [l.sku, l.quantity]) })}`);
  }
  const pct = (n: number) => `${((n / rows.length) * 100).toFixed(1)}%`;
  const out = [
    `eval:parse on ${path.relative(process.cwd(), file)} (${rows.length} messages)`,
    `rules only:     ${rulesRight}/${rows.length} exactly right = ${pct(rulesRight)}`,
    `rules unsure:   ${unsure}/${rows.length} = ${pct(unsure)} would go to the LLM`,
  ];
  if (llm) {
    out.push(
      `rules + LLM:    ${combinedRight}/${rows.length} exactly right = ${pct(combinedRight)} (model ${process.env.OPENAI_MODEL ?? 'gpt-4o-mini'})`,
      `LLM calls:      ${calls} (${failures} failed), tokens ${promptTokens} in + ${outputTokens} out, cost ${(costMicroUsd / 1e6).toFixed(4)} USD, mean latency ${calls ? Math.round(latencyMs / calls) : 0} ms`,
    );
  } else {
    out.push('rules + LLM:    not run (OPENAI_API_KEY is not set; OPENAI_BASE_URL points at a local OpenAI-compatible server)');
  }
  process.stdout.write(`${out.join('\n')}\n`);
  if (wrong.length > 0 && process.env.EVAL_SHOW_WRONG) process.stdout.write(`${wrong.join('\n')}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`eval:parse failed: ${(error as Error).message}\n`);
  process.exit(1);
});
