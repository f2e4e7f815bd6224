import { approvePayout, listPayouts, payPayout, PayoutError, snapshotCommissions } from '../../bot/commissions/payouts';
import { editReseller } from '../../bot/resellers/edit-reseller';
import { importBankFile } from '../../bot/settlement/import-bank-file';
import { addStaffUser } from '../../bot/staff/staff-users';
import { auditLedger } from '../support/ledger-auditor';
import { BotHarness } from '../support/bot-harness';
import { runCli } from '../support/cli';
import { createTestDatabase, targets, type TestDatabase } from '../support/test-database';

// Commission resellers (issue 15), on both engines: Roamly Mexico (B2B-010, commission, prepaid USD)
// buys at the retail price through the real pipeline; on the 1st its October commission (20% of the
// month's sales in the ledger) is snapshotted as a pending payout; finance approves it (commission
// expense against commission payable) and marks it paid with the transfer reference (payable against
// bank). Each step once, each booked and audited; the ledger stays balanced.

const ROAMLY = '+525512345610';

describe.each(targets)('commission resellers and their payouts on %s', (target) => {
  let db: TestDatabase;
  let chat: BotHarness;
  let clock = new Date('2026-10-12T10:00:00.000Z');
  const staff = { owner: 0, finance: 0, desk: 0 };

  beforeAll(async () => {
    db = await createTestDatabase(target, { seed: true });
    chat = await BotHarness.start(db, { now: () => clock });
    staff.owner = await addStaffUser(db, { email: 'olga@esimhub.test', password: 'owner password long', role: 'owner' });
    staff.finance = await addStaffUser(db, { email: 'fay@esimhub.test', password: 'finance password long', role: 'finance' });
    staff.desk = await addStaffUser(db, { email: 'sam@esimhub.test', password: 'staff password long', role: 'staff' });
    const csv = 'booking_date,value_date,amount,currency,payer_name,payer_account,reference,bank_reference\n2026-10-10,2026-10-10,1000.00,USD,Roamly Mexico SA de CV,MX001,B2B-010 top-up,BBVA-55100\n';
    expect(await importBankFile(db, 'bbva-2026-10-10.csv', csv, { toleranceUsdMinor: 2000, now: new Date('2026-10-10T09:00:00.000Z') })).toMatchObject({ matched: 1 });
  }, 60_000);
  afterAll(async () => {
    await chat?.stop();
    await db?.close();
  });

  test('a commission reseller is quoted and charged the retail price, not its tier price', async () => {
    await chat.receive('whatsapp', ROAMLY, '10 x ESIM-JP-10GB-15D', clock);
    const { rows: [line] } = await db.pool.query(`SELECT l.unit_price_usd_minor, l.pricing_decision->>'source' AS source FROM quote_lines l JOIN quotes q ON q.id = l.quote_id WHERE q.customer_id = 'B2B-010' ORDER BY l.id DESC LIMIT 1`);
    expect({ unit: Number(line.unit_price_usd_minor), source: line.source }).toEqual({ unit: 1899, source: 'retail' }); // retail 18.99; its tier_3 price is 15.57
    await chat.receive('whatsapp', ROAMLY, 'yes', clock);
    const { rows: [order] } = await db.pool.query(`SELECT status::text, total_usd_minor FROM orders WHERE customer_id = 'B2B-010'`);
    expect({ status: order.status, total: Number(order.total_usd_minor) }).toEqual({ status: 'delivered', total: 18_990 });
  });

  test("on the 1st: October's commission, 20% of its sales, pending once", async () => {
    clock = new Date('2026-11-01T00:40:00.000Z');
    await expect(snapshotCommissions(db, '2026-11', clock)).rejects.toThrow('2026-11 has not ended yet'); // a short month would block the full one
    expect(await snapshotCommissions(db, '2026-10', clock)).toEqual({ created: 1 });
    expect(await snapshotCommissions(db, '2026-10', clock)).toEqual({ created: 0 });
    expect(await listPayouts(db, { month: '2026-10' })).toEqual([
      { id: expect.any(Number), customerId: 'B2B-010', month: '2026-10', currency: 'USD', sales: '189.90', rate: '20%', amount: '37.98', amountUsd: '37.98', status: 'pending', transferReference: null },
    ]);
  });

  test('finance approves, then pays with the transfer reference; staff cannot; each step books the ledger once', async () => {
    const [payout] = await listPayouts(db, { month: '2026-10' });
    await expect(approvePayout(db, payout!.id, { staffId: staff.desk, role: 'staff' })).rejects.toThrow('this needs the finance or owner role; you are signed in as staff');
    await expect(payPayout(db, payout!.id, 'SPEI 8841', { staffId: staff.finance, role: 'finance' })).rejects.toThrow(`payout ${payout!.id} is pending; only an approved payout can be marked paid`);
    expect((await approvePayout(db, payout!.id, { staffId: staff.finance, role: 'finance' })).status).toBe('approved');
    await expect(approvePayout(db, payout!.id, { staffId: staff.finance, role: 'finance' })).rejects.toBeInstanceOf(PayoutError);
    await expect(payPayout(db, payout!.id, ' ', { staffId: staff.finance, role: 'finance' })).rejects.toThrow('the transfer reference is required');
    expect(await payPayout(db, payout!.id, 'SPEI 8841-2026-11', { staffId: staff.finance, role: 'finance' })).toMatchObject({ status: 'paid', transferReference: 'SPEI 8841-2026-11' });

    const { rows: balances } = await db.pool.query(
      `SELECT a.code, sum(p.amount_minor)::bigint AS net FROM postings p JOIN ledger_accounts a ON a.id = p.account_id JOIN journal_entries e ON e.id = p.entry_id
       WHERE e.kind IN ('commission_approved', 'commission_paid') GROUP BY a.code ORDER BY a.code`,
    );
    expect(balances).toEqual([
      { code: 'bank', net: -3798 },
      { code: 'commission_expense', net: 3798 },
      { code: 'commission_payable:B2B-010', net: 0 },
    ]);
    expect(await auditLedger(db.pool)).toEqual([]);
    const { rows: audit } = await db.pool.query(`SELECT actor, action FROM audit_events WHERE subject = $1 ORDER BY id`, [`payout:${payout!.id}`]);
    expect(audit).toEqual([{ actor: 'fay@esimhub.test', action: 'commission.approve' }, { actor: 'fay@esimhub.test', action: 'commission.pay' }]);
  });

  test('the rate is editable per reseller by an owner (17.5%) and a later month uses it', async () => {
    await editReseller(db, 'B2B-010', { commissionRateBp: '17.5' }, { staffId: staff.owner, role: 'owner' });
    const { rows: [c] } = await db.pool.query(`SELECT commission_rate_bp FROM customers WHERE customer_id = 'B2B-010'`);
    expect(c.commission_rate_bp).toBe(1750);
    clock = new Date('2026-11-05T10:00:00.000Z');
    await chat.receive('whatsapp', ROAMLY, '10 x ESIM-JP-10GB-15D', clock);
    await chat.receive('whatsapp', ROAMLY, 'yes', clock);
    await snapshotCommissions(db, '2026-11', new Date('2026-12-01T00:40:00.000Z'));
    expect((await listPayouts(db, { month: '2026-11' }))[0]).toMatchObject({ sales: '189.90', rate: '17.50%', amount: '33.23' }); // 189.90 x 17.5% = 33.2325
  });

  test('"my commission" in chat: the payouts with their status, in the reseller\'s language; a margin reseller is told it has none', async () => {
    clock = new Date('2026-12-02T10:00:00.000Z');
    await chat.receive('whatsapp', ROAMLY, '¿Cuál es mi comisión?', clock);
    const lastReply = async (address: string) => (await db.pool.query(`SELECT m.text FROM messages m JOIN conversations c ON c.id = m.conversation_id WHERE m.direction = 'outbound' AND c.conversation_key LIKE $1 ORDER BY m.id DESC LIMIT 1`, [`%${address}%`])).rows as { text: string }[];
    const rows = await lastReply(ROAMLY);
    expect(rows[0]!.text).toBe('Su comisión:\n2026-11: USD 33.23, en revisión\n2026-10: USD 37.98, pagada (transferencia SPEI 8841-2026-11)');
    await chat.receive('whatsapp', '+66812345601', 'my commission?', clock);
    const margin = await lastReply('+66812345601');
    expect(margin[0]!.text).toMatch(/^Your account buys at its own prices/);
  });

  if (target === 'postgres') {
    test('esim-hub payouts list prints the payouts as CSV', async () => {
      const listed = await runCli(['payouts', 'list', '--customer', 'B2B-010'], { DATABASE_URL: db.url });
      expect(listed.code).toBe(0);
      expect(listed.stdout.split('\n')[0]).toBe('payout_id,customer_id,month,currency,sales,rate,commission,commission_usd,status,transfer_reference');
      expect(listed.stdout).toContain('B2B-010,2026-10,USD,189.90,20%,37.98,37.98,paid,SPEI 8841-2026-11');
    }, 60_000);
  }
});
