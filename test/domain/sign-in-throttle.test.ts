import { signInAttempt } from '../../domain/staff/sign-in-throttle';

const rule = { max: 5, windowMs: 15 * 60_000 };
const T = Date.parse('2026-11-29T09:00:00.000Z');

describe('staff sign-in throttle', () => {
  test('five failures in the window: the sixth attempt waits until the oldest of the five leaves it', () => {
    let failures: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      const a = signInAttempt(failures, T + i * 60_000, rule);
      expect(a.waitMs).toBe(0);
      failures = a.failures;
    }
    const sixth = signInAttempt(failures, T + 5 * 60_000, rule);
    expect(sixth.waitMs).toBe(10 * 60_000); // the first failure (09:00) leaves the window at 09:15
    expect(sixth.failures).toHaveLength(5); // a refused attempt is not counted again
    expect(signInAttempt(sixth.failures, T + 15 * 60_000, rule).waitMs).toBe(0);
  });

  test('failures older than the window do not count; one recorded after this attempt began does', () => {
    const old = [T - 20 * 60_000, T - 16 * 60_000, T - 15 * 60_000];
    expect(signInAttempt(old, T, rule)).toEqual({ waitMs: 0, failures: [T] });
    // Another process recorded a failure while this one waited for the account's row.
    expect(signInAttempt([T - 60_000, T + 5], T, { max: 2, windowMs: rule.windowMs }).waitMs).toBeGreaterThan(0);
  });
});
