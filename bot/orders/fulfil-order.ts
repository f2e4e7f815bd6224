import * as events from '../../domain/ledger/events';
import type { RevenueChannel } from '../../domain/ledger/accounts';
import { mulDivRound } from '../../domain/money';
import { texts } from '../../domain/replies/texts';
import type { OutboundAttachment } from '../../channels/port';
import type { Database } from '../db/database';
import { postEntry } from '../ledger/ledger-store';
import { log } from '../log';
import { enqueueReply } from '../pipeline/reply';
import { lpaString, SupplierError, type SupplierPort } from '../supplier/port';
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

/**
 * Buys an order's eSIMs in chunks (at most the supplier's chunk size per request, our chunk key as
 * the idempotency key), stores the profiles, tells the reseller the progress, then books the
 * ledger and delivers. Safe to run again after a crash: done chunks are skipped, and a chunk that
 * was sent but not recorded is sent again with the same key, which the supplier deduplicates.
 */
export async function fulfilOrder(deps: FulfilDeps, orderId: number): Promise<void> {
  const { prisma } = deps.db;
  const order = await prisma.order.findUniqueOrThrow({
    where: { id: orderId },
    include: { lines: true, customer: true, conversation: true, quote: { include: { lines: true } } },
  });
  if (!['placing', 'partially_delivered'].includes(order.status)) return;
  const products = new Map((await prisma.product.findMany({ where: { sku: { in: order.lines.map((l) => l.sku) } } })).map((p) => [p.sku, p]));
  const language = order.conversation?.language ?? 'en';
  const t = texts(language);
  const conversation = order.conversation
    ? { id: order.conversation.id, channel: order.conversation.channel, conversationKey: order.conversationKey }
    : null;
  const esimTotal = order.lines.filter((l) => products.get(l.sku)?.type === 'esim').reduce((n, l) => n + l.quantity, 0);
  let doneTotal = order.lines.reduce((n, l) => n + l.quantityDelivered, 0);
  const chunkCount = order.lines.reduce((n, l) => n + Math.ceil(l.quantity / deps.supplier.chunkSizeMax), 0);

  for (const line of order.lines) {
    const product = products.get(line.sku)!;
    if (product.type !== 'esim') continue;
    const chunks = Math.ceil(line.quantity / deps.supplier.chunkSizeMax);
    await prisma.supplierOrder.createMany({
      data: Array.from({ length: chunks }, (_, i) => ({
        orderId: order.id,
        orderLineId: line.id,
        chunkIndex: i,
        idempotencyKey: `supplier:${order.reference}:${line.id}:${i}`,
        supplier: deps.supplier.name,
        packageCode: product.supplierPackageCode,
        count: Math.min(deps.supplier.chunkSizeMax, line.quantity - i * deps.supplier.chunkSizeMax),
      })),
      skipDuplicates: true,
    });
    const pending = await prisma.supplierOrder.findMany({ where: { orderLineId: line.id, status: { in: ['pending', 'submitted'] } }, orderBy: { chunkIndex: 'asc' } });
    for (const chunk of pending) {
      try {
        let transactionNo = chunk.supplierTransactionNo;
        if (!transactionNo) {
          const placed = await withRetries(deps, chunk.idempotencyKey, () =>
            deps.supplier.placeOrder({ transactionId: chunk.idempotencyKey, packageCode: chunk.packageCode, count: chunk.count }),
          );
          transactionNo = placed.transactionNo;
          await prisma.supplierOrder.update({ where: { id: chunk.id }, data: { supplierTransactionNo: transactionNo, status: 'submitted', attempts: { increment: 1 } } });
        }
        let profiles = null;
        for (let attempt = 0; attempt < FETCH_ATTEMPTS_MAX && !profiles; attempt += 1) {
          const fetched = await withRetries(deps, `fetch ${transactionNo}`, () => deps.supplier.fetchProfiles(transactionNo!));
          if (fetched.status === 'ready') profiles = fetched.profiles;
          else await deps.sleep(Math.min(100 * 2 ** attempt, 3000));
        }
        if (!profiles) throw new SupplierError(`profiles of ${transactionNo} not allocated in time`, 'timeout');
        if (profiles.length > chunk.count) profiles = profiles.slice(0, chunk.count);
        const delivered = profiles;
        await prisma.$transaction(async (tx) => {
          const inserted = await tx.esimProfile.createMany({
            data: delivered.map((p) => ({
              orderId: order.id,
              orderLineId: line.id,
              supplierOrderId: chunk.id,
              supplierTransactionNo: transactionNo!,
              iccid: p.iccid,
              smdpAddress: p.smdpAddress,
              matchingId: p.matchingId,
              lpaString: lpaString(p),
              accessToken: accessToken(),
              isTest: deps.supplier.issuesTestProfiles,
            })),
            skipDuplicates: true,
          });
          await tx.supplierOrder.update({ where: { id: chunk.id }, data: { status: 'allocated' } });
          await tx.orderLine.update({ where: { id: line.id }, data: { quantityDelivered: { increment: inserted.count } } });
          doneTotal += inserted.count;
          if (conversation && chunkCount > 1 && doneTotal < esimTotal) {
            await enqueueReply(tx, conversation, `progress:${order.reference}:${chunk.id}`, t.progress(order.reference, doneTotal, esimTotal), [], deps.now());
          }
        });
        deps.notify?.();
      } catch (error) {
        // The chunk stays open (or failed when the supplier refused it); the rest still goes out.
        const rejected = error instanceof SupplierError && error.kind === 'rejected';
        await prisma.supplierOrder.update({
          where: { id: chunk.id },
          data: { status: rejected ? 'failed' : chunk.status, lastError: String((error as Error).message).slice(0, 500), attempts: { increment: 1 } },
        });
        log.error('supplier chunk not delivered', { order: order.reference, chunk: chunk.idempotencyKey, error: (error as Error).message });
      }
    }
  }
  await completeOrder(deps, order.id);
  deps.notify?.();
}

/** Books what was delivered, releases what cannot be, and sends the eSIMs: one transaction. */
async function completeOrder(deps: FulfilDeps, orderId: number): Promise<void> {
  await deps.db.prisma.$transaction(async (tx) => {
    await tx.$queryRawUnsafe('SELECT 1 FROM orders WHERE id = $1 FOR UPDATE', orderId);
    const order = await tx.order.findUniqueOrThrow({
      where: { id: orderId },
      include: { lines: true, conversation: true, quote: { include: { lines: true } }, supplierOrders: true, profiles: { orderBy: { id: 'asc' } } },
    });
    if (!['placing', 'partially_delivered'].includes(order.status)) return;
    const products = new Map((await tx.product.findMany({ where: { sku: { in: order.lines.map((l) => l.sku) } } })).map((p) => [p.sku, p]));
    const openChunks = order.supplierOrders.filter((c) => c.status === 'pending' || c.status === 'submitted');
    if (openChunks.length > 0) {
      await tx.order.update({ where: { id: order.id }, data: { status: 'partially_delivered' } });
      return; // resumed later (retry or restart): the supplier may still deliver
    }
    const now = deps.now();
    const at = now.toISOString();
    const quoteLine = (sku: string) => order.quote?.lines.find((l) => l.sku === sku);
    let deliveredMinor = 0;
    let deliveredUsd = 0;
    let costUsd = 0;
    let undeliverableMinor = 0;
    let undeliverableUsd = 0;
    let physicalPending = false;
    for (const line of order.lines) {
      const lineMinor = Number(quoteLine(line.sku)?.lineTotalMinor ?? line.lineTotalUsdMinor);
      const lineUsd = Number(line.lineTotalUsdMinor);
      if (products.get(line.sku)?.type === 'sim') {
        physicalPending = true;
        continue;
      }
      const part = (total: number, n: number) => (n === line.quantity ? total : mulDivRound(total, n, line.quantity));
      deliveredMinor += part(lineMinor, line.quantityDelivered);
      deliveredUsd += part(lineUsd, line.quantityDelivered);
      costUsd += Number(line.supplierCostMinor) * line.quantityDelivered;
      undeliverableMinor += lineMinor - part(lineMinor, line.quantityDelivered);
      undeliverableUsd += lineUsd - part(lineUsd, line.quantityDelivered);
    }
    const who = { customerId: order.customerId, currency: order.currency };
    const channel = order.channel as RevenueChannel;
    if (deliveredMinor > 0) {
      const revenue =
        order.paymentMethod === 'prepaid'
          ? events.prepaidCapture({ ...who, amountMinor: deliveredMinor, usdMinor: deliveredUsd }, channel, order.reference, at, order.id)
          : events.postpaidCharge({ ...who, amountMinor: deliveredMinor, usdMinor: deliveredUsd }, channel, order.reference, at, order.id);
      assertPosted(await postEntry(tx, revenue), revenue.idempotencyKey);
      const cogs = events.supplierCost(costUsd, order.reference, at, order.id);
      assertPosted(await postEntry(tx, cogs), cogs.idempotencyKey);
    }
    if (undeliverableMinor > 0 && order.paymentMethod === 'prepaid') {
      const release = events.prepaidVoid({ ...who, amountMinor: undeliverableMinor, usdMinor: undeliverableUsd }, order.reference, at, order.id);
      assertPosted(await postEntry(tx, release), release.idempotencyKey);
    }
    const esimQuantity = order.lines.filter((l) => products.get(l.sku)?.type === 'esim').reduce((n, l) => n + l.quantity, 0);
    const delivered = order.profiles.length;
    const status = physicalPending ? 'awaiting_fulfilment' : delivered === esimQuantity ? 'delivered' : delivered > 0 ? 'partially_delivered' : 'failed';
    await tx.order.update({ where: { id: order.id }, data: { status, deliveredAt: delivered > 0 ? now : null } });
    if (physicalPending) {
      const simLines = order.lines.filter((l) => products.get(l.sku)?.type === 'sim');
      const existing = await tx.fulfilmentTask.count({ where: { orderId: order.id } });
      if (existing === 0 && simLines.length > 0) await tx.fulfilmentTask.create({ data: { orderId: order.id, iccids: [] } });
    }
    if (!order.conversation) return;
    const t = texts(order.conversation.language);
    const conversation = { id: order.conversation.id, channel: order.conversation.channel, conversationKey: order.conversationKey };
    if (delivered > 0) {
      const { text, attachments } = deliveryMessage(t, order.reference, order.accessToken, order.profiles, delivered < esimQuantity ? esimQuantity : null);
      await enqueueReply(tx, conversation, `deliver:${order.reference}`, text, attachments, now);
    }
    if (physicalPending) await enqueueReply(tx, conversation, `physical:${order.reference}`, t.physical(order.reference), [], now);
    if (order.conversation.state === 'placing' && (order.conversation.stateData as { orderRef?: string } | null)?.orderRef === order.reference) {
      await tx.conversation.update({ where: { id: order.conversation.id }, data: { state: 'delivered', version: { increment: 1 } } });
    }
  });
}

function assertPosted(result: Awaited<ReturnType<typeof postEntry>>, key: string): void {
  if (!result.ok) throw new Error(`ledger refused ${key}: ${result.code}`);
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
