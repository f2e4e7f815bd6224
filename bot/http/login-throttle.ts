/** Failed sign-ins per key (the client address): after `max` within `windowMs`, wait out the window. */
export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly max: number,
    private readonly windowMs: number,
  ) {}

  private recent(key: string, now: number): number[] {
    const kept = (this.failures.get(key) ?? []).filter((t) => now - t < this.windowMs);
    if (kept.length > 0) this.failures.set(key, kept);
    else this.failures.delete(key);
    return kept;
  }

  blockedForMs(key: string, now = Date.now()): number {
    const recent = this.recent(key, now);
    return recent.length >= this.max ? this.windowMs - (now - recent[0]!) : 0;
  }

  failed(key: string, now = Date.now()): void {
    this.failures.set(key, [...this.recent(key, now), now]);
  }

  succeeded(key: string): void {
    this.failures.delete(key);
  }
}
