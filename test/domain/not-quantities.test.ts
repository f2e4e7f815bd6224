import fc from 'fast-check';
import { parseMessage } from '../../domain/parsing/parse-message';
import { seedCatalogueIndex } from '../../bot/parsing/seed-catalogue';

// Issue 16: a number that is not a quantity (a PO, order or quote reference, a date, a time, a
// phone number, a price, a flight, a room) never becomes one, wherever it stands in the message
// and in whatever language the order around it is written.

const index = seedCatalogueIndex();

const ORDERS: readonly ((n: number) => string)[] = [
  (n) => `Japan 10GB 15 days x ${n}`,
  (n) => `need ${n} pcs Japan 10GB 15 days`,
  (n) => `日本10G 15天 ${n}张`,
  (n) => `Japón 10GB 15 días, ${n} unidades`,
  (n) => `Japão 10GB 15 dias - ${n} unidades`,
  (n) => `ESIM-JP-10GB-15D x ${n}`,
];

const NOT_QUANTITIES: readonly string[] = [
  'PO-2026-1187',
  'our PO# MLT-77120',
  'ref. BLT/2026/311',
  'ORD-000412',
  'Q-000045',
  'B2B-003',
  'INV-2026-00017',
  '2026-11-25',
  '25/11/2026',
  '03/12',
  '3 Dec',
  'Dec 3rd',
  '2 de diciembre',
  '12月3日',
  '2027年3月',
  'March 2027',
  '07:45',
  '9pm',
  '+66 81 234 5601',
  '(21) 98877-1122',
  '0755-8866 1234',
  'tel 55 1234 5678',
  '13812345678',
  '$8.50 each',
  '4,95 EUR',
  'RM 21.50',
  'US$ 17,55',
  '15%',
  'flight TG 661',
  'room 1204',
  'ages 15-17',
  // Counts of other things, ratios, times of day, days of the month, sizes in MB, tax and device numbers.
  'for my 3 shops',
  'for our 2 travel agencies',
  'para mis 2 agencias de Lima',
  'para as 4 lojas',
  '我们3个门店',
  '2个家庭用',
  '1 de cada 4 clientes',
  '1 in 5 customers',
  'pa las 5 de la tarde',
  'antes das 14h',
  'by 5 o\'clock',
  '下午2点前',
  '8号出发',
  'grupo do dia 8',
  'only 0 MB left',
  '税号91440300MA5G8K2X1Q',
  'ICCID 8985200012345678901',
];

const SEPARATORS = [' ', ', ', '. ', '\n', ' - ', '；'];

describe('numbers that are not quantities', () => {
  test('in any position, next to an order in any of the four languages, the quantity stays the order\'s', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4000 }),
        fc.constantFrom(...ORDERS),
        fc.constantFrom(...NOT_QUANTITIES),
        fc.constantFrom('before', 'after'),
        fc.constantFrom(...SEPARATORS),
        (n, order, distractor, where, separator) => {
          const text = where === 'before' ? `${distractor}${separator}${order(n)}` : `${order(n)}${separator}${distractor}`;
          const read = parseMessage(index, text);
          expect(read.lines.map((l) => [l.sku, l.quantity])).toEqual([['ESIM-JP-10GB-15D', n]]);
        },
      ),
      { numRuns: 1500 },
    );
  });

  test('two of them around one order, and one inside an email\'s subject or signature', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4000 }), fc.constantFrom(...NOT_QUANTITIES), fc.constantFrom(...NOT_QUANTITIES), (n, a, b) => {
        const email = `Subject: ${a} Japan eSIMs\n\nHello,\n\nPlease send ${n} x ESIM-JP-10GB-15D.\n\nBest regards,\nAna\n${b}`;
        expect(parseMessage(index, email).lines.map((l) => [l.sku, l.quantity])).toEqual([['ESIM-JP-10GB-15D', n]]);
      }),
      { numRuns: 500 },
    );
  });
});
