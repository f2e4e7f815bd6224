import { editReseller, ResellerEditError } from '../../bot/resellers/edit-reseller';
import { addContact, changeContact } from '../../bot/resellers/contacts';
import { addStaffUser } from '../../bot/staff/staff-users';
import { BotHarness } from '../support/bot-harness';
import { runCli } from '../support/cli';
import { createTestDatabase, targets, type TestDatabase } from '../support/test-database';

// Managing a reseller after approval (issue 15), on both engines: every field validated, each
// change refused unless the editor's role covers it (owner: tier, credit limit, account type,
// reseller type, active; finance: currency, billing day, threshold, tax number, invoice note; the
// desk: company details and parent), audited with before and after; a deactivated reseller's
// contact is told politely and handed to a person, never onboarded as a stranger.

const MARIA = '+34612345603'; // B2B-003 Viajes Conecta, owner contact

describe.each(targets)('reseller accounts on %s', (target) => {
  let db: TestDatabase;
  let chat: BotHarness;
  const staff = { owner: 0, finance: 0, desk: 0 };
  const as = (who: keyof typeof staff) => ({ staffId: staff[who], role: who === 'desk' ? ('staff' as const) : who });
  const refusal = async (promise: Promise<unknown>) => {
    try {
      await promise;
    } catch (error) {
      if (error instanceof ResellerEditError) return { code: error.code, errors: error.errors };
      throw error;
    }
    throw new Error('expected a refusal');
  };
  const customer = async (id: string) => (await db.pool.query(`SELECT tier::text, account_type::text, credit_limit_minor, billing_day, tax_number, active, parent_customer_id FROM customers WHERE customer_id = $1`, [id])).rows[0];

  beforeAll(async () => {
    db = await createTestDatabase(target, { seed: true });
    chat = await BotHarness.start(db);
    staff.owner = await addStaffUser(db, { email: 'olga@esimhub.test', password: 'owner password long', role: 'owner' });
    staff.finance = await addStaffUser(db, { email: 'fay@esimhub.test', password: 'finance password long', role: 'finance' });
    staff.desk = await addStaffUser(db, { email: 'sam@esimhub.test', password: 'staff password long', role: 'staff' });
  }, 60_000);
  afterAll(async () => {
    await chat?.stop();
    await db?.close();
  });

  test('every field is validated, and all the problems of one request are named together; nothing is written', async () => {
    const before = await customer('B2B-002');
    expect(await refusal(editReseller(db, 'B2B-002', { tier: 'gold', billingDay: '32', currency: 'XYZ', creditLimitMinor: '5,000' }, as('owner')))).toEqual({
      code: 'invalid',
      errors: [
        '--tier: the tier must be one of tier_1, tier_2, tier_3',
        '--credit-limit: an amount in USD such as 5000 or 5000.00, not "5,000"',
        expect.stringMatching(/^--currency: XYZ has no FX rate; load one with esim-hub fx import, or use one of .*THB/),
        '--billing-day: a day of the month, 1 to 31 (29-31 mean the last day in a shorter month)',
      ],
    });
    // B2B-020 is Bangkok Roam's sub-reseller: Bangkok Roam cannot become B2B-020's.
    expect(await refusal(editReseller(db, 'B2B-002', { parentCustomerId: 'B2B-020' }, as('desk')))).toEqual({ code: 'invalid', errors: ['--parent: B2B-020 is a sub-reseller of B2B-002: that would make a loop'] });
    expect(await refusal(editReseller(db, 'B2B-003', { accountType: 'postpaid' }, as('owner')))).toEqual({ code: 'invalid', errors: ['--credit-limit: a postpaid account needs a credit limit above zero (USD)'] });
    expect(await refusal(editReseller(db, 'B2B-999', { tier: 'tier_1' }, as('owner')))).toMatchObject({ code: 'not_found' });
    expect(await customer('B2B-002')).toEqual(before);
  });

  test('each role edits only what it owns; the refusal says which role it needs', async () => {
    expect(await refusal(editReseller(db, 'B2B-003', { tier: 'tier_2', creditLimitMinor: '5000' }, as('desk')))).toEqual({ code: 'forbidden', errors: ['changing tier, creditLimitMinor: this needs the owner role; you are signed in as staff'] });
    expect(await refusal(editReseller(db, 'B2B-003', { tier: 'tier_2' }, as('finance')))).toMatchObject({ code: 'forbidden' });
    expect(await refusal(editReseller(db, 'B2B-003', { taxNumber: 'ESB12345678' }, as('desk')))).toEqual({ code: 'forbidden', errors: ['changing taxNumber: this needs the finance or owner role; you are signed in as staff'] });

    await editReseller(db, 'B2B-003', { taxNumber: 'ESB12345678', billingDay: '15' }, as('finance'), new Date('2026-11-27T10:00:00.000Z'));
    await editReseller(db, 'B2B-003', { tier: 'tier2', accountType: 'postpaid', creditLimitMinor: '5000' }, as('owner'), new Date('2026-11-27T10:05:00.000Z'));
    await editReseller(db, 'B2B-003', { legalEntity: 'Viajes Conecta Sociedad Limitada' }, as('desk'), new Date('2026-11-27T10:10:00.000Z'));
    expect(await customer('B2B-003')).toMatchObject({ tier: 'tier_2', account_type: 'postpaid', credit_limit_minor: 500_000, billing_day: 15, tax_number: 'ESB12345678' });
    const { rows } = await db.pool.query(`SELECT actor, action, subject, before, after, at FROM audit_events WHERE customer_id = 'B2B-003' ORDER BY id`);
    expect(rows.map((r) => [r.actor, r.action, r.before, r.after])).toEqual([
      ['fay@esimhub.test', 'reseller.edit', { taxNumber: null, billingDay: 1 }, { taxNumber: 'ESB12345678', billingDay: 15 }],
      ['olga@esimhub.test', 'reseller.edit', { tier: 'tier_1', accountType: 'prepaid', creditLimitMinor: 0 }, { tier: 'tier_2', accountType: 'postpaid', creditLimitMinor: 500_000 }],
      ['sam@esimhub.test', 'reseller.edit', { legalEntity: 'Viajes Conecta S.L.' }, { legalEntity: 'Viajes Conecta Sociedad Limitada' }],
    ]);
    // Back as it was, for the chat below.
    await editReseller(db, 'B2B-003', { tier: 'tier_1', accountType: 'prepaid', creditLimitMinor: '0' }, as('owner'));
  });

  test('a deactivated reseller: its contact is told politely and handed to a person once, never onboarded, and nothing is quoted', async () => {
    await editReseller(db, 'B2B-003', { active: 'false' }, as('owner'));
    const replies = await chat.say(MARIA, 'Hola, necesito 20 eSIM Japón 10GB 15 días');
    expect(replies.map((r) => r.text)).toEqual(['Su cuenta con nosotros no está activa en este momento, por lo que no puedo tomar pedidos aquí. Un compañero se pondrá en contacto con usted en breve.']);
    expect(await chat.say(MARIA, '¿hola?')).toEqual([]); // with a person now: the bot does not answer again
    const { rows: tickets } = await db.pool.query(`SELECT reason::text, customer_id, status::text FROM handoff_tickets WHERE customer_id = 'B2B-003'`);
    expect(tickets).toEqual([{ reason: 'account_inactive', customer_id: 'B2B-003', status: 'open' }]);
    const { rows: [counts] } = await db.pool.query(`SELECT (SELECT count(*)::int FROM onboarding_applications) AS applications, (SELECT count(*)::int FROM quotes WHERE customer_id = 'B2B-003') AS quotes`);
    expect(counts).toEqual({ applications: 0, quotes: 0 });
    const { rows: audit } = await db.pool.query(`SELECT action FROM audit_events WHERE customer_id = 'B2B-003' ORDER BY id DESC LIMIT 1`);
    expect(audit).toEqual([{ action: 'reseller.deactivate' }]);
  });

  test('a contact added by staff orders as the reseller; once deactivated it is told politely and handed to a person, never onboarded', async () => {
    const AYSE_COLLEAGUE = '+905329876543';
    const id = await addContact(db, 'B2B-011', { channel: 'whatsapp', address: '+90 532 987 65 43', role: 'buyer', name: 'Mehmet Kaya' }, as('desk'));
    expect((await chat.say(AYSE_COLLEAGUE, 'Turkey 5GB x 12')).map((r) => r.text).join('\n')).toMatch(/Q-\d+/);
    await changeContact(db, id, { active: false }, as('desk'));
    const replies = await chat.say(AYSE_COLLEAGUE, 'Turkey 10GB x 30 please');
    expect(replies.map((r) => r.text)).toEqual(['Your account with us is not active at the moment, so I cannot take orders here. A colleague will contact you shortly.']);
    const { rows: tickets } = await db.pool.query(`SELECT reason::text, customer_id FROM handoff_tickets WHERE customer_id = 'B2B-011' AND reason = 'account_inactive'`);
    expect(tickets).toEqual([{ reason: 'account_inactive', customer_id: 'B2B-011' }]);
    const { rows: [counts] } = await db.pool.query(`SELECT (SELECT count(*)::int FROM onboarding_applications) AS applications, (SELECT count(*)::int FROM quotes WHERE customer_id = 'B2B-011') AS quotes`);
    expect(counts).toEqual({ applications: 0, quotes: 1 });
    const { rows: audit } = await db.pool.query(`SELECT action FROM audit_events WHERE subject = $1 ORDER BY id`, [`contact:${id}`]);
    expect(audit.map((a) => a.action)).toEqual(['contact.add', 'contact.deactivate']);
    // A finance member does not manage contacts.
    await expect(addContact(db, 'B2B-011', { channel: 'email', address: 'x@example.com', role: 'buyer' }, as('finance'))).rejects.toMatchObject({ code: 'forbidden' });
  });

  if (target === 'postgres') {
    test('esim-hub reseller set: the same rules from the command line, as the staff member named by --as', async () => {
      const env = { DATABASE_URL: db.url };
      const refused = await runCli(['reseller', 'set', 'B2B-006', '--tier', 'tier_1', '--as', 'sam@esimhub.test'], env);
      expect(refused).toMatchObject({ code: 1, stdout: '', stderr: 'esim-hub: changing tier: this needs the owner role; you are signed in as staff\n' });
      const bad = await runCli(['reseller', 'set', 'B2B-006', '--billing-day', '0', '--as', 'fay@esimhub.test'], env);
      expect(bad.code).toBe(2);
      const set = await runCli(['reseller', 'set', 'b2b-006', '--tier', 'tier_1', '--credit-limit', '15000', '--as', 'olga@esimhub.test'], env);
      expect(set).toMatchObject({ code: 0, stdout: 'B2B-006: tier tier_1 (was tier_2); credit limit USD 15000.00 (was USD 12000.00); set by olga@esimhub.test\n' });
      const shown = JSON.parse((await runCli(['reseller', 'show', 'B2B-006', '--json'], env)).stdout);
      expect(shown).toMatchObject({ customerId: 'B2B-006', tier: 'tier_1' });
    }, 90_000);

    test('esim-hub contacts list|add|set: contacts from the command line, with the role rule of the desk', async () => {
      const env = { DATABASE_URL: db.url };
      const added = await runCli(['contacts', 'add', 'b2b-013', 'email', 'Accounts@SydneySimShop.com.au', '--role', 'viewer', '--name', 'Priya Shah', '--as', 'sam@esimhub.test'], env);
      expect(added.code).toBe(0);
      const id = Number(/^Contact (\d+):/.exec(added.stdout)![1]);
      expect(added.stdout).toBe(`Contact ${id}: email Accounts@SydneySimShop.com.au is now a viewer of B2B-013; added by sam@esimhub.test\n`);
      const listed = JSON.parse((await runCli(['contacts', 'list', 'B2B-013', '--json'], env)).stdout) as { id: number; address: string; role: string; active: boolean }[];
      expect(listed.find((c) => c.id === id)).toEqual({ id, channel: 'email', address: 'accounts@sydneysimshop.com.au', name: 'Priya Shah', role: 'viewer', active: true });
      expect(await runCli(['contacts', 'set', String(id), '--active', 'false', '--as', 'fay@esimhub.test'], env)).toMatchObject({ code: 1, stderr: 'esim-hub: changing contacts: this needs the staff or owner role; you are signed in as finance\n' });
      expect(await runCli(['contacts', 'set', String(id), '--active', 'maybe', '--as', 'sam@esimhub.test'], env)).toMatchObject({ code: 2 });
      expect(await runCli(['contacts', 'add', 'B2B-013', 'whatsapp', '12345', '--role', 'buyer', '--as', 'sam@esimhub.test'], env)).toMatchObject({ code: 2, stderr: 'esim-hub: address: a WhatsApp number in international form, e.g. +66812345601\n' });
      expect(await runCli(['contacts', 'set', String(id), '--role', 'buyer', '--as', 'nobody@esimhub.test'], env)).toMatchObject({ code: 1 });
      expect(await runCli(['contacts', 'set', String(id), '--active', 'false', '--as', 'sam@esimhub.test'], env)).toMatchObject({ code: 0 });
      const after = JSON.parse((await runCli(['contacts', 'list', 'B2B-013', '--json'], env)).stdout) as { id: number; active: boolean }[];
      expect(after.find((c) => c.id === id)!.active).toBe(false);
    }, 90_000);
  }
});
