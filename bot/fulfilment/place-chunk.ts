import { sql as raw } from 'kysely';
import type { SupplierOrderStatus } from '../../generated/kysely/enums';
import type { Sql } from '../db/sql';
import { compiledOnce, q } from '../store/query-builder';
import type { FulfilDeps } from './deps';
import type { LineRow, OrderRow } from './order-rows';
import { withRetries } from './supplier-retries';

// Step "place": an eSIM line is bought in chunks of at most the supplier's request size, each under
// its own key (supplier:<order>:<line>:<chunk>), which the supplier deduplicates: a chunk sent
// again after a crash gets the same purchase back.

export interface ChunkRow {
  id: number;
  idempotency_key: string;
  package_code: string;
  count: number;
  status: SupplierOrderStatus;
  supplier_transaction_no: string | null;
}

const writeChunks = compiledOnce(['orderId', 'lineId', 'keyPrefix', 'supplier', 'packageCode', 'indexes', 'counts'] as const, (p) =>
  q.insertInto('supplier_orders')
    .columns(['order_id', 'order_line_id', 'chunk_index', 'idempotency_key', 'supplier', 'package_code', 'count', 'updated_at'])
    .expression(
      q.selectFrom(raw<{ i: number; c: number }>`unnest(${p.indexes}::int[], ${p.counts}::int[])`.as<'u'>(raw`u(i, c)`)).select([
        raw<number>`${p.orderId}`.as('order_id'),
        raw<number>`${p.lineId}`.as('order_line_id'),
        'u.i',
        raw<string>`${p.keyPrefix} || u.i`.as('idempotency_key'),
        raw<string>`${p.supplier}`.as('supplier'),
        raw<string>`${p.packageCode}`.as('package_code'),
        'u.c',
        raw<Date>`now()`.as('updated_at'),
      ]),
    )
    .onConflict((oc) => oc.columns(['order_line_id', 'chunk_index']).doNothing()),
);

/** The line's chunks, written once; returns those not yet allocated, in order. */
export async function openChunks(sql: Sql, deps: FulfilDeps, order: Pick<OrderRow, 'id' | 'reference'>, line: LineRow): Promise<ChunkRow[]> {
  const chunkSize = deps.supplier.chunkSizeMax;
  const indexes = Array.from({ length: Math.ceil(line.quantity / chunkSize) }, (_, i) => i);
  await writeChunks(sql, {
    orderId: order.id,
    lineId: line.id,
    keyPrefix: `supplier:${order.reference}:${line.id}:`,
    supplier: deps.supplier.name,
    packageCode: line.package_code,
    indexes,
    counts: indexes.map((i) => Math.min(chunkSize, line.quantity - i * chunkSize)),
  });
  return openChunksOnce(sql, { lineId: line.id });
}

const openChunksOnce = compiledOnce(['lineId'] as const, (p) =>
  q.selectFrom('supplier_orders')
    .select(['id', 'idempotency_key', 'package_code', 'count', 'status', 'supplier_transaction_no'])
    .where('order_line_id', '=', p.lineId)
    .where('status', 'in', raw<'pending'>`('pending', 'submitted')`)
    .orderBy('chunk_index'),
);

const submittedOnce = compiledOnce(['id', 'transactionNo'] as const, (p) =>
  q.updateTable('supplier_orders')
    .set({ supplier_transaction_no: p.transactionNo, status: raw<'submitted'>`'submitted'`, attempts: raw<number>`attempts + 1`, updated_at: raw<Date>`now()` })
    .where('id', '=', p.id),
);

/**
 * Sends a chunk to the supplier (unless it was sent) and records the supplier's number for it.
 * `placedAs`: the number the supplier gave this chunk's key moments ago (the fast path placed it,
 * its profiles were not ready): recorded without asking again.
 */
export async function placeChunk(sql: Sql, deps: FulfilDeps, chunk: ChunkRow, placedAs?: string): Promise<string> {
  if (chunk.supplier_transaction_no) return chunk.supplier_transaction_no;
  const transactionNo =
    placedAs ??
    (await withRetries(deps, chunk.idempotency_key, () => deps.supplier.placeOrder({ transactionId: chunk.idempotency_key, packageCode: chunk.package_code, count: chunk.count }))).transactionNo;
  await submittedOnce(sql, { id: chunk.id, transactionNo });
  return transactionNo;
}
