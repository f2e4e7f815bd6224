import { sql as raw } from 'kysely';
import type { Sql } from '../db/sql';
import { compiledOnce, q } from './query-builder';

// eSIM profiles: stored once per supplier order number and ICCID, counted on their order line,
// typed from the schema.

export interface ProfileRow {
  iccid: string;
  lpa_string: string;
  access_token: string;
  is_test: boolean;
}

type UnnestedProfile = { iccid: string; smdp: string; matching: string; lpa: string; token: string; n: number };

const storeChunkOnce = compiledOnce(
  ['orderId', 'lineId', 'chunkId', 'transactionNo', 'iccids', 'smdps', 'matchings', 'lpas', 'isTest', 'tokens', 'key', 'supplier', 'packageCode', 'count'] as const,
  (p) =>
    q.with('created', (db) =>
      db.insertInto('supplier_orders')
        .columns(['order_id', 'order_line_id', 'chunk_index', 'idempotency_key', 'supplier', 'package_code', 'count', 'status', 'supplier_transaction_no', 'attempts', 'updated_at'])
        .expression(
          db.selectNoFrom([
            raw<number>`${p.orderId}`.as('order_id'),
            raw<number>`${p.lineId}`.as('order_line_id'),
            raw<number>`0`.as('chunk_index'),
            raw<string>`${p.key}::text`.as('idempotency_key'),
            raw<string>`${p.supplier}`.as('supplier'),
            raw<string>`${p.packageCode}::text`.as('package_code'),
            raw<number>`${p.count}::int`.as('count'),
            raw<'allocated'>`'allocated'`.as('status'),
            raw<string>`${p.transactionNo}`.as('supplier_transaction_no'),
            raw<number>`1`.as('attempts'),
            raw<Date>`now()`.as('updated_at'),
          ]).where(raw<boolean>`${p.chunkId}::int IS NULL`),
        )
        .onConflict((oc) =>
          oc.columns(['order_line_id', 'chunk_index']).doUpdateSet((eb) => ({ status: raw<'allocated'>`'allocated'`, supplier_transaction_no: eb.ref('excluded.supplier_transaction_no') })),
        )
        .returning('id'),
    )
      .with('chunk', (db) => db.selectFrom('created').select('id').unionAll(db.selectNoFrom(raw<number>`${p.chunkId}::int`.as('id')).where(raw<boolean>`${p.chunkId}::int IS NOT NULL`)))
      .with('inserted', (db) =>
        db.insertInto('esim_profiles')
          .columns(['order_id', 'order_line_id', 'supplier_order_id', 'supplier_transaction_no', 'iccid', 'smdp_address', 'matching_id', 'lpa_string', 'access_token', 'is_test'])
          .expression(
            db.selectFrom([
              'chunk',
              raw<UnnestedProfile>`unnest(${p.iccids}::text[], ${p.smdps}::text[], ${p.matchings}::text[], ${p.lpas}::text[], ${p.tokens}::text[]) WITH ORDINALITY`
                .as<'u'>(raw`u(iccid, smdp, matching, lpa, token, n)`),
            ])
              .select([
                raw<number>`${p.orderId}`.as('order_id'),
                raw<number>`${p.lineId}`.as('order_line_id'),
                'chunk.id',
                raw<string>`${p.transactionNo}`.as('supplier_transaction_no'),
                'u.iccid',
                'u.smdp',
                'u.matching',
                'u.lpa',
                'u.token',
                raw<boolean>`${p.isTest}`.as('is_test'),
              ])
              .orderBy('u.n'),
          )
          .onConflict((oc) => oc.columns(['supplier_transaction_no', 'iccid']).doNothing())
          .returning(['id', 'iccid', 'lpa_string', 'access_token', 'is_test']),
      )
      .with('counted', (db) =>
        db.updateTable('order_lines')
          .set((eb) => ({ quantity_delivered: eb('quantity_delivered', '+', eb.selectFrom('inserted').select((c) => c.fn.countAll<number>().as('n')).$asScalar().$notNull()) }))
          .where('id', '=', p.lineId),
      )
      .selectFrom('inserted')
      .select(['iccid', 'lpa_string', 'access_token', 'is_test'])
      .orderBy('id'),
);

/**
 * Stores a chunk's profiles (once: the supplier's order number and ICCID are unique together) and
 * counts them on the order line, in one statement. The chunk is an existing supplier order row, or
 * (the fast path) one recorded as allocated in the same statement. Returns the profiles that were
 * new, in the supplier's order.
 */
export function storeChunkProfiles(
  sql: Sql,
  chunk: {
    orderId: number;
    lineId: number;
    transactionNo: string;
    supplier: string;
    isTest: boolean;
    profiles: readonly { iccid: string; smdpAddress: string; matchingId: string; lpaString: string; accessToken: string }[];
    supplierOrder: { id: number } | { idempotencyKey: string; packageCode: string; count: number };
  },
): Promise<ProfileRow[]> {
  const existing = 'id' in chunk.supplierOrder ? chunk.supplierOrder : null;
  const created = 'id' in chunk.supplierOrder ? null : chunk.supplierOrder;
  return storeChunkOnce(sql, {
    orderId: chunk.orderId,
    lineId: chunk.lineId,
    chunkId: existing?.id ?? null,
    transactionNo: chunk.transactionNo,
    iccids: chunk.profiles.map((p) => p.iccid),
    smdps: chunk.profiles.map((p) => p.smdpAddress),
    matchings: chunk.profiles.map((p) => p.matchingId),
    lpas: chunk.profiles.map((p) => p.lpaString),
    isTest: chunk.isTest,
    tokens: chunk.profiles.map((p) => p.accessToken),
    key: created?.idempotencyKey ?? null,
    supplier: chunk.supplier,
    packageCode: created?.packageCode ?? null,
    count: created?.count ?? null,
  });
}

const ofOrderOnce = compiledOnce(['id'] as const, (p) => q.selectFrom('esim_profiles').select(['iccid', 'lpa_string', 'access_token', 'is_test']).where('order_id', '=', p.id).orderBy('id'));

/** An order's stored profiles, in the order they were stored. */
export function profilesOfOrder(sql: Sql, orderId: number): Promise<ProfileRow[]> {
  return ofOrderOnce(sql, { id: orderId });
}
