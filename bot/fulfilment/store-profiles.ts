import type { Sql } from '../db/sql';
import { accessToken } from '../orders/references';
import { lpaString, type SupplierProfile } from '../supplier/port';
import type { FulfilDeps } from './deps';

// Step "store": a chunk's profiles written once and counted on their order line.

export interface ProfileRow {
  iccid: string;
  lpa_string: string;
  access_token: string;
  is_test: boolean;
}

/**
 * Stores a chunk's profiles (once: the supplier's order number and ICCID are unique together) and
 * counts them on the order line, in one statement. The chunk is an existing supplier order row, or
 * (the fast path) one recorded as allocated in the same statement. Returns the profiles that were
 * new, in the supplier's order.
 */
export async function storeProfiles(
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

