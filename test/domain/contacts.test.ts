import { checkContact } from '../../domain/resellers/contacts';

// Issue 15: a contact as staff type it, in its one spelling, every problem named.
test('addresses in one spelling; bad ones named with what is expected', () => {
  expect(checkContact({ channel: 'WhatsApp', address: '+34 611 22 33 44', role: 'Buyer', name: ' Lucía ' })).toEqual({ ok: true, contact: { channel: 'whatsapp', address: '+34611223344', role: 'buyer', name: 'Lucía' } });
  expect(checkContact({ channel: 'email', address: 'Ops@Example.COM', role: 'viewer' })).toEqual({ ok: true, contact: { channel: 'email', address: 'ops@example.com', role: 'viewer', name: null } });
  expect(checkContact({ channel: 'wechat', address: 'wxid_abc123', role: 'owner' }).ok).toBe(true);
  expect(checkContact({ channel: 'fax', address: '12345', role: 'admin' })).toEqual({ ok: false, errors: ['channel: one of whatsapp, wechat, email', 'role: one of owner, buyer, viewer (a viewer cannot order)'] });
  expect(checkContact({ channel: 'whatsapp', address: '0612345', role: 'buyer' })).toEqual({ ok: false, errors: ['address: a WhatsApp number in international form, e.g. +66812345601'] });
});
