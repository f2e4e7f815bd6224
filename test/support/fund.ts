import * as events from '../../domain/ledger/events';
import { postEntry } from '../../bot/ledger/ledger-store';
import type { TestDatabase } from './test-database';

/** A prepaid top-up booked straight into the ledger (bank / prepaid), for tests that need a balance. */
export async function fund(db: TestDatabase, customerId: string, currency: string, amountMinor: number, usdMinor: number, ref: string, at = '2026-11-25T10:00:00.000Z'): Promise<void> {
  const result = await db.prisma.$transaction((tx) => postEntry(tx, events.prepaidTopUp({ customerId, currency, amountMinor, usdMinor }, ref, at)));
  if (!result.ok) throw new Error(`top-up ${ref} failed: ${result.code}`);
}
