import { sql as raw } from 'kysely';
import type { Sql } from '../db/sql';
import { resellerOf } from './customers';
import { compiledOnce, q } from './query-builder';

// What a message is decided with, read in one statement under the locks the pipeline took: the
// conversation, the contact who wrote (their role and language), the reseller, and the open quote
// and waiting order of the conversation. (A conversation's state is written by
// bot/conversation/conversation-store, nowhere else.)

const forMessageOnce = compiledOnce(['conversationId', 'messageId'] as const, (p) =>
  q
    .selectFrom('conversations as c')
    .leftJoin('channel_identities as i', (join) => join.onRef('i.id', '=', 'c.channel_identity_id').on('i.active', '=', raw<boolean>`true`))
    .select((eb) => {
      const awaitingOrder = (column: 'reference' | 'customer_reference') =>
        eb
          .selectFrom('orders')
          .select(column)
          .whereRef('conversation_id', '=', 'c.id')
          .where('status', '=', raw<'awaiting_payment'>`'awaiting_payment'`)
          .orderBy('id', 'desc')
          .limit(raw<number>`1`);
      const openQuote = (written: '<=' | '>', column: 'reference' | 'customer_reference' = 'reference') => {
        const open = eb
          .selectFrom('quotes')
          .select(column)
          .whereRef('conversation_id', '=', 'c.id')
          .where('status', '=', raw<'open'>`'open'`)
          .where('created_at', written, eb.selectFrom('messages').select('created_at').where('id', '=', p.messageId));
        // Written after the message: only a quote answering a message stored before it was crossed by it.
        return (written === '>' ? open.where('source_message_id', '<', raw<number>`${p.messageId}::bigint`) : open).orderBy('id', 'desc').limit(raw<number>`1`);
      };
      return [
        'c.id',
        'c.channel',
        'c.conversation_key',
        'c.customer_id',
        'c.state',
        'c.state_data',
        'c.language',
        'i.role',
        'i.id as identity_id',
        'i.language as identity_language',
        eb.selectFrom('customers').select('country').whereRef('customer_id', '=', 'c.customer_id').as('country'),
        // The contact who wrote here was deactivated: not a stranger to onboard, a person follows up.
        eb.exists(eb.selectFrom('channel_identities as gone').select('gone.id').whereRef('gone.id', '=', 'c.channel_identity_id').where('gone.active', '=', raw<boolean>`false`)).as('contact_inactive'),
        // The conversation's newest open quote written before the message (a "yes" stored before the quote
        // was written never saw its prices; quotes keep the clock time of their insert), and one written
        // after it in answer to an earlier message (that "yes" crossed it: named in the answer).
        openQuote('<=').as('quote_ref'),
        openQuote('>').as('later_quote_ref'),
        // The reseller's own PO numbers on them: a cancel naming a PO cancels the one that carries it.
        openQuote('<=', 'customer_reference').as('quote_po'),
        openQuote('>', 'customer_reference').as('later_quote_po'),
        awaitingOrder('reference').as('order_ref'),
        awaitingOrder('customer_reference').as('order_po'),
        resellerOf('c.customer_id').as('customer'),
      ];
    })
    .where('c.id', '=', p.conversationId),
);

export type ConversationForMessage = Awaited<ReturnType<typeof forMessageOnce>>[number];

export async function conversationForMessage(sql: Sql, conversationId: number, messageId: bigint): Promise<ConversationForMessage> {
  const [row] = await forMessageOnce(sql, { conversationId, messageId: String(messageId) });
  if (!row) throw new Error(`conversation ${conversationId} does not exist`);
  return row;
}
