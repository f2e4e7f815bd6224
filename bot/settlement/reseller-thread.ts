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
