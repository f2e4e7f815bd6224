import { addStaffUser } from '../../bot/staff/staff-users';
import { BotHarness } from '../support/bot-harness';
import { until } from '../support/until';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

// The staff inbox's API (issue 19): search by every field, the filters, closed tickets still
// findable, assigning a ticket to a colleague, canned replies, and the roles on each change.

type Found = { id: number; conversationId: number; customerId: string | null; status: string; claimedBy: string | null; reason: string; channel: string };

describe('the staff inbox: search, filters, assignment, canned replies', () => {
  let db: TestDatabase;
  let chat: BotHarness;
  const ids: Record<string, number> = {};
  let orderRef = '';
  let quoteRef = '';

  async function signIn(email: string) {
    const login = await fetch(`${chat.url}/staff/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: 'correct horse battery' }) });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const csrf = /<meta name="csrf-token" content="([^"]+)">/.exec(await (await fetch(`${chat.url}/staff`, { headers: { cookie } })).text())![1]!;
    const post = (url: string, body: unknown = {}) => fetch(`${chat.url}${url}`, { method: 'POST', headers: { cookie, 'x-csrf-token': csrf, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const get = (url: string) => fetch(`${chat.url}${url}`, { headers: { cookie } });
    const search = async (query: Record<string, string>) => {
      const response = await get(`/staff/api/search?${new URLSearchParams(query)}`);
      expect(response.status).toBe(200);
      return ((await response.json()) as { tickets: Found[] }).tickets;
    };
    return { post, get, search, cookie };
  }
  const staffId = async (email: string) => (await db.prisma.staffUser.findUniqueOrThrow({ where: { email } })).id;
  const ticketOf = async (customerId: string, channel: 'web' | 'wechat' | 'email') => (await db.prisma.handoffTicket.findFirstOrThrow({ where: { customerId, channel }, orderBy: { id: 'desc' } })).id;

  beforeAll(async () => {
    db = await createTestDatabase('pglite', { seed: true });
    chat = await BotHarness.start(db);
    for (const [email, role] of [['olga@esimhub.test', 'owner'], ['ana@esimhub.test', 'staff'], ['bo@esimhub.test', 'staff'], ['fay@esimhub.test', 'finance']] as const) {
      await addStaffUser(db, { email, name: email.split('@')[0], password: 'correct horse battery', role });
    }
    // WeChat, B2B-001 (Youyi Travel Tech, Chen Jie).
    await chat.receive('wechat', 'wxid_youyi_chen', 'I want to talk to a person about the zebracrossing shipment');
    ids.chen = await ticketOf('B2B-001', 'wechat');
    // Email, B2B-006 (Dubai Travel Hub).
    await chat.receive('email', 'ops@dubaitravelhub.ae', 'I want to talk to a person, please');
    ids.omarEmail = await ticketOf('B2B-006', 'email');
    // Web chat, B2B-003 (Viajes Conecta): a quote, then a person.
    const quote = (await chat.say('+34612345603', 'Japan 1GB 7 days x 2')).map((m) => m.text).join('\n');
    quoteRef = /Q-\d+/.exec(quote)![0];
    await chat.say('+34612345603', 'I want to talk to a person');
    ids.maria = await ticketOf('B2B-003', 'web');
    // Web chat, B2B-006 (postpaid): an order delivered, then a person.
    await chat.say('+971501234606', 'Japan 1GB 7 days x 3');
    await chat.say('+971501234606', 'yes');
    orderRef = await until(async () => (await db.prisma.order.findFirst({ where: { customerId: 'B2B-006', status: 'delivered' } }))?.reference ?? null, 'the order', 15_000);
    await chat.say('+971501234606', 'I want to talk to a person');
    ids.omarWeb = await ticketOf('B2B-006', 'web');
  }, 90_000);

  afterAll(async () => {
    await chat.stop();
    await db.close();
  });

  test('search finds a ticket by reseller id, company, phone, WeChat id, email, order and quote reference, and message text', async () => {
    const { search } = await signIn('ana@esimhub.test');
    const found = async (q: string) => (await search({ q })).map((t) => t.id);
    expect(await found('b2b-001')).toEqual([ids.chen]);
    expect(await found('Youyi Travel')).toEqual([ids.chen]);
    expect(await found('wxid_youyi_chen')).toEqual([ids.chen]);
    expect(await found('+34612345603')).toEqual([ids.maria]);
    expect(await found('Viajes')).toEqual([ids.maria]);
    expect(await found('ops@dubaitravelhub.ae')).toEqual(expect.arrayContaining([ids.omarEmail, ids.omarWeb]));
    expect(await found(quoteRef)).toEqual([ids.maria]);
    expect(await found(orderRef)).toContain(ids.omarWeb);
    expect(await found('ZEBRACROSSING')).toEqual([ids.chen]);
    expect(await found('Chen Jie')).toEqual([ids.chen]);
    // % and _ are literal, not wildcards.
    expect(await found('%')).toEqual([]);
    expect(await found('nothing-like-this')).toEqual([]);
  });

  test('filters: reason, channel, open / claimed by me / by others / closed, waiting longer than N minutes', async () => {
    const ana = await signIn('ana@esimhub.test');
    const bo = await signIn('bo@esimhub.test');
    expect((await ana.search({ channel: 'wechat' })).map((t) => t.id)).toEqual([ids.chen]);
    expect((await ana.search({ reason: 'person_requested' })).length).toBeGreaterThanOrEqual(4);
    expect((await ana.search({ reason: 'complaint' })).map((t) => t.id)).toEqual([]);
    expect((await ana.post(`/staff/api/tickets/${ids.omarEmail}/claim`)).status).toBe(200);
    expect((await ana.search({ status: 'mine' })).map((t) => t.id)).toEqual([ids.omarEmail]);
    expect((await bo.search({ status: 'others' })).map((t) => t.id)).toEqual([ids.omarEmail]);
    expect((await bo.search({ status: 'mine' }))).toEqual([]);
    expect((await ana.search({ status: 'open' })).map((t) => t.id)).not.toContain(ids.omarEmail);
    // Waiting: Chen's ticket opened two hours ago.
    await db.pool.query(`UPDATE handoff_tickets SET opened_at = now() - interval '2 hours' WHERE id = $1`, [ids.chen]);
    expect((await ana.search({ waitingMinutes: '60' })).map((t) => t.id)).toEqual([ids.chen]);
    expect((await ana.search({ waitingMinutes: '60', channel: 'email' }))).toEqual([]);
    // A bad filter is a 400 that names it.
    const bad = await ana.get('/staff/api/search?status=everything');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/^status:/);
    expect((await ana.get('/staff/api/search?sort=1')).status).toBe(400);
    expect((await fetch(`${chat.url}/staff/api/search?q=B2B`)).status).toBe(401);
  });

  test('a closed ticket and its transcript stay findable', async () => {
    const ana = await signIn('ana@esimhub.test');
    expect((await ana.post(`/staff/api/tickets/${ids.omarEmail}/release`)).status).toBe(200);
    expect((await ana.search({ q: 'dubaitravelhub' })).map((t) => t.id)).not.toContain(ids.omarEmail);
    const closed = await ana.search({ q: 'dubaitravelhub', status: 'closed' });
    expect(closed.map((t) => [t.id, t.status])).toEqual([[ids.omarEmail, 'released']]);
    expect((await ana.search({ status: 'all', q: 'dubaitravelhub' })).map((t) => t.id)).toEqual(expect.arrayContaining([ids.omarEmail, ids.omarWeb]));
    const view = (await (await ana.get(`/staff/api/conversations/${closed[0]!.conversationId}`)).json()) as { messages: { text: string }[]; contact: Record<string, string> };
    expect(view.messages.map((m) => m.text)).toContain('I want to talk to a person, please');
    expect(view.contact).toEqual({ company: 'Dubai Travel Hub', name: 'Omar K.', role: 'owner', address: 'ops@dubaitravelhub.ae' });
  });

  test('assign a ticket to a colleague: the holder changes, the filters follow, it is audited, and roles are checked', async () => {
    const ana = await signIn('ana@esimhub.test');
    const bo = await signIn('bo@esimhub.test');
    const olga = await signIn('olga@esimhub.test');
    const fay = await signIn('fay@esimhub.test');
    const colleagues = ((await (await ana.get('/staff/api/staff')).json()) as { staff: { email: string }[] }).staff.map((s) => s.email);
    expect(colleagues).toEqual(['ana@esimhub.test', 'bo@esimhub.test', 'olga@esimhub.test']); // finance is not on the desk
    const boId = await staffId('bo@esimhub.test');
    const anaId = await staffId('ana@esimhub.test');

    expect((await fay.post(`/staff/api/tickets/${ids.maria}/assign`, { staffId: boId })).status).toBe(403);
    expect((await fetch(`${chat.url}/staff/api/tickets/${ids.maria}/assign`, { method: 'POST', headers: { cookie: ana.cookie, 'content-type': 'application/json' }, body: JSON.stringify({ staffId: boId }) })).status).toBe(403); // no CSRF token
    expect((await ana.post(`/staff/api/tickets/${ids.maria}/assign`, { staffId: 'bo' })).status).toBe(400);
    expect((await ana.post(`/staff/api/tickets/${ids.maria}/assign`, { staffId: await staffId('fay@esimhub.test') })).status).toBe(409);

    expect((await ana.post(`/staff/api/tickets/${ids.maria}/assign`, { staffId: boId })).status).toBe(200);
    expect((await bo.search({ status: 'mine' })).map((t) => [t.id, t.claimedBy])).toEqual([[ids.maria, 'bo@esimhub.test']]);
    expect((await ana.search({ status: 'others' })).map((t) => t.id)).toContain(ids.maria);
    expect((await db.prisma.conversation.findFirstOrThrow({ where: { conversationKey: 'web:+34612345603' } })).state).toBe('handed_off');
    // The assignee replies on the reseller's thread; Ana no longer can.
    expect((await ana.post(`/staff/api/tickets/${ids.maria}/reply`, { text: 'hola' })).status).toBe(409);
    await chat.replies('+34612345603');
    expect((await bo.post(`/staff/api/tickets/${ids.maria}/reply`, { text: 'Hola María, soy Bo.' })).status).toBe(200);
    await until(async () => ((await chat.replies('+34612345603')).some((m) => m.text === 'Hola María, soy Bo.') ? true : null), 'Bo\u2019s reply');
    // A held ticket is passed on by its holder or an owner, not taken by another staff member.
    const refused = await ana.post(`/staff/api/tickets/${ids.maria}/assign`, { staffId: anaId });
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as { error: string }).error).toMatch(/held by bo@esimhub.test/);
    expect((await olga.post(`/staff/api/tickets/${ids.maria}/assign`, { staffId: anaId })).status).toBe(200);
    const audit = await db.prisma.auditEvent.findMany({ where: { action: 'ticket.assign', subject: `ticket:${ids.maria}` }, orderBy: { id: 'asc' } });
    expect(audit.map((a) => [a.actor, a.before, a.after])).toEqual([
      ['ana@esimhub.test', { status: 'open', holder: null }, { status: 'claimed', holder: 'bo@esimhub.test' }],
      ['olga@esimhub.test', { status: 'claimed', holder: 'bo@esimhub.test' }, { status: 'claimed', holder: 'ana@esimhub.test' }],
    ]);
    expect((await ana.post(`/staff/api/tickets/${ids.omarEmail}/assign`, { staffId: boId })).status).toBe(409); // closed
  });

  test('canned replies: create, list, edit, delete by the desk; finance refused; every change audited', async () => {
    const ana = await signIn('ana@esimhub.test');
    const fay = await signIn('fay@esimhub.test');
    const body = { language: 'es', title: 'Saludo', body: 'Hola, gracias por escribirnos. Le ayudo ahora mismo.' };
    expect((await fay.post('/staff/api/canned-replies', body)).status).toBe(403);
    expect((await ana.post('/staff/api/canned-replies', { ...body, language: 'spanish!' })).status).toBe(400);
    expect((await ana.post('/staff/api/canned-replies', { ...body, body: '' })).status).toBe(400);
    const created = await ana.post('/staff/api/canned-replies', body);
    expect(created.status).toBe(200);
    const { id } = (await created.json()) as { id: number };
    expect((await ana.post('/staff/api/canned-replies', body)).status).toBe(409); // same language and title
    const list = async () => ((await (await fay.get('/staff/api/canned-replies')).json()) as { replies: { id: number; language: string; title: string; body: string; updatedBy: string }[] }).replies;
    expect((await list()).map((r) => [r.language, r.title, r.updatedBy])).toEqual([['es', 'Saludo', 'ana@esimhub.test']]);
    expect((await fay.post(`/staff/api/canned-replies/${id}`, { ...body, body: 'x' })).status).toBe(403);
    expect((await ana.post(`/staff/api/canned-replies/${id}`, { ...body, body: 'Hola, le ayudo ahora.' })).status).toBe(200);
    expect((await list())[0]!.body).toBe('Hola, le ayudo ahora.');
    expect((await fay.post(`/staff/api/canned-replies/${id}/delete`)).status).toBe(403);
    expect((await ana.post(`/staff/api/canned-replies/${id}/delete`)).status).toBe(200);
    expect((await ana.post(`/staff/api/canned-replies/${id}/delete`)).status).toBe(409);
    expect(await list()).toEqual([]);
    const audit = await db.prisma.auditEvent.findMany({ where: { subject: `canned_reply:${id}` }, orderBy: { id: 'asc' } });
    expect(audit.map((a) => a.action)).toEqual(['canned_reply.create', 'canned_reply.update', 'canned_reply.delete']);
  });
});
