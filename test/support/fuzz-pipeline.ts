import fc from 'fast-check';
import { normaliseWebAddress } from '../../domain/identities/addresses';
import { looksLikeConfirmation, resellerText, SEED_IDENTITIES, summarise } from './fuzz-arbitraries';
import type { FuzzBed } from './fuzz-bed';
import type { FuzzStats } from './fuzz-run';
import { auditLedger } from './ledger-auditor';

// Generated conversations through the whole pipeline: resellers write in web chat (demo mode), the
// bot answers, and after every conversation the stored state must hold: bounded replies, no order
// without a quote confirmed by a later 'yes'-like message, no journal entry without its order, a
// balanced ledger, and no message left unprocessed.

export const REPLY_CHARS_MAX = 20_000;
/** A generous bound on the time the bot may take for one message on a shared, busy machine. */
export const MESSAGE_TIME_MAX_MS = 30_000;

export interface Conversation {
  steps: { from: string; text: string }[];
}

/** Mostly one reseller contact per conversation (so quotes meet their 'yes'); sometimes another cuts in. */
export const conversations: fc.Arbitrary<Conversation> = fc
  .tuple(fc.constantFrom(...SEED_IDENTITIES, '+15550000002'), fc.array(fc.tuple(resellerText, fc.option(fc.constantFrom(...SEED_IDENTITIES), { freq: 8 })), { minLength: 1, maxLength: 6 }))
  .map(([main, steps]) => ({ steps: steps.map(([text, other]) => ({ from: other ?? main, text })) }));

/** Would web chat accept this text? (well-formed, no control characters but tab and newlines, at most 20,000 characters) */
export function acceptableText(text: string): boolean {
  // eslint-disable-next-line no-control-regex
  return text.length <= 20_000 && text.isWellFormed() && !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(text);
}

interface PollBody {
  messages: { id: number; text: string }[];
  cursor: number;
}

export async function runConversation(bed: FuzzBed, conversation: Conversation, stats: FuzzStats, cursors: Map<string, number>): Promise<void> {
  const base = `http://127.0.0.1:${bed.servers.demo.port}`;
  const problems: string[] = [];
  const errorsBefore = bed.errors.length;
  for (const [index, step] of conversation.steps.entries()) {
    const where = `step ${index + 1} (${step.from}: ${summarise(step.text, 60)})`;
    const response = await fetch(`${base}/webchat/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ from: step.from, text: step.text, id: `fuzz-${Date.now()}-${Math.random()}` }),
    });
    const answer = await response.text();
    stats.status(response.status);
    if (acceptableText(step.text) && step.text.trim() !== '' && response.status !== 202) problems.push(`${where}: a valid message answered ${response.status}: ${answer.slice(0, 200)}`);
    if (response.status >= 500) problems.push(`${where}: ${response.status} ${answer.slice(0, 200)}`);
    if (response.status !== 202) continue;
    const started = Date.now();
    const idle = await Promise.race([bed.bot.idle().then(() => true), new Promise<false>((resolve) => setTimeout(() => resolve(false), MESSAGE_TIME_MAX_MS).unref())]);
    const ms = Date.now() - started;
    stats.sampleRss();
    if (!idle || ms > MESSAGE_TIME_MAX_MS) problems.push(`${where}: the bot took ${ms} ms (limit ${MESSAGE_TIME_MAX_MS} ms)`);
    const key = normaliseWebAddress(step.from);
    const poll = await fetch(`${base}/webchat/messages?from=${encodeURIComponent(step.from)}&after=${cursors.get(key) ?? 0}`);
    const raw = await poll.text();
    if (poll.status !== 200) {
      problems.push(`${where}: polling the replies answered ${poll.status}: ${raw.slice(0, 200)}`);
      continue;
    }
    const body = JSON.parse(raw) as PollBody;
    cursors.set(key, body.cursor);
    if (body.messages.length > 30) problems.push(`${where}: ${body.messages.length} replies to one message`);
    for (const reply of body.messages) {
      stats.reply(reply.text.length, `reply to ${summarise(step.text, 40)}`);
      if (reply.text.length > REPLY_CHARS_MAX) problems.push(`${where}: a reply of ${reply.text.length} characters (max ${REPLY_CHARS_MAX}): ${summarise(reply.text, 120)}`);
    }
  }
  for (const e of bed.errors.slice(errorsBefore)) problems.push(`the app logged an error: ${e.msg} ${summarise(e.fields ?? {}, 300)}`);
  problems.push(...(await invariantProblems(bed)));
  if (problems.length > 0) throw new Error(problems.join('\n'));
}

/** What the stored state must always satisfy, whatever was said. */
export async function invariantProblems(bed: FuzzBed): Promise<string[]> {
  const problems: string[] = [];
  const pool = bed.db.pool;
  const orders = await pool.query<{ reference: string; quote_ref: string | null; quote_status: string | null; same_customer: boolean | null; conversation_id: number | null; quote_created: Date | null; order_created: Date }>(
    `SELECT o.reference, q.reference AS quote_ref, q.status::text AS quote_status, q.customer_id = o.customer_id AS same_customer,
            o.conversation_id, q.created_at AS quote_created, o.created_at AS order_created
     FROM orders o LEFT JOIN quotes q ON q.id = o.quote_id ORDER BY o.id`,
  );
  for (const order of orders.rows) {
    if (order.quote_ref === null) {
      problems.push(`order ${order.reference} has no quote`);
      continue;
    }
    if (order.quote_status !== 'confirmed') problems.push(`order ${order.reference}: its quote ${order.quote_ref} is ${order.quote_status}, not confirmed`);
    if (!order.same_customer) problems.push(`order ${order.reference}: its quote ${order.quote_ref} belongs to another reseller`);
    // The confirmation: a message of the order's conversation received after the quote existed, up to the order.
    const confirmations = await pool.query<{ text: string; intent: string | null }>(
      `SELECT text, intent FROM messages WHERE conversation_id = $1 AND direction = 'inbound' AND created_at > $2 AND created_at <= $3 ORDER BY id`,
      [order.conversation_id, order.quote_created, order.order_created],
    );
    if (!confirmations.rows.some((m) => looksLikeConfirmation(m.text))) {
      problems.push(`order ${order.reference} (quote ${order.quote_ref}) without a 'yes'-like message after its quote; messages in between: ${summarise(confirmations.rows.map((m) => `${m.intent}: ${m.text}`), 100)}`);
    }
  }
  const entries = await pool.query<{ id: string; kind: string; order_id: number | null; order_exists: boolean; same_customer: boolean | null }>(
    `SELECT e.id::text, e.kind, e.order_id, o.id IS NOT NULL AS order_exists, e.customer_id = o.customer_id AS same_customer
     FROM journal_entries e LEFT JOIN orders o ON o.id = e.order_id WHERE e.id > $1 ORDER BY e.id`,
    [String(bed.journalBaseline)],
  );
  for (const entry of entries.rows) {
    if (entry.order_id === null) problems.push(`journal entry ${entry.id} (${entry.kind}) belongs to no order`);
    else if (!entry.order_exists) problems.push(`journal entry ${entry.id} (${entry.kind}) names order ${entry.order_id}, which does not exist`);
    else if (entry.same_customer === false) problems.push(`journal entry ${entry.id} (${entry.kind}) is for another reseller than its order`);
  }
  problems.push(...(await auditLedger(pool)).map((p) => `ledger: ${p}`));
  const unprocessed = await pool.query<{ id: string; text: string; processing_attempts: number }>(
    `SELECT id::text, text, processing_attempts FROM messages WHERE direction = 'inbound' AND processed_at IS NULL ORDER BY id LIMIT 5`,
  );
  for (const m of unprocessed.rows) problems.push(`inbound message ${m.id} left unprocessed after ${m.processing_attempts} attempt(s): ${summarise(m.text, 100)}`);
  const longest = await pool.query<{ id: string; length: number }>(
    `SELECT id::text, length(text) AS length FROM messages WHERE direction = 'outbound' AND length(text) > $1 LIMIT 3`,
    [REPLY_CHARS_MAX],
  );
  for (const m of longest.rows) problems.push(`stored reply ${m.id} has ${m.length} characters`);
  const outbox = await pool.query<{ id: string; length: number }>(
    `SELECT id::text, length(body->>'text') AS length FROM outbox_messages WHERE length(body->>'text') > $1 LIMIT 3`,
    [REPLY_CHARS_MAX],
  );
  for (const m of outbox.rows) problems.push(`outbox message ${m.id} carries ${m.length} characters`);
  return problems;
}
