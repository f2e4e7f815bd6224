import type { Config } from '../config';
import { createHttpSupplier } from './http-supplier';
import type { SupplierPort } from './port';
import { createSandboxSupplier } from './sandbox-supplier';

export function createSupplier(config: Config): SupplierPort {
  if (config.SUPPLIER === 'sandbox') return createSandboxSupplier();
  return createHttpSupplier({
    baseUrl: config.SUPPLIER_BASE_URL!,
    apiKey: config.SUPPLIER_API_KEY,
    timeoutMs: config.SUPPLIER_TIMEOUT_MS,
    requestsPerSecond: config.SUPPLIER_REQUESTS_PER_SECOND,
  });
}
