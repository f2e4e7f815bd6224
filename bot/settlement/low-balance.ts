import { formatMoney } from '../../domain/money';
import { texts } from '../../domain/replies/texts';
import type { Sql } from '../db/sql';
import { accountPosition, type CustomerRow } from '../pipeline/account';
import { enqueueReply } from '../pipeline/reply';
import { resellerThread } from './reseller-thread';

// Low-balance alerts: when a prepaid balance falls below the reseller's threshold, the reseller
// gets one message on their channel and one email (where they have an address), and staff see it
// (customers.low_balance_alerted_at, shown in the staff app and `reseller show`). Again only after
// the balance went back above.

/** The default threshold for resellers without their own, in USD minor units (LOW_BALANCE_THRESHOLD_USD). */
export const lowBalanceDefault = { usdMinor: 50_000 };

export async function checkLowBalance(sql: Sql, customer: CustomerRow, now: Date): Promise<'alerted' | 'cleared' | null> {
  if (customer.accountType !== 'prepaid') return null;
  const [row] = await sql.query<{ threshold: string | null; alerted: boolean }>(
    `SELECT coalesce(c.low_balance_threshold_minor,
              CASE WHEN trim(c.currency) = 'USD' THEN $2::bigint
                   ELSE round($2::numeric / 100 * (SELECT units_per_usd FROM fx_rates WHERE currency = c.currency ORDER BY rate_date DESC LIMIT 1)
                              * CASE WHEN trim(c.currency) IN ('VND', 'JPY', 'KRW') THEN 1 ELSE 100 END)::bigint END)::text AS threshold,
            c.low_balance_alerted_at IS NOT NULL AS alerted
     FROM customers c WHERE c.customer_id = $1`,
    [customer.id, lowBalanceDefault.usdMinor],
  );
  if (!row || row.threshold === null) return null;
  const threshold = Number(row.threshold);
  const balance = (await accountPosition(sql, customer)).prepaidAvailableMinor;
  if (balance >= threshold) {
    if (!row.alerted) return null;
    await sql.query(`UPDATE customers SET low_balance_alerted_at = NULL WHERE customer_id = $1`, [customer.id]);
    return 'cleared';
  }
  if (row.alerted) return null;
  const [claimed] = await sql.query<{ customer_id: string }>(
    `UPDATE customers SET low_balance_alerted_at = $2 WHERE customer_id = $1 AND low_balance_alerted_at IS NULL RETURNING customer_id`,
    [customer.id, now],
  );
  if (!claimed) return null;
  const money = (minor: number) => formatMoney({ amountMinor: minor, currency: customer.currency });
  const key = `low-balance:${customer.id}:${now.toISOString()}`;
  const thread = await resellerThread(sql, customer.id, null);
  if (thread) await enqueueReply(sql, thread, key, texts(thread.language).lowBalance(money(balance), money(threshold)), [], now);
  if (thread?.channel !== 'email') {
    // And by email, on a conversation of its own with their email identity.
    const [email] = await sql.query<{ id: number; conversation_key: string; language: string | null }>(
      `WITH identity AS (SELECT id, address FROM channel_identities WHERE customer_id = $1 AND channel = 'email' AND active ORDER BY (role = 'owner') DESC, id LIMIT 1)
       INSERT INTO conversations (channel, conversation_key, customer_id, channel_identity_id, updated_at)
       SELECT 'email', 'email:' || address, $1, id, now() FROM identity
       ON CONFLICT (conversation_key) DO UPDATE SET updated_at = conversations.updated_at
       RETURNING id, conversation_key, language`,
      [customer.id],
    );
    if (email) await enqueueReply(sql, { id: email.id, channel: 'email', conversationKey: email.conversation_key }, `${key}:email`, texts(email.language ?? thread?.language).lowBalance(money(balance), money(threshold)), [], now);
  }
  return 'alerted';
}
