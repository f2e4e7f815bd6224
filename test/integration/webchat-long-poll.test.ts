import { BotHarness } from '../support/bot-harness';
import { createTestDatabase } from '../support/test-database';

interface Poll {
  messages: { id: number; text: string }[];
  cursor: number;
}

describe('web chat long polling', () => {
  test('a waiting poll returns as soon as the reply is committed, and an idle one after its wait', async () => {
    const db = await createTestDatabase('pglite', { seed: true });
    const chat = await BotHarness.start(db);
    const from = '+34612345603';
    const poll = async (after: number, wait: number): Promise<Poll> =>
      (await (await fetch(`${chat.url}/webchat/messages?from=${encodeURIComponent(from)}&after=${after}&wait=${wait}`)).json()) as Poll;
    const post = (text: string, id: string) =>
      fetch(`${chat.url}/webchat/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ from, text, id }) });
    try {
      expect((await post('hello', 'p1')).status).toBe(202);
      await chat.bot.idle();
      const first = await poll(0, 0);
      expect(first.messages.length).toBeGreaterThan(0);

      // Nothing new: the poll waits its full time and answers with the same cursor.
      const startedIdle = Date.now();
      const idle = await poll(first.cursor, 400);
      expect(idle).toEqual({ messages: [], cursor: first.cursor });
      expect(Date.now() - startedIdle).toBeGreaterThanOrEqual(380);

      // A poll already waiting when the message arrives gets the reply without waiting out its 10 s.
      const waiting = poll(first.cursor, 10_000);
      await new Promise((resolve) => setTimeout(resolve, 100));
      const startedWaiting = Date.now();
      expect((await post('Japan 1GB 7 days x 2', 'p2')).status).toBe(202);
      const answered = await waiting;
      expect(Date.now() - startedWaiting).toBeLessThan(5_000);
      expect(answered.messages[0]!.text).toMatch(/^Quote Q-\d+/);
      expect(answered.cursor).toBe(answered.messages[answered.messages.length - 1]!.id);
    } finally {
      await chat.stop();
      await db.close();
    }
  });
});
