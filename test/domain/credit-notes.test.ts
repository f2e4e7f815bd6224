import fc from 'fast-check';
import { formatCreditNoteNumber } from '../../domain/invoices/calendar';
import { creditNoteReason, decideCreditNote, type CorrectedInvoice, type ReversedCharge } from '../../domain/invoices/credit-note';
import { invoiceProblems, type InvoiceCustomer, type InvoiceLine } from '../../domain/invoices/invoice';
import { amountDue, invoiceStatus } from '../../domain/invoices/invoice-status';

// Issue 14, corrections: a credit note credits exactly the lines an invoice printed for the charges
// the ledger reversed after it, adds up as printed, and an invoice's status follows what was paid
// towards it and what credit notes took off it.

const roam: InvoiceCustomer = { id: 'B2B-002', company: 'Bangkok Roam', legalEntity: 'Bangkok Roam Co., Ltd.', currency: 'THB', taxNumber: '0105561234567', invoiceNote: null, zeroInvoices: false };

function line(entryId: number, quantity: number, unitPriceMinor: number, unitPriceUsdMinor: number, kind: 'item' | 'adjustment' = 'item'): InvoiceLine {
  return { entryId, orderReference: `ORD-${String(entryId).padStart(6, '0')}`, date: '2026-11-20', kind, sku: kind === 'item' ? 'ESIM-JP-10GB-15D' : '', description: kind === 'item' ? 'ESIM-JP-10GB-15D' : 'Rounding adjustment (as booked)', quantity, unitPriceMinor, lineMinor: quantity * unitPriceMinor, unitPriceUsdMinor, lineUsdMinor: quantity * unitPriceUsdMinor };
}

const invoice: CorrectedInvoice = {
  id: 7,
  number: 'INV-2026-00001',
  issueDate: '2026-12-01',
  currency: 'THB',
  lines: [line(11, 20, 41_900, 1_280), line(11, 1, 3, 0, 'adjustment'), line(12, 15, 55_000, 1_590)],
};

const reversal = (chargeEntryId: number, overrides: Partial<ReversedCharge> = {}): ReversedCharge => {
  const billed = invoice.lines.filter((l) => l.entryId === chargeEntryId);
  return {
    reversalEntryId: 100 + chargeEntryId,
    chargeEntryId,
    occurredAt: '2026-12-10T15:00:00.000Z',
    amountMinor: billed.reduce((s, l) => s + l.lineMinor, 0),
    usdMinor: billed.reduce((s, l) => s + l.lineUsdMinor, 0),
    ...overrides,
  };
};

describe('credit notes', () => {
  test('credit the invoice lines of the reversed charge, adjustment included, and say what they correct', () => {
    const decision = decideCreditNote({ issuerName: 'eSIM Hub', customer: roam, invoice, issueDate: '2026-12-11', reversals: [reversal(11)] });
    if (!decision.ok) throw new Error('expected a credit note');
    const cn = decision.creditNote;
    expect(cn.lines.map((l) => [l.orderReference, l.quantity, l.unitPriceMinor, l.lineMinor, l.entryId, l.date])).toEqual([
      ['ORD-000011', 20, 41_900, 838_000, 111, '2026-12-10'],
      ['ORD-000011', 1, 3, 3, 111, '2026-12-10'],
    ]);
    expect(cn.totalMinor).toBe(838_003);
    expect(cn.reversalEntryIds).toEqual([111]);
    expect(cn.invoice?.number).toBe('INV-2026-00001');
    expect(cn.reason).toBe('Corrects invoice INV-2026-00001: order ORD-000011 reversed after invoicing');
    expect(invoiceProblems({ ...cn, dueDate: cn.issueDate, periodStart: '2026-12-01', periodEnd: '2026-12-01', issueDate: '2026-12-11' })).toEqual([]);
  });

  test('a reversal booked on the issue date waits for the next day; none is nothing to credit', () => {
    expect(decideCreditNote({ issuerName: 'eSIM Hub', customer: roam, invoice, issueDate: '2026-12-10', reversals: [reversal(11)] })).toEqual({ ok: false, code: 'nothing_to_credit' });
    expect(decideCreditNote({ issuerName: 'eSIM Hub', customer: roam, invoice, issueDate: '2026-12-11', reversals: [] })).toEqual({ ok: false, code: 'nothing_to_credit' });
  });

  test('a reversal that does not take back what the invoice printed is refused, not papered over', () => {
    expect(() => decideCreditNote({ issuerName: 'eSIM Hub', customer: roam, invoice, issueDate: '2026-12-11', reversals: [reversal(12, { amountMinor: 1 })] })).toThrow(/takes back 1, the invoice printed 825000/);
    expect(() => decideCreditNote({ issuerName: 'eSIM Hub', customer: roam, invoice, issueDate: '2026-12-11', reversals: [reversal(99, { amountMinor: 5 })] })).toThrow(/reversal 199 of charge 99/);
  });

  test('every credit note adds up as printed and credits what the reversals took back (property)', () => {
    fc.assert(
      fc.property(fc.subarray([11, 12], { minLength: 1 }), (charges) => {
        const decision = decideCreditNote({ issuerName: 'eSIM Hub', customer: roam, invoice, issueDate: '2026-12-11', reversals: charges.map((c) => reversal(c)) });
        if (!decision.ok) return false;
        const cn = decision.creditNote;
        const reversed = charges.map((c) => reversal(c)).reduce((s, r) => s + r.amountMinor, 0);
        return cn.lines.every((l) => l.quantity * l.unitPriceMinor === l.lineMinor) && cn.lines.reduce((s, l) => s + l.lineMinor, 0) === cn.totalMinor && cn.totalMinor === reversed;
      }),
    );
  });

  test('numbers have their own series: CN-2026-00001', () => {
    expect(formatCreditNoteNumber(2026, 1)).toBe('CN-2026-00001');
    expect(creditNoteReason('INV-2026-00003', ['ORD-000001', 'ORD-000002', 'ORD-000001'])).toBe('Corrects invoice INV-2026-00003: orders ORD-000001, ORD-000002 reversed after invoicing');
  });
});

describe('invoice status', () => {
  test('paid once payments and credit notes cover it; void when credit notes alone took all of it back', () => {
    expect(invoiceStatus({ amountMinor: 1000, paidMinor: 0, creditedMinor: 0 })).toBe('issued');
    expect(invoiceStatus({ amountMinor: 1000, paidMinor: 400, creditedMinor: 599 })).toBe('issued');
    expect(invoiceStatus({ amountMinor: 1000, paidMinor: 400, creditedMinor: 600 })).toBe('paid');
    expect(invoiceStatus({ amountMinor: 1000, paidMinor: 1200, creditedMinor: 0 })).toBe('paid');
    expect(invoiceStatus({ amountMinor: 1000, paidMinor: 0, creditedMinor: 1000 })).toBe('void');
    expect(invoiceStatus({ amountMinor: 0, paidMinor: 0, creditedMinor: 0 })).toBe('issued'); // a zero invoice asks for nothing, and says so
    expect(amountDue({ amountMinor: 1000, paidMinor: 400, creditedMinor: 100 })).toBe(500);
    expect(amountDue({ amountMinor: 1000, paidMinor: 1400, creditedMinor: 100 })).toBe(0);
  });
});
