import { fitTicketDetail, ticketNote, TICKET_DETAIL_MAX } from '../../domain/staff/ticket-detail';

const request = (i: number, error = 'rejected, package PKG-EJP-1GB-7D is out of stock (supplier code 4091)') => `supplier:ORD-000123:7:${i} (1 eSIMs): failed, ${error}`;
const more = (n: number) => `... and ${n} more not delivered`;

describe('a ticket detail that fits', () => {
  test('few lines: all of them, nothing added', () => {
    expect(fitTicketDetail(['Order ORD-000123 finished with 2 of 5 eSIMs delivered.'], [request(0), request(1)], more)).toBe(
      `Order ORD-000123 finished with 2 of 5 eSIMs delivered.\n${request(0)}\n${request(1)}`,
    );
  });

  test('too many to fit: whole lines only, and the count of the rest is always the last line', () => {
    const listed = Array.from({ length: 25 }, (_, i) => request(i));
    const detail = fitTicketDetail(['Order ORD-000123 finished with 0 of 25 eSIMs delivered.'], listed, more);
    expect(detail.length).toBeLessThanOrEqual(TICKET_DETAIL_MAX);
    const lines = detail.split('\n');
    const shown = lines.filter((l) => l.startsWith('supplier:'));
    expect(shown).toEqual(listed.slice(0, shown.length));
    expect(lines[lines.length - 1]).toBe(more(25 - shown.length));
  });

  test("a supplier's long error is cut on its line, not the lines after it", () => {
    const listed = [request(0, 'x'.repeat(600)), request(1)];
    const detail = fitTicketDetail(['Order ORD-000123 finished short.'], listed, more);
    expect(detail.split('\n')).toHaveLength(3);
    expect(detail.split('\n')[1]!.length).toBe(240);
    expect(detail.split('\n')[2]).toBe(request(1));
  });

  test('a note keeps its first line as the summary', () => {
    expect(ticketNote('fulfilment_stuck', 'Order ORD-000124 finished with 0 of 3 eSIMs delivered.\nsupplier:...')).toEqual({
      note: '\n\nAlso (fulfilment_stuck): Order ORD-000124 finished with 0 of 3 eSIMs delivered.\nsupplier:...',
      summary: '\n\nAlso (fulfilment_stuck): Order ORD-000124 finished with 0 of 3 eSIMs delivered. (the rest did not fit on this ticket)',
    });
  });
});
