import type { Say } from '../../domain/conversation/machine';
import type { Sql } from '../db/sql';
import type { ConversationRef } from '../pipeline/reply';

/**
 * An unknown contact writes: the first message opens an application and asks for the company's
 * details, the next one completes it for staff to decide. Returns what to say (nothing once it
 * is submitted: staff answer).
 */
export async function recordOnboarding(sql: Sql, conversation: Pick<ConversationRef, 'id' | 'channel'>, sender: string, text: string): Promise<Say | null> {
  const [application] = await sql.query<{ id: number; status: string }>(
    `SELECT id, status::text AS status FROM onboarding_applications WHERE conversation_id = $1 ORDER BY id DESC LIMIT 1`,
    [conversation.id],
  );
  if (!application) {
    await sql.query(
      `INSERT INTO onboarding_applications (conversation_id, channel, address, details, updated_at) VALUES ($1, $2::"Channel", $3, $4, now())`,
      [conversation.id, conversation.channel, sender, text],
    );
    return { key: 'onboarding_ask' };
  }
  if (application.status === 'collecting') {
    await sql.query(
      `UPDATE onboarding_applications SET details = trim(coalesce(details, '') || E'\n' || $2), status = 'submitted', updated_at = now() WHERE id = $1`,
      [application.id, text],
    );
    return { key: 'onboarding_thanks' };
  }
  return null;
}
