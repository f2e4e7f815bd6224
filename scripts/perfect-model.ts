import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CatalogueIndex } from '../domain/parsing/catalogue-index';
import type { LabelledMessage } from '../domain/parsing/evaluation';
import { extractLines } from '../domain/parsing/extract-lines';
import type { LlmOutput } from '../domain/parsing/llm-result';
import { comparable, quantitiesSaid } from '../domain/parsing/llm-result';

// A local server that speaks the OpenAI Chat Completions API and answers as a perfect model would
// (npm run eval:parse -- --perfect-llm): it knows each message's label, and for each line it points
// at the shortest words of the message that name that product and that say that quantity, as a
// model that reads perfectly and copies exactly would. What the bot then does with the answer is
// the real code: it checks the words are in the message and reads them again with the rules. So the
// figure it gives is the most the LLM step can add, not what the rules can: where no words of the
// message resolve to the right product by the rules, even a perfect model cannot get a line taken.

// A Han character, a run of other letters or digits, or one other sign: "，10G，30张" holds the
// window "30张", and "5GB要三十张" the window "三十张" (a run up to the next space or sign would have
// glued the size to the count, and no window of it would say exactly one number).
const TOKENS = /\p{Script=Han}|(?:(?!\p{Script=Han})[\p{L}\p{N}])+|[^\s\p{L}\p{N}]/gu;
const WINDOW_TOKENS = 14;

function windows(text: string, maxTokens = WINDOW_TOKENS): string[] {
  const tokens = [...text.matchAll(TOKENS)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
  const out: string[] = [];
  for (let i = 0; i < tokens.length; i += 1) {
    for (let j = i; j < Math.min(tokens.length, i + maxTokens); j += 1) out.push(text.slice(tokens[i]!.start, tokens[j]!.end));
  }
  return out.sort((a, b) => a.length - b.length);
}

// Pieces said apart ("Japan 10GB … two weeks") are looked for among short runs only: pairs of runs
// of up to 4 tokens, shortest first, so the search stays a fraction of a second per message.
const PIECE_TOKENS = 4;

function readsAs(index: CatalogueIndex, words: string, sku: string): boolean {
  return extractLines(index, words).lines.filter((l) => l.sku === sku).length === 1;
}

/** The shortest words of the message the rules read as exactly this product, as one run or as two pieces; [] when there are none. */
export function productWords(index: CatalogueIndex, text: string, sku: string): string[] {
  for (const words of windows(text)) if (readsAs(index, words, sku)) return [words];
  const pieces = [...new Set(windows(text, PIECE_TOKENS))];
  const pairs: [string, string][] = [];
  for (let i = 0; i < pieces.length; i += 1) for (let j = 0; j < pieces.length; j += 1) if (i !== j) pairs.push([pieces[i]!, pieces[j]!]);
  pairs.sort((a, b) => a[0].length + a[1].length - (b[0].length + b[1].length));
  for (const pair of pairs) if (readsAs(index, pair.join(' '), sku)) return pair;
  return [];
}

/** The shortest words of the message that say exactly this number for each of `lines` lines; null when there are none. */
export function quantityWords(text: string, quantity: number, lines = 1): string | null {
  const message = comparable(text); // as the bot compares it
  return windows(text).find((w) => quantitiesSaid(w, lines, message).includes(quantity)) ?? null;
}

export function perfectAnswer(index: CatalogueIndex, row: LabelledMessage): LlmOutput {
  const withLines = row.expected.intent === 'order' || row.expected.intent === 'quote';
  return {
    intent: row.expected.intent as LlmOutput['intent'],
    language: (row.language as LlmOutput['language']) ?? null,
    lines: withLines
      ? row.expected.lines.map((l) => {
          const qWords = l.quantity === null ? null : quantityWords(row.text, l.quantity, row.expected.lines.length);
          return { product_words: l.sku ? productWords(index, row.text, l.sku) : [], sku: l.sku, quantity_words: qWords, quantity: qWords === null ? null : l.quantity };
        })
      : [],
    instruction_like: false,
  };
}

export interface PerfectModel {
  baseUrl: string;
  calls: number;
  close(): Promise<void>;
}

export async function startPerfectModel(index: CatalogueIndex, rows: readonly LabelledMessage[]): Promise<PerfectModel> {
  const byText = new Map(rows.map((r) => [r.text, r]));
  const state = { calls: 0 };
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => {
      state.calls += 1;
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { messages: { content: string }[] };
      const sent = body.messages[body.messages.length - 1]!.content.replace(/^<message>\n/, '').replace(/\n<\/message>$/, '').replaceAll('< /message>', '</message>');
      const row = byText.get(sent);
      const answer = row ? perfectAnswer(index, row) : { intent: 'other', language: null, lines: [], instruction_like: false };
      response.setHeader('content-type', 'application/json');
      response.end(
        JSON.stringify({
          id: `perfect-${state.calls}`,
          object: 'chat.completion',
          created: Math.floor(Date.now() / 1000),
          model: 'perfect',
          choices: [{ index: 0, message: { role: 'assistant', content: JSON.stringify(answer) }, finish_reason: 'stop' }],
          usage: { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 },
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    get calls() {
      return state.calls;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
