import type { Sql } from '../db/sql';
import { q, run } from './query-builder';

// The audit trail (issue 15): every change a staff member makes to money, prices, accounts or staff,
// written in the same transaction as the change, with what it was before and after.

/** Who made the change: a staff user's id, or null for the command line run without --as. */
export type AuditActor = number | null;

export const COMMAND_LINE: AuditActor = null;

export interface AuditEventInput {
  by: AuditActor;
  /** Who acted when it was not a staff member (e.g. "reseller whatsapp:+34..." asking for a resend); else from `by`. */
  actor?: string;
  action: string;
  subject: string;
  customerId?: string | null;
  before?: unknown;
  after?: unknown;
  at: Date;
}

export async function recordAudit(sql: Sql, event: AuditEventInput): Promise<void> {
  await run(
    sql,
    q.insertInto('audit_events').values((eb) => ({
      at: event.at,
      staff_user_id: event.by,
      // The email as it was at the time (a staff user's email may change later).
      actor: event.actor !== undefined ? event.actor : event.by === null ? 'command line' : eb.selectFrom('staff_users').select('email').where('id', '=', event.by),
      action: event.action,
      subject: event.subject,
      customer_id: event.customerId ?? null,
      before: event.before === undefined ? null : JSON.stringify(event.before),
      after: event.after === undefined ? null : JSON.stringify(event.after),
    })),
  );
}

export interface AuditRow {
  at: Date;
  actor: string;
  action: string;
  subject: string;
  customerId: string | null;
  before: unknown;
  after: unknown;
}

/** The newest first; of one reseller when named. */
export async function auditTrail(sql: Sql, filter: { customerId?: string; limit?: number } = {}): Promise<AuditRow[]> {
  let query = q.selectFrom('audit_events').select(['at', 'actor', 'action', 'subject', 'customer_id', 'before', 'after']).orderBy('at', 'desc').orderBy('id', 'desc').limit(filter.limit ?? 200);
  if (filter.customerId) query = query.where('customer_id', '=', filter.customerId);
  const rows = await run(sql, query);
  return rows.map((r) => ({ at: r.at, actor: r.actor, action: r.action, subject: r.subject, customerId: r.customer_id, before: r.before, after: r.after }));
}
