import { addStaffUser } from '../../bot/staff/staff-users';
import { addDays } from '../../domain/invoices/calendar';
import { BotHarness } from '../support/bot-harness';
import { until } from '../support/until';
import { createTestDatabase, targets, type TestDatabase } from '../support/test-database';

// An order over the credit limit or the value threshold waits for a person (issue 15). The ticket
// gives an owner two choices: let this one order through (recorded), or temporary credit up to an
// amount until a date; the order then goes through the same pipeline (paid, the reseller told,
// delivered). Staff and finance are refused on the server. On both engines, through the staff API.

const BANGKOK = '+66812345601'; // B2B-002 Bangkok Roam, postpaid

describe.each(targets)('decisions on orders over a limit on %s', (target) => {
  let db: TestDatabase;
  let chat: BotHarness;

  async function signIn(email: string, password: string) {
    const login = await fetch(`${chat.url}/staff/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const csrf = /<meta name="csrf-token" content="([^"]+)">/.exec(await (await fetch(`${chat.url}/staff`, { headers: { cookie } })).text())![1]!;
    return async (url: string, body: unknown) => {
      const response = await fetch(`${chat.url}${url}`, { method: 'POST', headers: { cookie, 'x-csrf-token': csrf, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      return { status: response.status, body: (await response.json()) as { error?: string; message?: string } };
    };
  }
  /** The owner hands the conversation back to the bot, as the staff app does once a decision is made. */
  const releaseAll = async () => {
    const olga = await signIn('olga@esimhub.test', 'owner password long');
    const { rows } = await db.pool.query(`SELECT id FROM handoff_tickets WHERE customer_id = 'B2B-002' AND status <> 'released'`);
    for (const r of rows) expect((await olga(`/staff/api/tickets/${r.id}/release`, {})).status).toBe(200);
  };
  const openTicket = async () => {
    const { rows } = await db.pool.query(`SELECT id, reason::text FROM handoff_tickets WHERE customer_id = 'B2B-002' AND status <> 'released' ORDER BY id DESC LIMIT 1`);
    return rows[0] as { id: number; reason: string } | undefined;
  };
  const latestOrder = async () => (await db.pool.query(`SELECT reference, status::text FROM orders WHERE customer_id = 'B2B-002' ORDER BY id DESC LIMIT 1`)).rows[0] as { reference: string; status: string };
  const settle = async (reference: string) => until(async () => ['delivered', 'paid', 'placing', 'awaiting_fulfilment'].includes((await db.pool.query(`SELECT status::text FROM orders WHERE reference = $1`, [reference])).rows[0]?.status) || null, `order ${reference} paid`, 20_000);

  beforeAll(async () => {
    db = await createTestDatabase(target, { seed: true });
    chat = await BotHarness.start(db, { env: { HANDOFF_ORDER_VALUE_USD_MAX: '1000' } });
    await addStaffUser(db, { email: 'olga@esimhub.test', password: 'owner password long', role: 'owner' });
    await addStaffUser(db, { email: 'sam@esimhub.test', password: 'staff password long', role: 'staff' });
    await addStaffUser(db, { email: 'fay@esimhub.test', password: 'finance password long', role: 'finance' });
    await db.pool.query(`UPDATE customers SET credit_limit_minor = 5000 WHERE customer_id = 'B2B-002'`); // USD 50.00
  }, 60_000);
  afterAll(async () => {
    await chat?.stop();
    await db?.close();
  });

  test('over the credit limit: staff and finance are refused; the owner lets this one order through and it is paid and told', async () => {
    await chat.say(BANGKOK, 'Japan 10GB 15 days x 20');
    const told = await chat.say(BANGKOK, 'yes');
    expect(told.map((r) => r.text).join('\n')).toContain('over your credit limit');
    const ticket = (await openTicket())!;
    expect(ticket.reason).toBe('over_credit_limit');
    const order = await latestOrder();
    expect(order.status).toBe('awaiting_payment');

    for (const [who, password, role] of [['sam', 'staff password long', 'staff'], ['fay', 'finance password long', 'finance']] as const) {
      const refused = await (await signIn(`${who}@esimhub.test`, password))(`/staff/api/tickets/${ticket.id}/over-limit`, { kind: 'this_order' });
      expect(refused).toEqual({ status: 403, body: { error: `this needs the owner role; you are signed in as ${role}` } });
    }
    expect((await latestOrder()).status).toBe('awaiting_payment');

    const olga = await signIn('olga@esimhub.test', 'owner password long');
    const approved = await olga(`/staff/api/tickets/${ticket.id}/over-limit`, { kind: 'this_order' });
    expect(approved.status).toBe(200);
    expect(approved.body.message).toBe(`${order.reference} approved by the owner; confirmed for the reseller`);
    await settle(order.reference);
    const replies = (await chat.replies(BANGKOK, 3000)).map((r) => r.text).join('\n');
    expect(replies).toContain(order.reference);
    const { rows: [quote] } = await db.pool.query(`SELECT q.over_limit_approved_by_id IS NOT NULL AS approved FROM quotes q JOIN orders o ON o.quote_id = q.id WHERE o.reference = $1`, [order.reference]);
    expect(quote.approved).toBe(true);
    const { rows: audit } = await db.pool.query(`SELECT actor, action FROM audit_events WHERE action LIKE 'credit.%' ORDER BY id`);
    expect(audit).toEqual([{ actor: 'olga@esimhub.test', action: 'credit.approve_order' }]);
  }, 60_000);

  test('the approval was for that order only; temporary credit lets the next one through, and later ones within it need nobody', async () => {
    await releaseAll();
    await chat.say(BANGKOK, 'Japan 10GB 15 days x 10');
    expect((await chat.say(BANGKOK, 'yes')).map((r) => r.text).join('\n')).toContain('over your credit limit');
    const ticket = (await openTicket())!;
    const order = await latestOrder();
    const olga = await signIn('olga@esimhub.test', 'owner password long');
    const today = new Date().toISOString().slice(0, 10);
    const tooLong = await olga(`/staff/api/tickets/${ticket.id}/over-limit`, { kind: 'temporary_credit', limitUsd: '5000', until: addDays(today, 120) });
    expect(tooLong.status).toBe(409);
    expect(tooLong.body.error).toMatch(/^until must be between today and \d{4}-\d{2}-\d{2} \(at most 92 days\)$/);
    const bad = await olga(`/staff/api/tickets/${ticket.id}/over-limit`, { kind: 'temporary_credit', limitUsd: '5,000', until: addDays(today, 30) });
    expect(bad.status).toBe(400);
    const granted = await olga(`/staff/api/tickets/${ticket.id}/over-limit`, { kind: 'temporary_credit', limitUsd: '5000', until: addDays(today, 30) });
    expect(granted.status).toBe(200);
    expect(granted.body.message).toBe(`B2B-002 has temporary credit up to USD 5000.00 until ${addDays(today, 30)}; ${order.reference} confirmed for the reseller`);
    await settle(order.reference);

    // Within the temporary credit, the next order needs nobody.
    await releaseAll();
    await chat.say(BANGKOK, 'Japan 10GB 15 days x 5');
    await chat.say(BANGKOK, 'yes');
    const third = await latestOrder();
    await settle(third.reference);
    expect(await openTicket()).toBeUndefined();
  }, 60_000);

  test('over the value threshold: the owner lets the one order through; the quote records who', async () => {
    await releaseAll();
    await chat.say(BANGKOK, 'Japan 10GB 15 days x 100'); // about USD 1,130: over the USD 1,000 threshold of this test
    expect((await chat.say(BANGKOK, 'yes')).map((r) => r.text).join('\n')).toContain('above the amount I can confirm');
    const ticket = (await openTicket())!;
    expect(ticket.reason).toBe('over_value_threshold');
    const before = (await latestOrder()).reference;
    const olga = await signIn('olga@esimhub.test', 'owner password long');
    const approved = await olga(`/staff/api/tickets/${ticket.id}/over-limit`, { kind: 'this_order' });
    expect(approved.status).toBe(200);
    const order = await until(async () => {
      const latest = await latestOrder();
      return latest.reference !== before ? latest : null;
    }, 'the approved order created', 20_000);
    await settle(order.reference);
    const { rows: [q] } = await db.pool.query(`SELECT q.over_limit_approved_by_id AS by FROM quotes q JOIN orders o ON o.quote_id = q.id WHERE o.reference = $1`, [order.reference]);
    expect(q.by).not.toBeNull();
  }, 60_000);
});
