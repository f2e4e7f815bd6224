import { EventEmitter } from 'node:events';
import { ReplyVersions } from '../../bot/http/reply-versions';
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

describe('the waiting polls of a process (bot/http/reply-versions.ts)', () => {
  test('a reply wakes only the polls of its own conversation, through one listener however many wait', async () => {
    const activity = new EventEmitter();
    const versions = new ReplyVersions(activity);
    const listeners = activity.listenerCount('replied');
    const woken: string[] = [];
    const waits = [
      ...Array.from({ length: 500 }, (_, i) => versions.waitForChange(7, 0, 10_000).then(() => woken.push(`7:${i}`))),
      versions.waitForChange(8, 0, 10_000).then(() => woken.push('8')),
    ];
    expect(activity.listenerCount('replied')).toBe(listeners);
    activity.emit('replied', 7);
    await Promise.all(waits.slice(0, 500));
    expect(woken).toHaveLength(500);
    expect(woken).not.toContain('8');
    expect(versions.of(7)).toBe(1);
    // A client gone: its poll ends at once (its place among the open polls freed).
    const response = new EventEmitter();
    const abandoned = versions.waitForChange(8, 0, 10_000, response);
    response.emit('close');
    await abandoned;
    expect(woken).not.toContain('8');
    activity.emit('shutdown'); // the last one is answered when the process stops
    await waits[500];
    expect(woken).toContain('8');
  });
});
