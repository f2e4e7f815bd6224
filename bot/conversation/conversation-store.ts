import { transition, type Conversation, type ConversationEvent, type Transition } from '../../domain/conversation/machine';
import type { StateData } from '../../domain/conversation/states';
import type { Sql } from '../db/sql';
import { q, run } from '../store/query-builder';

// The only code that writes a conversation's state. A state changes by an event through the
// conversation machine (domain/conversation/machine), on rows locked FOR UPDATE for the rest of the
// caller's transaction: the row lock, not a version number, keeps two writers from interleaving.

/** Locks the conversations (in id order, so two callers cannot deadlock) and reads their state. */
export async function lockConversations(sql: Sql, ids: readonly number[]): Promise<Map<number, Conversation>> {
  if (ids.length === 0) return new Map();
  const rows = await run(
    sql,
    q.selectFrom('conversations')
      .select(['id', 'state', 'state_data'])
      // = any(array): one statement text (and one prepared plan) for any number of ids.
      .where((eb) => eb('id', '=', eb.fn.any(eb.val([...new Set(ids)]))))
      .orderBy('id')
      .forUpdate(),
  );
  return new Map(rows.map((r) => [r.id, { state: r.state, data: (r.state_data as StateData | null) ?? {} }]));
}

/** Writes states the machine decided (of conversations the caller locked), with the language when a message showed it. */
export async function saveConversations(sql: Sql, rows: readonly { id: number; conversation: Conversation; language?: string | null }[]): Promise<void> {
  if (rows.length === 0) return;
  await sql.query(
    `UPDATE conversations c SET state = u.state::"ConversationState", state_data = u.data, language = CASE WHEN u.set_language THEN u.language ELSE c.language END, updated_at = now()
     FROM unnest($1::int[], $2::text[], $3::jsonb[], $4::boolean[], $5::text[]) AS u(id, state, data, set_language, language) WHERE c.id = u.id`,
    [
      rows.map((r) => r.id),
      rows.map((r) => r.conversation.state),
      rows.map((r) => JSON.stringify(r.conversation.data)),
      rows.map((r) => r.language !== undefined),
      rows.map((r) => r.language ?? null),
    ],
  );
}

/**
 * The end of a message's processing, in one statement (it runs for every message): the state the
 * machine left, the message marked processed with what was read (and the LLM's usage), and the
 * contact's language when the message showed it clearly.
 */
export async function saveAfterMessage(
  sql: Sql,
  save: { id: number; conversation: Conversation; language: string | null },
  message: { messageId: string; intent: string; parseResult: unknown; llm: { model: string; promptTokens: number; outputTokens: number; costMicroUsd: number; latencyMs: number } | null; identityId: number | null; languageClear: boolean },
): Promise<void> {
  await sql.query(
    `WITH processed AS (UPDATE messages SET processed_at = now(), intent = $5, parse_result = $6::jsonb,
       llm_model = $7, llm_prompt_tokens = $8, llm_output_tokens = $9, llm_cost_micro_usd = $10, llm_latency_ms = $11 WHERE id = $4),
     identity AS (UPDATE channel_identities SET language = $12 WHERE id = $13 AND $14::boolean AND language IS DISTINCT FROM $12)
     UPDATE conversations SET state = $2::"ConversationState", state_data = $3::jsonb, language = $12, updated_at = now() WHERE id = $1`,
    [
      save.id,
      save.conversation.state,
      JSON.stringify(save.conversation.data),
      message.messageId,
      message.intent,
      JSON.stringify(message.parseResult),
      message.llm?.model ?? null,
      message.llm?.promptTokens ?? null,
      message.llm?.outputTokens ?? null,
      message.llm ? String(message.llm.costMicroUsd) : null,
      message.llm?.latencyMs ?? null,
      save.language,
      message.identityId,
      message.languageClear,
    ],
  );
}

/** Whether a transition changed the conversation (its state or what it remembers). */
function moved(before: Conversation, after: Conversation): boolean {
  return after.state !== before.state || JSON.stringify(after.data) !== JSON.stringify(before.data);
}

/**
 * An event that needs nothing done but the state change (a payment arrived, a delivery done, staff
 * claimed or released, a reseller approved), applied to each conversation: returns the transitions
 * of those that exist. The caller runs any effects (none for these events today).
 */
export async function applyEvent(sql: Sql, ids: readonly number[], event: (id: number) => ConversationEvent): Promise<Map<number, Transition>> {
  const current = await lockConversations(sql, ids);
  const done = new Map<number, Transition>();
  const changed: { id: number; conversation: Conversation }[] = [];
  for (const [id, conversation] of current) {
    const next = transition(conversation, event(id));
    done.set(id, next);
    if (moved(conversation, next)) changed.push({ id, conversation: { state: next.state, data: next.data } });
  }
  await saveConversations(sql, changed);
  return done;
}

/**
 * An event on a conversation whose state the caller read in this transaction without locking it
 * (fulfilment reads it with the order): written only if the row still holds that state, one
 * statement; if it moved meanwhile, the event is applied again under the row lock.
 */
export async function applyEventTo(sql: Sql, id: number, seen: Conversation, event: ConversationEvent): Promise<Transition> {
  const next = transition(seen, event);
  if (!moved(seen, next)) return next;
  const written = await sql.query<{ id: number }>(
    `UPDATE conversations SET state = $2::"ConversationState", state_data = $3::jsonb, updated_at = now()
     WHERE id = $1 AND state = $4::"ConversationState" AND state_data = $5::jsonb RETURNING id`,
    [id, next.state, JSON.stringify(next.data), seen.state, JSON.stringify(seen.data)],
  );
  if (written.length === 1) return next;
  return (await applyEvent(sql, [id], () => event)).get(id) ?? next;
}

