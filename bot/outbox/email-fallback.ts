import type { ChannelAdapter, OutboundMessage } from '../../channels/port';
import { conversationKey } from '../../channels/port';
import type { Database } from '../db/database';
import { poolSql } from '../db/sql';
import type { Sql } from '../db/sql';
import { resellerEmailAddress } from '../store/identities';
import { queueEmailFallback } from '../store/outbox-parts';

/**
 * Replies waiting for a channel that is down (WhatsApp logged out, a stalled session) go to the
 * reseller's email instead once they have waited long enough: eSIMs should not sit for hours
 * behind a phone nobody has relinked. Every waiting reply falls back, in order, so the delivery is
 * not stuck behind the texts before it. The address is the customer's active email identity (the
 * owner's first); a customer without one keeps waiting for the channel.
 */
export async function sendByEmailInstead(db: Database, email: ChannelAdapter, fromKey: string, message: OutboundMessage, idempotencyKey: string): Promise<string | null> {
  const address = await resellerEmailAddress(poolSql(db.pool), fromKey);
  if (address === null) return null;
  const sent = await email.send(conversationKey('email', address), message, `${idempotencyKey}:email-fallback`);
  return `email-fallback:${address}:${sent.externalId}`;
}

/**
 * A reply its channel can never deliver (a number not on WhatsApp, a send WhatsApp reported failed)
 * queued on the reseller's email instead, as an outbox row for whichever process runs the mailbox;
 * `note(address)` is kept on the original row. Returns the address, or null when they have none.
 */
export async function queueByEmailInstead(sql: Sql, row: { id: string; idempotencyKey: string; conversationKey: string; body: unknown }, note: (address: string) => string): Promise<string | null> {
  const address = await resellerEmailAddress(sql, row.conversationKey);
  if (address !== null) await queueEmailFallback(sql, row, address, note(address));
  return address;
}
