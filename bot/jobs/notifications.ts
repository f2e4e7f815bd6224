import type { EventEmitter } from 'node:events';
import pg from 'pg';
import { CHANNEL_FREED } from '../channels/channel-leases';
import { log } from '../log';

// What another process committed, told to this one: a reply written anywhere wakes the web-chat
// long polls and the staff app's live queue held here. The database triggers NOTIFY on commit
// (esim_hub_replied with the conversation id, esim_hub_staff for tickets; a process letting a channel
// session go says so on esim_hub_channel_free, bot/channels/channel-leases.ts); a staff action here
// (a payout approved, a deposit matched) is published on esim_hub_staff with this process's id.
// This LISTENs on a connection of its own and re-emits what others sent as the in-process
// 'replied' and 'staff-changed' events (the latter marked remote, so it is not published back).
// A lost connection is reopened. What committed meanwhile was told to nobody: when listening
// again, every waiting poll reads again ('replies-watched') and the staff app's live queue refreshes.
// A connection can also die without a word (a failover or a NAT that drops the socket): nothing
// then arrives and nothing fails, and polls trusting it waited their whole wait. So it is asked
// SELECT 1 every few seconds, and one that does not answer in time is dropped and reopened.

const RECONNECT_MS = 1_000;
/** Its application_name in pg_stat_activity (its last query there is the liveness check, not the LISTEN). */
export const LISTENER_CONNECTION_NAME = 'esim-hub notifications';
/** How often the listening connection is asked whether it is alive, and how long it (or a new one, connecting) has to answer. */
const CHECK_EVERY_MS = 5_000;
const CHECK_TIMEOUT_MS = 3_000;

export class DatabaseNotifications {
  private client: pg.Client | null = null;
  private stopped = false;
  private retry: NodeJS.Timeout | null = null;
  private check: NodeJS.Timeout | null = null;
  /** A connection is being opened: an old one ending meanwhile must not open a second. */
  private connecting = false;

  constructor(
    private readonly databaseUrl: string,
    private readonly activity: EventEmitter,
    private readonly origin: string,
  ) {}

  async start(): Promise<void> {
    await this.connect();
    this.activity.on('staff-changed', this.publish);
    this.check = setInterval(() => {
      const client = this.client;
      client?.query('SELECT 1').catch((error: unknown) => {
        log.warn('database notifications: the listening connection did not answer; reconnecting', { error });
        this.reconnectLater(client);
      });
    }, CHECK_EVERY_MS);
    this.check.unref();
  }

  private readonly publish = (change?: { remote?: boolean }) => {
    if (change?.remote) return;
    void this.client?.query(`SELECT pg_notify('esim_hub_staff', $1)`, [this.origin]).catch(() => undefined);
  };

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.databaseUrl, application_name: LISTENER_CONNECTION_NAME, keepAlive: true, keepAliveInitialDelayMillis: 2_000, query_timeout: CHECK_TIMEOUT_MS, connectionTimeoutMillis: CHECK_TIMEOUT_MS });
    client.on('notification', (n) => {
      if (n.channel === 'esim_hub_replied') {
        const id = Number(n.payload);
        if (Number.isSafeInteger(id)) this.activity.emit('replied', id);
      } else if (n.channel === 'esim_hub_staff' && n.payload !== this.origin) {
        this.activity.emit('staff-changed', { remote: true });
      } else if (n.channel === CHANNEL_FREED) {
        this.activity.emit('channel-freed', n.payload);
      }
    });
    client.on('error', (error) => {
      log.warn('database notifications: connection lost; reconnecting', { error });
      this.reconnectLater(client);
    });
    client.on('end', () => this.reconnectLater(client));
    this.connecting = true;
    try {
      await client.connect();
      await client.query('LISTEN esim_hub_replied');
      await client.query('LISTEN esim_hub_staff');
      await client.query(`LISTEN ${CHANNEL_FREED}`);
      this.connecting = false;
      if (this.stopped) return void client.end().catch(() => undefined);
      this.client = client;
      // Every reply committed from now on is told here (web-chat polls may trust that; see webchat-routes).
      this.activity.emit('replies-watched', true);
      this.activity.emit('staff-changed', { remote: true });
    } catch (error) {
      this.connecting = false;
      log.warn('database notifications: could not listen; retrying', { error });
      this.reconnectLater(client);
    }
  }

  private reconnectLater(client: pg.Client): void {
    const current = this.client === client;
    if (current) {
      this.client = null;
      this.activity.emit('replies-watched', false);
    }
    void client.end().catch(() => undefined);
    // A connection given up earlier that ends only now: the one that replaced it listens.
    if (!current && this.client !== null) return;
    if (this.stopped || this.retry || this.connecting) return;
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
    if (this.check) clearInterval(this.check);
    const client = this.client;
    this.client = null;
    if (client) this.activity.emit('replies-watched', false);
    await client?.end().catch(() => undefined);
  }
}
