import type { FastifyReply, FastifyRequest } from 'fastify';
import type { StaffPermission } from '../../domain/staff/roles';
import type { StaffSessionInfo } from '../staff/staff-users';

/**
 * The signed-in staff member, or an answer already sent: a redirect to the login page (pages), 401
 * (APIs), 403 for a change without the session's CSRF token or by a role without `permission`
 * (domain/staff/roles.ts: every change names the permission it needs; reads are open to all staff).
 */
export type StaffGuard = (request: FastifyRequest, reply: FastifyReply, kind: 'page' | 'api' | 'change', permission?: StaffPermission) => Promise<StaffSessionInfo | null>;

/** A staff page as served: the session's CSRF token and role, and who is signed in, filled in. */
export function staffPageHtml(html: string, session: StaffSessionInfo): string {
  return html.replace('{{CSRF}}', session.csrfToken).replace('{{ROLE}}', session.role).replace('{{EMAIL}}', `${session.email.replace(/[<>&"]/g, '')} (${session.role})`);
}
