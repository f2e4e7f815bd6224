// Pacing within the Cloud API's limits, as the generic cell rate algorithm (a token bucket that
// hands out send times): per business number, its throughput (80 messages a second by default);
// per recipient, the pair rate (about one message every 6 seconds, bursts allowed). A send is
// given the earliest time both allow; the caller waits for it, or hands the rest back when the
// wait is too long to hold an outbox lease for.

export interface RateLimit {
  /** Steady rate: one message every `intervalMs`. */
  intervalMs: number;
  /** Messages that may go at once before the steady rate applies. */
  burst: number;
}

/** One bucket's state: the theoretical arrival time of the next message. */
class Gcra {
  private tat = 0;
  constructor(private readonly limit: RateLimit) {}

  /** When a message may go, if one is reserved now (not reserved). */
  earliest(now: number): number {
    const tolerance = (this.limit.burst - 1) * this.limit.intervalMs;
    return Math.max(now, Math.max(this.tat, now) - tolerance);
  }

  reserve(at: number): void {
    this.tat = Math.max(this.tat, at) + this.limit.intervalMs;
  }

  idleAt(now: number): boolean {
    return this.tat <= now;
  }
}

export class SendPacing {
  private readonly number: Gcra;
  private readonly recipients = new Map<string, Gcra>();

  constructor(
    numberLimit: RateLimit,
    private readonly recipientLimit: RateLimit,
    private readonly now: () => number = Date.now,
  ) {
    this.number = new Gcra(numberLimit);
  }

  /**
   * Reserves the next send to `recipient`: how many ms to wait for the pair rate. Only then is the
   * number's slot taken (reserveNumber), so a message waiting for one busy recipient does not hold
   * up the number's sends to everyone else.
   */
  reserveRecipient(recipient: string): number {
    const now = this.now();
    if (this.recipients.size > 10_000) for (const [key, bucket] of this.recipients) if (bucket.idleAt(now)) this.recipients.delete(key);
    let pair = this.recipients.get(recipient);
    if (!pair) this.recipients.set(recipient, (pair = new Gcra(this.recipientLimit)));
    const at = pair.earliest(now);
    pair.reserve(at);
    return at - now;
  }

  /** Reserves the number's next send: how many ms to wait for its throughput. */
  reserveNumber(): number {
    const now = this.now();
    const at = this.number.earliest(now);
    this.number.reserve(at);
    return at - now;
  }

  /** How long the next send to `recipient` would wait for the pair rate, without reserving it. */
  wouldWait(recipient: string): number {
    const now = this.now();
    const pair = this.recipients.get(recipient);
    return pair ? pair.earliest(now) - now : 0;
  }
}
