import { BotHarness } from '../support/bot-harness';
import { runCli } from '../support/cli';
import { addStaffUser } from '../../bot/staff/staff-users';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

// Staff roles enforced on the server (issue 15): the first staff user of an empty database is the
// owner; staff work the desk, finance the money, and only an owner approves a customer price; a
// refusal says which role it needs. Roles are changed and sign-ins taken away from the command line,
// sessions end at once, the last owner stays, and every change to money, prices and staff is in the
// append-only audit trail with who, when, before and after.

describe('staff roles and the audit trail', () => {
  let db: TestDatabase;
  let chat: BotHarness;
  let env: Record<string, string>;

  async function signIn(email: string, password: string) {
    const login = await fetch(`${chat.url}/staff/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
    expect(login.status).toBe(200);
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const csrf = /<meta name="csrf-token" content="([^"]+)">/.exec(await (await fetch(`${chat.url}/staff`, { headers: { cookie } })).text())![1]!;
    return {
      post: (url: string, body: unknown = {}) => fetch(`${chat.url}${url}`, { method: 'POST', headers: { cookie, 'x-csrf-token': csrf, 'content-type': 'application/json' }, body: JSON.stringify(body) }),
      get: (url: string) => fetch(`${chat.url}${url}`, { headers: { cookie } }),
    };
  }
  const audit = async () =>
    (await db.pool.query(`SELECT actor, action, subject, customer_id, before, after FROM audit_events ORDER BY id`)).rows as { actor: string; action: string; subject: string; customer_id: string | null; before: unknown; after: Record<string, unknown> | null }[];

  beforeAll(async () => {
    db = await createTestDatabase('pglite', { seed: true });
    chat = await BotHarness.start(db);
    env = { DATABASE_URL: db.url };
  });
  afterAll(async () => {
    await chat?.stop();
    await db?.close();
  });

  test('the first staff user of an empty database is the owner; later ones are staff unless a role is given', async () => {
    const first = await runCli(['staff', 'add', 'olga@esimhub.test', '--name', 'Olga'], env, 'owner password long\n');
    expect(first).toMatchObject({ code: 0, stdout: '' });
    expect(first.stderr).toContain('olga@esimhub.test (owner)');
    await addStaffUser(db, { email: 'sam@esimhub.test', name: 'Sam', password: 'staff password long' });
    await addStaffUser(db, { email: 'fay@esimhub.test', name: 'Fay', password: 'finance password long', role: 'finance' });
    const listed = await runCli(['staff', 'list', '--json'], env);
    expect(JSON.parse(listed.stdout).map((u: { email: string; role: string; active: boolean }) => [u.email, u.role, u.active])).toEqual([
      ['fay@esimhub.test', 'finance', true],
      ['olga@esimhub.test', 'owner', true],
      ['sam@esimhub.test', 'staff', true],
    ]);
  }, 60_000);

  test('on the server: staff cannot move money or approve prices, finance cannot work the desk, and each refusal names the role it needs', async () => {
    const sam = await signIn('sam@esimhub.test', 'staff password long');
    const fay = await signIn('fay@esimhub.test', 'finance password long');
    const olga = await signIn('olga@esimhub.test', 'owner password long');
    const payment = { amount: '1250.00', currency: 'EUR', valueDate: '2026-11-26', reference: 'B2B-003 top-up', note: 'cash at the office', submissionKey: '0b0e6c2a-5f4d-4e21-9a37-2c8d1f6e4b90' };

    const refusedMoney = await sam.post('/staff/api/deposits/manual', payment);
    expect(refusedMoney.status).toBe(403);
    expect(((await refusedMoney.json()) as { error: string }).error).toBe('this needs the finance or owner role; you are signed in as staff');
    const { rows: [price] } = await db.pool.query(`SELECT id FROM customer_specific_prices WHERE approved_by IS NULL ORDER BY id LIMIT 1`);
    for (const who of [sam, fay]) {
      const refused = await who.post(`/staff/api/prices/${price.id}/approve`);
      expect(refused.status).toBe(403);
      expect(((await refused.json()) as { error: string }).error).toMatch(/^this needs the owner role; you are signed in as (staff|finance)$/);
    }
    const desk = await fay.post('/staff/api/tickets/1/claim');
    expect(desk.status).toBe(403);
    expect(((await desk.json()) as { error: string }).error).toBe('this needs the staff or owner role; you are signed in as finance');
    // Reading is open to every signed-in staff member.
    for (const who of [sam, fay]) for (const url of ['/staff/api/queue', '/staff/api/deposits', '/staff/api/finance/receivables']) expect((await who.get(url)).status).toBe(200);
    expect(await audit()).toEqual([]); // nothing refused was done or recorded

    expect((await fay.post('/staff/api/deposits/manual', payment)).status).toBe(200);
    expect((await olga.post(`/staff/api/prices/${price.id}/approve`)).status).toBe(200);
    const trail = await audit();
    expect(trail.map((e) => [e.actor, e.action, e.customer_id])).toEqual([
      ['fay@esimhub.test', 'payment.record_manual', 'B2B-003'],
      ['olga@esimhub.test', 'price.approve', expect.stringMatching(/^B2B-\d{3}$/)],
    ]);
    expect(trail[0]!.after).toMatchObject({ amount: '1250.00', currency: 'EUR', note: 'cash at the office' });
    expect(trail[1]!.before).toEqual({ approvedBy: null });
    expect(trail[1]!.after).toMatchObject({ approvedBy: 'olga@esimhub.test' });
  }, 60_000);

  test('set-role and disable from the command line end the sessions at once; the last owner stays; all of it audited', async () => {
    const sam = await signIn('sam@esimhub.test', 'staff password long');
    const promoted = await runCli(['staff', 'set-role', 'SAM@esimhub.test', 'finance'], env);
    expect(promoted).toMatchObject({ code: 0, stdout: 'sam@esimhub.test is finance (was staff); their sessions have ended\n' });
    expect((await sam.get('/staff/api/queue')).status).toBe(401);
    const samAgain = await signIn('sam@esimhub.test', 'staff password long');
    expect((await samAgain.post('/staff/api/tickets/1/claim')).status).toBe(403);

    const lastOwner = await runCli(['staff', 'set-role', 'olga@esimhub.test', 'staff'], env);
    expect(lastOwner.code).toBe(1);
    expect(lastOwner.stderr).toBe('esim-hub: olga@esimhub.test is the only active owner: make someone else owner first (esim-hub staff set-role EMAIL owner)\n');
    expect((await runCli(['staff', 'disable', 'olga@esimhub.test'], env)).code).toBe(1);
    expect((await runCli(['staff', 'set-role', 'fay@esimhub.test', 'owner'], env)).code).toBe(0);
    expect((await runCli(['staff', 'disable', 'olga@esimhub.test'], env))).toMatchObject({ code: 0, stdout: 'olga@esimhub.test is disabled; their sessions have ended\n' });
    const refused = await fetch(`${chat.url}/staff/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'olga@esimhub.test', password: 'owner password long' }) });
    expect(refused.status).toBe(401);

    const staffChanges = (await audit()).filter((e) => e.action.startsWith('staff.'));
    expect(staffChanges.map((e) => [e.actor, e.action, e.subject, e.before, e.after])).toEqual([
      ['command line', 'staff.set_role', 'staff:sam@esimhub.test', { role: 'staff', active: true }, { role: 'finance', active: true }],
      ['command line', 'staff.set_role', 'staff:fay@esimhub.test', { role: 'finance', active: true }, { role: 'owner', active: true }],
      ['command line', 'staff.disable', 'staff:olga@esimhub.test', { role: 'owner', active: true }, { role: 'owner', active: false }],
    ]);
    await expect(db.pool.query(`UPDATE audit_events SET actor = 'someone else'`)).rejects.toThrow(/append-only/);
    await expect(db.pool.query(`DELETE FROM audit_events`)).rejects.toThrow(/append-only/);
    await expect(db.pool.query(`TRUNCATE audit_events`)).rejects.toThrow(/append-only/);
    // Giving a disabled sign-in back is audited too.
    await addStaffUser(db, { email: 'olga@esimhub.test', password: 'a new owner password' });
    expect((await audit()).at(-1)).toMatchObject({ actor: 'command line', action: 'staff.enable', subject: 'staff:olga@esimhub.test' });
  }, 90_000);

  test("a new reseller's trial order is flagged to staff until it is delivered", async () => {
    await db.pool.query(`UPDATE customers SET trial_order_pending = true WHERE customer_id = 'B2B-011'`); // as onboarding approval leaves it
    await chat.say('+905321234611', 'Japan 3GB 15 days x 5');
    await chat.say('+905321234611', 'yes');
    const fay = await signIn('fay@esimhub.test', 'finance password long');
    const { trials } = (await (await fay.get('/staff/api/approvals')).json()) as { trials: { orderRef: string; customerId: string; status: string }[] };
    expect(trials).toEqual([{ orderRef: expect.stringMatching(/^ORD-\d{6}$/), customerId: 'B2B-011', company: 'Istanbul Gezgin', status: 'awaiting_payment', createdAt: expect.any(String) }]);
  });

  test('the command line: a role that does not exist, an unknown user, and --help', async () => {
    const bad = await runCli(['staff', 'set-role', 'fay@esimhub.test', 'admin'], env);
    expect(bad).toMatchObject({ code: 2, stderr: 'esim-hub: "admin" is not a role: use one of staff, finance, owner\n' });
    const unknown = await runCli(['staff', 'disable', 'nobody@esimhub.test'], env);
    expect(unknown).toMatchObject({ code: 1, stderr: 'esim-hub: no staff user nobody@esimhub.test; add one with esim-hub staff add nobody@esimhub.test\n' });
    const help = await runCli(['staff', '--help'], env);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('esim-hub staff set-role EMAIL staff|finance|owner');
    // The queue from the command line follows the same rule: finance does not work the desk.
    const queue = await runCli(['queue', 'claim', '1', '--as', 'sam@esimhub.test'], env);
    expect(queue).toMatchObject({ code: 1, stderr: 'sam@esimhub.test cannot work the queue: this needs the staff or owner role; you are signed in as finance\n' });
  }, 90_000);
});
