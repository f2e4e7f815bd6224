import { checkContact, CONTACT_ROLES, type ContactInput, type ContactRole } from '../../domain/resellers/contacts';
import { can, refusal, type StaffRole } from '../../domain/staff/roles';
import type { Database } from '../db/database';
import { transaction } from '../db/sql';
import { recordAudit } from '../store/audit';
import { q, run } from '../store/query-builder';

// Staff add a contact to a reseller, change its role or name, or deactivate it (issue 15): the desk's
// work (staff or owner), audited. A deactivated contact is no longer recognised: the bot treats the
// address as unknown from then on; nothing is deleted.

export class ContactError extends Error {
  constructor(readonly code: 'invalid' | 'forbidden' | 'not_found' | 'conflict', message: string) {
    super(message);
  }
}

interface Editor {
  staffId: number;
  role: StaffRole;
}

function mayEdit(editor: Editor): void {
  if (!can(editor.role, 'desk')) throw new ContactError('forbidden', `changing contacts: ${refusal(editor.role, 'desk')}`);
}

export async function addContact(db: Database, customerId: string, input: ContactInput, editor: Editor, now = new Date()): Promise<number> {
  mayEdit(editor);
  const checked = checkContact(input);
  if (!checked.ok) throw new ContactError('invalid', checked.errors.join('; '));
  const c = checked.contact;
  return transaction(db.pool, async (sql) => {
    const [customer] = await run(sql, q.selectFrom('customers').select('customer_id').where('customer_id', '=', customerId).forUpdate());
    if (!customer) throw new ContactError('not_found', `no reseller ${customerId}`);
    const [taken] = await run(sql, q.selectFrom('channel_identities').select(['id', 'customer_id', 'active']).where('channel', '=', c.channel).where('address', '=', c.address));
    if (taken && taken.customer_id !== customerId) throw new ContactError('conflict', `${c.address} is already a contact of ${taken.customer_id}${taken.active ? '' : ' (deactivated)'}`);
    let id: number;
    if (taken) {
      // The same reseller's deactivated contact comes back with its new role.
      await run(sql, q.updateTable('channel_identities').set({ active: true, role: c.role, contact_name: c.name }).where('id', '=', taken.id));
      id = taken.id;
    } else {
      const [row] = await run(sql, q.insertInto('channel_identities').values({ customer_id: customerId, channel: c.channel, address: c.address, contact_name: c.name, role: c.role }).returning('id'));
      id = row!.id;
    }
    await recordAudit(sql, { by: editor.staffId, action: 'contact.add', subject: `contact:${id}`, customerId, after: { channel: c.channel, address: c.address, role: c.role, name: c.name }, at: now });
    return id;
  });
}

export async function changeContact(db: Database, contactId: number, change: { role?: string; name?: string; active?: boolean }, editor: Editor, now = new Date()): Promise<void> {
  mayEdit(editor);
  const role = change.role?.trim().toLowerCase();
  if (role !== undefined && !CONTACT_ROLES.includes(role as ContactRole)) throw new ContactError('invalid', `role: one of ${CONTACT_ROLES.join(', ')}`);
  if (change.name !== undefined && change.name.trim().length > 100) throw new ContactError('invalid', 'name: at most 100 characters');
  await transaction(db.pool, async (sql) => {
    const [contact] = await run(sql, q.selectFrom('channel_identities').select(['id', 'customer_id', 'role', 'contact_name', 'active', 'address']).where('id', '=', contactId).forUpdate());
    if (!contact) throw new ContactError('not_found', `no contact ${contactId}`);
    const after = { role: (role as ContactRole | undefined) ?? contact.role, name: change.name !== undefined ? change.name.trim() || null : contact.contact_name, active: change.active ?? contact.active };
    const before = { role: contact.role, name: contact.contact_name, active: contact.active };
    if (JSON.stringify(after) === JSON.stringify(before)) return;
    await run(sql, q.updateTable('channel_identities').set({ role: after.role, contact_name: after.name, active: after.active }).where('id', '=', contactId));
    await recordAudit(sql, { by: editor.staffId, action: after.active ? 'contact.change' : 'contact.deactivate', subject: `contact:${contactId}`, customerId: contact.customer_id, before: { ...before, address: contact.address }, after, at: now });
  });
}
