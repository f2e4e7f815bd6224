import { parseArgs } from 'node:util';
import { loadConfig } from '../config';
import { migrateDatabase } from '../db/prepare';
import { poolSql } from '../db/sql';
import { addContact, changeContact, ContactError } from '../resellers/contacts';
import { q, run } from '../store/query-builder';
import { staffActor } from './staff-actor';
import { subcommand, UsageError, type Command } from './command-line';
import { openCommandDatabase } from './open-database';

const USAGE = `Usage: esim-hub contacts list B2B-NNN [--json]
       esim-hub contacts add B2B-NNN whatsapp|wechat|email ADDRESS --role owner|buyer|viewer [--name NAME] --as STAFF_EMAIL
       esim-hub contacts set CONTACT_ID [--role owner|buyer|viewer] [--name NAME] [--active true|false] --as STAFF_EMAIL
         A reseller's contacts: the addresses the bot recognises as that reseller. Staff or an owner
         change them; every change is kept in the audit trail. A deactivated contact is no longer
         recognised (nothing is deleted); "add" with its address brings it back.`;

/** `esim-hub contacts list|add|set`: a reseller's contacts, as the resellers page changes them. */
async function contactsCommand(args: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      as: { type: 'string' },
      role: { type: 'string' },
      name: { type: 'string' },
      active: { type: 'string' },
    },
  });
  const [actionArg, ...rest] = positionals;
  const action = subcommand('contacts', actionArg, ['list', 'add', 'set'] as const);
  const shape = {
    list: 'esim-hub contacts list B2B-NNN',
    add: 'esim-hub contacts add B2B-NNN whatsapp|wechat|email ADDRESS --role ROLE --as STAFF_EMAIL',
    set: 'esim-hub contacts set CONTACT_ID [--role ROLE] [--name NAME] [--active true|false] --as STAFF_EMAIL',
  }[action];
  const words = { list: 1, add: 3, set: 1 }[action];
  if (rest.length !== words) throw new UsageError(`contacts ${action} ${rest.length < words ? 'needs' : 'takes only'} ${words === 1 ? 'one argument' : `${words} arguments`}: ${shape}`);
  if (action === 'set' && !/^\d+$/.test(rest[0]!)) throw new UsageError(`"${rest[0]}" is not a contact id (a number; esim-hub contacts list B2B-NNN shows them): ${shape}`);
  if (action !== 'list' && !values.as) throw new UsageError(`contacts ${action} needs --as STAFF_EMAIL (who is changing it): ${shape}`);
  if (action === 'add' && !values.role) throw new UsageError(`contacts add needs --role owner|buyer|viewer: ${shape}`);
  const active = values.active === undefined ? undefined : values.active === 'true' ? true : values.active === 'false' ? false : null;
  if (active === null) throw new UsageError(`--active is true or false (got "${values.active}")`);
  if (action === 'set' && values.role === undefined && values.name === undefined && active === undefined) throw new UsageError(`contacts set needs something to change: ${shape}`);
  const db = await openCommandDatabase(loadConfig());
  try {
    await migrateDatabase(db);
    if (action === 'list') {
      const customerId = rest[0]!.toUpperCase();
      const contacts = await run(poolSql(db.pool), q.selectFrom('channel_identities').select(['id', 'channel', 'address', 'contact_name', 'role', 'active']).where('customer_id', '=', customerId).orderBy('id'));
      if (contacts.length === 0) {
        process.stderr.write(`esim-hub: no contacts for ${customerId} (is it a reseller? esim-hub reseller list shows them)\n`);
        return 1;
      }
      process.stdout.write(
        values.json
          ? `${JSON.stringify(contacts.map((c) => ({ id: c.id, channel: c.channel, address: c.address, name: c.contact_name, role: c.role, active: c.active })))}\n`
          : `${contacts.map((c) => `${String(c.id).padStart(5)}  ${c.channel.padEnd(8)}  ${c.address.padEnd(32)}  ${c.role.padEnd(6)}  ${c.active ? 'active  ' : 'inactive'}  ${c.contact_name ?? ''}`.trimEnd()).join('\n')}\n`,
      );
      return 0;
    }
    const staff = await staffActor(db, values.as);
    if (!staff) return 1;
    const editor = { staffId: staff.id, role: staff.role };
    if (action === 'add') {
      const [customerId, channel, address] = rest as [string, string, string];
      const id = await addContact(db, customerId.toUpperCase(), { channel, address, role: values.role!, ...(values.name !== undefined ? { name: values.name } : {}) }, editor);
      process.stdout.write(`Contact ${id}: ${channel.toLowerCase()} ${address} is now a ${values.role!.toLowerCase()} of ${customerId.toUpperCase()}; added by ${staff.email}\n`);
      return 0;
    }
    const id = Number(rest[0]);
    await changeContact(db, id, { ...(values.role !== undefined ? { role: values.role } : {}), ...(values.name !== undefined ? { name: values.name } : {}), ...(typeof active === 'boolean' ? { active } : {}) }, editor);
    process.stdout.write(`Contact ${id} changed by ${staff.email}\n`);
    return 0;
  } catch (error) {
    if (error instanceof ContactError) {
      process.stderr.write(`esim-hub: ${error.message}\n`);
      return error.code === 'invalid' ? 2 : 1;
    }
    throw error;
  } finally {
    await db.close();
  }
}

export const command: Command = { usage: USAGE, run: contactsCommand };
