import { listPrices, PriceProposalError, proposePrice, rejectPrice } from '../../bot/prices/customer-prices';
import { approvePrice } from '../../bot/staff/approvals';
import { addStaffUser } from '../../bot/staff/staff-users';
import { BotHarness } from '../support/bot-harness';
import { runCli } from '../support/cli';
import { createTestDatabase, targets, type TestDatabase } from '../support/test-database';

// The life of a customer-specific price (issue 15), on both engines: any staff member proposes one;
// it is refused with the reason below the supplier cost, above the reseller's tier price at quantity
// 1, without a reason or running more than 12 months; only an owner approves or rejects; once
// approved the next quote uses it; after its valid_to it is expired. Every step is audited.
// ESIM-JP-10GB-15D: supplier cost 8.55 USD, tier_1 price at quantity 1 11.77 USD; B2B-003 is tier_1.

const NOW = new Date('2026-11-27T09:00:00.000Z');
const MARIA = '+34612345603'; // B2B-003 Viajes Conecta

describe.each(targets)('customer-specific prices on %s', (target) => {
  let db: TestDatabase;
  let chat: BotHarness;
  let sam = 0;
  let olga = 0;
  const propose = (price: string, extra: { validTo?: string; reason?: string; validFrom?: string } = {}) =>
    proposePrice(db, { customerId: 'b2b-003', sku: 'esim-jp-10gb-15d', price, validTo: extra.validTo ?? '2027-05-31', reason: extra.reason ?? 'Contract C-2026-044: 2,000 cards a quarter', staffId: sam, staffEmail: 'sam@esimhub.test', ...(extra.validFrom ? { validFrom: extra.validFrom } : {}) }, NOW);
  const jp = async (now: Date) => (await listPrices(db, 'B2B-003', now)).filter((p) => p.sku === 'ESIM-JP-10GB-15D');
  const refused = async (promise: Promise<unknown>) => {
    try {
      await promise;
    } catch (error) {
      if (error instanceof PriceProposalError) return error.message;
      throw error;
    }
    throw new Error('expected a refusal');
  };

  beforeAll(async () => {
    db = await createTestDatabase(target, { seed: true });
    chat = await BotHarness.start(db);
    olga = await addStaffUser(db, { email: 'olga@esimhub.test', password: 'owner password long', role: 'owner' });
    sam = await addStaffUser(db, { email: 'sam@esimhub.test', password: 'staff password long', role: 'staff' });
  }, 60_000);
  afterAll(async () => {
    await chat?.stop();
    await db?.close();
  });

  test('a proposal that breaks a rule is refused with the reason, and nothing is kept', async () => {
    expect(await refused(propose('8.00'))).toBe('the unit price 8.00 USD is below the supplier cost 8.55 USD');
    expect(await refused(propose('12.00'))).toBe("the unit price 12.00 USD is above the reseller's tier price at quantity 1 (11.77 USD)");
    expect(await refused(propose('10.50', { validTo: '2027-11-28' }))).toBe('valid_to 2027-11-28 is more than 12 months ahead (at most 2027-11-27)');
    expect(await refused(propose('10.50', { reason: '   ' }))).toBe('a customer-specific price needs a written reason');
    expect(await refused(propose('10,50'))).toBe('the price is a USD amount such as 7.60, not "10,50"');
    expect(await refused(proposePrice(db, { customerId: 'B2B-003', sku: 'ESIM-XX-1GB', price: '1.00', validTo: '2027-01-01', reason: 'x', staffId: sam, staffEmail: 'sam@esimhub.test' }, NOW))).toBe('no SKU ESIM-XX-1GB in the catalogue');
    const { rows } = await db.pool.query(`SELECT count(*)::int AS n FROM customer_specific_prices WHERE customer_id = 'B2B-003' AND sku = 'ESIM-JP-10GB-15D'`);
    expect(rows[0].n).toBe(0);
  });

  test('proposed by staff, approved by the owner only; the next quote uses it', async () => {
    const id = await propose('10.50');
    expect((await jp(NOW)).map((p) => [p.id, p.sku, p.price, p.status, p.proposedBy])).toEqual([[id, 'ESIM-JP-10GB-15D', '10.50', 'proposed', 'sam@esimhub.test']]);
    await approvePrice(db, id, { staffId: olga, email: 'olga@esimhub.test' }, NOW);
    expect((await jp(NOW))[0]).toMatchObject({ status: 'approved', decidedBy: 'olga@esimhub.test' });

    await chat.say(MARIA, '20 x ESIM-JP-10GB-15D');
    const { rows: [line] } = await db.pool.query(
      `SELECT l.unit_price_usd_minor, l.pricing_decision FROM quote_lines l JOIN quotes q ON q.id = l.quote_id WHERE q.customer_id = 'B2B-003' ORDER BY l.id DESC LIMIT 1`,
    );
    expect(Number(line.unit_price_usd_minor)).toBe(1050);
    expect(JSON.stringify(line.pricing_decision)).toContain(String(id));

    const { rows: audit } = await db.pool.query(`SELECT actor, action FROM audit_events WHERE subject = $1 ORDER BY id`, [`price:${id}`]);
    expect(audit).toEqual([
      { actor: 'sam@esimhub.test', action: 'price.propose' },
      { actor: 'olga@esimhub.test', action: 'price.approve' },
    ]);
  });

  test('a rejected proposal never applies and cannot be approved later; a price past its valid_to is expired', async () => {
    const id = await propose('11.00', { validFrom: '2026-12-01', validTo: '2027-02-28' });
    await rejectPrice(db, id, { staffId: olga, email: 'olga@esimhub.test' }, NOW);
    await expect(approvePrice(db, id, { staffId: olga, email: 'olga@esimhub.test' }, NOW)).rejects.toThrow(`price ${id} was rejected by olga@esimhub.test; propose a new one`);
    const later = await jp(new Date('2027-06-01T00:00:00.000Z'));
    expect(later.map((p) => [p.price, p.status])).toEqual([
      ['10.50', 'expired'],
      ['11.00', 'rejected'],
    ]);
  });

  if (target === 'postgres') {
    test('esim-hub prices: propose prints the id last, staff cannot approve, an owner can; refusals exit non-zero with the reason', async () => {
      const env = { DATABASE_URL: db.url };
      const proposed = await runCli(['prices', 'propose', 'B2B-006', 'ESIM-JP-10GB-15D', '12.90', '--valid-to', '2027-03-31', '--reason', 'Dubai Expo volume', '--as', 'sam@esimhub.test'], env);
      expect(proposed.code).toBe(0);
      const id = proposed.stdout.trim().split(/\s+/).pop()!;
      expect(id).toMatch(/^\d+$/);
      const bySam = await runCli(['prices', 'approve', id, '--as', 'sam@esimhub.test'], env);
      expect(bySam).toMatchObject({ code: 1, stderr: 'esim-hub: sam@esimhub.test cannot approve a price: this needs the owner role; you are signed in as staff\n' });
      expect((await runCli(['prices', 'approve', id, '--as', 'olga@esimhub.test'], env)).code).toBe(0);
      const below = await runCli(['prices', 'propose', 'B2B-006', 'ESIM-JP-10GB-15D', '5.00', '--valid-to', '2027-03-31', '--reason', 'too cheap', '--as', 'sam@esimhub.test'], env);
      expect(below).toMatchObject({ code: 1, stderr: 'esim-hub: the unit price 5.00 USD is below the supplier cost 8.55 USD\n' });
      const listed = JSON.parse((await runCli(['prices', 'list', 'B2B-006', '--json'], env)).stdout) as { id: number; status: string }[];
      expect(listed.find((p) => p.id === Number(id))?.status).toBe('approved');
    }, 90_000);
  }
});
