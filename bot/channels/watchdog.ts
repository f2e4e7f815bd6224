import type { ChannelName, ChannelStatus, StatusListener } from '../../channels/port';

/** A channel as staff see it: connected or not, the pairing code to scan, the last thing they were told. */
export interface ChannelView {
  ready: boolean;
  pairingQr: string | null;
  alert: string | null;
  /** The last passed health check or (re)connection. */
  lastSeenAt: Date | null;
}

export interface WatchdogHooks {
  /** A channel (re)connected: replies queued for it should go now. */
  ready(channel: ChannelName): void;
  /** Something needs a person (relink WhatsApp, a stalled session, a logged-out WeChat account). */
  alert(text: string): void;
}

/**
 * The one place that watches every channel's status reports: staff are alerted when a person is
 * needed, the outbox is woken when a channel is back, and the status of each channel is kept for
 * the staff app. Adapters report; they do not decide who hears of it.
 */
export class ChannelWatchdog {
  private readonly views = new Map<ChannelName, ChannelView>();
  /** Channels that report health checks, and those already reported silent (once until they beat again). */
  private readonly beating = new Set<ChannelName>();
  private readonly silent = new Set<ChannelName>();

  constructor(
    private readonly hooks: WatchdogHooks,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** The listener one adapter reports to. */
  listener(channel: ChannelName): StatusListener {
    return (status) => this.report(channel, status);
  }

  /** What staff see of a channel; null before it reported anything. */
  view(channel: ChannelName): ChannelView | null {
    const view = this.views.get(channel);
    return view ? { ...view } : null;
  }

  private report(channel: ChannelName, status: ChannelStatus): void {
    const view = this.views.get(channel) ?? { ready: false, pairingQr: null, alert: null, lastSeenAt: null };
    this.views.set(channel, view);
    switch (status.kind) {
      case 'qr':
        view.ready = false;
        view.pairingQr = status.qr;
        return;
      case 'ready':
        this.silent.delete(channel);
        Object.assign(view, { ready: true, pairingQr: null, alert: null, lastSeenAt: this.now() });
        this.hooks.ready(channel);
        return;
      case 'heartbeat':
        view.lastSeenAt = this.now();
        this.beating.add(channel);
        if (this.silent.delete(channel) || !view.ready) {
          // Back after a silence: usable again, and what waited in the outbox goes now.
          Object.assign(view, { ready: true, alert: null });
          this.hooks.ready(channel);
        }
        return;
      case 'logout':
        view.ready = false;
        this.tell(view, status.text);
        return;
      case 'error':
        // Not usable until it reports ready again; the adapter logged it and is retrying.
        view.ready = false;
        if (status.alert) this.tell(view, status.text);
        return;
    }
  }

  /**
   * A channel that reports health checks and has passed none for `maxSilenceMs` is no longer
   * trusted to deliver: staff are told once, even if the adapter's own check has stopped too (a
   * hung browser, a blocked timer), and it is usable again at its next health check or ready.
   */
  checkSilence(maxSilenceMs: number): void {
    const now = this.now().getTime();
    for (const channel of this.beating) {
      const view = this.views.get(channel)!;
      if (this.silent.has(channel) || !view.ready || view.lastSeenAt === null || now - view.lastSeenAt.getTime() <= maxSilenceMs) continue;
      this.silent.add(channel);
      view.ready = false;
      this.tell(view, `${channel}: no health check has passed for ${Math.round((now - view.lastSeenAt.getTime()) / 1000)} s; replies wait in the outbox. If it does not come back by itself, check the session in the staff app.`);
    }
  }

  private tell(view: ChannelView, text: string): void {
    view.alert = text;
    this.hooks.alert(text);
  }
}
