import { fitTicketDetail, ticketNote, withNote, TICKET_DETAIL_MAX, TICKET_NOTES_MAX } from '../../domain/staff/ticket-detail';

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

  const bigDetail = (ref: string) =>
    fitTicketDetail([`Order ${ref} finished with 0 of 25 eSIMs delivered; USD 71.75 went back to the prepaid balance. The reseller was told.`], Array.from({ length: 25 }, (_, i) => request(i)), more);

  test('notes on an open ticket: whole while they fit, then every order still named by its first line', () => {
    let detail = bigDetail('ORD-000001');
    for (let i = 2; i <= 9; i += 1) detail = withNote(detail, 'fulfilment_stuck', bigDetail(`ORD-00000${i}`));
    expect(detail.length).toBeLessThanOrEqual(TICKET_NOTES_MAX);
    for (let i = 1; i <= 9; i += 1) expect(detail).toContain(`Order ORD-00000${i} finished with 0 of 25 eSIMs delivered`);
    expect(detail.startsWith('Order ORD-000001 finished')).toBe(true); // the ticket's own reason first
  });

  test('a small note is added whole', () => {
    expect(withNote('Customer asked for a person.', 'fulfilment_stuck', 'Order ORD-000007 could not be fulfilled: HTTP 503')).toBe(
      'Customer asked for a person.\n\nAlso (fulfilment_stuck): Order ORD-000007 could not be fulfilled: HTTP 503',
    );
  });

  test('hundreds of notes: within the limit, the newest in, the ones left out counted', () => {
    let detail = bigDetail('ORD-000001');
    for (let i = 2; i <= 300; i += 1) detail = withNote(detail, 'fulfilment_stuck', bigDetail(`ORD-${String(i).padStart(6, '0')}`));
    expect(detail.length).toBeLessThanOrEqual(TICKET_NOTES_MAX);
    expect(detail).toContain('Order ORD-000300 finished');
    const named = (detail.match(/Order ORD-\d+ finished/g) ?? []).length;
    const leftOut = Number(/Also \(earlier notes\): (\d+) left out for room/.exec(detail)?.[1]);
    expect(named + leftOut).toBe(300); // every order named, or counted
  });
});
