import type { Config } from '../config';
import { LlmParser } from './llm-parser';

/** The LLM parser when OPENAI_API_KEY is set; null means rules only. */
export function createLlmParser(config: Config): LlmParser | null {
  if (!config.OPENAI_API_KEY) return null;
  return new LlmParser({
    apiKey: config.OPENAI_API_KEY,
    baseUrl: config.OPENAI_BASE_URL,
    model: config.OPENAI_MODEL,
    timeoutMs: config.OPENAI_TIMEOUT_MS,
    maxRetries: config.OPENAI_MAX_RETRIES,
    inputUsdPerMTok: config.OPENAI_INPUT_USD_PER_MTOK,
    outputUsdPerMTok: config.OPENAI_OUTPUT_USD_PER_MTOK,
  });
}
