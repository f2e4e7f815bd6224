import type { Database } from '../db/database';

/** The active staff member a command acts as (`--as EMAIL`); null, with the fix printed, when there is none. */
export async function staffActor(db: Database, email: string | undefined) {
  const staff = email ? await db.prisma.staffUser.findUnique({ where: { email: email.trim().toLowerCase() } }) : null;
  if (staff && staff.active) return staff;
  process.stderr.write(`esim-hub: no active staff member ${email ?? '(none given)'}; add one with: esim-hub staff add ${email ?? 'EMAIL'}\n`);
  return null;
}
