import * as events from '../../domain/ledger/events';
import { formatMoney } from '../../domain/money';
import { texts } from '../../domain/replies/texts';
import type { Sql } from '../db/sql';
import { postEntry } from '../ledger/ledger-store';
import { payOrder } from '../orders/confirm-order';
import { accountPosition, CUSTOMER_COLUMNS, customerRow, type CustomerRow } from '../pipeline/account';
import { enqueueReply } from '../pipeline/reply';
import { OPEN_MINOR } from './deposit-facts';
import { checkLowBalance } from './low-balance';
import { resellerThread } from './reseller-thread';

// What a deposit matched to a reseller does, in the caller's transaction (SPEC "Settlement"):
// prepaid, it tops up the balance and releases the order it names, or else the oldest orders the
// balance now covers; postpaid, it pays the named order, then the oldest. The reseller is told on
// their own channel and thread. Every effect is one ledger entry keyed on the deposit.

export interface CreditInput {
  depositId: number;
  customerId: string;
  /** The order the remittance named (or staff chose); paid first. */
  orderId: number | null;
  received: { amountMinor: number; currency: string; usdMinor: number };
  /** In the reseller's currency. */
  creditedMinor: number;
  /** From the bank (matched on import) or from suspense (matched later by staff). */
  from: 'bank' | 'suspense';
  now: Date;
}

export interface CreditResult {
  /** Orders this deposit paid: the bot starts their fulfilment after the commit. */
  ordersToFulfil: number[];
  released: string[];
}

async function lockedCustomer(sql: Sql, customerId: string): Promise<CustomerRow> {
  // The reseller first, as every transaction that moves their money (see processMessage).
  const [row] = await sql.query<Record<string, unknown>>(`SELECT ${CUSTOMER_COLUMNS} FROM customers WHERE customer_id = $1 FOR NO KEY UPDATE`, [customerId]);
  if (!row) throw new Error(`customer ${customerId} does not exist`);
  return customerRow(row);
}

/** A journal-entry key for the next effect of a deposit: deposit:<id>:<n>. */
export async function nextDepositKey(sql: Sql, depositId: number): Promise<string> {
  const [row] = await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM journal_entries WHERE idempotency_key LIKE $1`, [`deposit:${depositId}:%`]);
  return `deposit:${depositId}:${row!.n + 1}`;
}

export async function creditDeposit(sql: Sql, input: CreditInput): Promise<CreditResult> {
  const customer = await lockedCustomer(sql, input.customerId);
  const money = (minor: number) => formatMoney({ amountMinor: minor, currency: customer.currency });
  const entry = events.depositCredited(
    {
      customerId: customer.id,
      account: customer.accountType === 'prepaid' ? 'prepaid' : 'receivable',
      from: input.from,
      amounts: { received: input.received, credited: { amountMinor: input.creditedMinor, currency: customer.currency } },
    },
    await nextDepositKey(sql, input.depositId),
    `Deposit ${input.depositId} from the bank for ${customer.id}`,
    input.now.toISOString(),
  );
  const posted = await postEntry(sql, entry);
  if (!posted.ok) throw new Error(`deposit ${input.depositId}: the ledger refused the credit (${posted.code})`);
  await sql.query(`UPDATE bank_deposits SET credited_minor = $2 WHERE id = $1`, [input.depositId, input.creditedMinor]);

  const result: CreditResult = { ordersToFulfil: [], released: [] };
  const thread = await resellerThread(sql, customer.id, input.orderId);
  const t = texts(thread?.language);
  const tell = async (text: string, key: string, ref = thread) => {
    if (ref) await enqueueReply(sql, ref, `deposit:${input.depositId}:${key}`, text, [], input.now);
  };

  if (customer.accountType === 'prepaid') {
    // The named order first, then the oldest; every one the balance now covers is paid.
    const waiting = await sql.query<{ id: number; reference: string }>(
      `SELECT id, reference FROM orders WHERE customer_id = $1 AND status = 'awaiting_payment' ORDER BY (id = $2) DESC, id LIMIT 50`,
      [customer.id, input.orderId],
    );
    let short: { reference: string; missingMinor: number; quoteRef: string; orderId: number } | null = null;
    for (const order of waiting) {
      const outcome = await payOrder(sql, { orderId: order.id, customer, now: input.now });
      if (outcome.kind === 'paid') {
        await sql.query(`INSERT INTO payment_allocations (deposit_id, order_id, amount_minor) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, [input.depositId, order.id, outcome.amountMinor]);
        await sql.query(`UPDATE conversations SET state = 'placing', state_data = jsonb_build_object('orderRef', $2::text), version = version + 1, updated_at = now()
                         WHERE id = (SELECT conversation_id FROM orders WHERE id = $1) AND state = 'awaiting_payment'`, [order.id, order.reference]);
        result.ordersToFulfil.push(order.id);
        result.released.push(order.reference);
        const orderThread = await resellerThread(sql, customer.id, order.id);
        await tell(texts(orderThread?.language).paymentReleased(money(input.creditedMinor), order.reference), `released:${order.id}`, orderThread);
      } else if (outcome.kind === 'awaiting_payment' && short === null) {
        short = { reference: order.reference, missingMinor: outcome.missingMinor, quoteRef: outcome.quoteRef, orderId: order.id };
      }
    }
    if (result.released.length === 0) {
      if (short) {
        const orderThread = await resellerThread(sql, customer.id, short.orderId);
        await tell(texts(orderThread?.language).paymentShort(money(input.creditedMinor), short.reference, money(short.missingMinor), short.quoteRef), 'short', orderThread);
      } else {
        const position = await accountPosition(sql, customer);
        await tell(t.topUpReceived(money(input.creditedMinor), money(position.prepaidAvailableMinor)), 'topup');
      }
    }
    await checkLowBalance(sql, customer, input.now);
    return result;
  }

  // Postpaid: what it pays, the named order first, then the oldest; more than they owe stays as credit.
  const open = await sql.query<{ id: number; open_minor: string }>(
    `SELECT o.id, (${OPEN_MINOR})::text AS open_minor FROM orders o
     WHERE o.customer_id = $1 AND o.payment_method = 'postpaid' AND o.status NOT IN ('cancelled', 'failed')
     ORDER BY (o.id = $2) DESC, o.id LIMIT 500`,
    [customer.id, input.orderId],
  );
  let left = input.creditedMinor;
  for (const order of open) {
    const due = Number(order.open_minor);
    if (left <= 0) break;
    if (due <= 0) continue;
    const paid = Math.min(due, left);
    await sql.query(`INSERT INTO payment_allocations (deposit_id, order_id, amount_minor) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, [input.depositId, order.id, paid]);
    left -= paid;
  }
  const position = await accountPosition(sql, customer);
  const usd = (minor: number) => formatMoney({ amountMinor: minor, currency: 'USD' });
  await tell(t.paymentReceivedPostpaid(money(input.creditedMinor), usd(Math.max(0, position.outstandingUsdMinor))), 'postpaid');
  return result;
}
