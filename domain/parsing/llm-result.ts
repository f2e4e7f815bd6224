import { z } from 'zod';
import type { CatalogueIndex } from './catalogue-index';
import type { ParsedLine } from './extract-lines';
import { INTENTS, type ParseResult } from './parse-message';
import { resolveProduct } from './resolve-product';

// What the LLM may say, and how it becomes a ParseResult: the model only proposes; every line goes
// back through the same resolver as the rules, so a SKU the catalogue does not have, or one the
// model picked among several, ends as `sku: null` with the choices, and a question.

const nullableNumber = z.union([z.number(), z.string().regex(/^\d+(\.\d+)?$/).transform(Number)]).nullable();

export const llmOutputSchema = z.object({
  intent: z.enum(INTENTS),
  language: z.enum(['en', 'zh', 'es', 'pt']).nullable().catch(null),
  lines: z
    .array(
      z.object({
        product: z.string().max(500),
        region_code: z.string().max(20).nullable(),
        type: z.enum(['esim', 'sim']).catch('esim'),
        data_gb: z.union([z.literal('unlimited'), nullableNumber]),
        validity_days: nullableNumber,
        sku: z.string().max(100).nullable(),
        quantity: nullableNumber,
      }),
    )
    .max(100),
  instruction_like: z.boolean(),
});
export type LlmOutput = z.infer<typeof llmOutputSchema>;

/** The same shape as a JSON schema, for the Chat Completions `json_schema` response format (strict). */
export const LLM_OUTPUT_JSON_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['intent', 'language', 'lines', 'instruction_like'],
  properties: {
    intent: { type: 'string', enum: [...INTENTS] },
    language: { type: ['string', 'null'], enum: ['en', 'zh', 'es', 'pt', null] },
    lines: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['product', 'region_code', 'type', 'data_gb', 'validity_days', 'sku', 'quantity'],
        properties: {
          product: { type: 'string' },
          region_code: { type: ['string', 'null'] },
          type: { type: 'string', enum: ['esim', 'sim'] },
          data_gb: { anyOf: [{ type: 'number' }, { type: 'string', enum: ['unlimited'] }, { type: 'null' }] },
          validity_days: { type: ['number', 'null'] },
          sku: { type: ['string', 'null'] },
          quantity: { type: ['integer', 'null'] },
        },
      },
    },
    instruction_like: { type: 'boolean' },
  },
} as const;

/** The catalogue as the prompt lists it. */
export function catalogueForPrompt(index: CatalogueIndex): { regions: string; products: string } {
  return {
    regions: index.regions.map((r) => `${r.code}: ${r.name}${r.aliases.length ? `; ${r.aliases.join(', ')}` : ''}`).join('\n'),
    products: index.products.map((p) => `${p.sku}: ${p.regionCode}, ${p.type}, ${p.dataGb === null ? 'unlimited' : `${p.dataGb}GB`}, ${p.validityDays}d`).join('\n'),
  };
}

function lineFrom(index: CatalogueIndex, line: LlmOutput['lines'][number]): ParsedLine {
  const named = line.sku ? index.bySku.get(line.sku.trim().toUpperCase()) : undefined;
  const regionCode = named?.regionCode ?? (line.region_code && index.regions.some((r) => r.code === line.region_code) ? line.region_code : null);
  const dataGb = line.data_gb === 'unlimited' ? null : (line.data_gb ?? (named ? named.dataGb : undefined));
  const validityDays = line.validity_days ?? named?.validityDays;
  const type = named?.type ?? line.type;
  const resolution = resolveProduct(index, { regionCode, type, dataGb: dataGb === undefined ? undefined : dataGb, validityDays: validityDays ?? undefined });
  const quantity = line.quantity !== null && Number.isSafeInteger(line.quantity) ? line.quantity : null;
  return {
    sku: resolution.sku,
    quantity,
    candidates: resolution.candidates,
    regionCode,
    dataGb: dataGb === undefined ? undefined : dataGb,
    validityDays: validityDays ?? undefined,
    type,
    resolution: resolution.reason,
    text: line.product,
  };
}

/** The rules' reading with the model's lines and intent; flags only ever added, never cleared. */
export function mergeLlmResult(index: CatalogueIndex, rules: ParseResult, llm: LlmOutput): ParseResult {
  const lines = llm.lines.map((l) => lineFrom(index, l));
  const unsure = lines.some((l) => l.sku === null || l.quantity === null);
  return {
    ...rules,
    intent: llm.intent,
    lines,
    language: rules.language ?? llm.language,
    flags: { ...rules.flags, instructionLike: rules.flags.instructionLike || llm.instruction_like },
    confidence: unsure || llm.instruction_like ? 'low' : 'high',
    source: 'rules+llm',
  };
}
