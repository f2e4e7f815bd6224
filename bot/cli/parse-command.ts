import readline from 'node:readline';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import type { ParseResult } from '../../domain/parsing/parse-message';
import { parseMessage } from '../../domain/parsing/parse-message';
import { seedCatalogueIndex } from '../parsing/seed-catalogue';
import { loadConfig } from '../config';
import { createLlmParser } from '../llm/create-llm-parser';
import { needsLlm, type LlmParser } from '../llm/llm-parser';
import { UsageError, type Command } from './command-line';

// `esim-hub parse`: one message on stdin -> one JSON object; `--jsonl`: lines {"text", "channel"}
// in, one result per line out, in order. Rules only, unless `--llm`: then what the rules are unsure
// of is read by the configured LLM (OPENAI_API_KEY, OPENAI_BASE_URL, OPENAI_MODEL).

const USAGE = `Usage: esim-hub parse [--jsonl] [--llm] < MESSAGE
  Reads one message on standard input and prints how the bot reads it:
  {"intent", "lines": [{"sku", "quantity"}], "language", "confidence", ...}.
  --jsonl  reads lines {"text", "channel"} and writes one result per line, in order
  --llm    what the rules are unsure of is read by the LLM (OPENAI_API_KEY, OPENAI_BASE_URL, OPENAI_MODEL)`;

const jsonlInput = z.object({ text: z.string(), channel: z.string().optional() }).passthrough();

export function publicResult(result: ParseResult) {
  return {
    intent: result.intent,
    lines: result.lines.map((l) => ({
      sku: l.sku,
      quantity: l.quantity,
      ...(l.sku === null ? { candidates: l.candidates, text: l.text } : {}),
    })),
    language: result.language,
    confidence: result.confidence,
    source: result.source,
    orderRefs: result.orderRefs,
    quoteRefs: result.quoteRefs,
    flags: result.flags,
  };
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

async function parseCommand(args: string[]): Promise<number> {
  const { positionals, values } = parseArgs({ args, allowPositionals: true, options: { jsonl: { type: 'boolean', default: false }, llm: { type: 'boolean', default: false } } });
  if (positionals.length > 0) throw new UsageError("parse reads the message on standard input, not from its arguments: echo 'TEXT' | esim-hub parse");
  const index = seedCatalogueIndex();
  let llm: LlmParser | null = null;
  if (values.llm) {
    llm = createLlmParser(loadConfig(process.env));
    if (!llm) {
      process.stderr.write('esim-hub parse --llm: set OPENAI_API_KEY (and OPENAI_BASE_URL for a local OpenAI-compatible server such as Ollama or vLLM)\n');
      return 2;
    }
  }
  const read = async (text: string) => {
    const rules = parseMessage(index, text);
    if (!llm || !needsLlm(rules)) return publicResult(rules);
    try {
      const { result, usage } = await llm.parse(index, rules, text);
      return { ...publicResult(result), llm: usage };
    } catch (error) {
      return { ...publicResult(rules), llm: { error: (error as Error).message } };
    }
  };
  if (!values.jsonl) {
    const text = await readAll(process.stdin);
    process.stdout.write(`${JSON.stringify(await read(text))}\n`);
    return 0;
  }
  const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  let number = 0;
  let failures = 0;
  for await (const line of lines) {
    number += 1;
    if (line.trim() === '') continue;
    let input: z.infer<typeof jsonlInput>;
    try {
      input = jsonlInput.parse(JSON.parse(line));
    } catch (error) {
      // One bad line must not shift the results of the others: it gets an error object in its place.
      failures += 1;
      process.stdout.write(`${JSON.stringify({ error: `line ${number}: expected {"text", "channel"}: ${(error as Error).message.split('\n')[0]}` })}\n`);
      continue;
    }
    process.stdout.write(`${JSON.stringify(await read(input.text))}\n`);
  }
  if (failures > 0) process.stderr.write(`esim-hub parse: ${failures} line(s) were not valid JSON input\n`);
  return failures > 0 ? 1 : 0;
}

export const command: Command = { usage: USAGE, run: parseCommand };
