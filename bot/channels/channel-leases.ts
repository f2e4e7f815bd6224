import pg from 'pg';
import type { ChannelAdapter, InboundSink } from '../../channels/port';
import { log } from '../log';

// Channel sessions that must be single (the WhatsApp Web session, the WeChat puppet login, the IMAP
// reader of one mailbox) run in exactly one of the bot processes sharing a PostgreSQL: the one that
// holds the channel's session-level advisory lock, on a connection kept for it. When that process
// dies its connection closes and PostgreSQL frees the lock at once; the others try every
// RETRY_MS, so another takes the session over within seconds. A holder that loses its connection
// (and so, soon, the lock) stops the session before anyone else can start it. A holder that is alive
// but frozen (SIGSTOP, a paused VM) keeps its connection, and so the lock: its lease connection is
// named after its process (leaseConnectionName), and the reaper that takes the process for dead
// terminates it (bot/jobs/process-registry.ts).

const RETRY_MS = 5_000;
/** Told to every process when a stopping one lets a session go, so that another takes it at once. */
export const CHANNEL_FREED = 'esim_hub_channel_free';

const lockName = (channel: string) => `esim-hub:channel:${channel}`;

/** The application_name of a process's lease connections, by which a reaper finds them. */
export function leaseConnectionName(processId: string): string {
  return `esim-hub lease ${processId}`;
}

export interface LeaseHooks {
  /** This process now runs the channel (started): its outbox rows can be sent here. */
  held(adapter: ChannelAdapter): void;
  /** It no longer does (stopped). */
  lost(adapter: ChannelAdapter): void;
}

interface Lease {
  adapter: ChannelAdapter;
  client: pg.Client | null;
  /** The check running now (taking the session, or making sure it is still held). */
  busy: Promise<void> | null;
  /** Asked to try again while busy (CHANNEL_FREED): it does once the check running ends. */
  again: boolean;
}
/** How long stopping waits for a check in progress (a session being taken) before it lets the sessions go. */
const CHECK_WAIT_MS = 1_000;

export class ChannelLeases {
  private readonly leases: Lease[];
  private timer: NodeJS.Timeout | null = null;
  /** False from stopTaking() on: a stopping process takes no session, not even one another process just freed. */
  private taking = true;

  constructor(
    private readonly databaseUrl: string,
    adapters: ChannelAdapter[],
    private readonly sink: InboundSink,
    private readonly hooks: LeaseHooks,
    /** This process's id in bot_processes. */
    private readonly processId: string,
  ) {
    this.leases = adapters.map((adapter) => ({ adapter, client: null, busy: null, again: false }));
  }

  async start(): Promise<void> {
    await this.tick();
    this.timer = setInterval(() => void this.tick(), RETRY_MS);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    await Promise.all(this.leases.map((lease) => this.check(lease)));
  }

  private check(lease: Lease): Promise<void> | undefined {
    if (!this.taking) return undefined;
    if (lease.busy) {
      lease.again = true;
      return lease.busy;
    }
    lease.busy = (async () => {
      do {
        lease.again = false;
        if (lease.client) {
          // Still connected, so still the holder.
          await lease.client.query('SELECT 1').catch(async (error: unknown) => this.lose(lease, `its database connection failed: ${String(error)}`));
        } else if (this.taking) {
          await this.tryTake(lease);
        }
      } while (lease.again && this.taking);
    })().finally(() => {
      lease.busy = null;
    });
    return lease.busy;
  }

  private async tryTake(lease: Lease): Promise<void> {
    // A holder must notice a dead connection (and so a lost lock) well before another process can take it.
    const client = new pg.Client({ connectionString: this.databaseUrl, application_name: leaseConnectionName(this.processId), keepAlive: true, keepAliveInitialDelayMillis: 2_000, query_timeout: 3_000 });
    client.on('error', () => void this.lose(lease, 'its database connection was lost'));
    try {
      await client.connect();
      const { rows } = await client.query<{ taken: boolean }>('SELECT pg_try_advisory_lock(hashtext($1)) AS taken', [lockName(lease.adapter.name)]);
      if (!rows[0]?.taken || !this.taking) {
        await client.end();
        return;
      }
      lease.client = client;
      log.info(`${lease.adapter.name}: this process runs the session`);
      await lease.adapter.start(this.sink);
      this.hooks.held(lease.adapter);
    } catch (error) {
      log.warn(`${lease.adapter.name}: could not take the session; retrying`, { error });
      if (lease.client === client) await this.lose(lease, 'starting failed');
      else await client.end().catch(() => undefined);
    }
  }

  private async lose(lease: Lease, why: string): Promise<void> {
    const client = lease.client;
    if (!client) return;
    lease.client = null;
    log.warn(`${lease.adapter.name}: this process stops the session (${why}); another process takes it over`);
    this.hooks.lost(lease.adapter);
    await lease.adapter.stop().catch(() => undefined);
    await client.end().catch(() => undefined);
  }

  /** Another process let a session go (CHANNEL_FREED): tried now rather than at the next round. */
  tryNow(): void {
    void this.tick();
  }

  /**
   * From the signal on, no session is taken: when every process is stopping at once (a deploy), one
   * that let a session go must not hand it to another that is going too. Those held run until stop().
   */
  stopTaking(): void {
    this.taking = false;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  async stop(): Promise<void> {
    this.stopTaking();
    // A session being taken right now is let go with the others, once its start has returned.
    await Promise.race([Promise.all(this.leases.map((lease) => lease.busy)), new Promise((resolve) => setTimeout(resolve, CHECK_WAIT_MS).unref())]);
    for (const lease of this.leases) {
      const client = lease.client;
      if (!client) continue;
      lease.client = null;
      this.hooks.lost(lease.adapter);
      await lease.adapter.stop().catch(() => undefined);
      // Freed and said so in one statement (the notification goes out as it commits, after the unlock):
      // the others wait no RETRY_MS for it. Ending the connection frees it too, if this fails.
      await client.query(`SELECT pg_advisory_unlock(hashtext($1)), pg_notify('${CHANNEL_FREED}', $2)`, [lockName(lease.adapter.name), lease.adapter.name]).catch(() => undefined);
      await client.end().catch(() => undefined);
    }
  }
}
