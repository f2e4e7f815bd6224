import { normaliseAddress } from '../identities/addresses';

// A reseller's contact as staff add or change it (issue 15): the channel, the address in its one
// spelling (domain/identities/addresses), a role (owner and buyer order, a viewer only asks), a name.
// Pure: every problem is named at once; the store refuses an address another reseller already has.

export const CONTACT_CHANNELS = ['whatsapp', 'wechat', 'email'] as const;
export const CONTACT_ROLES = ['owner', 'buyer', 'viewer'] as const;
export type ContactChannel = (typeof CONTACT_CHANNELS)[number];
export type ContactRole = (typeof CONTACT_ROLES)[number];

export interface ContactInput {
  channel: string;
  address: string;
  role: string;
  name?: string;
}

export type ContactCheck = { ok: true; contact: { channel: ContactChannel; address: string; role: ContactRole; name: string | null } } | { ok: false; errors: string[] };

export function checkContact(input: ContactInput): ContactCheck {
  const errors: string[] = [];
  const channel = input.channel.trim().toLowerCase() as ContactChannel;
  if (!CONTACT_CHANNELS.includes(channel)) errors.push(`channel: one of ${CONTACT_CHANNELS.join(', ')}`);
  const address = normaliseAddress(channel, input.address);
  if (channel === 'whatsapp' && !/^\+[1-9]\d{7,14}$/.test(address)) errors.push('address: a WhatsApp number in international form, e.g. +66812345601');
  if (channel === 'email' && !/^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/.test(address)) errors.push('address: an email address, e.g. ops@example.com');
  if (channel === 'wechat' && !/^[A-Za-z][-_A-Za-z0-9]{5,39}$/.test(address)) errors.push('address: a WeChat id (6 to 40 letters, digits, - or _, starting with a letter)');
  const role = input.role.trim().toLowerCase() as ContactRole;
  if (!CONTACT_ROLES.includes(role)) errors.push(`role: one of ${CONTACT_ROLES.join(', ')} (a viewer cannot order)`);
  const name = input.name?.trim() ?? '';
  if (name.length > 100) errors.push('name: at most 100 characters');
  return errors.length > 0 ? { ok: false, errors } : { ok: true, contact: { channel, address, role, name: name || null } };
}
