import { z } from 'zod';
import { RateLimiter } from './rate-limiter';
import { SupplierError, type ProfilesResult, type SupplierPort } from './port';
import { errorInWords } from '../../channels/error-in-words';

// A real eSIM wholesale API of the common shape: order by package code and count with our
// transaction id (the supplier deduplicates on it), profiles allocated asynchronously and fetched
// by polling, at most 30 eSIMs per order request and 8 requests per second, and a balance query.
//
//   POST /v1/orders              {transactionId, packageCode, count}  -> {orderNo}
//   GET  /v1/orders/:orderNo     -> {status: "PENDING" | "READY" | "FAILED", profiles: [{iccid, smdpAddress, activationCode}]}
//   GET  /v1/balance             -> {balance, currency}        (balance in minor units)
//   Authorization: Bearer <SUPPLIER_API_KEY>; 429 with Retry-After when over the rate limit.

const orderResponse = z.object({ orderNo: z.string().min(1).max(100) });
const profilesResponse = z.object({
  status: z.enum(['PENDING', 'READY', 'FAILED']),
  profiles: z
    .array(z.object({ iccid: z.string().regex(/^\d{18,22}F?$/), smdpAddress: z.string().min(3).max(255), activationCode: z.string().min(1).max(255) }))
    .default([]),
  reason: z.string().optional(),
});
const balanceResponse = z.object({ balance: z.number().int(), currency: z.string().length(3) });

export interface HttpSupplierOptions {
  baseUrl: string;
  apiKey?: string;
  timeoutMs?: number;
  requestsPerSecond?: number;
  chunkSizeMax?: number;
}

export function createHttpSupplier(options: HttpSupplierOptions): SupplierPort {
  const limiter = new RateLimiter(options.requestsPerSecond ?? 8);
  const timeoutMs = options.timeoutMs ?? 10_000;
  const base = options.baseUrl.replace(/\/+$/, '');

  async function call<T>(method: 'GET' | 'POST', path: string, schema: z.ZodType<T>, body?: unknown): Promise<T> {
    await limiter.take();
    let response: Response;
    try {
      response = await fetch(`${base}${path}`, {
        method,
        headers: { 'content-type': 'application/json', ...(options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {}) },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      const name = (error as Error).name;
      if (name === 'TimeoutError' || name === 'AbortError') throw new SupplierError(`${method} ${path}: no answer in ${timeoutMs} ms`, 'timeout');
      throw new SupplierError(`${method} ${path}: ${errorInWords(error)}`, 'unavailable');
    }
    const text = await response.text();
    if (response.status === 429) {
      const retryAfter = Number(response.headers.get('retry-after'));
      throw new SupplierError(`${method} ${path}: rate limited`, 'rate_limited', Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : 1000);
    }
    if (response.status >= 500) throw new SupplierError(`${method} ${path}: supplier error ${response.status}`, 'unavailable');
    if (!response.ok) throw new SupplierError(`${method} ${path}: refused with ${response.status}: ${text.slice(0, 200)}`, 'rejected');
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new SupplierError(`${method} ${path}: the answer is not JSON`, 'unavailable');
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw new SupplierError(`${method} ${path}: unexpected answer: ${parsed.error.issues[0]?.message}`, 'unavailable');
    return parsed.data;
  }

  return {
    name: 'http',
    issuesTestProfiles: false,
    chunkSizeMax: options.chunkSizeMax ?? 30,
    async placeOrder({ transactionId, packageCode, count }) {
      const result = await call('POST', '/v1/orders', orderResponse, { transactionId, packageCode, count });
      return { transactionNo: result.orderNo };
    },
    async fetchProfiles(transactionNo): Promise<ProfilesResult> {
      const result = await call('GET', `/v1/orders/${encodeURIComponent(transactionNo)}`, profilesResponse);
      if (result.status === 'FAILED') throw new SupplierError(`order ${transactionNo} failed at the supplier: ${result.reason ?? 'no reason given'}`, 'rejected');
      if (result.status === 'PENDING') return { status: 'pending' };
      return { status: 'ready', profiles: result.profiles.map((p) => ({ iccid: p.iccid, smdpAddress: p.smdpAddress, matchingId: p.activationCode })) };
    },
    async balance() {
      const result = await call('GET', '/v1/balance', balanceResponse);
      return { amountMinor: result.balance, currency: result.currency };
    },
  };
}
