import { seedCatalogueIndex } from '../../bot/parsing/seed-catalogue';
import { readingOf } from '../../domain/parsing/evaluation';
import { parseMessage, type ParseContext } from '../../domain/parsing/parse-message';

// What the parsing rule tests compare: a message's reading as eval:parse scores it, lines as [sku, quantity].

export const seedIndex = seedCatalogueIndex();

export function readMessage(text: string, context: ParseContext = {}) {
  const r = readingOf(parseMessage(seedIndex, text, context));
  return { intent: r.intent, lines: r.lines.map((l) => [l.sku, l.quantity]), sure: r.sure, reference: r.reference };
}
