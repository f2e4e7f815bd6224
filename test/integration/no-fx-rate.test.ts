import { pendingApprovals } from '../../bot/staff/approvals';
import { BotHarness } from '../support/bot-harness';
import { createTestDatabase, targets, type TestDatabase } from '../support/test-database';

// Issue 13: a reseller billed in a currency without an FX rate. Every quote failed and went to staff
// as unsure_parse ("I'm not sure I read that right") although the order was read perfectly; the
// staff app offered 19 currencies while the seed has rates for three besides USD.

describe.each(targets)('a currency without an FX rate on %s', (target) => {
  let db: TestDatabase;
  let chat: BotHarness;
  beforeAll(async () => {
    db = await createTestDatabase(target, { seed: true });
    chat = await BotHarness.start(db);
  });
  afterAll(async () => {
    await chat?.stop();
    await db?.close();
  });

  test('the reseller is told the product cannot be priced right now, and staff get a no_fx_rate ticket that says what to load', async () => {
    await db.prisma.customer.update({ where: { id: 'B2B-003' }, data: { currency: 'SGD' } });
    const replies = await chat.say('+34 612 345 603', 'Hola, necesito 20 eSIM Japón 10GB 15 días');
    expect(replies.map((r) => r.text)).toEqual([expect.stringMatching(/^Ahora no puedo dar precio de .*Jap.*; un compañero le responderá aquí en breve\.$/)]);
    const tickets = await db.prisma.handoffTicket.findMany({ where: { customerId: 'B2B-003' } });
    expect(tickets).toEqual([expect.objectContaining({ reason: 'no_fx_rate', status: 'open', detail: expect.stringMatching(/^No FX rate for SGD: load one with esim-hub fx import/) })]);
    expect(await db.prisma.quote.count({ where: { customerId: 'B2B-003' } })).toBe(0);
  });

  test('the staff app offers only currencies that have a rate, and one more once its rate is loaded', async () => {
    expect((await pendingApprovals(db)).currencies).toEqual(['USD', 'EUR', 'CNY', 'THB']);
    await db.prisma.fxRate.create({ data: { rateDate: new Date('2026-11-26T00:00:00Z'), currency: 'SGD', unitsPerUsd: '1.3412', source: 'reference' } });
    expect((await pendingApprovals(db)).currencies).toEqual(['USD', 'EUR', 'CNY', 'THB', 'SGD']);
  });
});
