import { sql as raw } from 'kysely';
import type { SupplierOrderStatus } from '../../generated/kysely/enums';
import type { Sql } from '../db/sql';
import { compiledOnce, q } from './query-builder';

// Supplier orders (an order line's chunks): how they close, typed from the schema. The chunks are
// written and placed in bot/fulfilment/place-chunk.ts, and stored with their profiles in bot/store/esim-profiles.ts.

const openCountOnce = compiledOnce(['id'] as const, (p) =>
  q.selectFrom('supplier_orders')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('order_id', '=', p.id)
    .where('status', 'in', [raw<'pending'>`'pending'`, raw<'submitted'>`'submitted'`]),
);

/** Supplier chunks of the order still pending or submitted: the order is not complete while there are any. */
export async function openChunkCount(sql: Sql, orderId: number): Promise<number> {
  const [open] = await openCountOnce(sql, { id: orderId });
  return open!.n;
}

const allocatedOnce = compiledOnce(['id'] as const, (p) =>
  q.updateTable('supplier_orders').set({ status: raw<'allocated'>`'allocated'`, updated_at: raw<Date>`now()` }).where('id', '=', p.id),
);

/** The supplier allocated the chunk's profiles (stored in the same transaction). */
export async function markChunkAllocated(sql: Sql, chunkId: number): Promise<void> {
  await allocatedOnce(sql, { id: chunkId });
}

const failedAttemptOnce = compiledOnce(['id', 'status', 'error'] as const, (p) =>
  q.updateTable('supplier_orders')
    .set({ status: p.status, last_error: p.error, attempts: raw<number>`attempts + 1`, updated_at: raw<Date>`now()` })
    .where('id', '=', p.id),
);

/** A try at the chunk failed: it stays open (or is failed, when the supplier refused it), with the error kept. */
export async function recordChunkFailure(sql: Sql, chunkId: number, status: SupplierOrderStatus, error: string): Promise<void> {
  await failedAttemptOnce(sql, { id: chunkId, status, error: error.slice(0, 500) });
}

const chunksOfOrderOnce = compiledOnce(['id'] as const, (p) =>
  q.selectFrom('supplier_orders')
    .select(['idempotency_key', 'status', 'count', 'supplier_transaction_no', 'last_error'])
    .where('order_id', '=', p.id)
    .orderBy('id'),
);

/** Every supplier request of the order with how it ended, for the staff ticket of an order finished short. */
export async function chunksOfOrder(sql: Sql, orderId: number) {
  return chunksOfOrderOnce(sql, { id: orderId });
}
