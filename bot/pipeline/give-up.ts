import { texts } from '../../domain/replies/texts';
import type { StateData } from '../../domain/conversation/states';
import { saveConversations } from '../conversation/conversation-store';
import { runConversation } from '../conversation/run-conversation';
import type { Database } from '../db/database';
import { transaction } from '../db/sql';
import { lockInbound, markProcessedUnread } from '../store/messages';

/**
 * A message whose processing keeps failing is not retried forever and not dropped: a person gets it
 * (a handoff ticket with the error), the reseller is told a colleague will answer, and it counts as
 * processed so that the conversation moves on.
 */
export async function handMessageToStaff(db: Database, messageId: bigint, error: string, now: Date): Promise<void> {
  await transaction(db.pool, async (sql) => {
    const row = await lockInbound(sql, messageId);
    if (!row || row.processed_at) return;
    const t = texts(row.language);
    const next = await runConversation(
      {
        sql,
        conversation: { id: row.conversation_id, channel: row.channel, conversationKey: row.conversation_key },
        customerId: row.customer_id,
        customer: null,
        now,
        say: { t, describe: (sku) => sku, regions: () => [] },
        nextReplyKey: () => `reply:${messageId}:failed`,
        ticketDetail: `The bot could not process message ${messageId}: ${error}`,
        ordersToFulfil: [],
      },
      { state: row.state, data: (row.state_data as StateData | null) ?? {} },
      { kind: 'processing_gave_up' },
    );
    await markProcessedUnread(sql, messageId, 'other');
    await saveConversations(sql, [{ id: row.conversation_id, conversation: next }]);
  });
}
