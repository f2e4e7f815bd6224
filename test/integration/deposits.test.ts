import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { formatMinorAsDecimal } from '../../domain/money';
import { balanceOf } from '../../bot/ledger/ledger-store';
import { poolSql } from '../../bot/db/sql';
import { importBankFile, type ImportSummary } from '../../bot/settlement/import-bank-file';
import { resellerAccount } from '../../bot/settlement/reseller-account';
import { markNotOurs, recordManualPayment, staffMatchDeposit, undoMatch } from '../../bot/settlement/staff-deposits';
import { addStaffUser } from '../../bot/staff/staff-users';
import { auditLedger } from '../support/ledger-auditor';
import { BotHarness } from '../support/bot-harness';
import { camt053, type CamtEntry } from '../support/camt053-files';
import { decodeQr } from '../support/qr';
import { createTestDatabase, targets, type TestDatabase } from '../support/test-database';

// Money in (issue 12) through the real database, both engines: a reseller orders, is told how to
// pay, the bank file arrives, the order goes out on the same thread.

const OUR_IBAN = 'DE89370400440532013000';
const TOLERANCE = { toleranceUsdMinor: 2000 };
const NOW = new Date('2026-11-27T09:00:00Z');

let serial = 0;
const statement = (version: Parameters<typeof camt053>[0], entries: CamtEntry[]) => camt053(version, [{ id: `STMT-${++serial}`, iban: OUR_IBAN, currency: 'EUR', entries }]);
const credit = (ref: string, amount: string, currency: string, remittance: string, payer = 'Viajes Conecta S.L.', iban = 'ES9121000418450200051332'): CamtEntry => ({
  amount, currency, bookingDate: '2026-11-26', valueDate: '2026-11-26', acctSvcrRef: ref, transactions: [{ endToEndId: `E2E-${ref}`, debtorName: payer, debtorIban: iban, ustrd: [remittance] }],
});

describe.each(targets)('money in: bank deposits on %s', (target) => {
  let db: TestDatabase;
  let chat: BotHarness;
  let staffId: number;
  beforeAll(async () => {
    db = await createTestDatabase(target, { seed: true });
    chat = await BotHarness.start(db, { env: { WEBCHAT_MESSAGES_PER_IDENTITY: '1000' } });
    staffId = await addStaffUser(db, { email: 'finance@esimhub.test', password: 'correct horse battery', role: 'finance' });
  });
  afterAll(async () => {
    await chat?.stop();
    await db?.close();
  });
  afterEach(async () => {
    expect(await auditLedger(db.pool)).toEqual([]);
  });

  const importXml = (xml: string, name = 'statement.xml') => importBankFile(db, name, xml, { ...TOLERANCE, now: NOW });
  const order = (reference: string) => db.prisma.order.findUniqueOrThrow({ where: { reference } });
  const orderTotal = async (reference: string) => formatMinorAsDecimal(Number((await order(reference)).totalMinor), (await order(reference)).currency.trim());
  /** What the running bot does after another process paid an order: fulfils it and wakes the thread. */
  const botCatchesUp = async () => {
    await chat.bot.watchOthers();
    await chat.bot.idle();
  };

  test('prepaid: told how to pay, the camt.053 file arrives, the eSIMs go out on the same thread', async () => {
    const maria = '+34612345603'; // B2B-003, prepaid EUR, no balance
    await chat.bot.watchOthers(); // the watcher starts from here
    const [quote] = await chat.say(maria, 'Necesito 2 Europa 10GB 30 días');
    const quoteRef = /Q-\d{6}/.exec(quote!.text)![0];
    const [waiting] = await chat.say(maria, 'sí');
    const orderRef = /ORD-\d{6}/.exec(waiting!.text)![0];
    expect(waiting!.text).toMatch(new RegExp(`referencia ${quoteRef}`));
    expect((await order(orderRef)).status).toBe('awaiting_payment');

    // The reseller types the quote reference the way people do in a bank form.
    const loose = `pago ${quoteRef.replace('Q-', 'q ').replace(/(\d{3})(\d{3})/, '$1 $2')}`;
    const summary = await importXml(statement('001.08', [credit('BK-1', await orderTotal(orderRef), 'EUR', loose)]));
    expect(summary).toMatchObject({ entries: 1, matched: 1, forStaff: 0, alreadyImported: 0, notDeposits: 0 });
    expect((await order(orderRef)).status).toBe('placing');
    await botCatchesUp();
    const replies = await chat.replies(maria);
    expect(replies[0]!.text).toMatch(new RegExp(`Su pago de EUR [\\d,.]+ ha llegado\\. El pedido ${orderRef} está pagado`));
    const delivered = replies.find((r) => r.images.length === 2);
    expect(delivered).toBeDefined();
    const png = Buffer.from(await (await fetch(`${chat.url}${delivered!.images[0]!.url}`)).arrayBuffer());
    expect(decodeQr(png)).toMatch(/^LPA:1\$/);
    expect((await order(orderRef)).status).toBe('delivered');
    const deposit = await db.prisma.bankDeposit.findFirstOrThrow({ where: { entryKey: `r:${OUR_IBAN}:BK-1` } });
    expect(deposit).toMatchObject({ status: 'matched', matchRule: 'quote_reference', customerId: 'B2B-003' });
  });

  test('partial, then the rest; an overpayment stays on the balance; the reseller is told each time', async () => {
    const lisboa = 'geral@lisboaviagens.pt'; // B2B-015, prepaid EUR
    await chat.say(lisboa, 'Olá, preciso de 5 Japão 10GB 15 dias');
    const [waiting] = await chat.say(lisboa, 'sim');
    const orderRef = /ORD-\d{6}/.exec(waiting!.text)![0];
    const total = Number((await order(orderRef)).totalMinor);
    const first = await importXml(statement('001.04', [credit('LIS-1', formatMinorAsDecimal(total - 1000, 'EUR'), 'EUR', `encomenda ${orderRef}`, 'Lisboa Viagens, Lda.', 'PT50000201231234567890154')]));
    expect(first.matched).toBe(1);
    expect((await order(orderRef)).status).toBe('awaiting_payment');
    const [short] = await chat.replies(lisboa);
    expect(short!.text).toMatch(new RegExp(`ainda precisa de EUR 10\\.00`));
    const second = await importXml(statement('001.13', [credit('LIS-2', '25.00', 'EUR', `${orderRef} rest`, 'Lisboa Viagens, Lda.', 'PT50000201231234567890154')]));
    expect(second.matched).toBe(1);
    expect((await order(orderRef)).status).toBe('placing');
    await botCatchesUp();
    expect((await chat.replies(lisboa))[0]!.text).toMatch(new RegExp(`A encomenda ${orderRef} está paga`));
    const account = await resellerAccount(poolSql(db.pool), 'B2B-015', '2026-11-27');
    expect(account).toMatchObject({ prepaidBalance: '15.00', awaitingPayment: [] });
  });

  test('postpaid: pays the named order first, then the oldest; more than owed stays as a credit balance', async () => {
    const aminah = 'buy@kldatatravel.my'; // B2B-012, postpaid USD
    const refs: string[] = [];
    for (const text of ['Japan 10GB 15 days x 2', 'Korea 5GB 30 days x 3']) {
      await chat.say(aminah, text);
      const [paid] = await chat.say(aminah, 'yes');
      refs.push(/ORD-\d{6}/.exec(paid!.text)![0]);
    }
    await chat.bot.idle();
    const totals = await Promise.all(refs.map(async (r) => Number((await order(r)).totalMinor)));
    const outstandingBefore = await resellerAccount(poolSql(db.pool), 'B2B-012', '2026-11-27');
    expect(outstandingBefore!.outstanding).toBe(formatMinorAsDecimal(totals[0]! + totals[1]!, 'USD'));
    // Names the second order; pays it, then the first, and 5.00 more than owed.
    const paid = formatMinorAsDecimal(totals[0]! + totals[1]! + 500, 'USD');
    const summary = await importXml(camt053('001.08', [{ id: 'KL', iban: OUR_IBAN, currency: 'USD', entries: [credit('KL-1', paid, 'USD', `Payment ${refs[1]}`, 'KL Data Travel Sdn Bhd', 'MY12345678901234')] }]));
    expect(summary.matched).toBe(1);
    const after = await resellerAccount(poolSql(db.pool), 'B2B-012', '2026-11-27');
    expect(after!.outstanding).toBe('-5.00');
    const allocations = await db.pool.query(`SELECT o.reference, pa.amount_minor::int AS amount FROM payment_allocations pa JOIN orders o ON o.id = pa.order_id JOIN bank_deposits d ON d.id = pa.deposit_id WHERE d.entry_key = $1 ORDER BY pa.id`, [`r:${OUR_IBAN}:KL-1`]);
    expect(allocations.rows).toEqual([{ reference: refs[1], amount: totals[1] }, { reference: refs[0], amount: totals[0] }]);
    expect((await chat.replies(aminah)).at(-1)!.text).toMatch(/Your payment of USD [\d,.]+ has arrived, thank you\. Outstanding now: USD 0\.00\./);
  });

  test('the reseller id tops up; a known payer with the amount of an open order matches; everything else goes to staff', async () => {
    const topUp = await importXml(statement('001.02', [credit('ID-1', '100.00', 'EUR', 'Recarga b2b003', 'Maria Lopez', 'ES7620770024003102575766')]));
    expect(topUp.matched).toBe(1);
    expect((await db.prisma.bankDeposit.findFirstOrThrow({ where: { bankReference: 'ID-1' } })).matchRule).toBe('customer_id');

    // Unknown payer, no reference: staff decide, and staff's choice is learned.
    const unknown = await importXml(statement('001.08', [credit('UNK-1', '40.00', 'EUR', 'thanks', 'Viajes Conecta Tours', 'ES1000492352082414205416')]));
    expect(unknown).toMatchObject({ matched: 0, forStaff: 1 });
    expect(unknown.attention[0]).toMatch(/^for staff: Stmt 1, Ntry 1: EUR 40\.00 from Viajes Conecta Tours "thanks": no order, quote or reseller reference/);
    const parked = await db.prisma.bankDeposit.findFirstOrThrow({ where: { bankReference: 'UNK-1' } });
    expect(parked.status).toBe('for_staff');
    expect(await db.prisma.handoffTicket.count({ where: { depositId: parked.id, status: 'open', reason: 'unmatched_deposit' } })).toBe(1);
    expect((await balanceOf(poolSql(db.pool), 'suspense', 'EUR')).balanceMinor).toBe(-4000);
    const matched = await staffMatchDeposit(db, { depositId: parked.id, customerId: 'B2B-003', orderRef: null, staffId, now: NOW });
    expect(matched.message).toBe(`deposit ${parked.id} matched to B2B-003`);
    expect((await balanceOf(poolSql(db.pool), 'suspense', 'EUR')).balanceMinor).toBe(0);
    expect(await db.prisma.payerAlias.count({ where: { customerId: 'B2B-003' } })).toBe(2);

    // The learned payer, with the amount of an open order (within the bank fee tolerance), matches by itself.
    const maria = '+34612345603';
    await chat.say(maria, 'Necesito 20 Europa 10GB 30 días');
    const [waiting] = await chat.say(maria, 'sí');
    const orderRef = /ORD-\d{6}/.exec(waiting!.text)![0];
    const total = Number((await order(orderRef)).totalMinor);
    const known = await importXml(statement('001.08', [credit('UNK-2', formatMinorAsDecimal(total - 150, 'EUR'), 'EUR', 'pago', 'Viajes Conecta Tours', 'ES1000492352082414205416')]));
    expect(known.matched).toBe(1);
    expect(await db.prisma.bankDeposit.findFirstOrThrow({ where: { bankReference: 'UNK-2' } })).toMatchObject({ matchRule: 'payer_and_amount', orderId: (await order(orderRef)).id });
    // The same payer with an amount that fits nothing: staff.
    const odd = await importXml(statement('001.08', [credit('UNK-3', '3.33', 'EUR', 'pago', 'Viajes Conecta Tours', 'ES1000492352082414205416')]));
    expect(odd.forStaff).toBe(1);
    // Two resellers named: staff.
    const two = await importXml(statement('001.08', [credit('TWO-1', '10.00', 'EUR', 'B2B-003 and B2B-015')]));
    expect(two.attention[0]).toMatch(/names more than one reseller \(B2B-003, B2B-015\)/);
  });

  test('another currency is converted at the value date rate; beyond the tolerance it goes to staff', async () => {
    const maria = '+34612345603';
    await chat.say(maria, 'Necesito 40 Europa 10GB 30 días');
    const [waiting] = await chat.say(maria, 'sí');
    const orderRef = /ORD-\d{6}/.exec(waiting!.text)![0];
    const eur = Number((await order(orderRef)).totalMinor);
    // EUR 0.8734 per USD on 2026-11-23 (the latest rate on or before the 26th).
    const usdExact = Math.round((eur / 0.8734));
    const off = await importXml(camt053('001.08', [{ id: 'USD-1', iban: 'DE02100100100006820101', currency: 'USD', entries: [credit('FX-1', formatMinorAsDecimal(usdExact - 5000, 'USD'), 'USD', orderRef)] }]));
    expect(off.attention[0]).toMatch(/paid in another currency/);
    const exact = await importXml(camt053('001.08', [{ id: 'USD-2', iban: 'DE02100100100006820101', currency: 'USD', entries: [credit('FX-2', formatMinorAsDecimal(usdExact, 'USD'), 'USD', orderRef)] }]));
    expect(exact.matched).toBe(1);
    expect((await order(orderRef)).status).toBe('placing');
    const deposit = await db.prisma.bankDeposit.findFirstOrThrow({ where: { bankReference: 'FX-2' } });
    expect(Math.abs(Number(deposit.creditedMinor) - eur)).toBeLessThanOrEqual(1);
    await botCatchesUp();
  });

  test('debits and pending entries are reported, not booked; a reversal takes back what it reverses', async () => {
    const summary = await importXml(
      statement('001.08', [
        { amount: '12.00', currency: 'EUR', direction: 'DBIT', bookingDate: '2026-11-26', acctSvcrRef: 'DB-1', transactions: [{ creditorName: 'Fees' }] },
        { ...credit('PD-1', '50.00', 'EUR', 'b2b015'), status: 'PDNG' },
        credit('RV-1', '70.00', 'EUR', 'topup B2B-015', 'Lisboa Viagens, Lda.', 'PT50000201231234567890154'),
      ]),
    );
    expect(summary).toMatchObject({ entries: 3, matched: 1, notDeposits: 2 });
    const before = (await resellerAccount(poolSql(db.pool), 'B2B-015', '2026-11-27'))!.prepaidBalance;
    const reversal = await importXml(
      statement('001.08', [{ amount: '70.00', currency: 'EUR', direction: 'DBIT', reversal: true, bookingDate: '2026-11-27', acctSvcrRef: 'RV-1-R', transactions: [{ endToEndId: 'E2E-RV-1', creditorName: 'Lisboa Viagens, Lda.' }] }]),
    );
    expect(reversal).toMatchObject({ reversed: 1, forStaff: 0 });
    const after = (await resellerAccount(poolSql(db.pool), 'B2B-015', '2026-11-27'))!.prepaidBalance;
    expect(Number(before) - Number(after)).toBeCloseTo(70, 5);
    expect((await db.prisma.bankDeposit.findFirstOrThrow({ where: { bankReference: 'RV-1' } })).status).toBe('reversed');
    // The same reversal again changes nothing.
    expect(await importXml(statement('001.08', [{ amount: '70.00', currency: 'EUR', direction: 'DBIT', reversal: true, bookingDate: '2026-11-27', acctSvcrRef: 'RV-1-R', transactions: [{ endToEndId: 'E2E-RV-1' }] }]))).toMatchObject({ alreadyImported: 1, reversed: 0 });
  });

  test('the same file twice, and an overlapping statement, change nothing the second time', async () => {
    const a = statement('001.08', [credit('OV-1', '11.00', 'EUR', 'b2b015'), credit('OV-2', '12.00', 'EUR', 'b2b015')]);
    const b = statement('001.13', [credit('OV-2', '12.00', 'EUR', 'b2b015'), credit('OV-3', '13.00', 'EUR', 'b2b015')]);
    const balance = async () => (await resellerAccount(poolSql(db.pool), 'B2B-015', '2026-11-27'))!.prepaidBalance;
    const start = Number(await balance());
    expect(await importXml(a)).toMatchObject({ matched: 2, alreadyImported: 0 });
    expect(await importXml(a)).toMatchObject({ matched: 0, alreadyImported: 2 });
    expect(await importXml(b)).toMatchObject({ matched: 1, alreadyImported: 1 });
    expect(Number(await balance()) - start).toBeCloseTo(36, 5);
  });

  test('CSV with the default header and with a mapping; a bad file imports nothing', async () => {
    const csv = ['booking_date,value_date,amount,currency,payer_name,payer_account,reference,bank_reference', '2026-11-26,2026-11-26,21.00,EUR,Lisboa Viagens,PT50000201231234567890154,B2B-015 topup,CSV-1'].join('\n');
    expect(await importBankFile(db, 'export.csv', csv, { ...TOLERANCE, now: NOW })).toMatchObject({ format: 'csv', matched: 1 });
    const german = ['Buchungstag;Betrag;Waehrung;Auftraggeber;Verwendungszweck;Referenz', '26.11.2026;22,50;EUR;Lisboa Viagens;Kunde b2b015;DE-1'].join('\n');
    const mapped = await importBankFile(db, 'umsaetze.csv', german, { ...TOLERANCE, now: NOW, csv: { map: { booking_date: 'Buchungstag', amount: 'Betrag', currency: 'Waehrung', payer_name: 'Auftraggeber', reference: 'Verwendungszweck', bank_reference: 'Referenz' }, decimalComma: true, dateFormat: 'DD.MM.YYYY' } });
    expect(mapped).toMatchObject({ matched: 1 });
    const deposits = await db.prisma.bankDeposit.count();
    const bad = ['booking_date,amount,currency,reference,bank_reference', '2026-11-26,30.00,EUR,b2b015,BAD-1', '2026-11-26,thirty,EUR,b2b015,BAD-2'].join('\n');
    await expect(importBankFile(db, 'bad.csv', bad, { ...TOLERANCE, now: NOW })).rejects.toThrow('bad.csv, line 3 amount: not an amount: "thirty"');
    expect(await db.prisma.bankDeposit.count()).toBe(deposits);
  });

  test('low-balance alert: once when the balance falls below the threshold, on the channel and by email; again only after it went back above', async () => {
    const kim = 'orders@seoulmobile.kr'; // B2B-007, prepaid USD
    await db.prisma.customer.update({ where: { id: 'B2B-007' }, data: { lowBalanceThresholdMinor: 9000n, trialOrderPending: false } });
    await importXml(camt053('001.08', [{ id: 'LB', iban: OUR_IBAN, currency: 'USD', entries: [credit('LB-1', '100.00', 'USD', 'B2B-007 topup', 'Seoul Mobile')] }]));
    const alerts = () => db.prisma.message.findMany({ where: { direction: 'outbound', text: { contains: 'below USD 90.00' } }, include: { conversation: true } });
    expect(await alerts()).toHaveLength(0);
    const order = async () => {
      await chat.say(kim, 'Korea 5GB 30 days x 1');
      return chat.say(kim, 'yes');
    };
    const first = await order();
    expect(first.map((r) => r.text).join('\n')).toMatch(/Your prepaid balance is USD [\d.]+, below USD 90\.00\. .*top it up by wire/);
    expect((await alerts()).map((m) => m.conversation.conversationKey).sort()).toEqual([`email:${kim}`, `web:${kim}`]);
    expect((await db.prisma.customer.findUniqueOrThrow({ where: { id: 'B2B-007' } })).lowBalanceAlertedAt).not.toBeNull();
    await order();
    expect(await alerts()).toHaveLength(2); // not again while it stays low
    await importXml(camt053('001.08', [{ id: 'LB2', iban: OUR_IBAN, currency: 'USD', entries: [credit('LB-2', '200.00', 'USD', 'B2B-007 topup', 'Seoul Mobile')] }]));
    expect((await db.prisma.customer.findUniqueOrThrow({ where: { id: 'B2B-007' } })).lowBalanceAlertedAt).toBeNull();
    await db.prisma.customer.update({ where: { id: 'B2B-007' }, data: { lowBalanceThresholdMinor: 1_000_000n } });
    await order();
    expect(await db.prisma.message.count({ where: { direction: 'outbound', text: { contains: 'below USD 10,000.00' } } })).toBe(2); // below again: alerted again
    await chat.bot.idle();
  });

  test('staff: a wrong match is undone by reversing entries, then matched right; not ours; a payment recorded by hand', async () => {
    const wrong = await importXml(statement('001.08', [credit('WR-1', '44.00', 'EUR', 'B2B-015 (should have been 003)')]));
    expect(wrong.matched).toBe(1);
    const deposit = await db.prisma.bankDeposit.findFirstOrThrow({ where: { bankReference: 'WR-1' } });
    const entriesBefore = await db.prisma.journalEntry.count();
    const undone = await undoMatch(db, { depositId: deposit.id, staffId, reason: 'payer is Viajes Conecta', now: NOW });
    expect(undone.message).toMatch(/undone/);
    expect(await db.prisma.journalEntry.count()).toBe(entriesBefore + 2); // a reversal, and suspense
    await staffMatchDeposit(db, { depositId: deposit.id, customerId: 'B2B-003', orderRef: null, staffId, now: NOW });
    expect((await db.prisma.bankDeposit.findUniqueOrThrow({ where: { id: deposit.id } })).customerId).toBe('B2B-003');

    const stray = await importXml(statement('001.08', [credit('NO-1', '9.99', 'EUR', 'refund for something else', 'Stranger', 'FR7630006000011234567890189')]));
    expect(stray.forStaff).toBe(1);
    const strayRow = await db.prisma.bankDeposit.findFirstOrThrow({ where: { bankReference: 'NO-1' } });
    await markNotOurs(db, { depositId: strayRow.id, staffId, note: 'sent back to the payer on 27 Nov', now: NOW });
    expect((await db.prisma.bankDeposit.findUniqueOrThrow({ where: { id: strayRow.id } })).status).toBe('not_ours');

    const manual = await recordManualPayment(db, { amount: '15.00', currency: 'EUR', valueDate: '2026-11-26', reference: 'cash at the office, B2B-015', note: 'paid in cash to Ana', submissionKey: randomUUID(), staffId, toleranceUsdMinor: 2000, now: NOW });
    expect(manual.outcome).toMatchObject({ kind: 'matched', customerId: 'B2B-015', rule: 'customer_id' });
    expect(await db.prisma.bankDeposit.findFirstOrThrow({ where: { source: 'manual' } })).toMatchObject({ decidedByStaffId: staffId, note: 'paid in cash to Ana' });
  });
});

describe('any order and any repetition of the same imports ends in the same balances', () => {
  const files = [
    camt053('001.02', [{ id: 'P1', iban: OUR_IBAN, currency: 'EUR', entries: [credit('P-1', '10.00', 'EUR', 'b2b003'), credit('P-2', '20.00', 'EUR', 'B2B-015')] }]),
    camt053('001.08', [{ id: 'P2', iban: OUR_IBAN, currency: 'EUR', entries: [credit('P-2', '20.00', 'EUR', 'B2B-015'), credit('P-3', '30.00', 'EUR', 'unknown payer'), { amount: '5.00', currency: 'EUR', direction: 'DBIT', bookingDate: '2026-11-26', acctSvcrRef: 'P-4' }] }]),
    camt053('001.13', [{ id: 'P3', iban: OUR_IBAN, currency: 'EUR', entries: [credit('P-3', '30.00', 'EUR', 'unknown payer'), credit('P-5', '40.00', 'EUR', 'b2b003 topup')] }]),
  ];
  const balances = async (db: TestDatabase) => (await db.pool.query(`SELECT a.code, sum(p.amount_minor)::text AS balance FROM postings p JOIN ledger_accounts a ON a.id = p.account_id GROUP BY a.code ORDER BY a.code`)).rows;

  test.each(targets)('on %s', async (target) => {
    const reference = await createTestDatabase(target, { seed: true });
    let expected: unknown;
    try {
      for (const f of files) await importBankFile(reference, 'f.xml', f, { ...TOLERANCE, now: NOW });
      expected = await balances(reference);
      expect(await auditLedger(reference.pool)).toEqual([]);
    } finally {
      await reference.close();
    }
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 3, maxLength: 7 }).filter((seq) => new Set(seq).size === 3),
        async (sequence) => {
          const db = await createTestDatabase(target, { seed: true });
          try {
            const summaries: ImportSummary[] = [];
            for (const i of sequence) summaries.push(await importBankFile(db, `f${i}.xml`, files[i]!, { ...TOLERANCE, now: NOW }));
            expect(await balances(db)).toEqual(expected);
            expect(await auditLedger(db.pool)).toEqual([]);
            expect(await db.prisma.bankDeposit.count()).toBe(4);
          } finally {
            await db.close();
          }
        },
      ),
      { numRuns: 3 },
    );
  });
});
