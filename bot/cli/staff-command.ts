import { parseArgs } from 'node:util';
import { z } from 'zod';
import { STAFF_ROLES, isStaffRole } from '../../domain/staff/roles';
import { loadConfig } from '../config';
import { migrateDatabase } from '../db/prepare';
import { COMMAND_LINE } from '../store/audit';
import { generatePassword } from '../staff/passwords';
import { addStaffUser, changeStaffUser, listStaffUsers, StaffUserError } from '../staff/staff-users';
import { subcommand, type Command } from './command-line';
import { openCommandDatabase } from './open-database';

const USAGE = `Usage:
  esim-hub staff add EMAIL [--name NAME] [--role staff|finance|owner]
      Creates a staff sign-in. The password is the first line on stdin; without one, a strong one is
      generated and printed once. Without --role: owner for the first staff user of an empty
      database, staff after that. An address that already has a sign-in is refused.
  esim-hub staff add EMAIL --reset-password [--name NAME]
      Gives an existing sign-in a new password (stdin or generated, as above) and enables it again if
      it was disabled; the role stays (change it with set-role).
  esim-hub staff list [--json]
  esim-hub staff set-role EMAIL staff|finance|owner
  esim-hub staff disable EMAIL
      Roles: staff (queue, conversations, orders for resellers, shipping), finance (payments,
      deposits, invoices, statements), owner (everything; alone approves customer prices, credit
      limits and tier changes). A role change or a disable ends the person's sessions at once and is
      kept in the audit trail; the last active owner cannot be demoted or disabled.`;

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
async function staffCommand(args: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    options: { name: { type: 'string' }, role: { type: 'string' }, json: { type: 'boolean', default: false }, 'reset-password': { type: 'boolean', default: false } },
  });
  const [actionArg, email, roleArg] = positionals;
  const action = subcommand('staff', actionArg, ['add', 'list', 'set-role', 'disable'] as const);
  const wordsMax = { add: 2, list: 1, 'set-role': 3, disable: 2 }[action];
  if (positionals.length > wordsMax) return fail(`staff ${action} does not take "${positionals[wordsMax]}" (esim-hub staff --help)`);
  const emailOk = z.string().email().safeParse(email);
  if (action !== 'list' && !emailOk.success) {
    return fail(email === undefined ? `staff ${action} needs an email address: esim-hub staff ${action} EMAIL${action === 'set-role' ? ` ${STAFF_ROLES.join('|')}` : ''}` : `"${email}" is not an email address`);
  }
  const role = action === 'set-role' ? roleArg : values.role;
  if (role !== undefined && !isStaffRole(role)) return fail(`"${role}" is not a role: use one of ${STAFF_ROLES.join(', ')}`);
  if (action === 'set-role' && role === undefined) return fail(`set-role needs the new role: esim-hub staff set-role EMAIL ${STAFF_ROLES.join('|')}`);
  const reset = values['reset-password'];
  if (reset && action !== 'add') return fail(`--reset-password goes with staff add: esim-hub staff add EMAIL --reset-password`);
  if (reset && values.role !== undefined) return fail(`--reset-password keeps the role; change it with esim-hub staff set-role ${email} ${values.role}`);

  let password = '';
  let typed = '';
  if (action === 'add') {
    typed = (await readStdin()).split(/\r?\n/)[0]?.trim() ?? '';
    if (typed && typed.length < 12) return fail('the password must be at least 12 characters');
    password = typed || generatePassword();
  }
  const db = await openCommandDatabase(loadConfig());
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
      const address = emailOk.data!.toLowerCase();
      const existing = await db.prisma.staffUser.findUnique({ where: { email: address } });
      // Adding someone who is already there would silently replace their password: that is a reset, asked for by name.
      if (existing && !reset) {
        return fail(`${address} already has a staff sign-in${existing.active ? '' : ' (disabled)'}; to give it a new password: esim-hub staff add ${address} --reset-password`, 1);
      }
      if (!existing && reset) return fail(`no staff sign-in ${address} to reset; to create one, leave out --reset-password`, 1);
      await addStaffUser(db, { email: address, name: values.name, password, ...(role ? { role: role as (typeof STAFF_ROLES)[number] } : {}) });
      const [user] = (await listStaffUsers(db)).filter((u) => u.email === address);
      if (!typed) process.stdout.write(`${password}\n`);
      const shownOnce = typed ? '' : '; the password above is shown only once';
      process.stderr.write(
        reset
          ? `New password set for ${user!.email} (${user!.role})${existing!.active ? '' : ', enabled again'}${shownOnce}.\n`
          : `Staff sign-in ready for ${user!.email} (${user!.role})${shownOnce}. Sign in at /staff.\n`,
      );
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

export const command: Command = { usage: USAGE, run: staffCommand };
