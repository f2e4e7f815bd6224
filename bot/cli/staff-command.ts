import { parseArgs } from 'node:util';
import { z } from 'zod';
import { STAFF_ROLES, isStaffRole } from '../../domain/staff/roles';
import { loadConfig } from '../config';
import { migrateDatabase, openConfiguredDatabase } from '../db/prepare';
import { COMMAND_LINE } from '../store/audit';
import { generatePassword } from '../staff/passwords';
import { addStaffUser, changeStaffUser, listStaffUsers, StaffUserError } from '../staff/staff-users';

const USAGE = `Usage:
  esim-hub staff add EMAIL [--name NAME] [--role staff|finance|owner]
      Creates (or resets the password of) a staff sign-in. The password is the first line on stdin;
      without one, a strong one is generated and printed once. Without --role: owner for the first
      staff user of an empty database, staff after that.
  esim-hub staff list [--json]
  esim-hub staff set-role EMAIL staff|finance|owner
  esim-hub staff disable EMAIL
      Roles: staff (queue, conversations, orders for resellers, shipping), finance (payments,
      deposits, invoices, statements), owner (everything; alone approves customer prices, credit
      limits and tier changes). A role change or a disable ends the person's sessions at once and is
      kept in the audit trail; the last active owner cannot be demoted or disabled.
`;

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) return '';
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

const fail = (message: string, code = 2) => {
  process.stderr.write(`esim-hub: ${message}\n`);
  return code;
};

/** `esim-hub staff add|list|set-role|disable`: staff sign-ins and their roles. */
export async function staffCommand(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args, allowPositionals: true, options: { name: { type: 'string' }, role: { type: 'string' }, json: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false } } });
  } catch (error) {
    return fail(`${(error as Error).message}\n${USAGE}`);
  }
  const { positionals, values } = parsed;
  const [action, email, roleArg] = positionals;
  if (values.help || action === undefined || action === 'help') {
    process.stdout.write(USAGE);
    return values.help || action === 'help' ? 0 : 2;
  }
  if (!['add', 'list', 'set-role', 'disable'].includes(action)) return fail(`unknown staff command "${action}"\n${USAGE}`);
  const emailOk = z.string().email().safeParse(email);
  if (action !== 'list' && !emailOk.success) return fail(`${email === undefined ? 'an email address is required' : `"${email}" is not an email address`}\n${USAGE}`);
  const role = action === 'set-role' ? roleArg : values.role;
  if (role !== undefined && !isStaffRole(role)) return fail(`"${role}" is not a role: use one of ${STAFF_ROLES.join(', ')}`);
  if (action === 'set-role' && role === undefined) return fail(`set-role needs the new role: esim-hub staff set-role EMAIL ${STAFF_ROLES.join('|')}`);

  let password = '';
  let typed = '';
  if (action === 'add') {
    typed = (await readStdin()).split(/\r?\n/)[0]?.trim() ?? '';
    if (typed && typed.length < 12) return fail('the password must be at least 12 characters');
    password = typed || generatePassword();
  }
  const db = await openConfiguredDatabase(loadConfig(), 1);
  try {
    await migrateDatabase(db);
    if (action === 'list') {
      const users = await listStaffUsers(db);
      if (values.json) {
        process.stdout.write(`${JSON.stringify(users.map((u) => ({ email: u.email, name: u.name, role: u.role, active: u.active, lastLoginAt: u.lastLoginAt?.toISOString() ?? null })), null, 2)}\n`);
      } else if (users.length === 0) {
        process.stdout.write('No staff users yet: add one with esim-hub staff add EMAIL (the first is the owner).\n');
      } else {
        for (const u of users) process.stdout.write(`${u.email}\t${u.role}\t${u.active ? 'active' : 'disabled'}\t${u.name ?? ''}\t${u.lastLoginAt ? `last sign-in ${u.lastLoginAt.toISOString()}` : 'never signed in'}\n`);
      }
      return 0;
    }
    if (action === 'add') {
      await addStaffUser(db, { email: emailOk.data!, name: values.name, password, ...(role ? { role: role as (typeof STAFF_ROLES)[number] } : {}) });
      const [user] = (await listStaffUsers(db)).filter((u) => u.email === emailOk.data!.toLowerCase());
      if (!typed) process.stdout.write(`${password}\n`);
      process.stderr.write(`Staff sign-in ready for ${user!.email} (${user!.role})${typed ? '' : '; the password above is shown only once'}. Sign in at /staff.\n`);
      return 0;
    }
    const change = action === 'disable' ? { active: false as const } : { role: role as (typeof STAFF_ROLES)[number] };
    const { before, after } = await changeStaffUser(db, emailOk.data!, change, COMMAND_LINE);
    process.stdout.write(
      action === 'disable'
        ? `${after.email} is disabled${before.active ? '; their sessions have ended' : ' (it already was)'}\n`
        : `${after.email} is ${after.role}${before.role === after.role ? ' (it already was)' : ` (was ${before.role}); their sessions have ended`}\n`,
    );
    return 0;
  } catch (error) {
    if (error instanceof StaffUserError) return fail(error.message, 1);
    throw error;
  } finally {
    await db.close();
  }
}
