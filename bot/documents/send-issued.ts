import type pg from 'pg';
import { transaction } from '../db/sql';
import { sendDocument, type DocumentRef } from './send-document';

// Newly issued documents on their way to the resellers, whoever issued them (the scheduler, or
// `esim-hub statements|invoices run --send`): the send's key is the document's own ("issued"), so
// each goes out once to each thread however often it is run; staff resend from the finance page.

export const ISSUED = 'issued';

/** Sends each document in its own transaction; returns how many reached at least one conversation. */
export async function sendIssued(pool: pg.Pool, documents: readonly DocumentRef[], now: Date): Promise<{ sent: number; unreachable: DocumentRef[] }> {
  let sent = 0;
  const unreachable: DocumentRef[] = [];
  for (const ref of documents) {
    const to = await transaction(pool, (sql) => sendDocument(sql, ref, ISSUED, now));
    if (to.length > 0) sent += 1;
    else unreachable.push(ref);
  }
  return { sent, unreachable };
}
