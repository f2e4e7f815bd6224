import os from 'node:os';
import fs from 'node:fs';
import path from 'node:path';
import { poolSql } from '../../bot/db/sql';
import { runInvoices } from '../../bot/invoices/issue-invoice';
import { creditDeliveredOrder } from '../../bot/staff/order-actions';
import { addStaffUser } from '../../bot/staff/staff-users';
import { openOrdersOf } from '../../bot/store/deposits';
import { BotHarness } from '../support/bot-harness';
import { createTestDatabase, targets, type TestDatabase } from '../support/test-database';
import { until } from '../support/until';

// What a postpaid order is still to be paid once a credit note took part of it off its invoice: a
// bank payment of the corrected amount settles it (a reviewer's case).

const NOVEMBER = new Date('2026-11-12T10:00:00.000Z');

describe.each(targets)('billedMinor of a credited postpaid order on %s', (target) => {
  let db: TestDatabase;
  let chat: BotHarness;
  beforeAll(async () => {
    db = await createTestDatabase(target, { seed: true });
    chat = await BotHarness.start(db, { now: () => NOVEMBER });
  }, 120_000);
  afterAll(async () => {
    await chat?.stop();
    await db?.close();
  });

  test('after a credit note takes 1 of 3 eSIMs off the invoice, the order is open for 2 of them, not 3', async () => {
    const fay = await addStaffUser(db, { email: 'fay@esimhub.test', password: 'finance password long', role: 'finance' });
    await chat.receive('whatsapp', '+66812345601', 'Japan 10GB 15 days x 3', NOVEMBER);
    await chat.receive('whatsapp', '+66812345601', 'yes', NOVEMBER);
    const order = await db.prisma.order.findFirstOrThrow({ where: { customerId: 'B2B-002' }, orderBy: { id: 'desc' } });
    await until(async () => (await db.prisma.order.findUniqueOrThrow({ where: { id: order.id } })).status === 'delivered', 'delivered');
    const invoiced = await runInvoices(db.pool, { customerId: 'B2B-002', date: '2026-12-01', paymentTermsDays: 30, now: new Date('2026-12-01T00:20:00.000Z'), outDir: fs.mkdtempSync(path.join(os.tmpdir(), 'inv-')) });
    expect(invoiced.ok).toBe(true);
    const esims = await db.prisma.esimProfile.findMany({ where: { orderId: order.id }, orderBy: { id: 'asc' } });
    const credit = await creditDeliveredOrder(db, order.id, fay, { mode: 'credit', profileIds: [esims[0]!.id], reason: 'undeliverable', submissionKey: 'review-credit-0001-aaaa' }, new Date('2026-12-02T10:00:00.000Z'));
    const { rows: [note] } = await db.pool.query(`SELECT amount_minor FROM credit_notes WHERE number = $1`, [credit.creditNote]);
    const creditedMinor = Number(note.amount_minor);
    expect(creditedMinor).toBeGreaterThan(0);
    const open = (await openOrdersOf(poolSql(db.pool), ['B2B-002'])).find((o) => o.id === order.id);
    // What the reseller is asked to pay for this order: the invoice less the credit note.
    expect(Number(open?.open_minor ?? 0)).toBe(Number(order.totalMinor) - creditedMinor);
  }, 60_000);
});
