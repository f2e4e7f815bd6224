import { createSandboxSupplier } from '../../bot/supplier/sandbox-supplier';
import { SupplierError, type SupplierPort } from '../../bot/supplier/port';
import { auditLedger } from '../support/ledger-auditor';
import { BotHarness } from '../support/bot-harness';
import { refusingSupplier } from '../support/refusing-supplier';
import { fund } from '../support/fund';
import { createTestDatabase, targets, type TestDatabase } from '../support/test-database';

// What staff are told when the supplier does not deliver, for big orders and many of them: the
// ticket says how many requests failed even when they do not all fit, an order finished short while
// the conversation's ticket is open is noted on it however full it is, an order whose fulfilment
// keeps failing reaches that ticket too, and a fulfilment job that runs again (after a crash between
// its commit and the queue's record of it) does not tell anyone twice. (A reviewer's cases.)

const AN = '+84912345604'; // B2B-004, prepaid USD

describe.each(targets)('staff told of orders the supplier did not fill, on %s', (target) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase(target, { seed: true });
    await fund(db, 'B2B-004', 'USD', 10_000_000, 10_000_000, 'BANK-AN-BIG');
  });
  afterAll(async () => {
    await db?.close();
  });
  afterEach(async () => {
    expect(await auditLedger(db.pool)).toEqual([]);
  });

  test('25 refused requests: the ticket lists what fits, whole lines, and ends with how many more', async () => {
    const chat = await BotHarness.start(db, { supplier: refusingSupplier([], { chunkSizeMax: 1 }) });
    try {
      await chat.say(AN, 'Japan 1GB 7 days x 25');
      await chat.say(AN, 'yes');
      const order = await db.prisma.order.findFirstOrThrow({ where: { customerId: 'B2B-004' }, orderBy: { id: 'desc' } });
      expect(order.status).toBe('failed');
      const { detail } = await db.prisma.handoffTicket.findFirstOrThrow({ where: { customerId: 'B2B-004', reason: 'fulfilment_stuck' } });
      const lines = detail!.split('\n');
      expect(lines[0]).toBe(`Order ${order.reference} finished with 0 of 25 eSIMs delivered; USD 71.75 went back to the prepaid balance. The reseller was told.`);
      const listed = lines.filter((l) => l.startsWith(`supplier:${order.reference}:`));
      expect(listed.every((l) => l.endsWith('package PKG-EJP-1GB-7D is out of stock (supplier code 4091)'))).toBe(true);
      const more = /^\.\.\. and (\d+) more requests not delivered \(all of them on the order's page\)$/.exec(lines[lines.length - 1]!);
      expect(more).not.toBeNull();
      expect(listed.length + Number(more![1])).toBe(25);
      expect(detail!.length).toBeLessThanOrEqual(2000);
    } finally {
      await chat.stop();
    }
  });

  test('four more such orders while that ticket is open: each one is on it, the last too', async () => {
    const chat = await BotHarness.start(db, { supplier: refusingSupplier([], { chunkSizeMax: 1 }) });
    try {
      const refs: string[] = [];
      for (let i = 0; i < 4; i += 1) {
        await chat.say(AN, 'Japan 1GB 7 days x 25');
        await chat.say(AN, 'yes');
        refs.push((await db.prisma.order.findFirstOrThrow({ where: { customerId: 'B2B-004' }, orderBy: { id: 'desc' } })).reference);
      }
      const open = await db.prisma.handoffTicket.findMany({ where: { customerId: 'B2B-004', status: { in: ['open', 'claimed'] } } });
      expect(open).toHaveLength(1);
      expect(open[0]!.detail!.length).toBeLessThanOrEqual(8000);
      for (const ref of refs) expect(open[0]!.detail).toContain(`Order ${ref} finished with 0 of 25 eSIMs delivered`);
    } finally {
      await chat.stop();
    }
  });

  test('an order whose fulfilment keeps failing while that ticket is open: its error is noted on it', async () => {
    const sandbox = createSandboxSupplier();
    const down: SupplierPort = { ...sandbox, async placeOrder() { throw new SupplierError('supplier API unavailable (HTTP 503)', 'unavailable'); } };
    const chat = await BotHarness.start(db, { supplier: down });
    try {
      await chat.say(AN, 'Japan 1GB 7 days x 2');
      await chat.say(AN, 'yes');
      const order = await db.prisma.order.findFirstOrThrow({ where: { customerId: 'B2B-004' }, orderBy: { id: 'desc' } });
      expect(['placing', 'partially_delivered']).toContain(order.status);
      await expect(chat.bot.fulfilQueued(order.id, true)).rejects.toThrow(); // the queue's last try
      const open = await db.prisma.handoffTicket.findMany({ where: { customerId: 'B2B-004', status: { in: ['open', 'claimed'] } } });
      expect(open).toHaveLength(1);
      expect(open[0]!.detail).toContain(`Order ${order.reference} could not be fulfilled: `);
    } finally {
      await chat.stop();
    }
  });

  test('the fulfilment job of an order finished short, run again: no second ticket, no message, delivered_at kept', async () => {
    const chat = await BotHarness.start(db, { supplier: refusingSupplier(['PKG-EJP-1GB-7D']) });
    try {
      const maria = '+34612345603'; // B2B-003, prepaid EUR
      await fund(db, 'B2B-003', 'EUR', 50_000, 57_500, 'BANK-MARIA-RERUN');
      await chat.say(maria, '3 x Europa 10GB 30 días\n2 x Japón 1GB 7 días');
      await chat.say(maria, 'sí');
      const order = await db.prisma.order.findFirstOrThrow({ where: { customerId: 'B2B-003' }, orderBy: { id: 'desc' } });
      expect(order.status).toBe('partially_delivered');
      expect(order.deliveredAt).not.toBeNull();
      await db.prisma.handoffTicket.updateMany({ where: { customerId: 'B2B-003', reason: 'fulfilment_stuck' }, data: { status: 'released' } }); // staff dealt with it
      const outbound = () => db.prisma.message.count({ where: { direction: 'outbound', conversationId: order.conversationId! } });
      const before = await outbound();
      await chat.bot.fulfilQueued(order.id, false); // the job again, as after a crash at crashPoint('fulfil:done')
      const after = await db.prisma.order.findUniqueOrThrow({ where: { id: order.id } });
      expect({
        tickets: await db.prisma.handoffTicket.count({ where: { customerId: 'B2B-003', reason: 'fulfilment_stuck' } }),
        deliveredAt: after.deliveredAt,
        outbound: await outbound(),
      }).toEqual({ tickets: 1, deliveredAt: order.deliveredAt, outbound: before });
    } finally {
      await chat.stop();
    }
  });
});
