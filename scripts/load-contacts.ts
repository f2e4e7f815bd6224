import type pg from 'pg';

/**
 * Web-chat contacts for a load script's resellers (bench, crash-test): `count` email addresses
 * spread over the seed's prepaid accounts, which demo mode funds.
 */
export async function addLoadContacts(db: pg.Pool | pg.Client, options: { prefix: string; count: number; contactName: string; topLevelOnly?: boolean }): Promise<string[]> {
  const prepaid = (
    await db.query<{ customer_id: string }>(`SELECT customer_id FROM customers WHERE account_type = 'prepaid' ${options.topLevelOnly ? 'AND parent_customer_id IS NULL' : ''} ORDER BY 1`)
  ).rows.map((r) => r.customer_id);
  const contacts = Array.from({ length: options.count }, (_, i) => `${options.prefix}-${i}@${options.prefix}.example`);
  await db.query(
    `INSERT INTO channel_identities (customer_id, channel, address, contact_name, role)
     SELECT unnest($1::text[]), 'email', unnest($2::text[]), $3, 'buyer'`,
    [contacts.map((_, i) => prepaid[i % prepaid.length]), contacts, options.contactName],
  );
  return contacts;
}
