import { parseArgs } from 'node:util';
import { z } from 'zod';
import { loadConfig } from '../config';
import { migrateDatabase, openConfiguredDatabase } from '../db/prepare';
import { generatePassword } from '../staff/passwords';
import { addStaffUser } from '../staff/staff-users';

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) return '';
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * `esim-hub staff add EMAIL [--name NAME] [--role staff|finance|owner]`: creates (or resets) a staff
 * sign-in. The password is the first line on stdin; without one, a strong one is generated and
 * printed once.
 */
export async function staffCommand(args: string[]): Promise<number> {
  const { positionals, values } = parseArgs({ args, allowPositionals: true, options: { name: { type: 'string' }, role: { type: 'string', default: 'staff' } } });
  const [action, email] = positionals;
  const emailOk = z.string().email().safeParse(email);
  const role = z.enum(['staff', 'finance', 'owner']).safeParse(values.role);
  if (action !== 'add' || !emailOk.success || !role.success) {
    process.stderr.write('Usage: esim-hub staff add EMAIL [--name NAME] [--role staff|finance|owner]   (password on stdin, or one is generated)\n');
    return 2;
  }
  const typed = (await readStdin()).split(/\r?\n/)[0]?.trim() ?? '';
  if (typed && typed.length < 12) {
    process.stderr.write('The password must be at least 12 characters.\n');
    return 2;
  }
  const password = typed || generatePassword();
  const db = await openConfiguredDatabase(loadConfig(), 1);
  try {
    await migrateDatabase(db);
    await addStaffUser(db, { email: emailOk.data, name: values.name, password, role: role.data });
    if (!typed) process.stdout.write(`${password}\n`);
    process.stderr.write(`Staff sign-in ready for ${emailOk.data.toLowerCase()} (${role.data})${typed ? '' : '; the password above is shown only once'}. Sign in at /staff.\n`);
    return 0;
  } finally {
    await db.close();
  }
}
