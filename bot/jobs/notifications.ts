import type { EventEmitter } from 'node:events';
import pg from 'pg';
import { log } from '../log';

// What another process committed, told to this one: a reply written anywhere wakes the web-chat
// long polls and the staff app's live queue held here. The database triggers NOTIFY on commit
// (esim_hub_replied with the conversation id, esim_hub_staff); this LISTENs on a connection of its
// own and re-emits them as the in-process 'replied' and 'staff-changed' events. A lost connection
// is reopened; what committed meanwhile is picked up by the next poll or page load.

const RECONNECT_MS = 1_000;

export class DatabaseNotifications {
  private client: pg.Client | null = null;
  private stopped = false;
  private retry: NodeJS.Timeout | null = null;

  constructor(
    private readonly databaseUrl: string,
    private readonly activity: EventEmitter,
  ) {}

  async start(): Promise<void> {
    await this.connect();
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.databaseUrl });
    client.on('notification', (n) => {
      if (n.channel === 'esim_hub_replied') {
        const id = Number(n.payload);
        if (Number.isSafeInteger(id)) this.activity.emit('replied', id);
      } else if (n.channel === 'esim_hub_staff') {
        this.activity.emit('staff-changed');
      }
    });
    client.on('error', (error) => {
      log.warn('database notifications: connection lost; reconnecting', { error: error.message });
      this.reconnectLater(client);
    });
    client.on('end', () => this.reconnectLater(client));
    try {
      await client.connect();
      await client.query('LISTEN esim_hub_replied');
      await client.query('LISTEN esim_hub_staff');
      this.client = client;
    } catch (error) {
      log.warn('database notifications: could not listen; retrying', { error: String(error) });
      this.reconnectLater(client);
    }
  }

  private reconnectLater(client: pg.Client): void {
    if (this.client === client) this.client = null;
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
    if (this.retry) clearTimeout(this.retry);
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }
}
