import fc from 'fast-check';
import { ConfigError, loadConfig } from '../../bot/config';
import { matchDeposit } from '../../domain/settlement/match';
import { remittanceReferences } from '../../domain/settlement/references';
import {
  addDays,
  dueDate,
  formatInvoiceNumber,
  invoiceNumbersIn,
  isBillingDay,
  parseInvoiceNumber,
} from '../../domain/invoices/calendar';
import {
  ADJUSTMENT_DESCRIPTION,
  chargesCovered,
  decideInvoice,
  invoiceProblems,
  type DeliveredCharge,
  type InvoiceCustomer,
  type InvoiceInput,
} from '../../domain/invoices/invoice';

// Issue 14, invoices for postpaid resellers: what an invoice covers, its lines and totals as
// printed, its dates and its number. Figures from the seed: Youyi (B2B-001) buys in CNY.

const youyi: InvoiceCustomer = {
  id: 'B2B-001',
  company: 'Youyi Travel Tech',
  legalEntity: '深圳友谊旅游科技有限公司',
  currency: 'CNY',
  taxNumber: '91440300MA5F0XXXX',
  invoiceNote: null,
  zeroInvoices: false,
};

let nextId = 1;
function charge(overrides: Partial<DeliveredCharge> = {}): DeliveredCharge {
  const items = overrides.items ?? [{ sku: 'ESIM-JP-10GB-15D', quantity: 20, unitPriceMinor: 9_214, unitPriceUsdMinor: 1_280 }];
  return {
    entryId: nextId++,
    orderReference: `ORD-${String(nextId).padStart(6, '0')}`,
    occurredAt: '2026-10-14T09:00:00.000Z',
    amountMinor: items.reduce((s, i) => s + i.quantity * i.unitPriceMinor, 0),
    usdMinor: items.reduce((s, i) => s + i.quantity * i.unitPriceUsdMinor, 0),
    ...overrides,
    items,
  };
}

function input(overrides: Partial<InvoiceInput> = {}): InvoiceInput {
  return { issuerName: 'eSIM Hub', customer: youyi, issueDate: '2026-11-01', paymentTermsDays: 30, previous: null, unbilled: [charge()], ...overrides };
}

describe('billing day', () => {
  test.each([
    // [billing day, date, is it]
    [1, '2026-11-01', true],
    [1, '2026-11-02', false],
    [15, '2026-11-15', true],
    [28, '2026-02-28', true],
    [29, '2026-02-28', true], // no 29th in February 2026: its last day
    [29, '2028-02-28', false], // 2028 has a 29th
    [29, '2028-02-29', true],
    [31, '2026-04-30', true],
    [31, '2026-04-29', false],
    [31, '2026-05-31', true],
    [31, '2026-05-30', false],
    [30, '2026-02-28', true],
  ])('billing day %i on %s: %s', (day, date, expected) => {
    expect(isBillingDay(day, date)).toBe(expected);
  });

  test('a billing day outside 1-31 or a date that is not one is a programmer error', () => {
    expect(() => isBillingDay(0, '2026-11-01')).toThrow('billing day');
    expect(() => isBillingDay(32, '2026-11-01')).toThrow('billing day');
    expect(() => isBillingDay(1, '2026-02-30')).toThrow('calendar day');
  });

  test('property: every billing day 1-31 comes exactly once in every month', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 31 }), fc.integer({ min: 2000, max: 2100 }), fc.integer({ min: 1, max: 12 }), (day, year, month) => {
        const first = `${year}-${String(month).padStart(2, '0')}-01`;
        let count = 0;
        for (let d = first; d.slice(0, 7) === first.slice(0, 7); d = addDays(d, 1)) if (isBillingDay(day, d)) count += 1;
        return count === 1;
      }),
    );
  });
});

describe('dates and numbers', () => {
  test('due date: issue date plus the terms, across month and year ends', () => {
    expect(dueDate('2026-11-01', 30)).toBe('2026-12-01');
    expect(dueDate('2026-12-15', 30)).toBe('2027-01-14');
    expect(dueDate('2028-02-01', 28)).toBe('2028-02-29');
    expect(dueDate('2026-11-01', 0)).toBe('2026-11-01');
    expect(() => dueDate('2026-11-01', -1)).toThrow('payment terms');
  });

  test('INV-YYYY-NNNNN, five digits, read back', () => {
    expect(formatInvoiceNumber(2026, 1)).toBe('INV-2026-00001');
    expect(formatInvoiceNumber(2027, 12_345)).toBe('INV-2027-12345');
    expect(() => formatInvoiceNumber(2026, 0)).toThrow();
    expect(() => formatInvoiceNumber(2026, 100_000)).toThrow();
    expect(parseInvoiceNumber('INV-2026-00042')).toEqual({ year: 2026, sequence: 42 });
    expect(parseInvoiceNumber('INV-2026-00000')).toBeNull();
    expect(parseInvoiceNumber('INV-26-1')).toBeNull();
  });

  test.each([
    ['Payment INV-2026-00001 thanks', ['INV-2026-00001']],
    ['inv 2026 00017', ['INV-2026-00017']],
    ['INV2026-17 and inv-2027-3', ['INV-2026-00017', 'INV-2027-00003']],
    ['invoice 2026', []],
    ['ORD-000123', []],
    ['PREVINV-2026-00001x', []],
    ['INV-2026-00001 INV-2026-00001', ['INV-2026-00001']],
  ])('invoice numbers in %j', (text, expected) => {
    expect(invoiceNumbersIn(text)).toEqual(expected);
  });
});

describe('what an invoice covers', () => {
  test('charges booked before the issue date, oldest first; one on the issue date waits for the next invoice', () => {
    const late = charge({ occurredAt: '2026-10-31T23:59:59.999Z' });
    const early = charge({ occurredAt: '2026-10-02T08:00:00.000Z' });
    const onIssueDay = charge({ occurredAt: '2026-11-01T00:00:00.000Z' });
    expect(chargesCovered([late, onIssueDay, early], '2026-11-01').map((c) => c.entryId)).toEqual([early.entryId, late.entryId]);
  });

  test('the first invoice: lines per SKU, quantity x printed unit price, USD alongside, total the sum; due in 30 days', () => {
    const c1 = charge({ occurredAt: '2026-10-14T09:00:00.000Z', orderReference: 'ORD-000001' });
    const c2 = charge({
      occurredAt: '2026-10-20T10:00:00.000Z',
      orderReference: 'ORD-000002',
      items: [
        { sku: 'ESIM-TH-UNL-10D', quantity: 30, unitPriceMinor: 6_123, unitPriceUsdMinor: 850 },
        { sku: 'ESIM-JP-3GB-15D', quantity: 12, unitPriceMinor: 3_377, unitPriceUsdMinor: 469 },
      ],
    });
    const decision = decideInvoice(input({ unbilled: [c2, c1] }));
    if (!decision.ok) throw new Error(decision.code);
    const inv = decision.invoice;
    expect(inv.lines.map((l) => [l.orderReference, l.date, l.sku, l.quantity, l.unitPriceMinor, l.lineMinor, l.lineUsdMinor])).toEqual([
      ['ORD-000001', '2026-10-14', 'ESIM-JP-10GB-15D', 20, 9_214, 184_280, 25_600],
      ['ORD-000002', '2026-10-20', 'ESIM-TH-UNL-10D', 30, 6_123, 183_690, 25_500],
      ['ORD-000002', '2026-10-20', 'ESIM-JP-3GB-15D', 12, 3_377, 40_524, 5_628],
    ]);
    expect(inv.totalMinor).toBe(184_280 + 183_690 + 40_524);
    expect(inv.totalUsdMinor).toBe(25_600 + 25_500 + 5_628);
    expect([inv.issueDate, inv.dueDate, inv.periodStart, inv.periodEnd]).toEqual(['2026-11-01', '2026-12-01', '2026-10-14', '2026-10-31']);
    expect(inv.entryIds).toEqual([c1.entryId, c2.entryId]);
    expect(inv.currency).toBe('CNY');
    expect(invoiceProblems(inv)).toEqual([]);
  });

  test('the next invoice starts the day after the last one ended', () => {
    const decision = decideInvoice(input({ issueDate: '2026-12-01', previous: { issueDate: '2026-11-01', periodEnd: '2026-10-31' }, unbilled: [charge({ occurredAt: '2026-11-03T16:30:00.000Z' })] }));
    expect(decision.ok && [decision.invoice.periodStart, decision.invoice.periodEnd]).toEqual(['2026-11-01', '2026-11-30']);
  });

  test('a date already invoiced (or an earlier one) makes nothing, whatever is unbilled', () => {
    expect(decideInvoice(input({ previous: { issueDate: '2026-11-01', periodEnd: '2026-10-31' } }))).toEqual({ ok: false, code: 'already_invoiced' });
    expect(decideInvoice(input({ issueDate: '2026-10-15', previous: { issueDate: '2026-11-01', periodEnd: '2026-10-31' } }))).toEqual({ ok: false, code: 'already_invoiced' });
  });

  test('nothing delivered: no invoice, unless the reseller asked for zero invoices', () => {
    expect(decideInvoice(input({ unbilled: [] }))).toEqual({ ok: false, code: 'nothing_to_invoice' });
    expect(decideInvoice(input({ unbilled: [charge({ occurredAt: '2026-11-01T10:00:00.000Z' })] }))).toEqual({ ok: false, code: 'nothing_to_invoice' });
    const zero = decideInvoice(input({ customer: { ...youyi, zeroInvoices: true }, unbilled: [], previous: { issueDate: '2026-10-01', periodEnd: '2026-09-30' } }));
    expect(zero.ok && { total: zero.invoice.totalMinor, lines: zero.invoice.lines.length, period: [zero.invoice.periodStart, zero.invoice.periodEnd] }).toEqual({ total: 0, lines: 0, period: ['2026-10-01', '2026-10-31'] });
  });

  test('a charge its printed lines do not reproduce gets a printed adjustment line, so the invoice equals the ledger', () => {
    // A quote from before the quotes added up: booked EUR 43.23 for 10 x EUR 4.32.
    const old = charge({ amountMinor: 4_323, usdMinor: 4_700, items: [{ sku: 'ESIM-EU-5GB-30D', quantity: 10, unitPriceMinor: 432, unitPriceUsdMinor: 470 }] });
    const decision = decideInvoice(input({ unbilled: [old] }));
    if (!decision.ok) throw new Error(decision.code);
    expect(decision.invoice.lines.map((l) => [l.kind, l.description, l.quantity, l.unitPriceMinor, l.lineMinor, l.lineUsdMinor])).toEqual([
      ['item', 'ESIM-EU-5GB-30D', 10, 432, 4_320, 4_700],
      ['adjustment', ADJUSTMENT_DESCRIPTION, 1, 3, 3, 0],
    ]);
    expect(decision.invoice.totalMinor).toBe(4_323);
  });

  test('invoiceProblems names what does not add up', () => {
    const decision = decideInvoice(input());
    if (!decision.ok) throw new Error(decision.code);
    const inv = decision.invoice;
    expect(invoiceProblems({ ...inv, totalMinor: inv.totalMinor + 1 })).toEqual(['total']);
    expect(invoiceProblems({ ...inv, lines: inv.lines.map((l) => ({ ...l, unitPriceMinor: l.unitPriceMinor + 1 })) })).toEqual(['line']);
    expect(invoiceProblems({ ...inv, dueDate: '2026-10-01' })).toEqual(['dates']);
  });

  const item = fc.record({
    sku: fc.constantFrom('ESIM-JP-10GB-15D', 'ESIM-TH-UNL-10D', 'SIM-GLOBAL-1'),
    quantity: fc.integer({ min: 0, max: 5_000 }),
    unitPriceMinor: fc.integer({ min: 1, max: 5_000_000 }),
    unitPriceUsdMinor: fc.integer({ min: 1, max: 100_000 }),
  });
  const anyCharge = fc
    .record({
      items: fc.array(item, { minLength: 1, maxLength: 6 }),
      occurredAt: fc.integer({ min: Date.parse('2026-09-01T00:00:00Z'), max: Date.parse('2026-11-30T23:59:59Z') }).map((ms) => new Date(ms).toISOString()),
      // Booked amounts that the lines may or may not reproduce (old quotes, partial deliveries).
      offsetMinor: fc.oneof(fc.constant(0), fc.integer({ min: -50, max: 50 })),
      offsetUsd: fc.oneof(fc.constant(0), fc.integer({ min: -50, max: 50 })),
    })
    .map(({ items, occurredAt, offsetMinor, offsetUsd }) =>
      charge({
        items,
        occurredAt,
        amountMinor: items.reduce((s, i) => s + i.quantity * i.unitPriceMinor, 0) + offsetMinor,
        usdMinor: items.reduce((s, i) => s + i.quantity * i.unitPriceUsdMinor, 0) + offsetUsd,
      }),
    );

  test('property: every line is quantity x its printed unit price, the total is the sum of the lines and equals what the ledger charged', () => {
    fc.assert(
      fc.property(fc.array(anyCharge, { maxLength: 12 }), fc.constantFrom('2026-10-01', '2026-11-01', '2026-11-15', '2026-12-01'), (unbilled, issueDate) => {
        const decision = decideInvoice(input({ issueDate, unbilled }));
        const covered = chargesCovered(unbilled, issueDate);
        if (!decision.ok) return covered.length === 0 && decision.code === 'nothing_to_invoice';
        const inv = decision.invoice;
        return (
          invoiceProblems(inv).length === 0 &&
          inv.lines.every((l) => l.quantity * l.unitPriceMinor === l.lineMinor && l.date < issueDate) &&
          inv.totalMinor === covered.reduce((s, c) => s + c.amountMinor, 0) &&
          inv.totalUsdMinor === covered.reduce((s, c) => s + c.usdMinor, 0) &&
          new Set(inv.entryIds).size === covered.length
        );
      }),
      { numRuns: 300 },
    );
  });
});

describe('payment terms setting', () => {
  test('INVOICE_PAYMENT_TERMS_DAYS: 30 by default, whole days 0-365, a bad value named', () => {
    expect(loadConfig({}).INVOICE_PAYMENT_TERMS_DAYS).toBe(30);
    expect(loadConfig({ INVOICE_PAYMENT_TERMS_DAYS: '14' }).INVOICE_PAYMENT_TERMS_DAYS).toBe(14);
    expect(() => loadConfig({ INVOICE_PAYMENT_TERMS_DAYS: 'thirty' })).toThrow(ConfigError);
    expect(() => loadConfig({ INVOICE_PAYMENT_TERMS_DAYS: '-1' })).toThrow('INVOICE_PAYMENT_TERMS_DAYS');
  });
});

describe('a deposit that names an invoice number', () => {
  const invoice = { id: 7, number: 'INV-2026-00002', customerId: 'B2B-002', currency: 'THB', amountMinor: 500_000, paidMinor: 0, status: 'issued' as const, orderIds: [3, 4] };
  const base = (remittance: string) => ({
    references: remittanceReferences(remittance),
    amountIn: () => 500_000,
    toleranceIn: () => 0,
    foreignCurrency: () => false,
    customers: new Map([['B2B-002', { id: 'B2B-002', currency: 'THB', active: true }], ['B2B-003', { id: 'B2B-003', currency: 'EUR', active: true }]]),
    orders: new Map(),
    quotes: new Map(),
    invoices: new Map([[invoice.number, invoice]]),
    payerCustomerId: null,
    payerOpenOrders: [],
  });

  test('matches the reseller it was issued to, as people type it, and says which invoice', () => {
    expect(remittanceReferences('pay inv 2026 00002 thx').invoices).toEqual(['INV-2026-00002']);
    expect(matchDeposit(base('pay inv 2026 00002 thx'))).toEqual({ kind: 'matched', rule: 'invoice_number', customerId: 'B2B-002', orderReference: null, invoiceNumber: 'INV-2026-00002' });
  });

  test('an unknown invoice number matches nothing; one naming another reseller too goes to staff', () => {
    expect(matchDeposit(base('INV-2026-00099'))).toMatchObject({ kind: 'for_staff' });
    expect(matchDeposit(base('INV-2026-00002 B2B-003'))).toMatchObject({ kind: 'for_staff', reason: expect.stringContaining('more than one reseller') });
  });
});
