import { runCli } from '../support/cli';
import { BotHarness } from '../support/bot-harness';
import { createTestDatabase } from '../support/test-database';

describe('web chat outside demo mode', () => {
  test('requires a reseller access token issued by esim-hub webchat-token, and only for its own address', async () => {
    const db = await createTestDatabase('pglite', { seed: true });
    const chat = await BotHarness.start(db, { env: { DEMO_MODE: '0' } });
    try {
      const body = { from: '+34612345603', text: 'hello', id: 'a1' };
      const post = (headers: Record<string, string>, payload = body) =>
        fetch(`${chat.url}/webchat/messages`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(payload) });
      expect((await post({})).status).toBe(401);
      expect((await post({ authorization: 'Bearer not-a-token' })).status).toBe(401);
      expect((await fetch(`${chat.url}/webchat/identities`)).status).toBe(404);

      const issued = await runCli(['webchat-token', '+34612345603'], { DATABASE_URL: db.url });
      expect(issued.code).toBe(0);
      const token = issued.stdout.trim();
      expect(token).toMatch(/^[A-Za-z0-9_-]{32}$/);
      expect((await post({ authorization: `Bearer ${token}` })).status).toBe(202);
      expect((await post({ authorization: `Bearer ${token}` }, { ...body, from: '+66812345601', id: 'a2' })).status).toBe(401);
      await chat.bot.idle();
      const poll = await fetch(`${chat.url}/webchat/messages?from=${encodeURIComponent('+34612345603')}&after=0`, { headers: { authorization: `Bearer ${token}` } });
      expect(((await poll.json()) as { messages: unknown[] }).messages).toHaveLength(1);
      expect((await runCli(['webchat-token', '+10000000000'], { DATABASE_URL: db.url })).code).toBe(1);
    } finally {
      await chat.stop();
      await db.close();
    }
  });

  test('bad request bodies get a 400 that says what is wrong', async () => {
    const db = await createTestDatabase('pglite', { seed: true });
    const chat = await BotHarness.start(db);
    try {
      const response = await fetch(`${chat.url}/webchat/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: 'x' }) });
      expect(response.status).toBe(400);
      expect(((await response.json()) as { error: string }).error).toMatch(/from: .*; id: /);
    } finally {
      await chat.stop();
      await db.close();
    }
  });
});
