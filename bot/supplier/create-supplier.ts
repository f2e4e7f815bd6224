import type { Config } from '../config';
import type { SupplierPort } from './port';
import { createSandboxSupplier } from './sandbox-supplier';

export function createSupplier(config: Config): SupplierPort {
  if (config.SUPPLIER === 'sandbox') return createSandboxSupplier();
  throw new Error('SUPPLIER=http is not available yet: use SUPPLIER=sandbox');
}
