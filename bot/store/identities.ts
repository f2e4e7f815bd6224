import { sql as raw } from 'kysely';
import type { ChannelName } from '../../channels/port';
import type { Sql } from '../db/sql';
import { q, run } from './query-builder';

// Channel identities (a reseller's contacts, one address on one channel each): which address a
// conversation is with, the reseller's email for replies stuck on another channel, and the owner
// an approval adds. Typed from the schema. (Intake finds the identity of a sender in bot/pipeline/intake.ts.)

/** The active contact a conversation is with, or null (not a known reseller contact, or deactivated). */
export async function conversationContactAddress(sql: Sql, conversationId: number): Promise<string | null> {
  const [row] = await run(
    sql,
    q.selectFrom('conversations as c')
      .innerJoin('channel_identities as i', (join) => join.onRef('i.id', '=', 'c.channel_identity_id').on('i.active', '=', true))
      .select('i.address')
      .where('c.id', '=', conversationId),
  );
  return row?.address ?? null;
}

/** The active email address of the reseller a conversation is with (the owner's first), or null. */
export async function resellerEmailAddress(sql: Sql, conversationKey: string): Promise<string | null> {
  const [row] = await run(
    sql,
    q.selectFrom('conversations as c')
      .innerJoin('channel_identities as i', (join) => join.onRef('i.customer_id', '=', 'c.customer_id').on('i.channel', '=', 'email').on('i.active', '=', true))
      .select('i.address')
      .where('c.conversation_key', '=', conversationKey)
      .orderBy(raw`i.role = 'owner'`, 'desc')
      .orderBy('i.id')
      .limit(1),
  );
  return row?.address ?? null;
}

/** Whether this address is an active identity on the channel (e.g. a WeChat group linked to a reseller). */
export async function isActiveIdentity(sql: Sql, channel: ChannelName, address: string): Promise<boolean> {
  const rows = await run(sql, q.selectFrom('channel_identities').select(raw<number>`1`.as('one')).where('channel', '=', channel).where('address', '=', address).where('active', '=', true));
  return rows.length > 0;
}

/** A new reseller's first contact, their owner. Returns the identity's id. */
export async function addOwnerIdentity(sql: Sql, identity: { customerId: string; channel: ChannelName; address: string; contactName: string }): Promise<number> {
  const [row] = await run(
    sql,
    q.insertInto('channel_identities')
      .values({ customer_id: identity.customerId, channel: identity.channel, address: identity.address, contact_name: identity.contactName, role: 'owner' })
      .returning('id'),
  );
  return row!.id;
}

/** The conversation is with this reseller's contact from now on. */
export async function linkConversation(sql: Sql, conversationId: number, customerId: string, identityId: number): Promise<void> {
  await run(sql, q.updateTable('conversations').set({ customer_id: customerId, channel_identity_id: identityId }).where('id', '=', conversationId));
}
