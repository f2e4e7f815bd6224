import { texts } from '../../domain/replies/texts';
import type { Database } from '../db/database';
import { transaction } from '../db/sql';
import { enqueueReply, type ConversationRef } from './reply';

/**
 * A message whose processing keeps failing is not retried forever and not dropped: a person gets it
 * (a handoff ticket with the error), the reseller is told a colleague will answer, and it counts as
 * processed so that the conversation moves on.
 */
export async function handMessageToStaff(db: Database, messageId: bigint, error: string, now: Date): Promise<void> {
  await transaction(db.pool, async (sql) => {
    const [row] = await sql.query<{ processed_at: Date | null; id: number; channel: ConversationRef['channel']; conversation_key: string; customer_id: string | null; language: string }>(
      `SELECT m.processed_at, c.id, c.channel::text AS channel, c.conversation_key, c.customer_id, c.language
       FROM messages m JOIN conversations c ON c.id = m.conversation_id WHERE m.id = $1 FOR UPDATE OF c, m`,
      [String(messageId)],
    );
    if (!row || row.processed_at) return;
    await sql.query(
      `INSERT INTO handoff_tickets (conversation_id, customer_id, channel, reason, detail)
       SELECT $1, $2, $3::"Channel", 'unsure_parse', $4
       WHERE NOT EXISTS (SELECT 1 FROM handoff_tickets WHERE conversation_id = $1 AND status IN ('open', 'claimed'))`,
      [row.id, row.customer_id, row.channel, `The bot could not process message ${messageId}: ${error}`.slice(0, 2000)],
    );
    await enqueueReply(sql, { id: row.id, channel: row.channel, conversationKey: row.conversation_key }, `reply:${messageId}:failed`, texts(row.language).handoff.unsure_parse, [], now);
    await sql.query(`UPDATE messages SET processed_at = now(), intent = 'other' WHERE id = $1`, [String(messageId)]);
    await sql.query(`UPDATE conversations SET state = 'handed_off', version = version + 1, updated_at = now() WHERE id = $1`, [row.id]);
  });
}
