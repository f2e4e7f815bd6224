// The supplier behind one port: order by package code and count with our transaction id as the
// idempotency key, then fetch the allocated profiles. A retry with the same id never buys twice.

export interface SupplierProfile {
  iccid: string;
  smdpAddress: string;
  matchingId: string;
}

export interface SupplierOrderResult {
  /** The supplier's own number for this purchase: profiles are keyed on it (ICCIDs can be reused). */
  transactionNo: string;
}

export type ProfilesResult = { status: 'ready'; profiles: SupplierProfile[] } | { status: 'pending' };

export class SupplierError extends Error {
  constructor(
    message: string,
    readonly kind: 'rate_limited' | 'timeout' | 'rejected' | 'unavailable',
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'SupplierError';
  }
}

export interface SupplierPort {
  readonly name: 'sandbox' | 'http';
  /** Profiles it issues are test profiles (shown as such to resellers). */
  readonly issuesTestProfiles: boolean;
  /** At most this many eSIMs per order request: bigger lines are split into chunks. */
  readonly chunkSizeMax: number;
  placeOrder(request: { transactionId: string; packageCode: string; count: number }): Promise<SupplierOrderResult>;
  fetchProfiles(transactionNo: string): Promise<ProfilesResult>;
  balance(): Promise<{ amountMinor: number; currency: string }>;
}

export function lpaString(profile: Pick<SupplierProfile, 'smdpAddress' | 'matchingId'>): string {
  return `LPA:1$${profile.smdpAddress}$${profile.matchingId}`;
}
