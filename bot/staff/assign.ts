import { sql as raw } from 'kysely';
import { can } from '../../domain/staff/roles';
import type { Database } from '../db/database';
import { poolSql, transaction } from '../db/sql';
import { applyEvent } from '../conversation/conversation-store';
import { recordAudit } from '../store/audit';
import { q, run } from '../store/query-builder';
import { QueueError } from './queue';
import type { StaffSessionInfo } from './staff-users';

// Assigning a ticket to a colleague (issue 19). The assignee is the ticket's holder (claimed_by):
// they reply and release it as if they had claimed it, and "claimed by me / by others" follow it.
// Anyone on the desk may assign an open ticket; a held one is passed on by its holder or an owner
// (taking a colleague's conversation away is a manager's call). Audited as ticket.assign.

/** Colleagues a ticket can go to: active, and allowed on the desk. */
export async function assignableStaff(db: Database) {
  const rows = await run(poolSql(db.pool), q.selectFrom('staff_users').select(['id', 'email', 'name', 'role']).where('active', '=', true).orderBy('email'));
  return rows.filter((r) => can(r.role, 'desk')).map((r) => ({ id: r.id, email: r.email, name: r.name, role: r.role }));
}

export async function assignTicket(db: Database, ticketId: number, to: number, by: StaffSessionInfo): Promise<{ conversationId: number | null }> {
  return transaction(db.pool, async (sql) => {
    const [ticket] = await run(sql, q.selectFrom('handoff_tickets').select(['id', 'status', 'claimed_by_id', 'conversation_id', 'customer_id']).where('id', '=', ticketId).forUpdate());
    if (!ticket) throw new QueueError(`ticket ${ticketId} does not exist`);
    if (ticket.conversation_id === null) throw new QueueError(`ticket ${ticketId} is about a deposit: decide it on the deposits page`);
    if (ticket.status === 'released') throw new QueueError(`ticket ${ticketId} is closed`);
    const [target] = await run(sql, q.selectFrom('staff_users').select(['id', 'email', 'role', 'active']).where('id', '=', to));
    if (!target || !target.active || !can(target.role, 'desk')) throw new QueueError('assign to an active colleague with the staff or owner role');
    const holder = ticket.status === 'claimed' ? ticket.claimed_by_id : null;
    if (holder === to) return { conversationId: ticket.conversation_id };
    if (holder !== null && holder !== by.staffId && by.role !== 'owner') {
      const [who] = await run(sql, q.selectFrom('staff_users').select('email').where('id', '=', holder));
      throw new QueueError(`ticket ${ticketId} is held by ${who?.email ?? 'someone else'}: they or an owner can pass it on`);
    }
    await run(sql, q.updateTable('handoff_tickets').set({ status: 'claimed', claimed_by_id: to, claimed_at: raw<Date>`now()` }).where('id', '=', ticketId));
    if (ticket.status === 'open') await applyEvent(sql, [ticket.conversation_id], () => ({ kind: 'staff_claimed' }));
    const [from] = holder === null ? [] : await run(sql, q.selectFrom('staff_users').select('email').where('id', '=', holder));
    await recordAudit(sql, { by: by.staffId, action: 'ticket.assign', subject: `ticket:${ticketId}`, customerId: ticket.customer_id, before: { status: ticket.status, holder: from?.email ?? null }, after: { status: 'claimed', holder: target.email }, at: new Date() });
    return { conversationId: ticket.conversation_id };
  });
}
