import type { Sql } from '../db/sql';
import { accessToken } from '../orders/references';
import { storeChunkProfiles, type ProfileRow } from '../store/esim-profiles';
import { lpaString, type SupplierProfile } from '../supplier/port';
import type { FulfilDeps } from './deps';

// Step "store": a chunk's profiles written once and counted on their order line.

export type { ProfileRow } from '../store/esim-profiles';

/**
 * Stores a chunk's profiles, each with its own access token, and counts them on the order line in
 * one statement (bot/store/esim-profiles). Returns the profiles that were new, in the supplier's order.
 */
export function storeProfiles(
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
  return storeChunkProfiles(sql, {
    ...chunk,
    supplier: deps.supplier.name,
    isTest: deps.supplier.issuesTestProfiles,
    profiles: chunk.profiles.map((p) => ({ iccid: p.iccid, smdpAddress: p.smdpAddress, matchingId: p.matchingId, lpaString: lpaString(p), accessToken: accessToken() })),
  });
}
