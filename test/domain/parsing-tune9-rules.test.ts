import { parseMessage, type ParseContext } from '../../domain/parsing/parse-message';
import { readingOf } from '../../domain/parsing/evaluation';
import { seedCatalogueIndex } from '../../bot/parsing/seed-catalogue';

// Issue 16, ninth tuning set: kinds of messages it showed were read wrong; each rule with
// messages written for it here, in the four languages (not copied from a labelled set).

const index = seedCatalogueIndex();
const read = (text: string, context: ParseContext = {}) => {
  const r = readingOf(parseMessage(index, text, context));
  return { intent: r.intent, lines: r.lines.map((l) => [l.sku, l.quantity]), sure: r.sure, reference: r.reference };
};

describe('one count for every line, said as a header or as "the same"', () => {
  test.each([
    ['quantity per line: 12\nJapan 10GB 30 days\nSingapore 10GB', 12],
    ['Qty per item: 12\n- Japan 10GB 30 days\n- Singapore 10GB', 12],
    ['12 pcs per line:\nJapan 10GB 30 days\nSingapore 10GB', 12],
    ['12 units per country: Japan 10GB 30 days, Singapore 10GB', 12],
    ['all items at 12: Japan 10GB 30 days, Singapore 10GB', 12],
    ['cantidad por línea: 12\nJapón 10GB 30 días\nSingapur 10GB', 12],
    ['12 unidades por referencia:\nJapón 10GB 30 días\nSingapur 10GB', 12],
    ['Japón 10GB 30 días y Singapur 10GB, la misma cantidad para los dos: 12', 12],
    ['quantidade por item: 12\nJapão 10GB 30 dias\nSingapura 10GB', 12],
    ['12 unidades por SKU:\nJapão 10GB 30 dias\nSingapura 10GB', 12],
    ['Japão 10GB 30 dias, Singapura 10GB, mesma quantidade pros dois: 12', 12],
    ['日本10GB 30天、新加坡10GB，数量一样，12张', 12],
    ['x12 each -> japan 10gb 30 days, singapore 10gb', 12],
  ])('%s', (text, count) => {
    expect(read(text).lines).toEqual([
      ['ESIM-JP-10GB-30D', count],
      ['ESIM-SG-10GB-30D', count],
    ]);
  });

  test.each([
    'Japan 10GB 30 days x 12 and the same of Singapore 10GB',
    'Japón 10GB 30 días 12 y lo mismo de Singapur 10GB',
    'Japão 10GB 30 dias 12 e o mesmo de Singapura 10GB',
    '日本10GB 30天 12张，新加坡10GB也一样',
  ])('"the same" again for the next line, read but not sure: %s', (text) => {
    const r = read(text);
    expect(r.lines).toEqual([
      ['ESIM-JP-10GB-30D', 12],
      ['ESIM-SG-10GB-30D', 12],
    ]);
    expect(r.sure).toBe(false);
  });
});
