import net from 'node:net';
import { createHttpSupplier } from '../../bot/supplier/http-supplier';
import { SupplierError } from '../../bot/supplier/port';
import { auditLedger } from '../support/ledger-auditor';
import { BotHarness } from '../support/bot-harness';
import { SupplierServer } from '../support/supplier-server';
import { createTestDatabase, targets } from '../support/test-database';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describe('the HTTP supplier adapter against a local supplier API', () => {
  let server: SupplierServer;
  beforeEach(async () => {
    server = new SupplierServer({ apiKey: 'k-123' });
    await server.start();
  });
  afterEach(async () => {
    await server.stop();
  });
  const supplier = (timeoutMs = 2000) => createHttpSupplier({ baseUrl: server.url, apiKey: 'k-123', timeoutMs });

  test('orders with our transaction id, polls until allocated, and reads the balance', async () => {
    const port = supplier();
    const placed = await port.placeOrder({ transactionId: 'supplier:ORD-1:1:0', packageCode: 'PKG-EJP-1GB-7D', count: 3 });
    expect(await port.fetchProfiles(placed.transactionNo)).toEqual({ status: 'pending' });
    const ready = await port.fetchProfiles(placed.transactionNo);
    expect(ready).toMatchObject({ status: 'ready', profiles: [{ smdpAddress: 'rsp.supplier.example' }, {}, {}] });
    expect(await port.balance()).toEqual({ amountMinor: 12_345_678, currency: 'USD' });
  });

  test('a timeout after the supplier accepted: the retry with the same id does not buy twice', async () => {
    const port = supplier(300);
    server.delayNextOrders = [800];
    await expect(port.placeOrder({ transactionId: 'supplier:ORD-2:1:0', packageCode: 'PKG-EJP-1GB-7D', count: 5 })).rejects.toMatchObject({ kind: 'timeout' });
    const again = await port.placeOrder({ transactionId: 'supplier:ORD-2:1:0', packageCode: 'PKG-EJP-1GB-7D', count: 5 });
    expect(server.orders.size).toBe(1);
    expect(again.transactionNo).toBe(server.orders.get('supplier:ORD-2:1:0')!.orderNo);
  });

  test('a 429 says how long to wait', async () => {
    server.rateLimitNext = 1;
    const error = await supplier().balance().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SupplierError);
    expect(error).toMatchObject({ kind: 'rate_limited', retryAfterMs: 1000 });
  });

  test('refusals and garbage are typed errors', async () => {
    await expect(supplier().placeOrder({ transactionId: 't', packageCode: 'P', count: 31 })).rejects.toMatchObject({ kind: 'rejected' });
    await expect(createHttpSupplier({ baseUrl: server.url, apiKey: 'wrong' }).balance()).rejects.toMatchObject({ kind: 'rejected' });
    await expect(createHttpSupplier({ baseUrl: 'http://127.0.0.1:1' }).balance()).rejects.toMatchObject({ kind: 'unavailable' });
  });

  test('a supplier that cannot be reached says why: the refused address, the unknown host', async () => {
    const closed = net.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as net.AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    await expect(createHttpSupplier({ baseUrl: `http://127.0.0.1:${port}` }).balance()).rejects.toMatchObject({
      kind: 'unavailable',
      message: `GET /v1/balance: fetch failed (connect ECONNREFUSED 127.0.0.1:${port})`,
    });
    await expect(createHttpSupplier({ baseUrl: 'http://supplier.invalid' }).balance()).rejects.toMatchObject({
      kind: 'unavailable',
      message: expect.stringMatching(/^GET \/v1\/balance: fetch failed \(getaddrinfo (ENOTFOUND|EAI_AGAIN) supplier\.invalid\)$/),
    });
  });

  test('never more than 8 requests per second', async () => {
    const port = supplier();
    await Promise.all(Array.from({ length: 20 }, () => port.balance()));
    expect(server.peakRequestsPerSecond()).toBeLessThanOrEqual(8);
  });
});

describe.each(targets)('a 200-eSIM order through the HTTP supplier on %s', (target) => {
  test('a small order whose profiles are not ready at once is placed with the supplier once, not again by the chunked path', async () => {
    const server = new SupplierServer({ apiKey: 'k-123', pendingPolls: 2 }); // allocated a moment after the purchase, as real suppliers do
    await server.start();
    const db = await createTestDatabase(target, { seed: true });
    const chat = await BotHarness.start(db, { supplier: createHttpSupplier({ baseUrl: server.url, apiKey: 'k-123', timeoutMs: 2000 }), sleep });
    try {
      const somchai = '+66812345601'; // B2B-002, postpaid THB
      await chat.say(somchai, 'Thailand 3GB 15 days x 5');
      const replies = await chat.say(somchai, 'yes');
      expect(replies[replies.length - 1]!.text).toMatch(/ICCID/);
      expect([...server.orderRequests.values()]).toEqual([1]);
      const order = await db.prisma.order.findFirstOrThrow({ where: { customerId: 'B2B-002' }, include: { profiles: true, supplierOrders: true } });
      expect(order.status).toBe('delivered');
      expect(order.profiles).toHaveLength(5);
      expect(order.supplierOrders.map((s) => s.supplierTransactionNo)).toEqual([[...server.orders.values()][0]!.orderNo]);
    } finally {
      await chat.stop();
      await db.close();
      await server.stop();
    }
  });

  test('fulfilled in chunks of 30 with progress messages, despite a timeout and a 429, bought once', async () => {
    const server = new SupplierServer({ apiKey: 'k-123', pendingPolls: 1 });
    await server.start();
    const db = await createTestDatabase(target, { seed: true });
    const chat = await BotHarness.start(db, {
      supplier: createHttpSupplier({ baseUrl: server.url, apiKey: 'k-123', timeoutMs: 400 }),
      sleep,
    });
    try {
      const somchai = '+66812345601'; // B2B-002, postpaid THB
      await chat.say(somchai, 'Thailand 3GB 15 days x 200');
      server.delayNextOrders = [1200]; // the first chunk is accepted, but the answer comes too late
      server.rateLimitNext = 1;
      const replies = await chat.say(somchai, 'yes');
      const texts = replies.map((r) => r.text);
      expect(texts.filter((t) => /eSIMs ready, more on the way/.test(t)).map((t) => /(\d+) of 200/.exec(t)![1])).toEqual(['60', '120', '150']); // one per quarter passed (50, 100, 150 of 200), not one per chunk
      expect(texts[texts.length - 1]).toMatch(/Your 200 eSIMs for ORD-\d{6} are in the attached CSV/);
      expect(server.orders.size).toBe(7);
      expect(server.allocated()).toBe(200);
      expect([...server.orders.values()].map((o) => o.count)).toEqual([30, 30, 30, 30, 30, 30, 20]);
      expect(server.peakRequestsPerSecond()).toBeLessThanOrEqual(8);
      const order = await db.prisma.order.findFirstOrThrow({ where: { customerId: 'B2B-002' }, include: { profiles: true } });
      expect(order.status).toBe('delivered');
      expect(order.profiles).toHaveLength(200);
      // the supplier reuses ICCIDs across its orders: profiles are told apart by its order number
      expect(new Set(order.profiles.map((p) => p.iccid)).size).toBe(30);
      expect(new Set(order.profiles.map((p) => `${p.supplierTransactionNo}:${p.iccid}`)).size).toBe(200);
      expect(await auditLedger(db.pool)).toEqual([]);
    } finally {
      await chat.stop();
      await db.close();
      await server.stop();
    }
  });
});
