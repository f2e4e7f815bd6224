import type { ChannelAdapter, OutboundMessage } from '../../channels/port';
import { conversationKey } from '../../channels/port';
import type { Database } from '../db/database';
import { poolSql } from '../db/sql';
import { resellerEmailAddress } from '../store/identities';

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
