import type { ParseResult } from './parse-message';

// How a reading of a message is scored against its label (npm run eval:parse). What is scored is
// what the pipeline acts on: a complaint or a request for a person is "support" (handed to staff,
// never quoted) whatever else the message names; lines count only for orders and quotes.

export interface ExpectedReading {
  intent: string;
  lines: { sku: string | null; quantity: number | null }[];
  /** The reseller's own PO or order number, when the message names one for the order. */
  reference?: string;
}

export interface LabelledMessage {
  id: string;
  text: string;
  channel?: string;
  language?: string;
  kind?: string;
  context?: { openQuote: boolean };
  expected: ExpectedReading;
}

export interface Reading {
  intent: string;
  lines: { sku: string | null; quantity: number | null }[];
  reference: string | null;
  /** The parser marked it sure: acted on without asking and without the LLM. */
  sure: boolean;
}

export function readingOf(result: ParseResult): Reading {
  const support = result.flags.complaint || result.flags.wantsHuman;
  const intent = result.flags.instructionLike ? 'other' : support ? 'support' : result.intent;
  const withLines = intent === 'order' || intent === 'quote';
  return {
    intent,
    lines: withLines ? result.lines.map((l) => ({ sku: l.sku, quantity: l.quantity })) : [],
    reference: result.poReference,
    sure: result.confidence === 'high',
  };
}

/** Exactly right: the intent, and the SKU and quantity of every line, in order. */
export function exactlyRight(reading: Pick<Reading, 'intent' | 'lines'>, expected: ExpectedReading): boolean {
  if (reading.intent !== expected.intent || reading.lines.length !== expected.lines.length) return false;
  return reading.lines.every((l, i) => l.sku === expected.lines[i]!.sku && l.quantity === expected.lines[i]!.quantity);
}

export interface Score {
  messages: number;
  exact: number;
  sure: number;
  sureWrong: number;
  unsure: number;
  /** Messages whose label names a reference, and how many of those were read with exactly it. */
  references: number;
  referencesRight: number;
  /** A reference read where the label has none (a number taken for a PO number). */
  referencesInvented: number;
  /** expected intent -> read intent -> count */
  confusion: Map<string, Map<string, number>>;
}

export function emptyScore(): Score {
  return { messages: 0, exact: 0, sure: 0, sureWrong: 0, unsure: 0, references: 0, referencesRight: 0, referencesInvented: 0, confusion: new Map() };
}

export function addToScore(score: Score, reading: Reading, expected: ExpectedReading): boolean {
  const right = exactlyRight(reading, expected);
  score.messages += 1;
  if (right) score.exact += 1;
  if (reading.sure) {
    score.sure += 1;
    if (!right) score.sureWrong += 1;
  } else {
    score.unsure += 1;
  }
  if (expected.reference) {
    score.references += 1;
    if (reading.reference?.toUpperCase() === expected.reference.toUpperCase()) score.referencesRight += 1;
  } else if (reading.reference) {
    score.referencesInvented += 1;
  }
  const row = score.confusion.get(expected.intent) ?? new Map<string, number>();
  row.set(reading.intent, (row.get(reading.intent) ?? 0) + 1);
  score.confusion.set(expected.intent, row);
  return right;
}
