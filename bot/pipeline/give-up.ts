import { texts } from '../../domain/replies/texts';
import type { ConversationStateName, StateData } from '../../domain/conversation/states';
import { saveConversations } from '../conversation/conversation-store';
import { runConversation } from '../conversation/run-conversation';
import type { Database } from '../db/database';
import { transaction } from '../db/sql';
import type { ConversationRef } from './reply';
import { markProcessedUnread } from '../store/messages';

/**
 * A message whose processing keeps failing is not retried forever and not dropped: a person gets it
 * (a handoff ticket with the error), the reseller is told a colleague will answer, and it counts as
 * processed so that the conversation moves on.
 */
export async function handMessageToStaff(db: Database, messageId: bigint, error: string, now: Date): Promise<void> {
  await transaction(db.pool, async (sql) => {
    const [row] = await sql.query<{ processed_at: Date | null; id: number; channel: ConversationRef['channel']; conversation_key: string; customer_id: string | null; language: string; state: ConversationStateName; state_data: StateData | null }>(
      `SELECT m.processed_at, c.id, c.channel::text AS channel, c.conversation_key, c.customer_id, c.language, c.state::text AS state, c.state_data
       FROM messages m JOIN conversations c ON c.id = m.conversation_id WHERE m.id = $1 FOR UPDATE OF c, m`,
      [String(messageId)],
    );
    if (!row || row.processed_at) return;
    const t = texts(row.language);
    const next = await runConversation(
      {
        sql,
        conversation: { id: row.id, channel: row.channel, conversationKey: row.conversation_key },
        customerId: row.customer_id,
        customer: null,
        now,
        say: { t, describe: (sku) => sku, regions: () => [] },
        nextReplyKey: () => `reply:${messageId}:failed`,
        ticketDetail: `The bot could not process message ${messageId}: ${error}`,
        ordersToFulfil: [],
      },
      { state: row.state, data: row.state_data ?? {} },
      { kind: 'processing_gave_up' },
    );
    await markProcessedUnread(sql, messageId, 'other');
    await saveConversations(sql, [{ id: row.id, conversation: next }]);
  });
}
