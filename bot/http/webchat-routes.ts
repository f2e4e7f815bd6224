import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { sql as raw } from 'kysely';
import { z } from 'zod';
import type { WebChatAdapter } from '../../channels/webchat/adapter';
import { webchatAddress, webchatPostBody } from '../../channels/webchat/parse';
import { normaliseWebAddress } from '../../domain/identities/addresses';
import type { Database } from '../db/database';
import { poolSql } from '../db/sql';
import { compiledOnce, q } from '../store/query-builder';
import { ReplyVersions } from './reply-versions';
import type { WebchatLimiter } from './rate-limits';

// Web chat on the app's server. Demo mode (the embedded default): `from` may be any seeded
// identity, chosen on the page. Otherwise a reseller access token (Authorization: Bearer) decides
// who is writing, and `from` must be that identity's address.

const pollQuery = z.object({
  from: webchatAddress,
  after: z.coerce.number().int().nonnegative().default(0),
  /** Long polling: wait up to this long for a reply when there is none yet. */
  wait: z.coerce.number().int().min(0).max(30_000).default(0),
  /** 1: the reseller's own messages too (the page shows both sides); 0: the replies only. */
  mine: z.enum(['0', '1']).default('0').transform((v) => v === '1'),
});

/** Messages in one answer; a full page is answered at once, and the client asks again from its cursor. */
const POLL_MESSAGES_MAX = 200;

/**
 * The conversation and its messages after a message id (none: one row with id null); every poll
 * runs it, so it is compiled once, for the replies only and for both sides.
 */
const messagesAfter = (bothSides: boolean) =>
  compiledOnce(['key', 'after'] as const, (p) =>
    q.selectFrom('conversations as c')
      .leftJoinLateral(
        (eb) =>
          eb.selectFrom('messages')
            .select(['id', 'direction', 'channel_message_id', 'sent_by_staff_id', 'text', 'attachments', 'received_at'])
            .whereRef('conversation_id', '=', 'c.id')
            .$if(!bothSides, (m) => m.where('direction', '=', raw<'outbound'>`'outbound'`))
            .where('id', '>', p.after)
            .orderBy('id')
            .limit(raw.lit(POLL_MESSAGES_MAX))
            .as('m'),
        (join) => join.onTrue(),
      )
      .select(['c.id as conversation_id', 'm.id', 'm.direction', 'm.channel_message_id', 'm.sent_by_staff_id', 'm.text', 'm.attachments', 'm.received_at'])
      .where('c.conversation_key', '=', p.key)
      .orderBy('m.id'),
  );
const repliesAfter = messagesAfter(false);
const bothSidesAfter = messagesAfter(true);

/** The rows that are messages (a message's columns are null only on the row of a conversation without any). */
const messageRows = (rows: Awaited<ReturnType<typeof repliesAfter>>) =>
  rows.flatMap((r) =>
    r.id === null
      ? []
      : [{ id: Number(r.id), direction: r.direction!, channelMessageId: r.channel_message_id!, staffId: r.sent_by_staff_id, text: r.text!, attachments: r.attachments, receivedAt: r.received_at! }],
  );
type MessageRow = ReturnType<typeof messageRows>[number];

/**
 * The cursor after an answer: the last reply in it. A reseller's own message does not move it: its
 * row is written by the intake, which does not wait for a reply being written meanwhile (a
 * delivery, a staff answer) to commit, so a reply can appear below an own message already read.
 * Own messages after the cursor come again in the next answer (the page shows each id once). A full
 * answer moves it to its last row whatever that is, so a long run of own messages cannot stall it.
 */
function cursorAfter(rows: MessageRow[], after: number): number {
  if (rows.length >= POLL_MESSAGES_MAX) return rows[rows.length - 1]!.id;
  const replies = rows.filter((r) => r.direction === 'outbound');
  return replies.length > 0 ? replies[replies.length - 1]!.id : after;
}

export interface WebchatDeps {
  db: Database;
  /** The web chat adapter, started with the bot as its sink. */
  webchat: WebChatAdapter;
  demoMode: boolean;
  /** Emits 'replied' with a conversation id when replies were committed. */
  activity?: NodeJS.EventEmitter;
  /** Posts per client address (before the body is read) and per sender (once known): 429 beyond. */
  limiter: WebchatLimiter;
}

async function tokenIdentity(db: Database, request: FastifyRequest): Promise<string | null> {
  const header = request.headers.authorization;
  const token = /^Bearer\s+(\S+)$/i.exec(header ?? '')?.[1];
  if (!token) return null;
  const row = await db.prisma.webchatAccessToken.findUnique({
    where: { tokenHash: createHash('sha256').update(token).digest('hex') },
    include: { identity: true },
  });
  return row && !row.revokedAt && row.identity.active ? row.identity.address : null;
}

export function registerWebchatRoutes(app: FastifyInstance, deps: WebchatDeps): void {
  const versions = new ReplyVersions(deps.activity);
  const authorise = async (request: FastifyRequest, from: string): Promise<string | null> => {
    if (deps.demoMode) return null;
    const address = await tokenIdentity(deps.db, request);
    if (!address) return 'a reseller access token is required (Authorization: Bearer <token>)';
    if (normaliseWebAddress(address) !== from) return '`from` must be the address of the token’s identity';
    return null;
  };

  app.post('/webchat/messages', { onRequest: deps.limiter.perAddress }, async (request, reply) => {
    const body = webchatPostBody.safeParse(request.body);
    if (!body.success) return reply.code(400).send({ error: body.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ') });
    const denied = await authorise(request, body.data.from);
    if (denied) return reply.code(401).send({ error: denied });
    if (await deps.limiter.perIdentity(request, reply, body.data.from)) return reply;
    const result = await deps.webchat.receive(body.data, true, new Date());
    if (result.duplicate) await deps.limiter.resent(body.data.from);
    return reply.code(202).send({ accepted: true, duplicate: result.duplicate });
  });

  app.get('/webchat/messages', async (request, reply) => {
    const query = pollQuery.safeParse(request.query);
    if (!query.success) return reply.code(400).send({ error: query.error.issues.map((i) => `${i.path.join('.') || 'query'}: ${i.message}`).join('; ') });
    const denied = await authorise(request, query.data.from);
    if (denied) return reply.code(401).send({ error: denied });
    const { from, wait } = query.data;
    const release = wait > 0 ? deps.limiter.openPoll(request, reply, from) : () => undefined;
    if (!release) return reply;
    try {
      return await answerPoll(query.data, reply.raw);
    } finally {
      release();
    }
  });

  /** `response`: closes when the client goes away, which ends the wait (nobody to answer). */
  async function answerPoll({ from, after, wait, mine }: z.infer<typeof pollQuery>, response: NodeJS.EventEmitter) {
    let gone = false;
    response.once('close', () => (gone = true));
    const sql = poolSql(deps.db.pool);
    const key = `web:${from}`;
    // The conversation id comes back with the messages, for the long-poll subscription.
    const read = () => (mine ? bothSidesAfter : repliesAfter)(sql, { key, after });
    // The version is taken before reading: a reply committed after the read bumps it, so waiting
    // on "changed since" cannot miss one.
    let conversationId = versions.conversationIds.get(key);
    let seen = versions.of(conversationId);
    let rows: MessageRow[] = [];
    let readAt: number | undefined; // the version before the latest read; undefined: not read
    // The contact polls again from where this process's last answer left them, and no reply was
    // committed since: the read would find nothing new, so the poll goes straight to waiting.
    if (!(wait > 0 && conversationId !== undefined && versions.unchangedSince(key, after, conversationId))) {
      const first = await read();
      if (first.length === 0) return { messages: [], cursor: after };
      readAt = seen;
      if (conversationId === undefined) {
        conversationId = first[0]!.conversation_id;
        versions.conversationIds.set(key, conversationId);
        seen = -1; // not known before the read: read once more before waiting
        readAt = undefined;
      }
      rows = messageRows(first);
    }
    const deadline = Date.now() + wait;
    // Only a reply ends the wait: the reseller's own messages are on their page already.
    while (cursorAfter(rows, after) === after && Date.now() < deadline) {
      const current = versions.of(conversationId)!;
      if (current === seen) {
        if (gone) return { messages: [], cursor: after }; // it left while the poll read: no wait for nobody
        await versions.waitForChange(conversationId, seen, deadline - Date.now(), response);
        if (gone) return { messages: [], cursor: after }; // the client went away: nobody to answer
        if (versions.of(conversationId) === seen) break; // timed out
      }
      seen = versions.of(conversationId);
      readAt = seen;
      rows = messageRows(await read());
    }
    if (readAt === undefined && seen !== -1) {
      // Waited without reading (timed out, or the process is stopping): the answer is read now.
      readAt = versions.of(conversationId);
      rows = messageRows(await read());
    }
    const cursor = cursorAfter(rows, after);
    versions.answer(key, cursor, readAt);
    const ownPrefix = `${from}:`; // an own message's channel id is `<from>:<the id the page posted>` (channels/webchat/parse.ts)
    const messages = rows.map((m) => {
      // Only what was sent has a URL (a received attachment is stored by name and type alone).
      const attachments = ((m.attachments ?? []) as { kind: string; url?: string; filename: string; caption?: string }[]).filter((a): a is typeof a & { url: string } => typeof a.url === 'string');
      const own = m.direction === 'inbound';
      return {
        id: m.id,
        direction: m.direction,
        from: own ? ('me' as const) : m.staffId !== null ? ('staff' as const) : ('bot' as const),
        ...(own && m.channelMessageId.startsWith(ownPrefix) ? { clientId: m.channelMessageId.slice(ownPrefix.length) } : {}),
        // Staff wrote it in the reseller's name (the staff app's "order for the reseller"): shown as theirs, marked as not typed by them.
        ...(own && m.staffId !== null ? { enteredByStaff: true } : {}),
        text: m.text,
        images: attachments.filter((a) => a.kind === 'image').map((a) => ({ url: a.url, caption: a.caption ?? a.filename, filename: a.filename })),
        files: attachments.filter((a) => a.kind === 'file').map((a) => ({ url: a.url, filename: a.filename })),
        at: m.receivedAt.toISOString(),
      };
    });
    return { messages, cursor };
  }

  app.get('/webchat/identities', async (_request, reply) => {
    if (!deps.demoMode) return reply.code(404).send({ error: 'only in demo mode' });
    const identities = await deps.db.prisma.channelIdentity.findMany({ where: { active: true }, include: { customer: true }, orderBy: [{ customerId: 'asc' }, { id: 'asc' }] });
    return {
      identities: identities.map((i) => ({
        address: i.address,
        label: `${i.customer.id} ${i.customer.company}: ${i.contactName ?? i.address} (${i.role}, ${i.customer.accountType}, ${i.customer.currency})`,
      })),
    };
  });
}
