import type { DecideInput } from '../../domain/conversation/decide';
import type { CatalogueIndex } from '../../domain/parsing/catalogue-index';
import { parseMessage } from '../../domain/parsing/parse-message';

/** What decide() gets for one message of a buyer in an idle conversation, read by the rules; `over` changes any of it. */
export function decideInput(index: CatalogueIndex, text: string, over: Partial<DecideInput> = {}): DecideInput {
  return {
    state: 'idle',
    data: {},
    role: 'buyer',
    parsed: parseMessage(index, text),
    text,
    openQuoteRef: null,
    awaitingOrderRef: null,
    trialPending: false,
    limits: { quantityPerLineMax: 5000, quantityPerOrderMax: 20000, trialOrderQuantityMax: 20, linesPerOrderMax: 50, clarifyLinesMax: 10 },
    reparse: (t) => parseMessage(index, t),
    ...over,
  };
}
