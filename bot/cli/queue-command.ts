import { parseArgs } from 'node:util';
import { staffActor } from './staff-actor';
import { loadConfig } from '../config';
import { migrateDatabase, openConfiguredDatabase } from '../db/prepare';
import { claimTicket, listQueue, QueueError, releaseTicket, replyOnTicket } from '../staff/queue';
import { can, refusal } from '../../domain/staff/roles';

const USAGE = `Usage: esim-hub queue list
       esim-hub queue claim TICKET --as STAFF_EMAIL
       esim-hub queue reply TICKET --as STAFF_EMAIL TEXT...
       esim-hub queue release TICKET --as STAFF_EMAIL`;

/** The handoff queue from the command line: the same actions as the staff app. */
export async function queueCommand(args: string[]): Promise<number> {
  const { positionals, values } = parseArgs({ args, allowPositionals: true, options: { as: { type: 'string' } } });
  const [action, ticketArg, ...words] = positionals;
  const ticketId = Number(ticketArg);
  if (!action || !['list', 'claim', 'reply', 'release'].includes(action) || (action !== 'list' && (!Number.isSafeInteger(ticketId) || !values.as)) || (action === 'reply' && words.length === 0)) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const db = await openConfiguredDatabase(loadConfig(), 1);
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
        process.stderr.write(`${error.message}\n`);
        return 1;
      }
      throw error;
    }
    process.stdout.write(`ticket #${ticketId}: ${action === 'reply' ? 'reply queued for sending' : `${action}ed`}\n`);
    return 0;
  } finally {
    await db.close();
  }
}
