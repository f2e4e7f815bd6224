import { parseMessage, type ParseContext } from '../../domain/parsing/parse-message';
import { readingOf } from '../../domain/parsing/evaluation';
import { seedCatalogueIndex } from '../../bot/parsing/seed-catalogue';

// Issue 16, seventh tuning set: kinds of messages it showed were read wrong; each rule with
// messages written for it here (not copied from a labelled set).

const index = seedCatalogueIndex();
const read = (text: string, context: ParseContext = {}) => {
  const r = readingOf(parseMessage(index, text, context));
  return { intent: r.intent, lines: r.lines.map((l) => [l.sku, l.quantity]), sure: r.sure, reference: r.reference };
};

describe('a place named twice in one line', () => {
  test('two sizes of one place, the second line naming the place again by a city, are two lines', () => {
    expect(read('We need 70 UAE 10GB eSIMs and 45 UAE 5GB eSIMs for the Dubai fair.').lines).toEqual([
      ['ESIM-AE-10GB-30D', 70],
      ['ESIM-AE-5GB-30D', 45],
    ]);
  });
});
