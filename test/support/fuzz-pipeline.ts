import fc from 'fast-check';
import { releaseTicket } from '../../bot/staff/queue';
import { normaliseWebAddress } from '../../domain/identities/addresses';
import { CONTACTS_BY_RESELLER, looksLikeConfirmation, resellerText, SEED_IDENTITIES, summarise } from './fuzz-arbitraries';
import type { FuzzBed } from './fuzz-bed';
import type { FuzzStats } from './fuzz-run';
import { auditLedger } from './ledger-auditor';

// Generated conversations through the whole pipeline: resellers write in web chat (demo mode), the
// bot answers, and after every conversation the stored state must hold: bounded replies, no order
// without a quote confirmed by a later 'yes'-like message, no journal entry without its order, a
// balanced ledger, and no message left unprocessed.

export const REPLY_CHARS_MAX = 20_000;
/** Journal entry kinds an order books (domain/ledger/events.ts); each must name its order. */
const ORDER_KINDS = new Set(['prepaid_hold', 'prepaid_void', 'order_revenue', 'supplier_cost']);
/** A generous bound on the time the bot may take for one message on a shared, busy machine. */
export const MESSAGE_TIME_MAX_MS = 30_000;

export interface Conversation {
  /** `together`: sent at once with the steps after it, without waiting for the bot (two contacts saying 'yes' at the same moment). */
  steps: { from: string; text: string; together: boolean }[];
}

/**
 * One reseller's contacts writing (mostly its first contact, so quotes meet their 'yes'), now and
 * then another reseller or an unknown sender cutting in, some steps sent at the same moment.
 */
export const conversations: fc.Arbitrary<Conversation> = fc
  .tuple(
    fc.constantFrom(...CONTACTS_BY_RESELLER, ['+15550000002']),
    fc.array(
      fc.record({
        text: resellerText,
        who: fc.oneof({ arbitrary: fc.constant(0), weight: 6 }, { arbitrary: fc.nat(), weight: 2 }, { arbitrary: fc.constant(-1), weight: 1 }),
        other: fc.constantFrom(...SEED_IDENTITIES),
        together: fc.oneof({ arbitrary: fc.constant(false), weight: 5 }, { arbitrary: fc.constant(true), weight: 1 }),
      }),
      { minLength: 1, maxLength: 6 },
    ),
  )
  .map(([contacts, steps]) => ({ steps: steps.map((s) => ({ from: s.who < 0 ? s.other : contacts[s.who % contacts.length]!, text: s.text, together: s.together })) }));

/** Would web chat accept this text? (well-formed, no control characters but tab and newlines, at most 20,000 characters) */
export function acceptableText(text: string): boolean {
  // eslint-disable-next-line no-control-regex
  return text.length <= 20_000 && text.isWellFormed() && !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(text);
}

interface PollBody {
  messages: { id: number; text: string }[];
  cursor: number;
}

/** Staff hand every held conversation back to the bot, so that earlier cases do not leave the bot silent. */
export async function releaseHeld(bed: FuzzBed): Promise<void> {
  const held = await bed.db.pool.query<{ id: number; claimed_by_id: number | null }>(
    `SELECT id, claimed_by_id FROM handoff_tickets WHERE status IN ('open', 'claimed') AND conversation_id IS NOT NULL`,
  );
  for (const ticket of held.rows) await releaseTicket(bed.db, ticket.id, ticket.claimed_by_id ?? bed.staffId);
}

/** The poll cursor at the end of what a sender's conversation holds now (earlier cases' replies are not this case's). */
async function latestCursor(base: string, from: string, after: number): Promise<number> {
  for (;;) {
    const body = (await (await fetch(`${base}/webchat/messages?from=${encodeURIComponent(from)}&after=${after}`)).json()) as PollBody;
    if (body.messages.length === 0) return after;
    after = body.cursor;
  }
}

export const confirmedAfterQuote = (target: string) => `pipeline: every order confirmed by a 'yes' received after its quote existed (${target})`;
export const repliesBounded = (target: string) => `pipeline: replies bounded (at most ${REPLY_CHARS_MAX} characters, ${REPLIES_PER_MESSAGE_MAX} per message, ${MESSAGE_TIME_MAX_MS / 1000} s per message) (${target})`;
export const REPLIES_PER_MESSAGE_MAX = 30;

/**
 * One generated conversation. The stored state's invariants fail the case; the replies' bounds are
 * recorded as their own finding (repliesBounded), so that one does not hide the other.
 */
export async function runConversation(bed: FuzzBed, conversation: Conversation, stats: FuzzStats, cursors: Map<string, number>): Promise<void> {
  const base = `http://127.0.0.1:${bed.servers.demo.port}`;
  const problems: string[] = [];
  const errorsBefore = bed.errors.length;
  await releaseHeld(bed);
  const ordersBefore = await lastOrderId(bed);
  for (const step of conversation.steps) {
    const key = normaliseWebAddress(step.from);
    if (!cursors.has(key)) cursors.set(key, await latestCursor(base, step.from, 0));
  }
  const bounded = repliesBounded(bed.target);
  // Steps marked `together` go out with the next ones at once; then the bot is waited for and each sender's replies read.
  for (let start = 0; start < conversation.steps.length; ) {
    let end = start;
    while (end < conversation.steps.length - 1 && conversation.steps[end]!.together) end += 1;
    const group = conversation.steps.slice(start, end + 1).map((step, i) => ({ step, where: `step ${start + i + 1} (${step.from}: ${summarise(step.text, 60)})` }));
    start = end + 1;
    const answers = await Promise.all(
      group.map(async ({ step }) => {
        const response = await fetch(`${base}/webchat/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ from: step.from, text: step.text, id: `fuzz-${Date.now()}-${Math.random()}` }),
        });
        return { status: response.status, text: await response.text() };
      }),
    );
    for (const [i, { step, where }] of group.entries()) {
      const { status, text } = answers[i]!;
      stats.status(status);
      if (acceptableText(step.text) && step.text.trim() !== '' && status !== 202) problems.push(`${where}: a valid message answered ${status}: ${text.slice(0, 200)}`);
      if (status >= 500) problems.push(`${where}: ${status} ${text.slice(0, 200)}`);
    }
    if (!answers.some((a) => a.status === 202)) continue;
    const started = Date.now();
    const idle = await Promise.race([bed.bot.idle().then(() => true), new Promise<false>((resolve) => setTimeout(() => resolve(false), MESSAGE_TIME_MAX_MS * group.length).unref())]);
    const ms = Date.now() - started;
    stats.sampleRss();
    const where = group.map((g) => g.where).join(' + ');
    stats.check(bounded, !idle || ms > MESSAGE_TIME_MAX_MS * group.length ? `${where}: the bot took ${ms} ms (limit ${MESSAGE_TIME_MAX_MS} ms a message)` : null, conversation);
    for (const from of new Set(group.map((g) => g.step.from))) {
      const key = normaliseWebAddress(from);
      const poll = await fetch(`${base}/webchat/messages?from=${encodeURIComponent(from)}&after=${cursors.get(key) ?? 0}`);
      const raw = await poll.text();
      if (poll.status !== 200) {
        problems.push(`${where}: polling ${from}'s replies answered ${poll.status}: ${raw.slice(0, 200)}`);
        continue;
      }
      const body = JSON.parse(raw) as PollBody;
      cursors.set(key, body.cursor);
      const sent = group.filter((g) => g.step.from === from).length;
      stats.check(bounded, body.messages.length > REPLIES_PER_MESSAGE_MAX * sent ? `${where}: ${body.messages.length} replies to ${sent} message(s): ${summarise(body.messages.slice(0, 3).map((m) => m.text), 100)}…` : null, conversation);
      for (const reply of body.messages) {
        stats.reply(reply.text.length, `reply to ${summarise(group.find((g) => g.step.from === from)!.step.text, 40)}`);
        stats.check(bounded, reply.text.length > REPLY_CHARS_MAX ? `${where}: a reply of ${reply.text.length} characters (max ${REPLY_CHARS_MAX}): ${summarise(reply.text, 120)}` : null, conversation);
      }
    }
  }
  for (const e of bed.errors.slice(errorsBefore)) {
    // An error about an order: its lines and status say more than the stack.
    const orderId = (e.fields as { orderId?: unknown } | undefined)?.orderId;
    const order = typeof orderId === 'number'
      ? (await bed.db.pool.query<{ what: string }>(
          `SELECT o.reference || ' (' || o.status || ', ' || coalesce(o.payment_method::text, 'unpaid') || ', total ' || o.total_minor || ' ' || o.currency || '): ' ||
                  (SELECT string_agg(l.quantity || ' x ' || l.sku, ', ' ORDER BY l.id) FROM order_lines l WHERE l.order_id = o.id) AS what
           FROM orders o WHERE o.id = $1`,
          [orderId],
        )).rows[0]?.what
      : undefined;
    problems.push(`the app logged an error: ${e.msg}${order ? ` about order ${order}` : ''} ${summarise(e.fields ?? {}, 300)}`);
  }
  problems.push(...(await invariantProblems(bed, ordersBefore)));
  for (const problem of bed.confirmations.splice(0)) stats.check(confirmedAfterQuote(bed.target), problem, conversation);
  if (problems.length > 0) throw new Error(problems.join('\n'));
}

/** The highest order id now: a case checks the orders placed after it (a violation stays in the database, and would fail every later case). */
export async function lastOrderId(bed: FuzzBed): Promise<number> {
  const { rows } = await bed.db.pool.query<{ id: number | null }>('SELECT max(id) AS id FROM orders');
  return rows[0]?.id ?? 0;
}

/** What the stored state must always satisfy, whatever was said (orders: those after `sinceOrderId`). */
export async function invariantProblems(bed: FuzzBed, sinceOrderId = 0): Promise<string[]> {
  const problems: string[] = [];
  const pool = bed.db.pool;
  const orders = await pool.query<{ reference: string; quote_ref: string | null; quote_status: string | null; same_customer: boolean | null; conversation_id: number | null; quote_conversation_id: number | null; quote_created: Date | null; order_created: Date; placed_by_staff_id: number | null }>(
    `SELECT o.reference, q.reference AS quote_ref, q.status::text AS quote_status, q.customer_id = o.customer_id AS same_customer,
            o.conversation_id, q.conversation_id AS quote_conversation_id, q.created_at AS quote_created, o.created_at AS order_created, o.placed_by_staff_id
     FROM orders o LEFT JOIN quotes q ON q.id = o.quote_id WHERE o.id > $1 ORDER BY o.id`,
    [sinceOrderId],
  );
  for (const order of orders.rows) {
    if (order.quote_ref === null) {
      problems.push(`order ${order.reference} has no quote`);
      continue;
    }
    if (order.quote_status !== 'confirmed') problems.push(`order ${order.reference}: its quote ${order.quote_ref} is ${order.quote_status}, not confirmed`);
    if (!order.same_customer) problems.push(`order ${order.reference}: its quote ${order.quote_ref} belongs to another reseller`);
    // The confirmation: a 'yes'-like message of the order's conversation that the bot acted on once
    // the quote existed, received up to the order; and, checked on its own (confirmedAfterQuote),
    // received after the quote existed: a 'yes' sent before the reseller could see the prices
    // confirms nothing.
    const confirmations = await pool.query<{ text: string; intent: string | null; after_quote: boolean }>(
      `SELECT text, intent, created_at > $2 AS after_quote FROM messages
       WHERE conversation_id = $1 AND direction = 'inbound' AND processed_at >= $2 AND created_at <= $3 ORDER BY id`,
      [order.conversation_id, order.quote_created, order.order_created],
    );
    const yes = confirmations.rows.filter((m) => looksLikeConfirmation(m.text));
    const describe = async () => {
      const recent = await pool.query<{ conversation_id: number; text: string; intent: string | null; created_at: Date; processed_at: Date | null }>(
        `SELECT conversation_id, text, intent, created_at, processed_at FROM messages
         WHERE conversation_id IN ($1, $2) AND direction = 'inbound' AND created_at <= $3 ORDER BY id DESC LIMIT 4`,
        [order.conversation_id, order.quote_conversation_id ?? order.conversation_id, order.order_created],
      );
      return (
        `its quote ${order.quote_ref} (conversation ${order.quote_conversation_id}, created ${order.quote_created?.toISOString()}; order created ${order.order_created.toISOString()}); ` +
        `the last messages before the order: ${summarise(recent.rows.map((m) => `[conversation ${m.conversation_id}, received ${m.created_at.toISOString()}, processed ${m.processed_at?.toISOString()}, ${m.intent}] ${m.text}`), 120)}`
      );
    };
    const where = `order ${order.reference} (conversation ${order.conversation_id}${order.placed_by_staff_id ? `, placed by staff ${order.placed_by_staff_id}` : ''})`;
    if (yes.length === 0) problems.push(`${where} without a 'yes'-like message acted on after its quote: ${await describe()}`);
    else bed.confirmations.push(yes.some((m) => m.after_quote) ? null : `${where} confirmed by a 'yes' received before the quote existed: ${await describe()}`);
  }
  // Money per order: revenue booked never more than the order's total, supplier cost never more than
  // what its lines cost, eSIMs delivered never more than ordered. (The ledger can balance while an
  // order is charged twice: both sides of the double entry are doubled.)
  const money = await pool.query<{ reference: string; status: string; payment_method: string | null; total_minor: string; revenue: string; cost: string; cost_max: string; profiles: number; esims: number; lines: string }>(
    `SELECT o.reference, o.status::text AS status, o.payment_method::text AS payment_method, o.total_minor::text AS total_minor,
            (SELECT string_agg(l.quantity || ' x ' || l.sku, ', ' ORDER BY l.id) FROM order_lines l WHERE l.order_id = o.id) AS lines,
            coalesce((SELECT -sum(p.amount_minor) FROM journal_entries e JOIN postings p ON p.entry_id = e.id JOIN ledger_accounts a ON a.id = p.account_id
                      WHERE e.order_id = o.id AND a.type = 'revenue'), 0)::text AS revenue,
            coalesce((SELECT sum(p.amount_minor) FROM journal_entries e JOIN postings p ON p.entry_id = e.id JOIN ledger_accounts a ON a.id = p.account_id
                      WHERE e.order_id = o.id AND a.type = 'expense'), 0)::text AS cost,
            coalesce((SELECT sum(l.quantity * l.supplier_cost_minor) FROM order_lines l WHERE l.order_id = o.id), 0)::text AS cost_max,
            (SELECT count(*) FROM esim_profiles e WHERE e.order_id = o.id)::int AS profiles,
            coalesce((SELECT sum(l.quantity) FROM order_lines l JOIN products p ON p.sku = l.sku WHERE l.order_id = o.id AND p.type = 'esim'), 0)::int AS esims
     FROM orders o WHERE o.id > $1 ORDER BY o.id`,
    [sinceOrderId],
  );
  for (const o of money.rows) {
    const where = `order ${o.reference} (${o.status}, ${o.payment_method ?? 'unpaid'}: ${o.lines})`;
    if (BigInt(o.revenue) > BigInt(o.total_minor)) problems.push(`${where}: revenue booked ${o.revenue} is more than its total ${o.total_minor}`);
    if (BigInt(o.cost) > BigInt(o.cost_max)) problems.push(`${where}: supplier cost booked ${o.cost} is more than its lines cost (${o.cost_max})`);
    if (o.profiles > o.esims) problems.push(`${where}: ${o.profiles} eSIMs delivered for ${o.esims} ordered`);
    if (o.status === 'delivered' && BigInt(o.revenue) !== BigInt(o.total_minor)) problems.push(`${where}: delivered, but revenue booked ${o.revenue} is not its total ${o.total_minor}`);
  }
  const entries = await pool.query<{ id: string; kind: string; order_id: number | null; order_exists: boolean; same_customer: boolean | null }>(
    `SELECT e.id::text, e.kind, e.order_id, o.id IS NOT NULL AS order_exists, e.customer_id = o.customer_id AS same_customer
     FROM journal_entries e LEFT JOIN orders o ON o.id = e.order_id WHERE e.id > $1 ORDER BY e.id`,
    [String(bed.journalBaseline)],
  );
  for (const entry of entries.rows) {
    // Money in (deposits, top-ups, payments) has no order; what an order books must name it.
    if (entry.order_id === null && ORDER_KINDS.has(entry.kind)) problems.push(`journal entry ${entry.id} (${entry.kind}) belongs to no order`);
    if (entry.order_id === null) continue;
    if (!entry.order_exists) problems.push(`journal entry ${entry.id} (${entry.kind}) names order ${entry.order_id}, which does not exist`);
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
