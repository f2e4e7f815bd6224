import { transition, type Conversation, type ConversationEvent, type Transition } from '../../domain/conversation/machine';
import type { StateData } from '../../domain/conversation/states';
import type { Sql } from '../db/sql';
import { sql as raw } from 'kysely';
import type { ConversationState } from '../../generated/kysely/enums';
import { compiledOnce, q, run } from '../store/query-builder';

const asState = (value: unknown) => raw<ConversationState>`${value}::"ConversationState"`;
const asJson = (value: unknown) => raw<unknown>`${value}::jsonb`;

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
  // Raw: one UPDATE over unnest'ed arrays (one statement text for any number of rows), which the builder cannot write.
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
  await afterMessageOnce(sql, {
    id: save.id,
    state: save.conversation.state,
    data: JSON.stringify(save.conversation.data),
    messageId: message.messageId,
    intent: message.intent,
    parseResult: JSON.stringify(message.parseResult),
    model: message.llm?.model ?? null,
    promptTokens: message.llm?.promptTokens ?? null,
    outputTokens: message.llm?.outputTokens ?? null,
    costMicroUsd: message.llm?.costMicroUsd ?? null,
    latencyMs: message.llm?.latencyMs ?? null,
    language: save.language,
    identityId: message.identityId,
    languageClear: message.languageClear,
  });
}

const afterMessageOnce = compiledOnce(
  ['id', 'state', 'data', 'messageId', 'intent', 'parseResult', 'model', 'promptTokens', 'outputTokens', 'costMicroUsd', 'latencyMs', 'language', 'identityId', 'languageClear'] as const,
  (p) =>
    q
      .with('processed', (db) =>
        db
          .updateTable('messages')
          .set({
            processed_at: raw<Date>`now()`,
            intent: p.intent,
            parse_result: asJson(p.parseResult),
            llm_model: p.model,
            llm_prompt_tokens: p.promptTokens,
            llm_output_tokens: p.outputTokens,
            llm_cost_micro_usd: p.costMicroUsd,
            llm_latency_ms: p.latencyMs,
          })
          .where('id', '=', p.messageId),
      )
      .with('identity', (db) =>
        db
          .updateTable('channel_identities')
          .set({ language: p.language })
          .where('id', '=', p.identityId)
          .where(raw<boolean>`${p.languageClear}::boolean`)
          .where('language', 'is distinct from', p.language),
      )
      .updateTable('conversations')
      .set({ state: asState(p.state), state_data: asJson(p.data), language: p.language, updated_at: raw<Date>`now()` })
      .where('id', '=', p.id),
);

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

const movedOnce = compiledOnce(['id', 'state', 'data', 'seenState', 'seenData'] as const, (p) =>
  q.updateTable('conversations')
    .set({ state: asState(p.state), state_data: asJson(p.data), updated_at: raw<Date>`now()` })
    .where('id', '=', p.id)
    .where('state', '=', asState(p.seenState))
    .where('state_data', '=', asJson(p.seenData))
    .returning('id'),
);

/**
 * An event on a conversation whose state the caller read in this transaction without locking it
 * (fulfilment reads it with the order): written only if the row still holds that state, one
 * statement; if it moved meanwhile, the event is applied again under the row lock.
 */
export async function applyEventTo(sql: Sql, id: number, seen: Conversation, event: ConversationEvent): Promise<Transition> {
  const next = transition(seen, event);
  if (!moved(seen, next)) return next;
  const written = await movedOnce(sql, { id, state: next.state, data: JSON.stringify(next.data), seenState: seen.state, seenData: JSON.stringify(seen.data) });
  if (written.length === 1) return next;
  return (await applyEvent(sql, [id], () => event)).get(id) ?? next;
}

