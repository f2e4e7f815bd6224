import fc from 'fast-check';
import type { EntryDraft } from '../../domain/ledger/entry';
import * as events from '../../domain/ledger/events';
import { balanceOf, balancesOfCustomer, loadEntry, postEntry, reverseEntry } from '../../bot/ledger/ledger-store';
import { auditLedger } from '../support/ledger-auditor';
import { ScenarioBuilder, stepArbitrary } from '../support/ledger-scenarios';
import { createTestDatabase, targets, type TestDatabase } from '../support/test-database';

const AT = '2026-11-25T10:00:00.000Z';
const usd = (customerId: string, amountMinor: number) => ({ customerId, currency: 'USD', amountMinor, usdMinor: amountMinor });

describe.each(targets)('ledger store on %s', (target) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase(target, { seed: true });
  });
  afterAll(async () => {
    await db?.close();
  });

  const post = (draft: EntryDraft) => db.prisma.$transaction((tx) => postEntry(tx, draft));

  test('posts a balanced entry and keeps balances per account and currency', async () => {
    const result = await post(events.prepaidTopUp(usd('B2B-004', 100_000), 'BANK-1', AT));
    expect(result).toMatchObject({ ok: true, entryId: expect.any(Number), replayed: false });
    if (result.ok) expect(result.limitedAfter?.get('prepaid:B2B-004|USD')).toEqual({ debitsMinor: 0, creditsMinor: 100_000 });
    expect(await balanceOf(db.prisma, 'prepaid:B2B-004', 'USD')).toMatchObject({ creditsMinor: 100_000, balanceMinor: -100_000 });
    expect(await balanceOf(db.prisma, 'bank', 'USD')).toMatchObject({ debitsMinor: 100_000, balanceMinor: 100_000 });
    const stored = await loadEntry(db.prisma, result.ok ? result.entryId : 0);
    expect(stored?.postings.map((p) => [p.account.code, p.amountMinor])).toEqual([
      ['bank', 100_000],
      ['prepaid:B2B-004', -100_000],
    ]);
  });

  test('an idempotency key records its event once; the same key with other input is refused', async () => {
    const draft = events.prepaidTopUp(usd('B2B-007', 5_000), 'BANK-2', AT);
    const first = await post(draft);
    const again = await post(draft);
    expect(again).toEqual({ ok: true, entryId: first.ok ? first.entryId : -1, replayed: true });
    expect((await balanceOf(db.prisma, 'prepaid:B2B-007', 'USD')).creditsMinor).toBe(5_000);
    const different = await post(events.prepaidTopUp(usd('B2B-007', 6_000), 'BANK-2', AT));
    expect(different).toEqual({ ok: false, code: 'idempotency_key_reused', entryId: first.ok ? first.entryId : -1 });
  });

  test('a prepaid balance is never overdrawn; the refused entry writes nothing', async () => {
    await post(events.prepaidTopUp(usd('B2B-008', 1_000), 'BANK-3', AT));
    const before = await db.prisma.journalEntry.count();
    const refused = await post(events.prepaidHold(usd('B2B-008', 1_001), 'ORD-X1', AT));
    expect(refused).toEqual({ ok: false, code: 'exceeds_balance', accountCode: 'prepaid:B2B-008', currency: 'USD', shortMinor: 1 });
    expect(await db.prisma.journalEntry.count()).toBe(before);
    expect(await post(events.prepaidHold(usd('B2B-008', 1_000), 'ORD-X2', AT))).toMatchObject({ ok: true });
    expect((await balanceOf(db.prisma, 'prepaid:B2B-008', 'USD')).balanceMinor).toBe(0);
  });

  test('a two-phase prepaid order: hold, capture part, void the rest', async () => {
    await post(events.prepaidTopUp(usd('B2B-013', 10_000), 'BANK-4', AT));
    await post(events.prepaidHold(usd('B2B-013', 6_000), 'ORD-2P', AT));
    await post(events.prepaidCapture(usd('B2B-013', 4_000), 'web', 'ORD-2P', AT));
    await post(events.prepaidVoid(usd('B2B-013', 2_000), 'ORD-2P', AT));
    const balances = Object.fromEntries((await balancesOfCustomer(db.prisma, 'B2B-013')).map((b) => [b.code, b.balanceMinor]));
    expect(balances).toEqual({ 'prepaid:B2B-013': -6_000, 'prepaid_held:B2B-013': 0 });
    expect((await balanceOf(db.prisma, 'revenue_b2b:web', 'USD')).balanceMinor).toBe(-4_000);
  });

  test('a reversal corrects an entry once; the original stays', async () => {
    const charged = await post(events.postpaidCharge({ customerId: 'B2B-002', currency: 'THB', amountMinor: 47_578, usdMinor: 1_487 }, 'whatsapp', 'ORD-RV', AT));
    if (!charged.ok) throw new Error('charge failed');
    const reversed = await db.prisma.$transaction((tx) => reverseEntry(tx, charged.entryId, `reverse:${charged.entryId}`, AT, 'duplicate order'));
    expect(reversed).toMatchObject({ ok: true, replayed: false });
    expect((await balanceOf(db.prisma, 'receivable:B2B-002', 'THB')).balanceMinor).toBe(0);
    const twice = await db.prisma.$transaction((tx) => reverseEntry(tx, charged.entryId, `reverse-again:${charged.entryId}`, AT, 'again'));
    expect(twice).toEqual({ ok: false, code: 'already_reversed', entryId: charged.entryId });
    if (reversed.ok) {
      const ofReversal = await db.prisma.$transaction((tx) => reverseEntry(tx, reversed.entryId, 'r3', AT, 'x'));
      expect(ofReversal).toMatchObject({ ok: false, code: 'cannot_reverse_a_reversal' });
    }
    expect(await loadEntry(db.prisma, charged.entryId)).toMatchObject({ kind: 'order_revenue' });
  });

  describe('PostgreSQL itself refuses what the domain refuses', () => {
    async function rawEntry(amounts: number[]): Promise<void> {
      await db.prisma.$transaction(async (tx) => {
        const bank = await tx.ledgerAccount.upsert({
          where: { code_currency: { code: 'bank', currency: 'USD' } },
          create: { code: 'bank', currency: 'USD', type: 'asset', name: 'Bank' },
          update: {},
        });
        const entry = await tx.journalEntry.create({
          data: { idempotencyKey: `raw:${Math.random()}`, inputHash: 'x', kind: 'raw', description: 'raw', occurredAt: new Date() },
        });
        await tx.posting.createMany({
          data: amounts.map((amount) => ({ entryId: entry.id, accountId: bank.id, currency: 'USD', amountMinor: BigInt(amount), usdMinor: BigInt(amount) })),
        });
      });
    }

    test('an unbalanced entry is refused', async () => {
      await expect(rawEntry([100, -99])).rejects.toThrow(/unbalanced/);
    });
    test('an entry with one posting is refused', async () => {
      await expect(rawEntry([100])).rejects.toThrow(/needs at least 2/);
    });
    test('a zero posting is refused', async () => {
      await expect(rawEntry([0, 0])).rejects.toThrow();
    });
    test('a failed write returns its connection to the pool', async () => {
      for (let i = 0; i < 12; i += 1) await expect(rawEntry([100, -99])).rejects.toThrow(/unbalanced/);
      expect(await db.prisma.journalEntry.count()).toBeGreaterThan(0); // the pool still serves
    });
    test('postings and entries are immutable', async () => {
      await expect(db.prisma.posting.updateMany({ data: { amountMinor: 1n } })).rejects.toThrow(/immutable/);
      await expect(db.prisma.journalEntry.deleteMany({})).rejects.toThrow(/immutable/);
    });
    test('a prepaid balance row cannot be overdrawn, whatever writes it', async () => {
      const account = await db.prisma.ledgerAccount.findUniqueOrThrow({ where: { code_currency: { code: 'prepaid:B2B-008', currency: 'USD' } } });
      await expect(db.prisma.accountBalance.update({ where: { accountId: account.id }, data: { debitsMinor: 999_999n } })).rejects.toThrow(/overdrawn/);
    });
  });

  test('property: random histories posted through the store keep the books balanced (audited in SQL)', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(stepArbitrary, { minLength: 1, maxLength: 25 }), async (steps) => {
        run += 1;
        const builder = new ScenarioBuilder();
        // Keys must be unique across runs that share this database.
        const prefix = (draft: EntryDraft): EntryDraft => ({ ...draft, idempotencyKey: `p${run}:${draft.idempotencyKey}` });
        for (const step of steps) {
          let holdOk = true;
          const draft = builder.next(step, () => holdOk);
          if (!draft) continue;
          const result = await post(prefix(draft));
          if (step.type === 'hold' && !result.ok) holdOk = false;
          expect(result.ok || result.code === 'exceeds_balance').toBe(true);
        }
        const problems = await auditLedger(db.pool);
        expect(problems).toEqual([]);
      }),
      { numRuns: target === 'pglite' ? 15 : 30 },
    );
  });
});
