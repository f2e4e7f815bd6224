import { sql as raw } from 'kysely';
import type { Say } from '../../domain/conversation/machine';
import type { Sql } from '../db/sql';
import type { ConversationRef } from '../pipeline/reply';
import { q, run } from '../store/query-builder';

/**
 * An unknown contact writes: the first message opens an application and asks for the company's
 * details, the next one completes it for staff to decide. Returns what to say (nothing once it
 * is submitted: staff answer).
 */
export async function recordOnboarding(sql: Sql, conversation: Pick<ConversationRef, 'id' | 'channel'>, sender: string, text: string): Promise<Say | null> {
  const [application] = await run(
    sql,
    q.selectFrom('onboarding_applications').select(['id', 'status']).where('conversation_id', '=', conversation.id).orderBy('id', 'desc').limit(1),
  );
  if (!application) {
    await run(sql, q.insertInto('onboarding_applications').values({ conversation_id: conversation.id, channel: conversation.channel, address: sender, details: text, updated_at: raw<Date>`now()` }));
    return { key: 'onboarding_ask' };
  }
  if (application.status === 'collecting') {
    await run(
      sql,
      q.updateTable('onboarding_applications')
        .set({ details: raw<string>`trim(coalesce(details, '') || E'\\n' || ${text})`, status: 'submitted', updated_at: raw<Date>`now()` })
        .where('id', '=', application.id),
    );
    return { key: 'onboarding_thanks' };
  }
  return null;
}
