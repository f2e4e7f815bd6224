import type { TicketReason } from '../../domain/conversation/machine';
import type { Sql } from '../db/sql';
import type { ConversationRef } from '../pipeline/reply';

/** A handoff ticket for a conversation, unless one is already open or claimed (one person at a time). */
export async function openConversationTicket(
  sql: Sql,
  conversation: Pick<ConversationRef, 'id' | 'channel'> & { customerId: string | null },
  reason: TicketReason,
  detail: string,
): Promise<void> {
  await sql.query(
    `INSERT INTO handoff_tickets (conversation_id, customer_id, channel, reason, detail)
     SELECT $1, $2, $3::"Channel", $4::"HandoffReason", $5
     WHERE NOT EXISTS (SELECT 1 FROM handoff_tickets WHERE conversation_id = $1 AND status IN ('open', 'claimed'))`,
    [conversation.id, conversation.customerId, conversation.channel, reason, detail.slice(0, 2000)],
  );
}
