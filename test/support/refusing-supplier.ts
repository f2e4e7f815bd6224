import { createSandboxSupplier } from '../../bot/supplier/sandbox-supplier';
import { SupplierError, type SupplierPort } from '../../bot/supplier/port';

/**
 * The sandbox supplier, refusing these packages (every package when none is named) with the error a
 * real wholesale API gives; `chunkSizeMax` as a supplier with small batches would set it.
 */
export function refusingSupplier(packages: readonly string[] = [], options: { chunkSizeMax?: number } = {}): SupplierPort {
  const sandbox = createSandboxSupplier();
  return {
    ...sandbox,
    ...(options.chunkSizeMax === undefined ? {} : { chunkSizeMax: options.chunkSizeMax }),
    async placeOrder(request) {
      if (packages.length === 0 || packages.includes(request.packageCode)) throw new SupplierError(`package ${request.packageCode} is out of stock (supplier code 4091)`, 'rejected');
      return sandbox.placeOrder(request);
    },
  };
}
