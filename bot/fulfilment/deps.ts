import type { Database } from '../db/database';
import type { SupplierPort } from '../supplier/port';

export interface FulfilDeps {
  db: Database;
  supplier: SupplierPort;
  now: () => Date;
  sleep: (ms: number) => Promise<void>;
  /** Called after a step that queued replies has committed. */
  notify?: () => void;
}
