import { lowBalanceStep, type SettlementEffect } from '../../domain/settlement/book';
import { formatMoney } from '../../domain/money';
import { texts } from '../../domain/replies/texts';
import type { Sql } from '../db/sql';
import { balanceOf } from '../ledger/ledger-store';
import type { CustomerRow } from '../pipeline/account';
import { enqueueReply } from '../pipeline/reply';
import { resellerThread } from './reseller-thread';
import { clearLowBalanceAlerted, setLowBalanceAlerted } from '../store/customers';

// Low-balance alerts: when a prepaid balance falls below the reseller's threshold, the reseller
// gets one message on their channel and one email (where they have an address), and staff see it
// (customers.low_balance_alerted_at, shown in the staff app and `reseller show`). Again only after
// the balance went back above. The rule is domain/settlement/book's lowBalanceStep.

/** The default threshold for resellers without their own, in USD minor units (LOW_BALANCE_THRESHOLD_USD). */
export const lowBalanceDefault = { usdMinor: 50_000 };

/** A reseller's threshold in their currency (SQL on customers c, $2 the default): their own, else the default at the latest rate. */
export const THRESHOLD_MINOR = `coalesce(c.low_balance_threshold_minor,
  CASE WHEN c.currency = 'USD' THEN $2::bigint
       ELSE round($2::numeric / 100 * (SELECT units_per_usd FROM fx_rates WHERE currency = c.currency ORDER BY rate_date DESC LIMIT 1)
                  * CASE WHEN c.currency IN ('VND', 'JPY', 'KRW') THEN 1 ELSE 100 END)::bigint END)`;

/** After a prepaid balance moved (an order paid from it; `balanceMinor` what is left, when the caller knows): alert or clear, as lowBalanceStep says. */
export async function checkLowBalance(sql: Sql, customer: CustomerRow, now: Date, balanceMinor: number | null = null): Promise<'alerted' | 'cleared' | null> {
  if (customer.accountType !== 'prepaid') return null;
  const [row] = await sql.query<{ threshold: string | null; alerted: boolean }>(
    `SELECT (${THRESHOLD_MINOR})::text AS threshold, c.low_balance_alerted_at IS NOT NULL AS alerted FROM customers c WHERE c.customer_id = $1`,
    [customer.id, lowBalanceDefault.usdMinor],
  );
  if (!row || row.threshold === null) return null;
  const reseller = {
    id: customer.id,
    accountType: customer.accountType,
    currency: customer.currency,
    lowBalanceThresholdMinor: Number(row.threshold),
    lowBalanceAlerted: row.alerted,
    latestThread: null, // read below, only when there is an alert to send
  };
  let balance = balanceMinor;
  if (balance === null) {
    const sides = await balanceOf(sql, `prepaid:${customer.id}`, customer.currency);
    balance = sides.creditsMinor - sides.debitsMinor; // a liability: what they paid in minus what was spent
  }
  const step = lowBalanceStep(reseller, balance, now);
  if (!step) return null;
  if (step.alert) step.alert.thread = await resellerThread(sql, customer.id, null);
  return (await writeLowBalance(sql, step, now)) ? (step.alerted ? 'alerted' : 'cleared') : null;
}

/** The flag, and an alert's message and email. False when another transaction set the flag first. */
export async function writeLowBalance(sql: Sql, step: Extract<SettlementEffect, { kind: 'low_balance' }>, now: Date): Promise<boolean> {
  if (!step.alerted) {
    await clearLowBalanceAlerted(sql, step.customerId);
    return true;
  }
  const claimed = await setLowBalanceAlerted(sql, step.customerId, now);
  if (!claimed || !step.alert) return false;
  const { alert } = step;
  const money = (minor: number) => formatMoney({ amountMinor: minor, currency: alert.currency });
  const thread = alert.thread;
  if (thread) await enqueueReply(sql, thread, alert.key, texts(thread.language).lowBalance(money(alert.balanceMinor), money(alert.thresholdMinor)), [], now);
  if (thread?.channel !== 'email') {
    // And by email, on a conversation of its own with their email identity.
    const [email] = await sql.query<{ id: number; conversation_key: string; language: string | null }>(
      `WITH identity AS (SELECT id, address FROM channel_identities WHERE customer_id = $1 AND channel = 'email' AND active ORDER BY (role = 'owner') DESC, id LIMIT 1)
       INSERT INTO conversations (channel, conversation_key, customer_id, channel_identity_id, updated_at)
       SELECT 'email', 'email:' || address, $1, id, now() FROM identity
       ON CONFLICT (conversation_key) DO UPDATE SET updated_at = conversations.updated_at
       RETURNING id, conversation_key, language`,
      [step.customerId],
    );
    if (email) await enqueueReply(sql, { id: email.id, channel: 'email', conversationKey: email.conversation_key }, `${alert.key}:email`, texts(email.language ?? thread?.language).lowBalance(money(alert.balanceMinor), money(alert.thresholdMinor)), [], now);
  }
  return true;
}
