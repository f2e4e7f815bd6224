import { texts } from '../../domain/replies/texts';
import { poolSql, transaction } from '../db/sql';
import { log } from '../log';
import { enqueueReply } from '../pipeline/reply';
import { markChunkAllocated, recordChunkFailure } from '../store/supplier-orders';
import { SupplierError } from '../supplier/port';
import { completeOrder, type Allocation } from './complete-order';
import type { FulfilDeps } from './deps';
import { loadOrderWithLines } from './order-rows';
import { openChunks, placeChunk } from './place-chunk';
import { pollProfiles } from './poll-profiles';
import { storeProfiles } from './store-profiles';
import { withRetries } from './supplier-retries';
import { fulfilmentOpen } from '../store/orders';
import { errorInWords } from '../../channels/error-in-words';

export type { FulfilDeps } from './deps';

/**
 * Buys an order's eSIMs and delivers them, in explicit steps, each safe to run again under its key:
 * place (each chunk under supplier:<order>:<line>:<chunk>), poll (until allocated), store (profiles
 * once per supplier number and ICCID, with at most three progress messages), complete (booking,
 * status and delivery, keyed on the order). A crash anywhere resumes at the first step not done.
 * Returns true when this run left the order finished (no supplier request of it still open), false
 * when that is not known here (the caller reads the order).
 */
export async function fulfilOrder(deps: FulfilDeps, orderId: number): Promise<boolean> {
  const direct = poolSql(deps.db.pool);
  const order = await loadOrderWithLines(direct, orderId);
  if (!order || !fulfilmentOpen(order)) return false;
  const { lines } = order;
  const esimLines = lines.filter((l) => l.type === 'esim');
  const chunkSize = deps.supplier.chunkSizeMax;

  // Fast path: every line fits one supplier request and the supplier allocates at once. The
  // purchase and the booking then commit together. Crash-safe without writing first: the chunk key
  // is derived from the order, so a rerun asks the supplier with the same key and gets the same profiles.
  // Keys the fast path placed: the chunked path records their numbers rather than placing them again.
  const placedAs = new Map<string, string>();
  if (order.status === 'placing' && esimLines.length > 0 && esimLines.every((l) => l.quantity <= chunkSize && l.quantity_delivered === 0)) {
    const allocated: Allocation[] = [];
    try {
      for (const line of esimLines) {
        const key = `supplier:${order.reference}:${line.id}:0`;
        const placed = await withRetries(deps, key, () => deps.supplier.placeOrder({ transactionId: key, packageCode: line.package_code, count: line.quantity }));
        placedAs.set(key, placed.transactionNo);
        const fetched = await withRetries(deps, `fetch ${placed.transactionNo}`, () => deps.supplier.fetchProfiles(placed.transactionNo));
        if (fetched.status !== 'ready') break;
        allocated.push({ line, key, transactionNo: placed.transactionNo, profiles: fetched.profiles.slice(0, line.quantity) });
      }
    } catch (error) {
      log.warn('supplier fast path failed; using the chunked path', { order: order.reference, error });
    }
    if (allocated.length === esimLines.length) {
      const finished = await completeOrder(deps, order.id, allocated);
      deps.notify?.();
      return finished;
    }
  }

  const t = texts(order.language ?? 'en');
  const conversation = order.conversation_id !== null ? { id: order.conversation_id, channel: order.conversation_channel!, conversationKey: order.conversation_key } : null;
  const esimTotal = esimLines.reduce((n, l) => n + l.quantity, 0);
  const chunkCount = esimLines.reduce((n, l) => n + Math.ceil(l.quantity / chunkSize), 0);
  let doneTotal = lines.reduce((n, l) => n + l.quantity_delivered, 0);
  for (const line of esimLines) {
    for (const chunk of await openChunks(direct, deps, order, line)) {
      try {
        const transactionNo = await placeChunk(direct, deps, chunk, placedAs.get(chunk.idempotency_key));
        const delivered = (await pollProfiles(deps, transactionNo)).slice(0, chunk.count);
        // The count moves only after the commit: a transaction retried after a deadlock runs its body again.
        doneTotal += await transaction(deps.db.pool, async (sql) => {
          await markChunkAllocated(sql, chunk.id);
          const inserted = (await storeProfiles(sql, deps, { orderId: order.id, lineId: line.id, supplierOrder: { id: chunk.id }, transactionNo, profiles: delivered })).length;
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
        await recordChunkFailure(direct, chunk.id, rejected ? 'failed' : chunk.status, errorInWords(error));
        log.error('supplier chunk not delivered', { order: order.reference, chunk: chunk.idempotency_key, error });
      }
    }
  }
  const finished = await completeOrder(deps, order.id);
  deps.notify?.();
  return finished;
}
