import { BankFileError } from '../../domain/settlement/bank-entry';
import { parseBankCsv, parseColumnMap } from '../../domain/settlement/bank-csv';
import { looksLikeCamt053, parseCamt053 } from '../../domain/settlement/camt053';
import { matchDeposit, type MatchInput, type OrderFact } from '../../domain/settlement/match';
import { foldPayerName, remittanceReferences } from '../../domain/settlement/references';
import { camt053, type Camt053Version } from '../support/camt053-files';

const IBAN = 'DE89370400440532013000';

describe('camt.053, every version the banks send', () => {
  const statement = (version: Camt053Version, prefix?: string) =>
    camt053(
      version,
      [
        {
          id: 'STMT-2026-11-26',
          iban: IBAN,
          currency: 'EUR',
          entries: [
            { amount: '1250.00', currency: 'EUR', bookingDate: '2026-11-26', valueDate: '2026-11-26', acctSvcrRef: 'BANK-0001', transactions: [{ endToEndId: 'E2E-1', debtorName: 'Viajes Conecta S.L.', debtorIban: 'ES91 2100 0418 4502 0005 1332', ustrd: ['Pedido ORD-000123', 'gracias'] }] },
            { amount: '99.90', currency: 'EUR', bookingDate: '2026-11-26', acctSvcrRef: 'BANK-0002', transactions: [{ debtorName: 'Lisboa Viagens Lda', creditorRef: 'Q 000 045' }] },
            {
              amount: '300.00', currency: 'EUR', bookingDate: '2026-11-26', acctSvcrRef: 'BANK-0003',
              transactions: [
                { amount: '100.00', acctSvcrRef: 'BANK-0003-1', debtorName: 'A', ustrd: ['b2b007 topup'] },
                { amount: '200.00', acctSvcrRef: 'BANK-0003-2', debtorName: 'B', ustrd: ['B2B-015'] },
              ],
            },
            { amount: '40.00', currency: 'EUR', direction: 'DBIT', bookingDate: '2026-11-26', acctSvcrRef: 'BANK-0004', transactions: [{ creditorName: 'Supplier', ustrd: ['fees'] }] },
            { amount: '75.00', currency: 'EUR', status: 'PDNG', bookingDate: '2026-11-27', acctSvcrRef: 'BANK-0005', transactions: [{ debtorName: 'C', ustrd: ['ORD-000124'] }] },
            { amount: '1250.00', currency: 'EUR', direction: 'DBIT', reversal: true, bookingDate: '2026-11-27', acctSvcrRef: 'BANK-0006', transactions: [{ endToEndId: 'E2E-1', creditorName: 'Viajes Conecta S.L.', ustrd: ['Return: Pedido ORD-000123'] }] },
          ],
        },
        { id: 'STMT-USD', iban: 'DE02100100100006820101', currency: 'USD', entries: [{ amount: '10.00', currency: 'USD', bookingDate: '2026-11-26', bookingDateTime: '2026-11-26T23:30:00-05:00', ntryRef: 'N-77' }] },
      ],
      { prefix },
    );

  test.each<[Camt053Version, string | undefined]>([['001.02', undefined], ['001.04', undefined], ['001.08', undefined], ['001.13', undefined], ['001.08', 'camt']])('%s (prefix %s): the same entries, whatever the shape', (version, prefix) => {
    const xml = statement(version, prefix);
    expect(looksLikeCamt053(xml)).toBe(true);
    const entries = parseCamt053(xml);
    expect(entries.map((e) => [e.key, e.direction, e.reversal, e.status, e.amountMinor, e.currency, e.payerName, e.remittance])).toEqual([
      [`r:${IBAN}:BANK-0001`, 'credit', false, 'booked', 125000, 'EUR', 'Viajes Conecta S.L.', 'Pedido ORD-000123\ngracias'],
      [`r:${IBAN}:BANK-0002`, 'credit', false, 'booked', 9990, 'EUR', 'Lisboa Viagens Lda', 'Q 000 045'],
      [`r:${IBAN}:BANK-0003-1`, 'credit', false, 'booked', 10000, 'EUR', 'A', 'b2b007 topup'],
      [`r:${IBAN}:BANK-0003-2`, 'credit', false, 'booked', 20000, 'EUR', 'B', 'B2B-015'],
      [`r:${IBAN}:BANK-0004`, 'debit', false, 'booked', 4000, 'EUR', 'Supplier', 'fees'],
      [`r:${IBAN}:BANK-0005`, 'credit', false, 'pending', 7500, 'EUR', 'C', 'ORD-000124'],
      [`r:${IBAN}:BANK-0006`, 'debit', true, 'booked', 125000, 'EUR', 'Viajes Conecta S.L.', 'Return: Pedido ORD-000123'],
      ['r:DE02100100100006820101:N-77', 'credit', false, 'booked', 1000, 'USD', null, ''],
    ]);
    expect(entries[0]).toMatchObject({ payerAccount: 'ES9121000418450200051332', endToEndId: 'E2E-1', valueDate: '2026-11-26', location: 'Stmt 1, Ntry 1' });
    expect(entries[3]!.location).toBe('Stmt 1, Ntry 3, TxDtls 2');
    expect(entries[7]!.bookingDate).toBe('2026-11-27'); // 23:30 at -05:00 is the 27th in UTC
  });

  test('an entry without a bank reference gets a key from what identifies it; the same entry twice in a file is two payments', () => {
    const xml = camt053('001.08', [{ id: 'S', iban: IBAN, currency: 'EUR', entries: [1, 2].map(() => ({ amount: '10.00', currency: 'EUR', bookingDate: '2026-11-26', transactions: [{ debtorName: 'Same', ustrd: ['same'] }] })) }]);
    const [a, b] = parseCamt053(xml);
    expect(a!.key).toMatch(/^h:[0-9a-f]{32}$/);
    expect(b!.key).toBe(`${a!.key}#2`);
    expect(parseCamt053(xml).map((e) => e.key)).toEqual([a!.key, b!.key]);
  });

  test.each([
    ['<Document><BkToCstmrStmt><Stmt><Ntry><Amt Ccy="EUR">abc</Amt><CdtDbtInd>CRDT</CdtDbtInd></Ntry></Stmt></BkToCstmrStmt></Document>', /^Stmt 1, Ntry 1 Amt: not an amount: "abc"/],
    ['<Document><BkToCstmrStmt><Stmt><Ntry><Amt>1.00</Amt><CdtDbtInd>CRDT</CdtDbtInd></Ntry></Stmt></BkToCstmrStmt></Document>', /no Ccy attribute/],
    ['<Document><BkToCstmrStmt><Stmt><Ntry><Amt Ccy="XXX">1.00</Amt><CdtDbtInd>CRDT</CdtDbtInd></Ntry></Stmt></BkToCstmrStmt></Document>', /currency XXX/],
    ['<Document><BkToCstmrStmt><Stmt><Ntry><Amt Ccy="EUR">1.00</Amt><CdtDbtInd>UP</CdtDbtInd></Ntry></Stmt></BkToCstmrStmt></Document>', /CdtDbtInd: expected CRDT or DBIT/],
    ['<Document><BkToCstmrStmt><Stmt><Ntry><Amt Ccy="EUR">1.00</Amt>', /^line \d+, column \d+: not well-formed XML/],
    ['<Document><Other/></Document>', /not a camt.053 statement/],
    ['<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><Document/>', /DOCTYPE/],
  ])('a bad file is refused with the element that is wrong: %#', (xml, message) => {
    expect(() => parseCamt053(xml)).toThrow(BankFileError);
    expect(() => parseCamt053(xml)).toThrow(message);
  });
});

describe('bank CSV', () => {
  test('the default header', () => {
    const csv = [
      'booking_date,value_date,amount,currency,payer_name,payer_account,reference,bank_reference',
      '2026-11-26,2026-11-26,1250.00,EUR,Viajes Conecta S.L.,ES91 2100 0418 4502 0005 1332,Pedido ORD-000123,CSV-1',
      '2026-11-26,,-40.00,EUR,Supplier,,fees,CSV-2',
      '2026-11-26,2026-11-27,"1,000.50",USD,Seoul Mobile,,B2B-007,',
    ].join('\n');
    const entries = parseBankCsv(csv, { account: 'ACC' });
    expect(entries.map((e) => [e.key.slice(0, 8), e.direction, e.amountMinor, e.currency, e.valueDate, e.payerAccount])).toEqual([
      ['r:ACC:CS', 'credit', 125000, 'EUR', '2026-11-26', 'ES9121000418450200051332'],
      ['r:ACC:CS', 'debit', 4000, 'EUR', '2026-11-26', null],
      [entries[2]!.key.slice(0, 8), 'credit', 100050, 'USD', '2026-11-27', null],
    ]);
    expect(entries[2]!.key).toMatch(/^h:/);
  });

  test("another bank's columns through a mapping, with a decimal comma and its date format", () => {
    const csv = ['Buchungstag;Valuta;Betrag;Waehrung;Auftraggeber;IBAN;Verwendungszweck;Referenz', '26.11.2026;27.11.2026;1.250,00;EUR;Viajes Conecta;ES9121000418450200051332;ord 123;DB-1'].join('\n');
    const map = parseColumnMap('booking_date=Buchungstag,value_date=Valuta,amount=Betrag,currency=Waehrung,payer_name=Auftraggeber,payer_account=IBAN,reference=Verwendungszweck,bank_reference=Referenz');
    const [entry] = parseBankCsv(csv, { map, decimalComma: true, dateFormat: 'DD.MM.YYYY' });
    expect(entry).toMatchObject({ amountMinor: 125000, bookingDate: '2026-11-26', valueDate: '2026-11-27', remittance: 'ord 123', bankReference: 'DB-1', direction: 'credit' });
  });

  test.each([
    ['booking_date,amount\n2026-11-26,10.00', {}, /no column "currency"/],
    ['booking_date,amount,currency\n26/11/2026,10.00,EUR', {}, /^line 2 booking_date: not a date in the format YYYY-MM-DD/],
    ['booking_date,amount,currency\n2026-11-26,"10,5",EUR', {}, /^line 2 amount: not an amount: "10,5" \(a decimal comma needs --decimal-comma\)/],
    ['booking_date,amount,currency\n2026-11-26,10.00,ZZZ', {}, /^line 2 currency: unknown currency "ZZZ"/],
    ['booking_date,amount,currency\n2026-11-26,10.00,EUR,extra', {}, /^line 2/],
  ])('a bad CSV names the line and the column: %#', (csv, options, message) => {
    expect(() => parseBankCsv(csv, options)).toThrow(message);
  });

  test('a mapping that names an unknown field is refused', () => {
    expect(() => parseColumnMap('amount=Betrag,colour=Farbe')).toThrow(/unknown field "colour"/);
  });
});

describe('references as people type them', () => {
  test.each<[string, Partial<ReturnType<typeof remittanceReferences>>]>([
    ['ORD-000123', { orders: ['ORD-000123'] }],
    ['payment ord 123 thanks', { orders: ['ORD-000123'] }],
    ['Order no. 4567', { orders: ['ORD-004567'] }],
    ['ORD000123 and ORD-000124', { orders: ['ORD-000123', 'ORD-000124'] }],
    ['Q000123', { quotes: ['Q-000123'] }],
    ['q 000 123', { quotes: ['Q-000123'] }],
    ['quote: 45', { quotes: [] }],
    ['Q-45', { quotes: ['Q-000045'] }],
    ['Q3 2026 invoice', { quotes: [] }],
    ['b2b007', { customers: ['B2B-007'] }],
    ['B2B-15 topup', { customers: ['B2B-015'] }],
    ['WORD-000123 SQ-000001', { orders: [], quotes: [] }],
    ['ＯＲＤ－０００１２３', { orders: ['ORD-000123'] }],
  ])('%s', (text, expected) => {
    expect(remittanceReferences(text)).toMatchObject(expected);
  });

  test('payer names fold accents, case and legal forms', () => {
    expect(foldPayerName('VIAJES CONECTA, S.L.')).toBe(foldPayerName('Viajes Conecta SL'));
    expect(foldPayerName('Lisboa Viagens, Lda.')).toBe('lisboa viagens');
    expect(foldPayerName('São Paulo Chips Ltda')).toBe('sao paulo chips');
  });
});

describe('matching a deposit, never by guessing', () => {
  const customers = new Map([
    ['B2B-003', { id: 'B2B-003', currency: 'EUR', active: true }],
    ['B2B-007', { id: 'B2B-007', currency: 'USD', active: true }],
    ['B2B-009', { id: 'B2B-009', currency: 'CNY', active: false }],
  ]);
  const orders = new Map<string, OrderFact>([
    ['ORD-000123', { reference: 'ORD-000123', customerId: 'B2B-003', openMinor: 125000 }],
    ['ORD-000200', { reference: 'ORD-000200', customerId: 'B2B-007', openMinor: 5000 }],
  ]);
  const base = (remittance: string, over: Partial<MatchInput> = {}): MatchInput => ({
    references: remittanceReferences(remittance),
    amountIn: () => 125000,
    toleranceIn: () => 2000,
    foreignCurrency: () => false,
    customers,
    orders,
    quotes: new Map([['Q-000045', { reference: 'Q-000045', customerId: 'B2B-003', orderReference: 'ORD-000123' }]]),
    payerCustomerId: null,
    payerOpenOrders: [],
    ...over,
  });

  test('1. an order or quote reference', () => {
    expect(matchDeposit(base('Pedido ord 123'))).toEqual({ kind: 'matched', rule: 'order_reference', customerId: 'B2B-003', orderReference: 'ORD-000123' });
    expect(matchDeposit(base('Q 000 045'))).toEqual({ kind: 'matched', rule: 'quote_reference', customerId: 'B2B-003', orderReference: 'ORD-000123' });
  });

  test('2. the reseller id', () => {
    expect(matchDeposit(base('topup b2b007'))).toEqual({ kind: 'matched', rule: 'customer_id', customerId: 'B2B-007', orderReference: null });
  });

  test('3. a confirmed payer with an amount equal to one open order, within the tolerance', () => {
    const open = [orders.get('ORD-000123')!];
    expect(matchDeposit(base('thanks', { payerCustomerId: 'B2B-003', payerOpenOrders: open, amountIn: () => 124000 }))).toEqual({ kind: 'matched', rule: 'payer_and_amount', customerId: 'B2B-003', orderReference: 'ORD-000123' });
    const refused = matchDeposit(base('thanks', { payerCustomerId: 'B2B-003', payerOpenOrders: open, amountIn: () => 100000 }));
    expect(refused).toMatchObject({ kind: 'for_staff', reason: 'a known payer; the amount fits no open order', candidates: [{ customerId: 'B2B-003', orderReference: 'ORD-000123' }] });
  });

  test('refusals: two resellers named, an inactive one, nothing known, another currency beyond the tolerance, no FX rate', () => {
    expect(matchDeposit(base('ORD-000123 B2B-007'))).toMatchObject({ kind: 'for_staff', reason: expect.stringMatching(/more than one reseller/) });
    expect(matchDeposit(base('B2B-009'))).toMatchObject({ kind: 'for_staff', reason: 'B2B-009 is not active' });
    expect(matchDeposit(base('thanks'))).toEqual({ kind: 'for_staff', reason: 'no order, quote or reseller reference, and the payer is not known', candidates: [] });
    expect(matchDeposit(base('ORD-000999'))).toMatchObject({ kind: 'for_staff' }); // an unknown reference names no one
    expect(matchDeposit(base('ORD-000123', { foreignCurrency: () => true, amountIn: () => 120000 }))).toMatchObject({ kind: 'for_staff', reason: expect.stringMatching(/another currency/) });
    expect(matchDeposit(base('ORD-000123', { foreignCurrency: () => true, amountIn: () => 124500 }))).toMatchObject({ kind: 'matched' });
    expect(matchDeposit(base('ORD-000123', { foreignCurrency: () => true, amountIn: () => null }))).toMatchObject({ kind: 'for_staff', reason: expect.stringMatching(/no FX rate/) });
  });
});
