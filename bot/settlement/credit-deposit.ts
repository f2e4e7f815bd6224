import { creditToBook, type CreditInput } from '../../domain/settlement/book';
import type { Sql } from '../db/sql';
import { nextDepositKey, setCreditedMinor } from '../store/deposits';
import { loadSettlementBook } from './settlement-book';
import { writeSettlement } from './write-settlement';

// A deposit in suspense that staff matched to a reseller: credited as an import credits a matched
// deposit (domain/settlement/book), on a book of that one reseller, in the caller's transaction.

export async function creditDeposit(sql: Sql, input: Omit<CreditInput, 'entryKey'>): Promise<{ ordersToFulfil: number[]; released: string[] }> {
  const book = await loadSettlementBook(sql, { customerIds: [input.customerId], orderIds: input.orderId === null ? [] : [input.orderId], everyAwaitingOrder: false });
  const credit = creditToBook(book, { ...input, entryKey: await nextDepositKey(sql, input.depositId) });
  await writeSettlement(sql, credit.effects, { now: input.now, source: 'manual', fileName: null, staffId: null, note: null });
  await setCreditedMinor(sql, input.depositId, input.creditedMinor);
  return { ordersToFulfil: credit.ordersToFulfil, released: credit.released };
}
