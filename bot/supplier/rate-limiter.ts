/**
 * At most `perSecond` calls start in any one-second window; callers wait their turn, in order.
 * The window is a little longer than a second so that network jitter cannot make the supplier
 * see nine requests inside its own second.
 */
const WINDOW_MS = 1100;

export class RateLimiter {
  private readonly starts: number[] = [];
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly perSecond: number,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
    private readonly now: () => number = () => Date.now(),
  ) {}

  take(): Promise<void> {
    const turn = this.chain.then(async () => {
      for (;;) {
        const now = this.now();
        while (this.starts.length > 0 && now - this.starts[0]! >= WINDOW_MS) this.starts.shift();
        if (this.starts.length < this.perSecond) {
          this.starts.push(now);
          return;
        }
        await this.sleep(WINDOW_MS - (now - this.starts[0]!) + 1);
      }
    });
    this.chain = turn.catch(() => undefined);
    return turn;
  }
}
