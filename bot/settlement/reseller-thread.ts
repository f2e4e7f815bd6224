import type { Sql } from '../db/sql';
import type { ConversationRef } from '../pipeline/reply';

/** The reseller's thread for a message about money: the order's conversation, else their latest one. */
export async function resellerThread(sql: Sql, customerId: string, orderId: number | null): Promise<(ConversationRef & { language: string | null }) | null> {
  const [row] = await sql.query<{ id: number; channel: ConversationRef['channel']; conversation_key: string; language: string | null }>(
    `SELECT c.id, c.channel::text AS channel, c.conversation_key, c.language FROM conversations c
     WHERE c.id = (SELECT conversation_id FROM orders WHERE id = $2)
        OR (c.customer_id = $1 AND c.state <> 'onboarding')
     ORDER BY (c.id = (SELECT conversation_id FROM orders WHERE id = $2)) DESC NULLS LAST, c.last_message_at DESC NULLS LAST, c.id DESC LIMIT 1`,
    [customerId, orderId],
  );
  return row ? { id: row.id, channel: row.channel, conversationKey: row.conversation_key, language: row.language } : null;
}
