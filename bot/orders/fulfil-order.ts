import * as events from '../../domain/ledger/events';
import type { RevenueChannel } from '../../domain/ledger/accounts';
import { settleDelivery } from '../../domain/orders/settle-delivery';
import { texts } from '../../domain/replies/texts';
import type { ChannelName, OutboundAttachment } from '../../channels/port';
import type { Database } from '../db/database';
import { poolSql, transaction, type Sql } from '../db/sql';
import { applyEvent } from '../conversation/conversation-store';
import { postEntry } from '../ledger/ledger-store';
import { log } from '../log';
import { enqueueReply } from '../pipeline/reply';
import { lpaString, SupplierError, type SupplierPort, type SupplierProfile } from '../supplier/port';
import { accessToken } from './references';

export const PROFILES_SHOWN_INLINE_MAX = 5;
const PLACE_ATTEMPTS_MAX = 6;
const FETCH_ATTEMPTS_MAX = 40;

export interface FulfilDeps {
  db: Database;
  supplier: SupplierPort;
  now: () => Date;
  sleep: (ms: number) => Promise<void>;
  /** Called after a step that queued replies has committed. */
  notify?: () => void;
}

/** Calls the supplier with retries: a 429 waits as told, a timeout retries with the same id. */
async function withRetries<T>(deps: FulfilDeps, what: string, call: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await call();
    } catch (error) {
      const retryable = error instanceof SupplierError && error.kind !== 'rejected';
      if (!retryable || attempt >= PLACE_ATTEMPTS_MAX) throw error;
      const waitMs = (error as SupplierError).retryAfterMs ?? Math.min(200 * 2 ** attempt, 5000);
      log.warn('supplier call failed, retrying', { what, attempt, kind: (error as SupplierError).kind, waitMs });
      await deps.sleep(waitMs);
    }
  }
}

interface OrderRow {
  id: number;
  reference: string;
  status: string;
  customer_id: string;
  currency: string;
  channel: string;
  conversation_key: string;
  payment_method: string | null;
  access_token: string;
  conversation_id: number | null;
  conversation_channel: ChannelName | null;
  language: string | null;
}

export interface LineRow {
  id: number;
  sku: string;
  quantity: number;
  quantity_delivered: number;
  line_total_usd_minor: string;
  supplier_cost_minor: string;
  line_total_minor: string | null;
  type: 'esim' | 'sim';
  package_code: string;
}

const ORDER_SELECT = `SELECT o.id, o.reference, o.status::text AS status, o.customer_id, o.currency::text AS currency, o.channel::text AS channel,
    o.conversation_key, o.payment_method::text AS payment_method, o.access_token, c.id AS conversation_id, c.channel::text AS conversation_channel,
    c.language
  FROM orders o LEFT JOIN conversations c ON c.id = o.conversation_id WHERE o.id = $1`;

const LINES_SELECT = `SELECT l.id, l.sku, l.quantity, l.quantity_delivered, l.line_total_usd_minor::text AS line_total_usd_minor,
    l.supplier_cost_minor::text AS supplier_cost_minor, ql.line_total_minor::text AS line_total_minor, p.type::text AS type,
    p.supplier_package_code AS package_code
  FROM order_lines l JOIN orders o ON o.id = l.order_id JOIN products p ON p.sku = l.sku
  LEFT JOIN quote_lines ql ON ql.quote_id = o.quote_id AND ql.sku = l.sku
  WHERE l.order_id = $1 ORDER BY l.id`;

/**
 * Buys an order's eSIMs in chunks (at most the supplier's chunk size per request, our chunk key as
 * the idempotency key), stores the profiles, tells the reseller the progress, then books the
 * ledger and delivers. Safe to run again after a crash: done chunks are skipped, and a chunk that
 * was sent but not recorded is sent again with the same key, which the supplier deduplicates.
 */
export async function fulfilOrder(deps: FulfilDeps, orderId: number): Promise<void> {
  const pool = deps.db.pool;
  const direct = poolSql(pool);
  // The order with its lines, one statement.
  const [order] = await direct.query<OrderRow & { lines: LineRow[] | null }>(
    ORDER_SELECT.replace('SELECT o.id,', `SELECT (SELECT json_agg(x) FROM (${LINES_SELECT}) x) AS lines, o.id,`),
    [orderId],
  );
  if (!order || !['placing', 'partially_delivered'].includes(order.status)) return;
  const lines = order.lines ?? [];
  const t = texts(order.language ?? 'en');
  const conversation =
    order.conversation_id !== null ? { id: order.conversation_id, channel: order.conversation_channel!, conversationKey: order.conversation_key } : null;
  const esimTotal = lines.filter((l) => l.type === 'esim').reduce((n, l) => n + l.quantity, 0);
  let doneTotal = lines.reduce((n, l) => n + l.quantity_delivered, 0);
  const chunkSize = deps.supplier.chunkSizeMax;
  const chunkCount = lines.filter((l) => l.type === 'esim').reduce((n, l) => n + Math.ceil(l.quantity / chunkSize), 0);

  // Fast path: every line fits one supplier request and the supplier allocates at once. The
  // purchase and the booking then commit together. Crash-safe without writing first: the chunk key
  // is derived from the order, so a rerun asks the supplier with the same key and gets the same profiles.
  const esimLines = lines.filter((l) => l.type === 'esim');
  if (order.status === 'placing' && esimLines.length > 0 && esimLines.every((l) => l.quantity <= chunkSize && l.quantity_delivered === 0)) {
    const allocated: Allocation[] = [];
    try {
      for (const line of esimLines) {
        const key = `supplier:${order.reference}:${line.id}:0`;
        const placed = await withRetries(deps, key, () => deps.supplier.placeOrder({ transactionId: key, packageCode: line.package_code, count: line.quantity }));
        const fetched = await withRetries(deps, `fetch ${placed.transactionNo}`, () => deps.supplier.fetchProfiles(placed.transactionNo));
        if (fetched.status !== 'ready') break;
        allocated.push({ line, key, transactionNo: placed.transactionNo, profiles: fetched.profiles.slice(0, line.quantity) });
      }
    } catch (error) {
      log.warn('supplier fast path failed; using the chunked path', { order: order.reference, error: (error as Error).message });
    }
    if (allocated.length === esimLines.length) {
      await completeOrder(deps, order.id, allocated);
      deps.notify?.();
      return;
    }
  }

  for (const line of lines) {
    if (line.type !== 'esim') continue;
    const chunks = Math.ceil(line.quantity / chunkSize);
    const indexes = Array.from({ length: chunks }, (_, i) => i);
    await direct.query(
      `INSERT INTO supplier_orders (order_id, order_line_id, chunk_index, idempotency_key, supplier, package_code, count, updated_at)
       SELECT $1, $2, i, $3 || i, $4, $5, c, now() FROM unnest($6::int[], $7::int[]) AS u(i, c)
       ON CONFLICT (order_line_id, chunk_index) DO NOTHING`,
      [order.id, line.id, `supplier:${order.reference}:${line.id}:`, deps.supplier.name, line.package_code, indexes, indexes.map((i) => Math.min(chunkSize, line.quantity - i * chunkSize))],
    );
    const pending = (
      await direct.query<{ id: number; idempotency_key: string; package_code: string; count: number; status: string; supplier_transaction_no: string | null }>(
        `SELECT id, idempotency_key, package_code, count, status::text AS status, supplier_transaction_no FROM supplier_orders
         WHERE order_line_id = $1 AND status IN ('pending', 'submitted') ORDER BY chunk_index`,
        [line.id],
      )
    );
    for (const chunk of pending) {
      try {
        let transactionNo = chunk.supplier_transaction_no;
        if (!transactionNo) {
          const placed = await withRetries(deps, chunk.idempotency_key, () =>
            deps.supplier.placeOrder({ transactionId: chunk.idempotency_key, packageCode: chunk.package_code, count: chunk.count }),
          );
          transactionNo = placed.transactionNo;
          await direct.query(
            `UPDATE supplier_orders SET supplier_transaction_no = $2, status = 'submitted', attempts = attempts + 1, updated_at = now() WHERE id = $1`,
            [chunk.id, transactionNo],
          );
        }
        let profiles = null;
        for (let attempt = 0; attempt < FETCH_ATTEMPTS_MAX && !profiles; attempt += 1) {
          const fetched = await withRetries(deps, `fetch ${transactionNo}`, () => deps.supplier.fetchProfiles(transactionNo!));
          if (fetched.status === 'ready') profiles = fetched.profiles;
          else await deps.sleep(Math.min(100 * 2 ** attempt, 3000));
        }
        if (!profiles) throw new SupplierError(`profiles of ${transactionNo} not allocated in time`, 'timeout');
        const delivered = profiles.slice(0, chunk.count);
        // The count moves only after the commit: a transaction retried after a deadlock runs its body again.
        doneTotal += await transaction(pool, async (sql) => {
          await sql.query(`UPDATE supplier_orders SET status = 'allocated', updated_at = now() WHERE id = $1`, [chunk.id]);
          const inserted = (await storeProfiles(sql, deps, { orderId: order.id, lineId: line.id, supplierOrder: { id: chunk.id }, transactionNo: transactionNo!, profiles: delivered })).length;
          // At most three progress messages (a quarter, half, three quarters), however many chunks.
          const quarter = (n: number) => Math.floor((4 * n) / esimTotal);
          if (conversation && chunkCount > 1 && doneTotal + inserted < esimTotal && quarter(doneTotal + inserted) > quarter(doneTotal)) {
            await enqueueReply(sql, conversation, `progress:${order.reference}:${chunk.id}`, t.progress(order.reference, doneTotal + inserted, esimTotal), [], deps.now());
          }
          return inserted;
        });
        deps.notify?.();
      } catch (error) {
        // The chunk stays open (or failed when the supplier refused it); the rest still goes out.
        const rejected = error instanceof SupplierError && error.kind === 'rejected';
        await direct.query(
          `UPDATE supplier_orders SET status = $2::"SupplierOrderStatus", last_error = $3, attempts = attempts + 1, updated_at = now() WHERE id = $1`,
          [chunk.id, rejected ? 'failed' : chunk.status, String((error as Error).message).slice(0, 500)],
        );
        log.error('supplier chunk not delivered', { order: order.reference, chunk: chunk.idempotency_key, error: (error as Error).message });
      }
    }
  }
  await completeOrder(deps, order.id);
  deps.notify?.();
}

interface ProfileRow {
  iccid: string;
  lpa_string: string;
  access_token: string;
  is_test: boolean;
}

interface Allocation {
  line: LineRow;
  key: string;
  transactionNo: string;
  profiles: SupplierProfile[];
}

/**
 * Stores a chunk's profiles (once: the supplier's order number and ICCID are unique together) and
 * counts them on the order line, in one statement. The chunk is an existing supplier order row, or
 * (the fast path) one recorded as allocated in the same statement. Returns the profiles that were
 * new, in the supplier's order.
 */
async function storeProfiles(
  sql: Sql,
  deps: FulfilDeps,
  chunk: {
    orderId: number;
    lineId: number;
    transactionNo: string;
    profiles: SupplierProfile[];
    supplierOrder: { id: number } | { idempotencyKey: string; packageCode: string; count: number };
  },
): Promise<ProfileRow[]> {
  const existing = 'id' in chunk.supplierOrder ? chunk.supplierOrder : null;
  const created = 'id' in chunk.supplierOrder ? null : chunk.supplierOrder;
  return sql.query<ProfileRow>(
    `WITH created AS (
       INSERT INTO supplier_orders (order_id, order_line_id, chunk_index, idempotency_key, supplier, package_code, count, status, supplier_transaction_no, attempts, updated_at)
       SELECT $1, $2, 0, $11::text, $12, $13::text, $14::int, 'allocated', $4, 1, now() WHERE $3::int IS NULL
       ON CONFLICT (order_line_id, chunk_index) DO UPDATE SET status = 'allocated', supplier_transaction_no = EXCLUDED.supplier_transaction_no
       RETURNING id),
     chunk AS (SELECT id FROM created UNION ALL SELECT $3::int WHERE $3::int IS NOT NULL),
     inserted AS (
       INSERT INTO esim_profiles (order_id, order_line_id, supplier_order_id, supplier_transaction_no, iccid, smdp_address, matching_id, lpa_string, access_token, is_test)
       SELECT $1, $2, chunk.id, $4, u.iccid, u.smdp, u.matching, u.lpa, u.token, $9
       FROM chunk, unnest($5::text[], $6::text[], $7::text[], $8::text[], $10::text[]) WITH ORDINALITY AS u(iccid, smdp, matching, lpa, token, n)
       ORDER BY u.n
       ON CONFLICT (supplier_transaction_no, iccid) DO NOTHING RETURNING id, iccid, lpa_string, access_token, is_test),
     counted AS (UPDATE order_lines SET quantity_delivered = quantity_delivered + (SELECT count(*) FROM inserted) WHERE id = $2)
     SELECT iccid, lpa_string, access_token, is_test FROM inserted ORDER BY id`,
    [
      chunk.orderId,
      chunk.lineId,
      existing?.id ?? null,
      chunk.transactionNo,
      chunk.profiles.map((p) => p.iccid),
      chunk.profiles.map((p) => p.smdpAddress),
      chunk.profiles.map((p) => p.matchingId),
      chunk.profiles.map((p) => lpaString(p)),
      deps.supplier.issuesTestProfiles,
      chunk.profiles.map(() => accessToken()),
      created?.idempotencyKey ?? null,
      deps.supplier.name,
      created?.packageCode ?? null,
      created?.count ?? null,
    ],
  );
}

/** Books what was delivered, releases what cannot be, and sends the eSIMs: one transaction. */
async function completeOrder(deps: FulfilDeps, orderId: number, allocations: Allocation[] = []): Promise<void> {
  await transaction(deps.db.pool, async (sql) => {
    const [order] = await sql.query<OrderRow>(`${ORDER_SELECT} FOR UPDATE OF o`, [orderId]);
    if (!order || !['placing', 'partially_delivered'].includes(order.status)) return;
    // The fast path's purchases: one statement per line records the chunk as allocated and stores its profiles.
    const recorded: ProfileRow[] = [];
    for (const a of allocations) {
      const supplierOrder = { idempotencyKey: a.key, packageCode: a.line.package_code, count: a.line.quantity };
      recorded.push(...(await storeProfiles(sql, deps, { orderId, lineId: a.line.id, supplierOrder, transactionNo: a.transactionNo, profiles: a.profiles })));
    }
    const [open] = await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM supplier_orders WHERE order_id = $1 AND status IN ('pending', 'submitted')`, [orderId]);
    if (open!.n > 0) {
      await sql.query(`UPDATE orders SET status = 'partially_delivered', updated_at = now() WHERE id = $1`, [orderId]);
      return; // resumed later (retry or restart): the supplier may still deliver
    }
    const lines = await orderLines(sql, orderId);
    const now = deps.now();
    const at = now.toISOString();
    const { deliveredMinor, deliveredUsd, costUsd, undeliverableMinor, undeliverableUsd, physicalPending } = settleDelivery(
      lines.map((l) => ({
        type: l.type,
        quantity: l.quantity,
        quantityDelivered: l.quantity_delivered,
        lineTotalMinor: l.line_total_minor === null ? null : Number(l.line_total_minor),
        lineTotalUsdMinor: Number(l.line_total_usd_minor),
        supplierCostMinor: Number(l.supplier_cost_minor),
      })),
    );
    const who = { customerId: order.customer_id, currency: order.currency };
    const channel = order.channel as RevenueChannel;
    if (deliveredMinor > 0) {
      await bookDelivered(sql, { id: order.id, reference: order.reference, paymentMethod: order.payment_method, channel, ...who }, { minor: deliveredMinor, usd: deliveredUsd, costUsd }, at, 0);
    }
    if (undeliverableMinor > 0 && order.payment_method === 'prepaid') {
      const release = events.prepaidVoid({ ...who, amountMinor: undeliverableMinor, usdMinor: undeliverableUsd }, order.reference, at, order.id);
      assertPosted(await postEntry(sql, release), release.idempotencyKey);
    }
    const esimQuantity = lines.filter((l) => l.type === 'esim').reduce((n, l) => n + l.quantity, 0);
    // The fast path stored every profile of the order just now, unless a rerun found them stored.
    const profiles =
      allocations.length > 0 && recorded.length === esimQuantity
        ? recorded
        : await sql.query<ProfileRow>(`SELECT iccid, lpa_string, access_token, is_test FROM esim_profiles WHERE order_id = $1 ORDER BY id`, [orderId]);
    const delivered = profiles.length;
    const status = physicalPending ? 'awaiting_fulfilment' : delivered === esimQuantity ? 'delivered' : delivered > 0 ? 'partially_delivered' : 'failed';
    // The order's new status, and the conversation moves on if it was waiting for this order.
    await sql.query(`UPDATE orders SET status = $2::"OrderStatus", delivered_at = $3, updated_at = now() WHERE id = $1`, [orderId, status, delivered > 0 ? now : null]);
    if (order.conversation_id !== null) await applyEvent(sql, [order.conversation_id], () => ({ kind: 'delivery_done', orderRef: order.reference }));
    if (physicalPending) {
      await sql.query(`INSERT INTO fulfilment_tasks (order_id, iccids) SELECT $1, '{}' WHERE NOT EXISTS (SELECT 1 FROM fulfilment_tasks WHERE order_id = $1)`, [orderId]);
    }
    if (order.conversation_id === null) return;
    const t = texts(order.language);
    const conversation = { id: order.conversation_id, channel: order.conversation_channel!, conversationKey: order.conversation_key };
    if (delivered > 0) {
      const { text, attachments } = deliveryMessage(
        t,
        order.reference,
        order.access_token,
        profiles.map((p) => ({ iccid: p.iccid, lpaString: p.lpa_string, accessToken: p.access_token, isTest: p.is_test })),
        delivered < esimQuantity ? esimQuantity : null,
      );
      await enqueueReply(sql, conversation, `deliver:${order.reference}`, text, attachments, now);
    }
    if (physicalPending) await enqueueReply(sql, conversation, `physical:${order.reference}`, t.physical(order.reference), [], now);
  });
}

function assertPosted(result: Awaited<ReturnType<typeof postEntry>>, key: string): void {
  if (!result.ok) throw new Error(`ledger refused ${key}: ${result.code}`);
}

/**
 * Books what was delivered: revenue from the prepaid hold or onto the receivable, and its supplier
 * cost. `part` tells deliveries of one order apart (0: the eSIMs, 1: the shipped SIM cards).
 */
export async function bookDelivered(
  sql: Sql,
  order: { id: number; reference: string; paymentMethod: string | null; channel: RevenueChannel; customerId: string; currency: string },
  amount: { minor: number; usd: number; costUsd: number },
  at: string,
  part: number,
): Promise<void> {
  const who = { customerId: order.customerId, currency: order.currency, amountMinor: amount.minor, usdMinor: amount.usd };
  const revenue =
    order.paymentMethod === 'prepaid'
      ? events.prepaidCapture(who, order.channel, order.reference, at, order.id, part)
      : events.postpaidCharge(who, order.channel, order.reference, at, order.id, part);
  assertPosted(await postEntry(sql, revenue), revenue.idempotencyKey);
  const cogs = events.supplierCost(amount.costUsd, order.reference, at, order.id, part);
  assertPosted(await postEntry(sql, cogs), cogs.idempotencyKey);
}

/** An order's lines with their quoted totals in the order's currency, product type and package. */
export function orderLines(sql: Sql, orderId: number): Promise<LineRow[]> {
  return sql.query<LineRow>(LINES_SELECT, [orderId]);
}
export function deliveryMessage(
  t: ReturnType<typeof texts>,
  orderRef: string,
  orderToken: string,
  profiles: { iccid: string; lpaString: string; accessToken: string; isTest: boolean }[],
  partialOf: number | null,
): { text: string; attachments: OutboundAttachment[] } {
  const test = profiles.some((p) => p.isTest) ? `\n${t.testProfiles}` : '';
  const partial = partialOf !== null ? `\n${t.partial(orderRef, profiles.length, partialOf)}` : '';
  const csv: OutboundAttachment = { kind: 'file', filename: `${orderRef}-esims.csv`, mimeType: 'text/csv', url: `/orders/${orderToken}/esims.csv` };
  if (profiles.length > PROFILES_SHOWN_INLINE_MAX) {
    return {
      text: `${t.deliveredAsFile(orderRef, profiles.length)}${partial}${test}`,
      attachments: [csv, { kind: 'file', filename: `${orderRef}-qr-codes.zip`, mimeType: 'application/zip', url: `/orders/${orderToken}/qr-codes.zip` }],
    };
  }
  const lines = profiles.map((p, i) => `${i + 1}. ICCID ${p.iccid}\n   ${p.lpaString}`);
  return {
    text: `${t.delivered(orderRef, profiles.length)}\n${lines.join('\n')}${partial}${test}`,
    attachments: profiles.map((p) => ({ kind: 'image' as const, filename: `${p.iccid}.png`, mimeType: 'image/png', url: `/qr/${p.accessToken}.png`, caption: `ICCID ${p.iccid}` })),
  };
}
