import { conversationKey } from '../../channels/port';
import { addStaffUser } from '../../bot/staff/staff-users';
import { BotHarness } from '../support/bot-harness';
import { createTestDatabase, targets, type TestDatabase } from '../support/test-database';
import { until } from '../support/until';

// Resend (issue 19) through the real pipeline: a reseller asks for an order's eSIMs again and gets
// the delivery again (QR codes with their ICCIDs) on their own thread only; without a reference the
// latest delivered order, or a question when several were delivered recently; another reseller's
// reference or an unknown one gets the same refusal; an unverified email sender gets nothing; a
// redelivered message resends once; staff resend from the order desk once per click key.

interface Body { text: string; attachments: { kind: string; url: string; caption?: string; filename: string }[] }

describe.each(targets)('resending eSIMs on %s', (target) => {
  let db: TestDatabase;
  let chat: BotHarness;
  let thai: string; // B2B-002 (postpaid), WhatsApp +66812345601: 2 eSIMs delivered
  let chen1: string; // B2B-001 (postpaid), WeChat wxid_youyi_chen: 1 eSIM delivered
  const outbox = async (key: string) =>
    (await db.pool.query(`SELECT idempotency_key, body FROM outbox_messages WHERE conversation_key = $1 ORDER BY id`, [key])).rows as { idempotency_key: string; body: Body }[];
  const resends = async (ref: string) => (await db.pool.query(`SELECT actor, after FROM audit_events WHERE action = 'order.resend' AND after->>'order' = $1 ORDER BY id`, [ref])).rows as { actor: string; after: Record<string, unknown> }[];
  const refOf = async (customerId: string) => (await db.pool.query(`SELECT reference FROM orders WHERE customer_id = $1 ORDER BY id DESC LIMIT 1`, [customerId])).rows[0]!.reference as string;
  const status = async (ref: string) => (await db.pool.query(`SELECT status::text FROM orders WHERE reference = $1`, [ref])).rows[0]?.status as string;
  const order = async (channel: 'whatsapp' | 'wechat', address: string, text: string, customerId: string) => {
    await chat.receive(channel, address, text);
    await chat.receive(channel, address, channel === 'wechat' ? '确认' : 'yes');
    const ref = await refOf(customerId);
    await until(async () => (await status(ref)) === 'delivered', `${ref} delivered`);
    return ref;
  };

  beforeAll(async () => {
    db = await createTestDatabase(target, { seed: true });
    chat = await BotHarness.start(db);
    thai = await order('whatsapp', '+66812345601', 'Japan 10GB 15 days x 2', 'B2B-002');
    chen1 = await order('wechat', 'wxid_youyi_chen', '日本 10GB 15天 1张', 'B2B-001');
  }, 120_000);
  afterAll(async () => {
    await chat?.stop();
    await db?.close();
  });

  test('by reference: the same QR codes again, on the reseller\'s own thread, audited', async () => {
    const key = conversationKey('whatsapp', '+66812345601');
    const before = await outbox(key);
    const delivery = before.find((r) => r.idempotency_key === `deliver:${thai}`)!;
    await chat.receive('whatsapp', '+66812345601', `resend ${thai}`);
    const [again, ...more] = (await outbox(key)).slice(before.length);
    expect(more).toEqual([]);
    expect(again!.idempotency_key).toMatch(new RegExp(`^resend:${thai}:reply:\\d+:0$`));
    expect(again!.body.text).toMatch(new RegExp(`^As you asked, the eSIMs of ${thai} again\\.\\nHere are your 2 eSIMs for ${thai}`));
    expect(again!.body.attachments.map((a) => a.url)).toEqual(delivery.body.attachments.map((a) => a.url));
    expect(again!.body.attachments.map((a) => a.caption)).toEqual([expect.stringMatching(/^ICCID \d+/), expect.stringMatching(/^ICCID \d+/)]);
    const png = await fetch(`${chat.url}${again!.body.attachments[0]!.url}`);
    expect(png.status).toBe(200);
    expect(await resends(thai)).toEqual([{ actor: 'reseller +66812345601', after: expect.objectContaining({ order: thai, esims: 2, to: key, cause: expect.stringMatching(/^reply:\d+:0$/) }) }]);
  });

  test('"重发" without a reference: the latest delivered order; with two delivered recently, it asks which', async () => {
    const key = conversationKey('wechat', 'wxid_youyi_chen');
    const before = (await outbox(key)).length;
    await chat.receive('wechat', 'wxid_youyi_chen', '重发');
    const [again] = (await outbox(key)).slice(before);
    expect(again!.body.text).toMatch(new RegExp(`^按您的要求，重新发送订单 ${chen1} 的 eSIM。`));
    expect(again!.body.attachments).toHaveLength(1);

    const chen2 = await order('wechat', 'wxid_youyi_chen', '日本 10GB 15天 1张', 'B2B-001');
    const count = (await outbox(key)).length;
    await chat.receive('wechat', 'wxid_youyi_chen', '再发一次二维码');
    const [which, ...none] = (await outbox(key)).slice(count);
    expect(none).toEqual([]);
    expect(which!.body.attachments).toEqual([]);
    expect(which!.body.text).toContain(`${chen2}, ${chen1}`);
    expect(which!.body.text).toMatch(/需要重新发送哪一个/);
    expect(await resends(chen2)).toEqual([]);
  });

  test('another reseller\'s order, and an unknown one, get the same refusal: nothing sent, nothing revealed', async () => {
    const key = conversationKey('whatsapp', '+971501234606'); // B2B-006
    const before = (await outbox(key)).length;
    await chat.receive('whatsapp', '+971501234606', `resend ${thai}`);
    await chat.receive('whatsapp', '+971501234606', 'resend ORD-999999');
    const answers = (await outbox(key)).slice(before);
    expect(answers).toHaveLength(2);
    expect(answers[0]!.body).toEqual({ text: answers[1]!.body.text, attachments: [] });
    expect(answers[0]!.body.text).toMatch(/^I cannot send eSIMs for that order in this conversation/);
    expect(answers[0]!.body.text).not.toContain(thai);
    expect((await resends(thai)).length).toBe(1); // the owner's own resend above only
  });

  test('an order not delivered yet is said so; a Spanish ask is answered in Spanish', async () => {
    await chat.receive('whatsapp', '+34612345603', 'Japan 10GB 15 days x 5'); // B2B-003: prepaid, no balance
    await chat.receive('whatsapp', '+34612345603', 'sí');
    const unpaid = await refOf('B2B-003');
    expect(await status(unpaid)).toBe('awaiting_payment');
    const key = conversationKey('whatsapp', '+34612345603');
    const before = (await outbox(key)).length;
    await chat.receive('whatsapp', '+34612345603', `¿Me reenvías los QR del pedido ${unpaid}?`);
    const [answer] = (await outbox(key)).slice(before);
    expect(answer!.body).toEqual({ text: `El pedido ${unpaid} aún no está entregado: sus eSIM le llegarán aquí en cuanto estén listas.`, attachments: [] });
  });

  test('an unverified email sender gets nothing: no eSIMs, no answer, a ticket for staff', async () => {
    const key = conversationKey('email', 'purchasing@youyi-travel.cn'); // B2B-001's own address, DMARC failed
    await chat.bot.receive({ channel: 'email', externalId: `spoofed-${target}`, conversationKey: key, sender: { address: 'purchasing@youyi-travel.cn', authenticated: false }, text: `Please resend ${chen1}`, attachments: [], receivedAt: new Date() });
    await chat.bot.idle();
    expect(await outbox(key)).toEqual([]);
    expect((await resends(chen1)).length).toBe(1); // the WeChat resend above only
    const { rows } = await db.pool.query(`SELECT t.reason::text FROM handoff_tickets t JOIN conversations c ON c.id = t.conversation_id WHERE c.conversation_key = $1`, [key]);
    expect(rows.map((r) => r.reason)).toEqual(['unverified_sender']);
  });

  test('the same message delivered twice resends once', async () => {
    const key = conversationKey('whatsapp', '+66812345601');
    const before = (await outbox(key)).length;
    const message = { channel: 'whatsapp' as const, externalId: `redelivered-${target}`, conversationKey: key, sender: { address: '+66812345601', authenticated: true }, text: `send the eSIMs of ${thai} again`, attachments: [], receivedAt: new Date() };
    await chat.bot.receive(message);
    await chat.bot.idle();
    await chat.bot.receive(message);
    await chat.bot.idle();
    const sent = (await outbox(key)).slice(before);
    expect(sent.map((r) => r.body.attachments.length)).toEqual([2]);
    expect((await resends(thai)).length).toBe(2);
  });

  test('staff resend from the order desk to the order\'s own conversation, once per click key; finance may not', async () => {
    await addStaffUser(db, { email: 'sam@esimhub.test', name: 'Sam', password: 'staff password long', role: 'staff' });
    await addStaffUser(db, { email: 'fay@esimhub.test', name: 'Fay', password: 'finance password long', role: 'finance' });
    const signIn = async (email: string, password: string) => {
      const login = await fetch(`${chat.url}/staff/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
      const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
      const csrf = /<meta name="csrf-token" content="([^"]+)">/.exec(await (await fetch(`${chat.url}/staff`, { headers: { cookie } })).text())![1]!;
      return (url: string, body: unknown, withCsrf = true) =>
        fetch(`${chat.url}${url}`, { method: 'POST', headers: { cookie, ...(withCsrf ? { 'x-csrf-token': csrf } : {}), 'content-type': 'application/json' }, body: JSON.stringify(body) });
    };
    const sam = await signIn('sam@esimhub.test', 'staff password long');
    const fay = await signIn('fay@esimhub.test', 'finance password long');
    const { rows: [o] } = await db.pool.query(`SELECT id FROM orders WHERE reference = $1`, [thai]);
    const url = `/staff/api/order-desk/orders/${o.id}/resend`;
    const submissionKey = 'click-0123456789abcdef';
    expect((await fay(url, { submissionKey })).status).toBe(403);
    expect((await sam(url, { submissionKey }, false)).status).toBe(403);
    expect((await sam(url, {})).status).toBe(400);
    const key = conversationKey('whatsapp', '+66812345601');
    const before = (await outbox(key)).length;
    const first = await sam(url, { submissionKey });
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ ok: true, repeated: false, message: `sent the 2 eSIM(s) of ${thai} again to ${key}` });
    const again = await sam(url, { submissionKey });
    expect(await again.json()).toMatchObject({ ok: true, repeated: true });
    const sent = (await outbox(key)).slice(before);
    expect(sent.map((r) => r.idempotency_key)).toEqual([`resend-desk:${submissionKey}`]);
    expect(sent[0]!.body.attachments).toHaveLength(2);
    expect((await resends(thai)).at(-1)).toMatchObject({ actor: 'sam@esimhub.test', after: { order: thai, to: key, cause: 'order desk' } });
    const view = await (await fetch(`${chat.url}/staff/api/order-desk/orders/${thai}`, { headers: {} })).status;
    expect(view).toBe(401);
    // An order not delivered: refused with the reason.
    const { rows: [unpaid] } = await db.pool.query(`SELECT id FROM orders WHERE customer_id = 'B2B-003' ORDER BY id DESC LIMIT 1`);
    const refused = await sam(`/staff/api/order-desk/orders/${unpaid.id}/resend`, { submissionKey: 'click-fedcba9876543210' });
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as { error: string }).error).toMatch(/awaiting payment: nothing was delivered yet/);
  });
});
