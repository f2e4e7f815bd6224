import type { EventEmitter } from 'node:events';
import pg from 'pg';
import { log } from '../log';

// What another process committed, told to this one: a reply written anywhere wakes the web-chat
// long polls and the staff app's live queue held here. The database triggers NOTIFY on commit
// (esim_hub_replied with the conversation id, esim_hub_staff for tickets); a staff action here
// (a payout approved, a deposit matched) is published on esim_hub_staff with this process's id.
// This LISTENs on a connection of its own and re-emits what others sent as the in-process
// 'replied' and 'staff-changed' events (the latter marked remote, so it is not published back).
// A lost connection is reopened. What committed meanwhile was told to nobody: when listening
// again, every waiting poll reads again ('replies-watched') and the staff app's live queue refreshes.

const RECONNECT_MS = 1_000;

export class DatabaseNotifications {
  private client: pg.Client | null = null;
  private stopped = false;
  private retry: NodeJS.Timeout | null = null;

  constructor(
    private readonly databaseUrl: string,
    private readonly activity: EventEmitter,
    private readonly origin: string,
  ) {}

  async start(): Promise<void> {
    await this.connect();
    this.activity.on('staff-changed', this.publish);
  }

  private readonly publish = (change?: { remote?: boolean }) => {
    if (change?.remote) return;
    void this.client?.query(`SELECT pg_notify('esim_hub_staff', $1)`, [this.origin]).catch(() => undefined);
  };

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.databaseUrl });
    client.on('notification', (n) => {
      if (n.channel === 'esim_hub_replied') {
        const id = Number(n.payload);
        if (Number.isSafeInteger(id)) this.activity.emit('replied', id);
      } else if (n.channel === 'esim_hub_staff' && n.payload !== this.origin) {
        this.activity.emit('staff-changed', { remote: true });
      }
    });
    client.on('error', (error) => {
      log.warn('database notifications: connection lost; reconnecting', { error });
      this.reconnectLater(client);
    });
    client.on('end', () => this.reconnectLater(client));
    try {
      await client.connect();
      await client.query('LISTEN esim_hub_replied');
      await client.query('LISTEN esim_hub_staff');
      this.client = client;
      // Every reply committed from now on is told here (web-chat polls may trust that; see webchat-routes).
      this.activity.emit('replies-watched', true);
      this.activity.emit('staff-changed', { remote: true });
    } catch (error) {
      log.warn('database notifications: could not listen; retrying', { error });
      this.reconnectLater(client);
    }
  }

  private reconnectLater(client: pg.Client): void {
    if (this.client === client) {
      this.client = null;
      this.activity.emit('replies-watched', false);
    }
    void client.end().catch(() => undefined);
    if (this.stopped || this.retry) return;
    this.retry = setTimeout(() => {
      this.retry = null;
      if (!this.stopped) void this.connect();
    }, RECONNECT_MS);
    this.retry.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.activity.off('staff-changed', this.publish);
    if (this.retry) clearTimeout(this.retry);
    const client = this.client;
    this.client = null;
    if (client) this.activity.emit('replies-watched', false);
    await client?.end().catch(() => undefined);
  }
}
