import fs from 'node:fs';
import path from 'node:path';
import OpenAI from 'openai';
import type { CatalogueIndex } from '../../domain/parsing/catalogue-index';
import { catalogueForPrompt, LLM_OUTPUT_JSON_SCHEMA, llmOutputSchema, mergeLlmResult } from '../../domain/parsing/llm-result';
import type { ParseContext, ParseResult } from '../../domain/parsing/parse-message';

// The LLM reads what the rules are not sure of. It gets the catalogue and the message, nothing
// else (no customer data, no prices, no keys); its answer is validated and resolved like the
// rules' own (the JSON schema asks the server for the shape; zod checks it anyway). Any failure (timeout, 429/5xx after retries, an answer that is not the schema) is
// an LlmUnavailableError: the caller hands the conversation to staff instead of guessing.

const PROMPT_FILE = path.resolve(__dirname, '../../prompts/parse-order.md');

export interface LlmSettings {
  apiKey: string;
  baseUrl?: string;
  model: string;
  timeoutMs: number;
  maxRetries: number;
  /** USD per million tokens, for the cost stored with each message. */
  inputUsdPerMTok: number;
  outputUsdPerMTok: number;
}

export interface LlmUsage {
  model: string;
  promptTokens: number;
  outputTokens: number;
  costMicroUsd: number;
  latencyMs: number;
}

export class LlmUnavailableError extends Error {
  constructor(
    message: string,
    readonly usage: LlmUsage | null,
  ) {
    super(message);
    this.name = 'LlmUnavailableError';
  }
}

export class LlmParser {
  private readonly client: OpenAI;
  /** The system prompt of the catalogue last seen (the catalogue cache hands out one index until it changes). */
  private prompted: { index: CatalogueIndex; prompt: string } | null = null;

  constructor(private readonly settings: LlmSettings) {
    // The library retries 408/409/429/5xx and connection errors with exponential backoff.
    this.client = new OpenAI({ apiKey: settings.apiKey, baseURL: settings.baseUrl, timeout: settings.timeoutMs, maxRetries: settings.maxRetries });
  }

  private prompt(index: CatalogueIndex): string {
    if (this.prompted?.index !== index) {
      const catalogue = catalogueForPrompt(index);
      this.prompted = { index, prompt: fs.readFileSync(PROMPT_FILE, 'utf8').replace('{{regions}}', catalogue.regions).replace('{{products}}', catalogue.products) };
    }
    return this.prompted.prompt;
  }

  async parse(index: CatalogueIndex, rules: ParseResult, text: string, context: ParseContext = {}): Promise<{ result: ParseResult; usage: LlmUsage }> {
    const started = performance.now();
    let completion: OpenAI.Chat.Completions.ChatCompletion;
    try {
      completion = await this.client.chat.completions.create({
        model: this.settings.model,
        temperature: 0,
        response_format: { type: 'json_schema', json_schema: { name: 'order_reading', strict: true, schema: LLM_OUTPUT_JSON_SCHEMA as unknown as Record<string, unknown> } },
        messages: [
          { role: 'system', content: this.prompt(index) },
          { role: 'user', content: `<message>\n${text.replaceAll('</message>', '< /message>')}\n</message>` },
        ],
      });
    } catch (error) {
      throw new LlmUnavailableError(`LLM call failed: ${(error as Error).message}`, null);
    }
    const promptTokens = completion.usage?.prompt_tokens ?? 0;
    const outputTokens = completion.usage?.completion_tokens ?? 0;
    const usage: LlmUsage = {
      model: completion.model || this.settings.model,
      promptTokens,
      outputTokens,
      costMicroUsd: Math.round(promptTokens * this.settings.inputUsdPerMTok + outputTokens * this.settings.outputUsdPerMTok),
      latencyMs: Math.round(performance.now() - started),
    };
    const content = completion.choices[0]?.message?.content ?? '';
    let json: unknown;
    try {
      json = JSON.parse(content.replace(/^```(?:json)?\s*|\s*```$/g, ''));
    } catch {
      throw new LlmUnavailableError('LLM answer is not JSON', usage);
    }
    const output = llmOutputSchema.safeParse(json);
    if (!output.success) throw new LlmUnavailableError(`LLM answer does not fit the schema: ${output.error.issues[0]?.path.join('.')} ${output.error.issues[0]?.message}`, usage);
    return { result: mergeLlmResult(index, rules, output.data, text, context), usage };
  }
}

/** Rules first; the LLM only when they are unsure (and never for text that tries to instruct the bot). */
export function needsLlm(rules: ParseResult): boolean {
  return rules.confidence === 'low' && !rules.flags.instructionLike && !rules.flags.wantsHuman && !rules.flags.complaint;
}
