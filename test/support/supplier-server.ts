import http from 'node:http';
import type { AddressInfo } from 'node:net';

// A local HTTP server that speaks the supplier API of bot/supplier/http-supplier.ts, as a real
// wholesale eSIM API does: idempotent on transactionId, profiles allocated after a few polls,
// at most 30 per order, 8 requests per second (429 beyond), with faults a test can switch on.

export interface SupplierServerOptions {
  apiKey?: string;
  /** PENDING answers before an order's profiles are READY. */
  pendingPolls?: number;
  /** Requests per second served before 429 (default 8). */
  requestsPerSecond?: number;
}

interface SupplierOrder {
  orderNo: string;
  transactionId: string;
  packageCode: string;
  count: number;
  polls: number;
}

export class SupplierServer {
  readonly orders = new Map<string, SupplierOrder>();
  readonly requestTimes: number[] = [];
  /** Order requests served, by transactionId (a request sent again under its id counts again). */
  readonly orderRequests = new Map<string, number>();
  /** Order requests to accept and then answer only after this many ms (a timeout after acceptance). */
  delayNextOrders: number[] = [];
  /** Requests to refuse with 429 before serving. */
  rateLimitNext = 0;
  private server!: http.Server;
  private sequence = 0;
  url = '';

  constructor(private readonly options: SupplierServerOptions = {}) {}

  async start(): Promise<void> {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** The most requests that started within any one-second window. */
  peakRequestsPerSecond(): number {
    let peak = 0;
    for (let i = 0; i < this.requestTimes.length; i += 1) {
      const inWindow = this.requestTimes.filter((t) => t >= this.requestTimes[i]! && t < this.requestTimes[i]! + 1000).length;
      peak = Math.max(peak, inWindow);
    }
    return peak;
  }

  allocated(): number {
    return [...this.orders.values()].reduce((n, o) => n + o.count, 0);
  }

  private send(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const now = Date.now();
    this.requestTimes.push(now);
    if (this.options.apiKey && req.headers.authorization !== `Bearer ${this.options.apiKey}`) return this.send(res, 401, { error: 'bad key' });
    if (this.rateLimitNext > 0) {
      this.rateLimitNext -= 1;
      return this.send(res, 429, { error: 'slow down' }, { 'retry-after': '1' });
    }
    const perSecond = this.options.requestsPerSecond ?? 8;
    if (this.requestTimes.filter((t) => now - t < 1000).length > perSecond) return this.send(res, 429, { error: `over ${perSecond} requests per second` }, { 'retry-after': '1' });
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? '/', 'http://supplier');
    if (req.method === 'POST' && url.pathname === '/v1/orders') {
      const body = JSON.parse(Buffer.concat(chunks).toString() || '{}') as { transactionId?: string; packageCode?: string; count?: number };
      if (!body.transactionId || !body.packageCode || !Number.isInteger(body.count) || body.count! < 1) return this.send(res, 400, { error: 'transactionId, packageCode, count required' });
      if (body.count! > 30) return this.send(res, 400, { error: 'at most 30 eSIMs per order' });
      this.orderRequests.set(body.transactionId, (this.orderRequests.get(body.transactionId) ?? 0) + 1);
      let order = this.orders.get(body.transactionId);
      if (!order) {
        this.sequence += 1;
        order = { orderNo: `B${String(this.sequence).padStart(8, '0')}`, transactionId: body.transactionId, packageCode: body.packageCode, count: body.count!, polls: 0 };
        this.orders.set(body.transactionId, order);
      }
      const delay = this.delayNextOrders.shift();
      if (delay) await new Promise((r) => setTimeout(r, delay));
      if (res.destroyed) return;
      return this.send(res, 200, { orderNo: order.orderNo });
    }
    const orderMatch = /^\/v1\/orders\/([A-Z0-9]+)$/.exec(url.pathname);
    if (req.method === 'GET' && orderMatch) {
      const order = [...this.orders.values()].find((o) => o.orderNo === orderMatch[1]);
      if (!order) return this.send(res, 404, { error: 'no such order' });
      order.polls += 1;
      if (order.polls <= (this.options.pendingPolls ?? 1)) return this.send(res, 200, { status: 'PENDING', profiles: [] });
      return this.send(res, 200, {
        status: 'READY',
        profiles: Array.from({ length: order.count }, (_, i) => ({
          // ICCIDs are reused across orders by this supplier: only (orderNo, iccid) is unique
          iccid: `8985200000000000${String(i).padStart(4, '0')}`,
          smdpAddress: 'rsp.supplier.example',
          activationCode: `${order.orderNo}-${String(i).padStart(4, '0')}`,
        })),
      });
    }
    if (req.method === 'GET' && url.pathname === '/v1/balance') return this.send(res, 200, { balance: 12_345_678, currency: 'USD' });
    return this.send(res, 404, { error: 'not found' });
  }
}
