import { createHash, randomBytes } from 'node:crypto';
import type { Database } from '../db/database';
import type { StaffRole } from '../../domain/staff/roles';
import { transaction } from '../db/sql';
import { recordAudit, type AuditActor } from '../store/audit';
import { q, run } from '../store/query-builder';
import { hashPassword, verifyPassword } from './passwords';

export const SESSION_HOURS = 12;

export interface StaffSessionInfo {
  staffId: number;
  email: string;
  name: string | null;
  role: StaffRole;
  csrfToken: string;
}

export class StaffUserError extends Error {}

/** Creates a staff sign-in (or resets its password); without a role the first of an empty database is the owner, later ones staff. */
export async function addStaffUser(db: Database, input: { email: string; name?: string; password: string; role?: StaffRole }): Promise<number> {
  const email = input.email.trim().toLowerCase();
  const role = input.role ?? ((await db.prisma.staffUser.count()) === 0 ? 'owner' : 'staff');
  const before = await db.prisma.staffUser.findUnique({ where: { email } });
  const user = await db.prisma.staffUser.upsert({
    where: { email },
    create: { email, name: input.name ?? null, passwordHash: await hashPassword(input.password), role },
    update: { name: input.name ?? undefined, passwordHash: await hashPassword(input.password), active: true },
  });
  // A disabled sign-in given back (by a new password) is a change to staff like a disable: audited.
  if (before && !before.active) {
    await transaction(db.pool, (sql) => recordAudit(sql, { by: null, action: 'staff.enable', subject: `staff:${email}`, before: { role: before.role, active: false }, after: { role: before.role, active: true }, at: new Date() }));
  }
  return user.id;
}

export interface StaffUserRow {
  id: number;
  email: string;
  name: string | null;
  role: StaffRole;
  active: boolean;
  lastLoginAt: Date | null;
}

export async function listStaffUsers(db: Database): Promise<StaffUserRow[]> {
  const users = await db.prisma.staffUser.findMany({ orderBy: { email: 'asc' } });
  return users.map((u) => ({ id: u.id, email: u.email, name: u.name, role: u.role, active: u.active, lastLoginAt: u.lastLoginAt }));
}

/**
 * Changes a staff member's role or takes their sign-in away (their sessions end at once); the last
 * active owner can be neither demoted nor disabled, so someone can always approve prices and limits.
 * Audited in the same transaction, as `by`.
 */
export async function changeStaffUser(db: Database, email: string, change: { role?: StaffRole; active?: false }, by: AuditActor, now = new Date()): Promise<{ before: StaffUserRow; after: StaffUserRow }> {
  const address = email.trim().toLowerCase();
  return transaction(db.pool, async (sql) => {
    // The active owners, locked: two demotions at once cannot leave none.
    const owners = await run(sql, q.selectFrom('staff_users').select('id').where('role', '=', 'owner').where('active', '=', true).forUpdate());
    const [user] = await run(sql, q.selectFrom('staff_users').select(['id', 'email', 'name', 'role', 'active', 'last_login_at']).where('email', '=', address).forUpdate());
    if (!user) throw new StaffUserError(`no staff user ${address}; add one with esim-hub staff add ${address}`);
    const before: StaffUserRow = { id: user.id, email: user.email, name: user.name, role: user.role, active: user.active, lastLoginAt: user.last_login_at };
    const losesOwner = user.role === 'owner' && user.active && ((change.role !== undefined && change.role !== 'owner') || change.active === false);
    if (losesOwner && owners.length <= 1) throw new StaffUserError(`${address} is the only active owner: make someone else owner first (esim-hub staff set-role EMAIL owner)`);
    const after: StaffUserRow = { ...before, role: change.role ?? before.role, active: change.active === false ? false : before.active };
    if (after.role === before.role && after.active === before.active) return { before, after };
    await run(sql, q.updateTable('staff_users').set({ role: after.role, active: after.active }).where('id', '=', user.id));
    await run(sql, q.deleteFrom('staff_sessions').where('staff_user_id', '=', user.id));
    await recordAudit(sql, {
      by,
      action: change.active === false ? 'staff.disable' : 'staff.set_role',
      subject: `staff:${address}`,
      before: { role: before.role, active: before.active },
      after: { role: after.role, active: after.active },
      at: now,
    });
    return { before, after };
  });
}

const sessionId = (token: string) => createHash('sha256').update(token).digest('hex');

/** Checks the password; on success a new session (cookie token + CSRF token). Same answer for unknown email and wrong password. */
export async function logIn(db: Database, email: string, password: string, now = new Date()): Promise<{ token: string; session: StaffSessionInfo } | null> {
  const user = await db.prisma.staffUser.findUnique({ where: { email: email.trim().toLowerCase() } });
  const ok = user && user.active ? await verifyPassword(password, user.passwordHash) : await verifyPassword(password, 'scrypt$16384$8$AAAAAAAAAAAAAAAAAAAAAA==$AAAA'); // same work either way
  if (!user || !user.active || !ok) return null;
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  await db.prisma.$transaction([
    db.prisma.staffSession.create({ data: { id: sessionId(token), staffUserId: user.id, csrfToken, expiresAt: new Date(now.getTime() + SESSION_HOURS * 3_600_000) } }),
    db.prisma.staffUser.update({ where: { id: user.id }, data: { lastLoginAt: now } }),
  ]);
  return { token, session: { staffId: user.id, email: user.email, name: user.name, role: user.role, csrfToken } };
}

export async function sessionFor(db: Database, token: string | undefined, now = new Date()): Promise<StaffSessionInfo | null> {
  if (!token) return null;
  const session = await db.prisma.staffSession.findUnique({ where: { id: sessionId(token) }, include: { staffUser: true } });
  if (!session || session.expiresAt <= now || !session.staffUser.active) return null;
  return { staffId: session.staffUserId, email: session.staffUser.email, name: session.staffUser.name, role: session.staffUser.role, csrfToken: session.csrfToken };
}

export async function logOut(db: Database, token: string): Promise<void> {
  await db.prisma.staffSession.deleteMany({ where: { id: sessionId(token) } });
}
