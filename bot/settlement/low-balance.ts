import { lowBalanceStep, type SettlementEffect } from '../../domain/settlement/book';
import { formatMoney } from '../../domain/money';
import { texts } from '../../domain/replies/texts';
import type { Sql } from '../db/sql';
import { balanceOf } from '../ledger/ledger-store';
import type { CustomerRow } from '../pipeline/account';
import { enqueueReply } from '../pipeline/reply';
import { resellerEmailThread, resellerThread } from './reseller-thread';
import { clearLowBalanceAlerted, setLowBalanceAlerted } from '../store/customers';
import { lowBalanceState } from '../store/fx-rates';

// Low-balance alerts: when a prepaid balance falls below the reseller's threshold, the reseller
// gets one message on their channel and one email (where they have an address), and staff see it
// (customers.low_balance_alerted_at, shown in the staff app and `reseller show`). Again only after
// the balance went back above. The rule is domain/settlement/book's lowBalanceStep.

/** The default threshold for resellers without their own, in USD minor units (LOW_BALANCE_THRESHOLD_USD). */
export const lowBalanceDefault = { usdMinor: 50_000 };

/** After a prepaid balance moved (an order paid from it; `balanceMinor` what is left, when the caller knows): alert or clear, as lowBalanceStep says. */
export async function checkLowBalance(sql: Sql, customer: CustomerRow, now: Date, balanceMinor: number | null = null): Promise<'alerted' | 'cleared' | null> {
  if (customer.accountType !== 'prepaid') return null;
  const row = await lowBalanceState(sql, customer.id, lowBalanceDefault.usdMinor);
  if (!row || row.threshold === null) return null;
  const reseller = {
    id: customer.id,
    accountType: customer.accountType,
    currency: customer.currency,
    lowBalanceThresholdMinor: row.threshold,
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
  // And by email, on a conversation of its own with their email identity. Found (and so locked)
  // before either reply is queued, as sendDocument does: a reply locks its conversation, and the
  // other order deadlocked with a document sent to the same reseller at the same moment.
  const email = thread?.channel !== 'email' ? await resellerEmailThread(sql, step.customerId) : null;
  if (thread) await enqueueReply(sql, thread, alert.key, texts(thread.language).lowBalance(money(alert.balanceMinor), money(alert.thresholdMinor)), [], now);
  if (email) await enqueueReply(sql, email, `${alert.key}:email`, texts(email.language ?? thread?.language).lowBalance(money(alert.balanceMinor), money(alert.thresholdMinor)), [], now);
  return true;
}
