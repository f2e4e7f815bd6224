import fc from 'fast-check';
import { accountKey, accounts } from '../../domain/ledger/accounts';
import { applyPostings, type AccountSides } from '../../domain/ledger/balances';
import { assertValidEntry, canonicalEntryInput, entryProblems, reversalOf, type EntryDraft } from '../../domain/ledger/entry';
import * as events from '../../domain/ledger/events';
import { ScenarioBuilder, stepArbitrary } from '../support/ledger-scenarios';

const AT = '2026-11-25T10:00:00.000Z';
const bankUsd = accounts.bank('USD');
const prepaid = accounts.prepaid('B2B-004', 'USD');

function entry(postings: EntryDraft['postings'], overrides: Partial<EntryDraft> = {}): EntryDraft {
  return { idempotencyKey: 'k1', kind: 'test', description: 'test', occurredAt: AT, postings, ...overrides };
}

describe('entry rules, in the order they are checked', () => {
  test.each<[string, EntryDraft, string[]]>([
    ['balanced', entry([{ account: bankUsd, amountMinor: 100, usdMinor: 100 }, { account: prepaid, amountMinor: -100, usdMinor: -100 }]), []],
    ['no key', entry([{ account: bankUsd, amountMinor: 1, usdMinor: 1 }, { account: prepaid, amountMinor: -1, usdMinor: -1 }], { idempotencyKey: '' }), ['idempotency_key_missing']],
    ['key too long', entry([{ account: bankUsd, amountMinor: 1, usdMinor: 1 }, { account: prepaid, amountMinor: -1, usdMinor: -1 }], { idempotencyKey: 'x'.repeat(201) }), ['idempotency_key_too_long']],
    ['bad time', entry([{ account: bankUsd, amountMinor: 1, usdMinor: 1 }, { account: prepaid, amountMinor: -1, usdMinor: -1 }], { occurredAt: 'yesterday' }), ['occurred_at_invalid']],
    ['one posting', entry([{ account: bankUsd, amountMinor: 0, usdMinor: 0 }]), ['too_few_postings', 'amount_zero']],
    ['float', entry([{ account: bankUsd, amountMinor: 1.5, usdMinor: 1.5 }, { account: prepaid, amountMinor: -1.5, usdMinor: -1.5 }]), ['amount_not_integer']],
    ['unbalanced', entry([{ account: bankUsd, amountMinor: 100, usdMinor: 100 }, { account: prepaid, amountMinor: -99, usdMinor: -100 }]), ['unbalanced']],
    ['unbalanced in USD', entry([{ account: bankUsd, amountMinor: 100, usdMinor: 100 }, { account: prepaid, amountMinor: -100, usdMinor: -99 }]), ['unbalanced_usd']],
    [
      'balanced per currency, not across',
      entry([
        { account: accounts.bank('EUR'), amountMinor: 100, usdMinor: 115 },
        { account: prepaid, amountMinor: -115, usdMinor: -115 },
      ]),
      ['unbalanced'],
    ],
  ])('%s', (_name, draft, problems) => {
    expect(entryProblems(draft)).toEqual(problems);
  });

  test('an invalid entry is a programmer error: it throws', () => {
    expect(() => assertValidEntry(entry([{ account: bankUsd, amountMinor: 1, usdMinor: 1 }]))).toThrow(/too_few_postings/);
  });

  test('the canonical input ignores posting order and description, not amounts', () => {
    const a = events.prepaidTopUp({ customerId: 'B2B-004', currency: 'USD', amountMinor: 500, usdMinor: 500 }, 'B1', AT);
    const b = { ...a, description: 'other words', postings: [...a.postings].reverse() };
    const c = events.prepaidTopUp({ customerId: 'B2B-004', currency: 'USD', amountMinor: 501, usdMinor: 501 }, 'B1', AT);
    expect(canonicalEntryInput(a)).toBe(canonicalEntryInput(b));
    expect(canonicalEntryInput(a)).not.toBe(canonicalEntryInput(c));
  });

  test('a reversal mirrors every posting and names the original', () => {
    const original = events.postpaidCharge({ customerId: 'B2B-001', currency: 'CNY', amountMinor: 3_686_178, usdMinor: 510_000 }, 'wechat', 'ORD-000001', AT);
    const reversal = reversalOf({ id: 7, ...original }, 'reverse:7', AT, 'keyed twice');
    expect(reversal.reversesEntryId).toBe(7);
    expect(reversal.postings.map((p) => p.amountMinor)).toEqual([-3_686_178, 3_686_178]);
    expect(entryProblems(reversal)).toEqual([]);
  });
});

describe('balances', () => {
  test('a prepaid balance cannot be debited beyond what was paid in', () => {
    const funded = new Map<string, AccountSides>([[accountKey(prepaid.code, 'USD'), { debitsMinor: 0, creditsMinor: 1000 }]]);
    const spend = (amount: number) =>
      applyPostings(funded, events.prepaidHold({ customerId: 'B2B-004', currency: 'USD', amountMinor: amount, usdMinor: amount }, 'ORD-1', AT).postings);
    expect(spend(1000).ok).toBe(true);
    expect(spend(1001)).toEqual({ ok: false, code: 'exceeds_balance', accountCode: 'prepaid:B2B-004', currency: 'USD', shortMinor: 1 });
  });

  test('accounts without limits may go either way (a receivable, the bank)', () => {
    const result = applyPostings(new Map(), events.postpaidCharge({ customerId: 'B2B-002', currency: 'THB', amountMinor: 5, usdMinor: 1 }, 'whatsapp', 'O', AT).postings);
    expect(result.ok).toBe(true);
  });
});

describe('property: any history of business events keeps the books balanced', () => {
  test('debits = credits per currency, balances = sum of postings, prepaid never overdrawn, replays record once', () => {
    fc.assert(
      fc.property(fc.array(stepArbitrary, { minLength: 1, maxLength: 60 }), (steps) => {
        const balances = new Map<string, AccountSides>();
        const recorded = new Map<string, string>(); // key -> canonical input
        const posted: EntryDraft[] = [];
        const builder = new ScenarioBuilder();
        const tryPost = (draft: EntryDraft): boolean => {
          expect(entryProblems(draft)).toEqual([]);
          const previous = recorded.get(draft.idempotencyKey);
          if (previous !== undefined) {
            expect(previous).toBe(canonicalEntryInput(draft)); // a replay is the same event
            return true;
          }
          const check = applyPostings(balances, draft.postings);
          if (!check.ok) return false;
          for (const [key, sides] of check.next) balances.set(key, sides);
          recorded.set(draft.idempotencyKey, canonicalEntryInput(draft));
          posted.push(draft);
          return true;
        };
        for (const step of steps) {
          const draft = builder.next(step, (hold) => tryPost(hold));
          if (draft && step.type !== 'hold') tryPost(draft);
        }
        // An independent audit of what was posted.
        const perCurrency = new Map<string, number>();
        const perAccount = new Map<string, number>();
        for (const draft of posted) {
          for (const p of draft.postings) {
            perCurrency.set(p.account.currency, (perCurrency.get(p.account.currency) ?? 0) + p.amountMinor);
            const key = accountKey(p.account.code, p.account.currency);
            perAccount.set(key, (perAccount.get(key) ?? 0) + p.amountMinor);
          }
        }
        for (const sum of perCurrency.values()) expect(sum).toBe(0);
        for (const [key, sides] of balances) {
          expect(sides.debitsMinor - sides.creditsMinor).toBe(perAccount.get(key) ?? 0);
          if (key.startsWith('prepaid')) expect(sides.debitsMinor).toBeLessThanOrEqual(sides.creditsMinor);
        }
        expect(posted.length).toBe(recorded.size);
      }),
      { numRuns: 300 },
    );
  });
});
