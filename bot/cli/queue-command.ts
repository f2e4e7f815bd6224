import { parseArgs } from 'node:util';
import { staffActor } from './staff-actor';
import { loadConfig } from '../config';
import { migrateDatabase } from '../db/prepare';
import { claimTicket, listQueue, QueueError, releaseTicket, replyOnTicket } from '../staff/queue';
import { can, refusal } from '../../domain/staff/roles';
import { subcommand, UsageError, type Command } from './command-line';
import { openCommandDatabase } from './open-database';

const USAGE = `Usage: esim-hub queue list
       esim-hub queue claim TICKET --as STAFF_EMAIL
       esim-hub queue reply TICKET --as STAFF_EMAIL TEXT...
       esim-hub queue release TICKET --as STAFF_EMAIL
  The handoff queue, as in the staff app: while a ticket is claimed the bot is silent in that
  conversation; a reply goes out on the reseller's own channel; release gives it back to the bot.`;

const DONE = { claim: 'claimed', reply: 'reply queued for sending', release: 'released' } as const;

/** The handoff queue from the command line: the same actions as the staff app. */
async function queueCommand(args: string[]): Promise<number> {
  const { positionals, values } = parseArgs({ args, allowPositionals: true, options: { as: { type: 'string' } } });
  const [actionArg, ticketArg, ...words] = positionals;
  const action = subcommand('queue', actionArg, ['list', 'claim', 'reply', 'release'] as const);
  const ticketId = Number(ticketArg);
  if (action === 'list' && positionals.length > 1) throw new UsageError(`queue list takes no arguments (got "${ticketArg}")`);
  if (action !== 'list') {
    const shape = `esim-hub queue ${action} TICKET --as STAFF_EMAIL${action === 'reply' ? ' TEXT...' : ''}`;
    if (ticketArg === undefined || !/^\d+$/.test(ticketArg) || !Number.isSafeInteger(ticketId)) {
      throw new UsageError(`queue ${action} needs a ticket number${ticketArg === undefined ? '' : ` (got "${ticketArg}")`}: ${shape}; esim-hub queue list shows them`);
    }
    if (!values.as) throw new UsageError(`queue ${action} needs --as STAFF_EMAIL (who is acting): ${shape}`);
    if (action === 'reply' && words.length === 0) throw new UsageError(`queue reply needs the text to send: ${shape}`);
    if (action !== 'reply' && words.length > 0) throw new UsageError(`queue ${action} does not take "${words[0]}": ${shape}`);
  }
  const db = await openCommandDatabase(loadConfig());
  try {
    await migrateDatabase(db);
    if (action === 'list') {
      const tickets = await listQueue(db);
      if (tickets.length === 0) process.stdout.write('Nothing waiting.\n');
      for (const t of tickets) {
        const minutes = Math.floor(t.waitingSeconds / 60);
        process.stdout.write(`#${t.id}  ${t.status.padEnd(7)}  ${t.reason.padEnd(22)}  ${t.channel.padEnd(8)}  ${(t.customerId ?? 'unknown').padEnd(8)}  waiting ${minutes} min${t.claimedBy ? `  held by ${t.claimedBy}` : ''}  "${(t.lastMessage ?? '').replace(/\s+/g, ' ').slice(0, 60)}"\n`);
      }
      return 0;
    }
    const staff = await staffActor(db, values.as);
    if (!staff) return 1;
    if (!can(staff.role, 'desk')) {
      process.stderr.write(`${staff.email} cannot work the queue: ${refusal(staff.role, 'desk')}\n`);
      return 1;
    }
    try {
      if (action === 'claim') await claimTicket(db, ticketId, staff.id);
      if (action === 'reply') await replyOnTicket(db, ticketId, staff.id, words.join(' '));
      if (action === 'release') await releaseTicket(db, ticketId, staff.id);
    } catch (error) {
      if (error instanceof QueueError) {
        process.stderr.write(`esim-hub: ${error.message}\n`);
        return 1;
      }
      throw error;
    }
    process.stdout.write(`ticket #${ticketId}: ${DONE[action]}\n`);
    return 0;
  } finally {
    await db.close();
  }
}

export const command: Command = { usage: USAGE, run: queueCommand };
