// The web-chat protocol of the bot with the least possible work behind it, for npm run bench:ceiling.
// As the bot does, it answers a message 202 at once and replies later, in three steps an order: the
// quote (after the order text), the confirmation and then the eSIMs (after "yes"), each reply
// waking the polls that wait for it. Each step runs its share of CEILING_STATEMENTS_PER_ORDER
// trivial statements one after another; a step of three or more is a transaction that stores its
// reply (BEGIN, SELECT $1::int..., INSERT, COMMIT), as the bot commits three transactions an order.

import Fastify from 'fastify';
import pg from 'pg';
import { z } from 'zod';

const env = z
  .object({
    CEILING_DATABASE_URL: z.string().min(1),
    CEILING_STATEMENTS_PER_ORDER: z.coerce.number().int().min(0).max(1000),
  })
  .parse(process.env);

const posted = z.object({ from: z.string().min(1).max(200), text: z.string().max(4000), id: z.string().min(1).max(200) });
const polled = z.object({ from: z.string().min(1).max(200), after: z.coerce.number().int().min(0), wait: z.coerce.number().int().min(0).max(25_000) });

/** The order's statements over its three steps: the quote, the confirmation, the eSIMs. */
const STEPS = [0, 1, 2].map((i) => Math.floor(env.CEILING_STATEMENTS_PER_ORDER / 3) + (i < env.CEILING_STATEMENTS_PER_ORDER % 3 ? 1 : 0));

interface Reply {
  id: number;
  text: string;
}

const pool = new pg.Pool({ connectionString: env.CEILING_DATABASE_URL, max: 20 });
const replies = new Map<string, Reply[]>();
const waiting = new Map<string, Set<() => void>>();
let lastId = 0;

async function step(count: number, from: string, text: string): Promise<void> {
  if (count > 0) {
    const client = await pool.connect();
    try {
      const stored = count >= 3;
      if (stored) await client.query('BEGIN');
      for (let i = 0; i < count - (stored ? 3 : 0); i += 1) await client.query({ name: 'ceiling_select', text: 'SELECT $1::int', values: [i] });
      if (stored) {
        await client.query({ name: 'ceiling_insert', text: 'INSERT INTO ceiling_replies (contact, text) VALUES ($1, $2)', values: [from, text] });
        await client.query('COMMIT');
      }
    } finally {
      client.release();
    }
  }
  const list = replies.get(from) ?? [];
  list.push({ id: ++lastId, text });
  replies.set(from, list);
  for (const wake of waiting.get(from) ?? []) wake();
}

async function answer(from: string, text: string): Promise<void> {
  if (text !== 'yes') return step(STEPS[0]!, from, `Quote Q-${String(lastId + 1).padStart(6, '0')}`);
  await step(STEPS[1]!, from, 'Order confirmed and paid');
  await step(STEPS[2]!, from, 'Here are your 1 eSIM');
}

const app = Fastify();
app.post('/webchat/messages', async (request, reply) => {
  const body = posted.parse(request.body);
  answer(body.from, body.text).catch((error: unknown) => {
    process.stderr.write(`ceiling server: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  });
  return reply.code(202).send({ id: body.id });
});

app.get('/webchat/messages', async (request) => {
  const query = polled.parse(request.query);
  const after = () => (replies.get(query.from) ?? []).filter((r) => r.id > query.after);
  if (after().length === 0 && query.wait > 0) {
    await new Promise<void>((resolve) => {
      const set = waiting.get(query.from) ?? new Set();
      waiting.set(query.from, set);
      const done = () => {
        clearTimeout(timer);
        set.delete(done);
        resolve();
      };
      const timer = setTimeout(done, query.wait);
      set.add(done);
    });
  }
  const messages = after();
  return { messages, cursor: messages.length > 0 ? messages[messages.length - 1]!.id : query.after };
});

async function main(): Promise<void> {
  await pool.query('CREATE TABLE IF NOT EXISTS ceiling_replies (id bigserial PRIMARY KEY, contact text NOT NULL, text text NOT NULL, at timestamptz NOT NULL DEFAULT now())');
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  process.stderr.write(`${JSON.stringify({ msg: 'ceiling server is running', url })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`ceiling server: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
// Nothing to hand back: the bench's keep-alive sockets are not waited for. Its parent gone (even
// killed), it goes too.
process.on('SIGTERM', () => process.exit(0));
process.on('disconnect', () => process.exit(0));
