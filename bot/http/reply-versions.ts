// Which replies a web-chat long poll has to wait for, in this process: each conversation's count of
// replies committed (told by the 'replied' events of bot/jobs/notifications.ts and the pipeline),
// and the polls waiting on each conversation.

/**
 * Counts the 'replied' events per conversation, so a long poll can tell whether anything was
 * committed since it read, without reading again.
 */
export class ReplyVersions {
  private readonly versions = new Map<number, number>();
  readonly conversationIds = new Map<string, number>();
  /** The process is stopping: polls are answered at once (the client polls again, maybe elsewhere). */
  private closing = false;
  /**
   * Whether every reply committed anywhere is told here ('replies-watched' from the LISTEN
   * connection, bot/jobs/notifications.ts), and, while it is, where each contact's last answer from
   * this process left them: the cursor given and the conversation's count before the read behind it.
   */
  private watched = false;
  private readonly answered = new Map<string, { cursor: number; seen: number }>();
  /**
   * Counts the LISTEN connection's losses and returns. A reply committed while nobody listened is
   * never told, so every conversation's version moves with it: a poll waiting then reads again
   * (woken at once), and an answer read before it cannot stand for "nothing new" after it.
   */
  private watchChanges = 0;

  /**
   * The waiting polls by conversation: a reply wakes only its own conversation's (one listener on
   * the emitter for all, not one per poll, which made every reply call thousands of them).
   */
  private readonly waiters = new Map<number, Set<() => void>>();

  constructor(private readonly activity: NodeJS.EventEmitter | undefined) {
    activity?.on('replied', (id: number) => {
      this.versions.set(id, (this.versions.get(id) ?? 0) + 1);
      this.wake(id);
    });
    activity?.once('shutdown', () => {
      this.closing = true;
      this.wakeAll();
    });
    activity?.on('replies-watched', (watched: boolean) => {
      this.watched = watched;
      this.watchChanges += 1;
      this.answered.clear(); // replies may have gone untold while nobody listened
      this.wakeAll();
    });
  }

  of(conversationId: number | undefined): number | undefined {
    return conversationId === undefined ? undefined : (this.versions.get(conversationId) ?? 0) + this.watchChanges;
  }

  /** An answer given: `seen` is the conversation's count taken before the read it came from. */
  answer(key: string, cursor: number, seen: number | undefined): void {
    if (this.watched && seen !== undefined) this.answered.set(key, { cursor, seen });
    else this.answered.delete(key);
  }

  /** Nothing was committed for the conversation since this process answered the contact up to `after`. */
  unchangedSince(key: string, after: number, conversationId: number): boolean {
    const last = this.answered.get(key);
    return this.watched && last !== undefined && last.cursor === after && last.seen === this.of(conversationId);
  }

  /**
   * Resolves on the conversation's next reply after `seen`, after waitMs, or when `response` closes
   * (the client went away: its place among the open polls is freed at once).
   */
  waitForChange(conversationId: number, seen: number, waitMs: number, response?: NodeJS.EventEmitter): Promise<void> {
    if (!this.activity || waitMs <= 0 || this.closing || this.of(conversationId) !== seen) return Promise.resolve();
    return new Promise<void>((resolve) => {
      let waiting = this.waiters.get(conversationId);
      if (!waiting) this.waiters.set(conversationId, (waiting = new Set()));
      const set = waiting;
      const finish = () => {
        clearTimeout(timer);
        set.delete(finish);
        if (set.size === 0 && this.waiters.get(conversationId) === set) this.waiters.delete(conversationId);
        response?.off('close', finish);
        resolve();
      };
      const timer = setTimeout(finish, waitMs);
      set.add(finish);
      response?.once('close', finish);
    });
  }

  private wake(conversationId: number): void {
    for (const finish of [...(this.waiters.get(conversationId) ?? [])]) finish();
  }

  private wakeAll(): void {
    for (const waiting of [...this.waiters.values()]) for (const finish of [...waiting]) finish();
  }
}
