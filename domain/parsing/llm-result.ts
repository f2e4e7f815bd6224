import { z } from 'zod';
import type { CatalogueIndex } from './catalogue-index';
import { EVEN_SPLIT, extractLines, perPersonCount, type ParsedLine } from './extract-lines';
import { normaliseNumbers } from './numbers';
import { spellOutNumbers } from './number-words';
import { INTENTS, type ParseContext, type ParseResult } from './parse-message';

// What the LLM may say, and how it becomes a ParseResult. The model reads only what the rules were
// unsure of, and it only points: for each line, the words of the message that name the product (a
// run of words, or its pieces where the message says it in parts) and
// the words that say how many, with the SKU and quantity it reads in them. The rules then read
// those words themselves. A line is taken when its words are in the message and the rules resolve
// them to exactly the SKU the model named; a quantity when its words say exactly that number.
// Anything else stays open (`sku` or `quantity` null): the reseller is asked, nothing is guessed.
// So a model that is right helps (it finds the line in a long email, the quantity far from its
// product, which of two readings is meant), and a model that is wrong or was talked into something
// cannot put a product or a number in an order that the message does not say.

/** The model's intents: ours, and "support" for a complaint or a request for a person. */
export const LLM_INTENTS = [...INTENTS, 'support'] as const;

export const llmOutputSchema = z.object({
  intent: z.enum(LLM_INTENTS),
  language: z.enum(['en', 'zh', 'es', 'pt']).nullable().catch(null),
  lines: z
    .array(
      z.object({
        // The words that name the product: one run of the message, or its pieces where the message
        // says the product in parts ("Japan 10GB for a month - no, two weeks": "Japan 10GB", "two weeks").
        product_words: z.union([z.string().max(500), z.array(z.string().max(200)).max(4)]),
        sku: z.string().max(100).nullable(),
        quantity_words: z.string().max(200).nullable(),
        quantity: z.number().int().nullable(),
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
    intent: { type: 'string', enum: [...LLM_INTENTS] },
    language: { type: ['string', 'null'], enum: ['en', 'zh', 'es', 'pt', null] },
    lines: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['product_words', 'sku', 'quantity_words', 'quantity'],
        properties: {
          product_words: { type: 'array', items: { type: 'string' } },
          sku: { type: ['string', 'null'] },
          quantity_words: { type: ['string', 'null'] },
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

/** Text compared as the reseller wrote it, give or take case, width and spacing. */
export function comparable(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

// "una docena", "um par", "one hundred": an article of a number word, not a count of its own.
const ONE_ALL = /(?<![\p{L}])(?:one|single|uno|una|um|uma|un)(?![\p{L}])(?!\s+(?:dozen|docena|d[uú]zia|par|pair|couple|hundred|thousand|cent\p{L}*|mil|mill\p{L}*|milh\p{L}*))/giu;

// "cantidad: once": the rules leave Spanish eleven alone (English "once"); as a count the model points at, it is 11.
const ELEVEN = /(?<![\p{L}])once(?![\p{L}])/giu;

/** The numbers some words say, digits or words ("forty", "两百张", "一张", "两位", "once"), in order. */
function numbersSaid(words: string): { numbers: number[]; spelled: string } {
  // The rules leave a lone 一 alone (一个月, 一起, 一下); in words the model says are a count, 一
  // before a card's measure word is one card: "一张", "一份".
  const oneCard = words.normalize('NFKC').replace(/(?<![零〇一二两兩三四五六七八九十百千万萬\d])一(?=\s*(?:[张張份套枚]|[个個](?!月|星期|礼拜|禮拜|小时|小時|国|國|人|团|團)))/gu, '1');
  // 两/兩 and 一 before a person's measure word count people, one card each: "两位客人", "一名学生".
  const people = oneCard.replace(/(?<![零〇一二两兩三四五六七八九十百千万萬\d])([两兩一])(?=\s*[位名])/gu, (_, n: string) => (n === '一' ? '1' : '2'));
  const spelled = spellOutNumbers(normaliseNumbers(people)).replace(ELEVEN, '11');
  return { numbers: (spelled.match(/\d+/g) ?? []).map(Number), spelled };
}

/** The one whole number some words say ("forty", "两百张", "1,200 units"), or null. */
export function quantitySaid(words: string): number | null {
  return oneNumber(numbersSaid(words));
}

function oneNumber({ numbers, spelled }: { numbers: number[]; spelled: string }): number | null {
  // "just one", "quiere uno", "quer um", "una sola": the rules leave "one" alone (one week, uno de los
  // días), but in words the model says are the count, one is one card. ("twenty one" is 21 by now.)
  const ones = spelled.match(ONE_ALL)?.length ?? 0;
  if (numbers.length === 0 && ones === 1) return 1;
  // "one or two", "one of the 20": two numbers, not one count.
  if (numbers.length !== 1 || ones > 0) return null;
  return Number.isSafeInteger(numbers[0]) ? numbers[0]! : null;
}

// A total: "60 in total", "en total", "no total", "un total de", "一共", "总共", "合计" (the split itself is
// the rules' EVEN_SPLIT, said in the model's words or elsewhere in the message).
const TOTAL = /(?<![\p{L}])(?:total|in\s+all|altogether|all\s+together|en\s+total|no\s+total|ao\s+todo|en\s+conjunto)(?![\p{L}])|一共|总共|總共|合计|合計|共计|共計/iu;

/**
 * The counts some words can say for each of `lines` lines of a message: the number they say; a total
 * the message splits evenly among the lines ("30 en total ... mitad y mitad": 15 each, not 30); so
 * many per person times the people ("2 por persona para una familia de 4": 8), as the rules read
 * both. Empty when they say none.
 */
export function quantitiesSaid(words: string, lines: number, message: string): number[] {
  const said = numbersSaid(words);
  const split = EVEN_SPLIT.test(words) || (TOTAL.test(words) && EVEN_SPLIT.test(message));
  if (lines >= 2 && said.numbers.length === 1 && split) return said.numbers[0]! % lines === 0 ? [said.numbers[0]! / lines] : [];
  const perHead = said.numbers.length === 2 ? perPersonCount(said.spelled) : null;
  if (perHead !== null) return Number.isSafeInteger(perHead) ? [perHead] : [];
  const one = oneNumber(said);
  return one === null ? [] : [one];
}

function lineFrom(index: CatalogueIndex, message: string, line: LlmOutput['lines'][number], lineCount: number): ParsedLine {
  const pieces = (typeof line.product_words === 'string' ? [line.product_words] : line.product_words).map((p) => p.trim()).filter((p) => p !== '');
  const words = pieces.join(' ');
  // Every piece must be in the message; the rules then read the pieces together as one product.
  const inMessage = pieces.length > 0 && pieces.every((p) => message.includes(comparable(p)));
  const read = inMessage ? extractLines(index, words).lines : [];
  const named = line.sku?.trim().toUpperCase() ?? null;
  // The product: only what the rules read in the model's words, and only when it is what the model
  // named ("5gb and 10gb australia" names two; the one the model means is taken when it is one of them).
  const matching = read.filter((l) => l.sku !== null && l.sku === named);
  const rules = matching.length === 1 ? matching[0]! : read.length === 1 ? read[0]! : null;
  const agreed = rules !== null && rules.sku !== null && rules.sku === named;
  const quantityWords = line.quantity_words?.trim() ?? '';
  const quantityOk = line.quantity !== null && quantityWords !== '' && message.includes(comparable(quantityWords)) && quantitiesSaid(quantityWords, lineCount, message).includes(line.quantity);
  return {
    sku: agreed ? rules.sku : null,
    quantity: quantityOk ? line.quantity : null,
    candidates: agreed ? [] : (rules?.candidates ?? []),
    regionCode: rules?.regionCode ?? null,
    dataGb: rules?.dataGb,
    validityDays: rules?.validityDays,
    type: rules?.type ?? 'esim',
    resolution: agreed ? 'resolved' : (rules?.resolution ?? 'unknown_region'),
    text: words,
  };
}

/** The rules' reading with the model's intent and lines, each line checked against the message; flags only ever added. */
export function mergeLlmResult(index: CatalogueIndex, rules: ParseResult, llm: LlmOutput, text: string, context: ParseContext = {}): ParseResult {
  const message = comparable(text);
  const support = llm.intent === 'support';
  // "ok", "dale", "好的" mean yes only to an open quote, which the model is not shown: where the
  // caller knows none is open, a yes or a no is read as nothing, as the rules read it.
  const llmIntent: ParseResult['intent'] = llm.intent === 'support' ? 'other' : llm.intent;
  const intent: ParseResult['intent'] = (llmIntent === 'confirm' || llmIntent === 'cancel') && context.openQuote === false ? 'other' : llmIntent;
  const lines = intent === 'order' || intent === 'quote' ? llm.lines.map((l) => lineFrom(index, message, l, llm.lines.length)) : [];
  const unsure = lines.some((l) => l.sku === null || l.quantity === null) || ((intent === 'order' || intent === 'quote') && lines.length === 0);
  return {
    ...rules,
    intent,
    lines,
    language: rules.language ?? llm.language,
    flags: { ...rules.flags, complaint: rules.flags.complaint || support, instructionLike: rules.flags.instructionLike || llm.instruction_like },
    confidence: unsure || llm.instruction_like || intent !== llmIntent ? 'low' : 'high',
    source: 'rules+llm',
  };
}
