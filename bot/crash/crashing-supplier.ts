import type { SupplierPort } from '../supplier/port';
import { crashPoint } from './crash-points';

/** The supplier with crash points around each call (crash-test only): the purchase made, our record of it not. */
export function withCrashPoints(supplier: SupplierPort): SupplierPort {
  return {
    name: supplier.name,
    issuesTestProfiles: supplier.issuesTestProfiles,
    chunkSizeMax: supplier.chunkSizeMax,
    async placeOrder(request) {
      crashPoint('supplier:before-purchase');
      const placed = await supplier.placeOrder(request);
      crashPoint('supplier:after-purchase');
      return placed;
    },
    async fetchProfiles(transactionNo) {
      const fetched = await supplier.fetchProfiles(transactionNo);
      crashPoint('supplier:after-profiles');
      return fetched;
    },
    balance: () => supplier.balance(),
  };
}
