// The web-chat protocol of the bot with nothing behind it, for npm run bench:ceiling: a message is
// answered at once from memory, after trivial statements on PostgreSQL (CEILING_STATEMENTS_PER_ORDER
// of them an order: half for the order text, the rest for the "yes") (a named SELECT $1::int each, one after another, as the bot's statements are). What it
// reaches is the most any bot could reach behind the same HTTP exchanges on this machine.

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

interface Reply {
  id: number;
  text: string;
}

const pool = new pg.Pool({ connectionString: env.CEILING_DATABASE_URL, max: 20 });
const replies = new Map<string, Reply[]>();
const waiting = new Map<string, Set<() => void>>();
let lastId = 0;

async function statements(count: number): Promise<void> {
  if (count === 0) return;
  const client = await pool.connect();
  try {
    for (let i = 0; i < count; i += 1) await client.query({ name: 'ceiling', text: 'SELECT $1::int', values: [i] });
  } finally {
    client.release();
  }
}

const app = Fastify();
app.post('/webchat/messages', async (request, reply) => {
  const body = posted.parse(request.body);
  const half = Math.floor(env.CEILING_STATEMENTS_PER_ORDER / 2);
  await statements(body.text === 'yes' ? env.CEILING_STATEMENTS_PER_ORDER - half : half);
  const text = body.text === 'yes' ? 'Here are your 1 eSIM' : `Quote Q-${String(lastId + 1).padStart(6, '0')}`;
  const list = replies.get(body.from) ?? [];
  list.push({ id: ++lastId, text });
  replies.set(body.from, list);
  for (const wake of waiting.get(body.from) ?? []) wake();
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

app.listen({ host: '127.0.0.1', port: 0 }).then((url) => {
  process.stderr.write(`${JSON.stringify({ msg: 'ceiling server is running', url })}\n`);
});
// Nothing to hand back: the bench's keep-alive sockets are not waited for.
process.on('SIGTERM', () => process.exit(0));
