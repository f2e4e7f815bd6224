import { requestedMonth } from '../../domain/parsing/requested-month';

describe('the month a statement is asked for', () => {
  const today = '2026-11-27';
  test.each([
    ['statement for October', '2026-10'],
    ['Can you send our October statement please?', '2026-10'],
    ['estado de cuenta de septiembre', '2026-09'],
    ['Extrato de outubro de 2026, por favor', '2026-10'],
    ['10月对账单', '2026-10'],
    ['请发一下2026年9月的对账单', '2026-09'],
    ['十月的对账单', '2026-10'],
    ['statement 2026-08', '2026-08'],
    ['statement for last month', '2026-10'],
    ['上个月的账单', '2026-10'],
    ['extrato do mês passado', '2026-10'],
    ['statement for December', '2025-12'], // December has not begun this year: last December
    ['statement', null],
    ['对账单', null],
    ['estado de cuenta', null],
  ])('%s -> %s', (text, month) => {
    expect(requestedMonth(text, today)).toBe(month);
  });

  test('in January, "last month" is December of the year before', () => {
    expect(requestedMonth('statement for last month', '2027-01-05')).toBe('2026-12');
    expect(requestedMonth('statement for November', '2027-01-05')).toBe('2026-11');
  });
});

test('"may" as a verb names no month; "May 2026" does', () => {
  expect(requestedMonth('May I have our statement?', '2026-11-27')).toBeNull();
  expect(requestedMonth('statement for May 2026', '2026-11-27')).toBe('2026-05');
});
