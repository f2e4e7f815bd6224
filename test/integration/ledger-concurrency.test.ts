import * as events from '../../domain/ledger/events';
import { balanceOf, postEntry, type PostResult } from '../../bot/ledger/ledger-store';
import { auditLedger } from '../support/ledger-auditor';
import { createTestDatabase, targets, type TestDatabase } from '../support/test-database';

const AT = '2026-11-25T10:00:00.000Z';
const usd = (amountMinor: number) => ({ customerId: 'B2B-010', currency: 'USD', amountMinor, usdMinor: amountMinor });

describe.each(targets)('concurrent debits on %s', (target) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase(target, { seed: true, poolMax: target === 'postgres' ? 24 : 4 });
  });
  afterAll(async () => {
    await db?.close();
  });

  test('many parallel debits against one prepaid balance never overdraw it', async () => {
    await db.prisma.$transaction((tx) => postEntry(tx, events.prepaidTopUp(usd(10_000), 'BANK-C1', AT)));
    const attempts = 60;
    const results = await Promise.all(
      Array.from({ length: attempts }, (_, i) =>
        db.prisma.$transaction((tx) => postEntry(tx, events.prepaidHold(usd(300), `ORD-C${i}`, AT))),
      ),
    );
    const accepted = results.filter((r) => r.ok).length;
    const refused = results.filter((r): r is Extract<PostResult, { ok: false }> => !r.ok);
    expect(accepted).toBe(33); // 33 x 3.00 = 99.00 of 100.00
    expect(refused).toHaveLength(attempts - 33);
    expect(refused.every((r) => r.code === 'exceeds_balance')).toBe(true);
    const balance = await balanceOf(db.prisma, 'prepaid:B2B-010', 'USD');
    expect(balance).toMatchObject({ debitsMinor: 9_900, creditsMinor: 10_000 });
    expect(await auditLedger(db.pool)).toEqual([]);
  });

  test('the same event delivered concurrently is recorded once', async () => {
    const draft = events.prepaidTopUp(usd(5_000), 'BANK-C2', AT);
    const results = await Promise.all(Array.from({ length: 20 }, () => db.prisma.$transaction((tx) => postEntry(tx, draft))));
    const fresh = results.filter((r) => r.ok && !r.replayed);
    expect(fresh).toHaveLength(1);
    expect(results.every((r) => r.ok)).toBe(true);
    expect(new Set(results.map((r) => (r.ok ? r.entryId : 0))).size).toBe(1);
    expect(await db.prisma.journalEntry.count({ where: { idempotencyKey: 'topup:BANK-C2' } })).toBe(1);
    expect(await auditLedger(db.pool)).toEqual([]);
  });
});
