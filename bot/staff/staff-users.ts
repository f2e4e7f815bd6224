import { createHash, randomBytes } from 'node:crypto';
import type { Database } from '../db/database';
import { hashPassword, verifyPassword } from './passwords';

export const SESSION_HOURS = 12;

export interface StaffSessionInfo {
  staffId: number;
  email: string;
  name: string | null;
  csrfToken: string;
}

export async function addStaffUser(db: Database, input: { email: string; name?: string; password: string; role?: 'staff' | 'finance' | 'owner' }): Promise<number> {
  const email = input.email.trim().toLowerCase();
  const user = await db.prisma.staffUser.upsert({
    where: { email },
    create: { email, name: input.name ?? null, passwordHash: await hashPassword(input.password), role: input.role ?? 'staff' },
    update: { name: input.name ?? undefined, passwordHash: await hashPassword(input.password), active: true },
  });
  return user.id;
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
  return { token, session: { staffId: user.id, email: user.email, name: user.name, csrfToken } };
}

export async function sessionFor(db: Database, token: string | undefined, now = new Date()): Promise<StaffSessionInfo | null> {
  if (!token) return null;
  const session = await db.prisma.staffSession.findUnique({ where: { id: sessionId(token) }, include: { staffUser: true } });
  if (!session || session.expiresAt <= now || !session.staffUser.active) return null;
  return { staffId: session.staffUserId, email: session.staffUser.email, name: session.staffUser.name, csrfToken: session.csrfToken };
}

export async function logOut(db: Database, token: string): Promise<void> {
  await db.prisma.staffSession.deleteMany({ where: { id: sessionId(token) } });
}
