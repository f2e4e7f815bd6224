import { sql as raw } from 'kysely';
import type { Sql } from '../db/sql';
import type { ConversationRef } from '../pipeline/reply';
import { q, run } from '../store/query-builder';

/** The reseller's thread for a message about money: the order's conversation, else their latest one. */
export async function resellerThread(sql: Sql, customerId: string, orderId: number | null): Promise<(ConversationRef & { language: string | null }) | null> {
  const ofOrder = orderId === null ? null : q.selectFrom('orders').select('conversation_id').where('id', '=', orderId);
  let query = q
    .selectFrom('conversations as c')
    .select(['c.id', 'c.channel', 'c.conversation_key', 'c.language'])
    .where((eb) => {
      const theirs = eb.and([eb('c.customer_id', '=', customerId), eb('c.state', '<>', raw.lit<'onboarding'>('onboarding'))]);
      return ofOrder === null ? theirs : eb.or([eb('c.id', '=', ofOrder), theirs]);
    });
  if (ofOrder !== null) query = query.orderBy((eb) => eb('c.id', '=', ofOrder), (ob) => ob.desc().nullsLast());
  const [row] = await run(sql, query.orderBy('c.last_message_at', (ob) => ob.desc().nullsLast()).orderBy('c.id', 'desc').limit(1));
  return row ? { id: row.id, channel: row.channel, conversationKey: row.conversation_key, language: row.language } : null;
}

/**
 * The reseller's email thread for what should also reach them by email (an alert, a statement):
 * a conversation of its own with their active email identity, the owner's first; created on first
 * use. Null when they have no email address.
 */
export async function resellerEmailThread(sql: Sql, customerId: string): Promise<(ConversationRef & { language: string | null }) | null> {
  const [email] = await run(
    sql,
    q.with('identity', (db) =>
      db.selectFrom('channel_identities')
        .select(['id', 'address'])
        .where('customer_id', '=', customerId)
        .where('channel', '=', 'email')
        .where((eb) => eb.ref('active'))
        .orderBy((eb) => eb('role', '=', 'owner'), 'desc')
        .orderBy('id')
        .limit(1),
    )
      .insertInto('conversations')
      .columns(['channel', 'conversation_key', 'customer_id', 'channel_identity_id', 'updated_at'])
      .expression((db) =>
        db.selectFrom('identity').select((eb) => [
          eb.cast<'email'>(raw.lit('email'), raw`"Channel"`).as('channel'),
          eb(raw.lit('email:'), '||', eb.ref('address')).as('conversation_key'),
          eb.val(customerId).as('customer_id'),
          'id',
          raw<Date>`now()`.as('updated_at'),
        ]),
      )
      .onConflict((oc) => oc.column('conversation_key').doUpdateSet({ updated_at: (eb) => eb.ref('conversations.updated_at') }))
      .returning(['id', 'conversation_key', 'language']),
  );
  return email ? { id: email.id, channel: 'email', conversationKey: email.conversation_key, language: email.language } : null;
}
