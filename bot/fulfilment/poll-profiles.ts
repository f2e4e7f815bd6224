import { SupplierError, type SupplierProfile } from '../supplier/port';
import type { FulfilDeps } from './deps';
import { withRetries } from './supplier-retries';

// Step "poll": a placed purchase's profiles, asked for until the supplier has allocated them.
// Reading is free of side effects, so it can be repeated at will.

const FETCH_ATTEMPTS_MAX = 40;

export async function pollProfiles(deps: FulfilDeps, transactionNo: string): Promise<SupplierProfile[]> {
  for (let attempt = 0; attempt < FETCH_ATTEMPTS_MAX; attempt += 1) {
    const fetched = await withRetries(deps, `fetch ${transactionNo}`, () => deps.supplier.fetchProfiles(transactionNo));
    if (fetched.status === 'ready') return fetched.profiles;
    await deps.sleep(Math.min(100 * 2 ** attempt, 3000));
  }
  throw new SupplierError(`profiles of ${transactionNo} not allocated in time`, 'timeout');
}
