import { decideTierSuggestion, makeTierSuggestions, pendingTierSuggestions, TierSuggestionError } from '../../bot/resellers/tier-suggestions';
import { editReseller } from '../../bot/resellers/edit-reseller';
import { addStaffUser } from '../../bot/staff/staff-users';
import { BotHarness } from '../support/bot-harness';
import { createTestDatabase, targets, type TestDatabase } from '../support/test-database';

// Monthly tier suggestions (issue 15) on both engines: cards delivered through the real pipeline
// with the clock moved, suggestions from the three months that ended, made once per month; an owner
// accepts (the tier changes, audited), staff may only dismiss.

const BANGKOK = '+66812345601'; // B2B-002 Bangkok Roam, tier_1, postpaid

describe.each(targets)('tier suggestions on %s', (target) => {
  let db: TestDatabase;
  let chat: BotHarness;
  let clock = new Date('2026-10-15T09:00:00.000Z');
  const staff = { owner: 0, desk: 0 };

  beforeAll(async () => {
    db = await createTestDatabase(target, { seed: true });
    chat = await BotHarness.start(db, { now: () => clock });
    staff.owner = await addStaffUser(db, { email: 'olga@esimhub.test', password: 'owner password long', role: 'owner' });
    staff.desk = await addStaffUser(db, { email: 'sam@esimhub.test', password: 'staff password long', role: 'staff' });
    // October: 1,500 cards for Bangkok Roam (500 a month over September to November).
    await chat.receive('whatsapp', BANGKOK, 'Japan 10GB 15 days x 1500', clock);
    await chat.receive('whatsapp', BANGKOK, 'yes', clock);
    clock = new Date('2026-12-01T00:30:00.000Z');
  }, 120_000);
  afterAll(async () => {
    await chat?.stop();
    await db?.close();
  });

  test('made from September to November, once: Bangkok Roam (500 a month) to tier 2, resellers without cards to tier 3', async () => {
    const { rows: [delivered] } = await db.pool.query(`SELECT sum(l.quantity_delivered)::int AS cards FROM orders o JOIN order_lines l ON l.order_id = o.id WHERE o.customer_id = 'B2B-002'`);
    expect(delivered.cards).toBe(1500);
    expect(await makeTierSuggestions(db, '2026-11')).toMatchObject({ months: ['2026-09', '2026-10', '2026-11'] });
    const pending = await pendingTierSuggestions(db);
    expect(pending.find((s) => s.customerId === 'B2B-002')).toMatchObject({ currentTier: 'tier_1', suggestedTier: 'tier_2', averageCards: 500, month: '2026-11' });
    expect(pending.find((s) => s.customerId === 'B2B-006')).toMatchObject({ currentTier: 'tier_2', suggestedTier: 'tier_3', averageCards: 0 });
    expect(pending.some((s) => s.currentTier === s.suggestedTier)).toBe(false);
    expect((await makeTierSuggestions(db, '2026-11')).created).toBe(0);
  });

  test('staff cannot accept, may dismiss; the owner accepts and the tier changes, audited', async () => {
    const pending = await pendingTierSuggestions(db);
    const bangkok = pending.find((s) => s.customerId === 'B2B-002')!;
    const dubai = pending.find((s) => s.customerId === 'B2B-006')!;
    await expect(decideTierSuggestion(db, bangkok.id, 'accept', { staffId: staff.desk, role: 'staff' })).rejects.toThrow(new TierSuggestionError('this needs the owner role; you are signed in as staff'));
    expect(await decideTierSuggestion(db, dubai.id, 'dismiss', { staffId: staff.desk, role: 'staff' })).toBe('B2B-006: stays as it is');
    expect(await decideTierSuggestion(db, bangkok.id, 'accept', { staffId: staff.owner, role: 'owner' })).toBe('B2B-002: now tier_2');
    await expect(decideTierSuggestion(db, bangkok.id, 'dismiss', { staffId: staff.owner, role: 'owner' })).rejects.toThrow('was already accepted');
    const { rows: [c] } = await db.pool.query(`SELECT tier::text FROM customers WHERE customer_id = 'B2B-002'`);
    expect(c.tier).toBe('tier_2');
    const { rows: audit } = await db.pool.query(`SELECT actor, action, before, after FROM audit_events WHERE customer_id = 'B2B-002' ORDER BY id DESC LIMIT 1`);
    expect(audit[0]).toEqual({ actor: 'olga@esimhub.test', action: 'reseller.edit', before: { tier: 'tier_1' }, after: { tier: 'tier_2' } });
    expect((await pendingTierSuggestions(db)).some((s) => ['B2B-002', 'B2B-006'].includes(s.customerId))).toBe(false);
    // A suggestion made for a tier the reseller no longer has is not applied over the newer change.
    const viajes = (await pendingTierSuggestions(db)).find((s) => s.customerId === 'B2B-003')!;
    await editReseller(db, 'B2B-003', { tier: 'tier_2' }, { staffId: staff.owner, role: 'owner' });
    await expect(decideTierSuggestion(db, viajes.id, 'accept', { staffId: staff.owner, role: 'owner' })).rejects.toThrow('B2B-003 is tier_2 now, not the tier_1 the suggestion was made for: dismiss it');
  });
});
