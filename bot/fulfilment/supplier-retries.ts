import { log } from '../log';
import { SupplierError } from '../supplier/port';
import type { FulfilDeps } from './deps';

const ATTEMPTS_MAX = 6;

/** Calls the supplier with retries: a 429 waits as told, a timeout retries with the same id. */
export async function withRetries<T>(deps: FulfilDeps, what: string, call: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await call();
    } catch (error) {
      const retryable = error instanceof SupplierError && error.kind !== 'rejected';
      if (!retryable || attempt >= ATTEMPTS_MAX) throw error;
      const waitMs = (error as SupplierError).retryAfterMs ?? Math.min(200 * 2 ** attempt, 5000);
      log.warn('supplier call failed, retrying', { what, attempt, kind: (error as SupplierError).kind, waitMs });
      await deps.sleep(waitMs);
    }
  }
}

