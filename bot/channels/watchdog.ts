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
        Object.assign(view, { ready: true, pairingQr: null, alert: null, lastSeenAt: this.now() });
        this.hooks.ready(channel);
        return;
      case 'heartbeat':
        view.lastSeenAt = this.now();
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

  private tell(view: ChannelView, text: string): void {
    view.alert = text;
    this.hooks.alert(text);
  }
}
