import type { ParseResult } from './parse-message';

export interface LabelledMessage {
  id: string;
  text: string;
  expected: { intent: string; lines: { sku: string | null; quantity: number | null }[] };
}

/** Exactly right: the intent, and the SKU and quantity of every line, in order. */
export function exactlyRight(result: ParseResult, expected: LabelledMessage['expected']): boolean {
  const got = { intent: result.intent, lines: result.lines.map((l) => ({ sku: l.sku, quantity: l.quantity })) };
  return JSON.stringify(got) === JSON.stringify({ intent: expected.intent, lines: expected.lines.map((l) => ({ sku: l.sku, quantity: l.quantity })) });
}
