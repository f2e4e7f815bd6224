// Failed staff sign-ins per account: after `max` failures within the window the account waits out
// the window, the right password too. A failure is counted before the password is checked (and
// forgotten when it was right), so concurrent guesses cannot all pass the check before the first
// is counted.

export interface SignInRule {
  max: number;
  windowMs: number;
}

export type SignInAttempt =
  /** The attempt may check the password; `failures` are the account's, this attempt counted as one. */
  | { waitMs: 0; failures: number[] }
  /** Refused: try again after `waitMs`; `failures` unchanged but for those out of the window. */
  | { waitMs: number; failures: number[] };

/** `failures`: the account's failed attempts (epoch ms), any order. */
export function signInAttempt(failures: readonly number[], now: number, rule: SignInRule): SignInAttempt {
  const recent = failures.filter((t) => now - t < rule.windowMs).sort((a, b) => a - b);
  if (recent.length >= rule.max) return { waitMs: rule.windowMs - (now - recent[recent.length - rule.max]!), failures: recent };
  return { waitMs: 0, failures: [...recent, now] };
}
