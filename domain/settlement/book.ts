import type { ChannelName } from '../channels';
import { accountKey } from '../ledger/accounts';
import { applyPostings, type AccountSides } from '../ledger/balances';
import type { EntryDraft } from '../ledger/entry';
import * as events from '../ledger/events';
import { formatMoney } from '../money';
import { texts } from '../replies/texts';

// What a deposit matched to a reseller does (SPEC "Settlement"), decided on an in-memory copy of
// the resellers' accounts (the settlement book) and returned as effects that bot/settlement writes
// in bulk. Prepaid: it tops up the balance and releases the order it names, or else the oldest
// orders the balance now covers. Postpaid: it pays the named order, then the oldest. The reseller
// is told on their own thread. The book is the caller's working copy: each credit updates it, so
// the next deposit of the same file sees what this one did.

export type ThreadChannel = ChannelName;

export interface Thread {
  id: number;
  channel: ThreadChannel;
  conversationKey: string;
  language: string | null;
}

export interface BookCustomer {
  id: string;
  accountType: 'prepaid' | 'postpaid';
  currency: string;
  active: boolean;
  /** Postpaid: receivables plus postpaid orders in flight, in USD minor units. */
  outstandingUsdMinor: number;
  /** The low-balance threshold in the reseller's currency (null: none), and whether they were alerted. */
  lowBalanceThresholdMinor: number | null;
  lowBalanceAlerted: boolean;
  /** Their latest conversation (not onboarding): where a message about money goes without an order. */
  latestThread: Thread | null;
}

export interface BookOrder {
  id: number;
  reference: string;
  customerId: string;
  status: string;
  paymentMethod: string | null;
  currency: string;
  totalMinor: number;
  totalUsdMinor: number;
  /** What a reseller quotes when wiring the rest: the order's quote, else the order itself. */
  payReference: string;
  /** Still to pay: an order waiting for payment, or a postpaid order not paid in full. */
  openMinor: number;
  thread: Thread | null;
}

export interface SettlementBook {
  customers: Map<string, BookCustomer>;
  /** Orders of the book's resellers that a deposit can pay (and any order a remittance named). */
  orders: Map<number, BookOrder>;
  /** The same orders by reseller, oldest first. */
  byCustomer: Map<string, BookOrder[]>;
  /** Orders waiting for payment, of any reseller, newest first (staff are offered those of a deposit's amount). */
  awaitingNewestFirst: BookOrder[];
  /** Limited accounts (prepaid balances and holds) by accountKey. */
  balances: Map<string, AccountSides>;
}

export type SettlementEffect =
  | { kind: 'ledger'; draft: EntryDraft }
  | { kind: 'allocation'; depositId: number; orderId: number; amountMinor: number }
  | { kind: 'order_paid'; orderId: number; orderRef: string; method: 'prepaid' }
  | { kind: 'message'; thread: Thread; key: string; text: string }
  | { kind: 'low_balance'; customerId: string; alerted: boolean; alert: { key: string; balanceMinor: number; thresholdMinor: number; currency: string; thread: Thread | null } | null };

export interface CreditInput {
  depositId: number;
  customerId: string;
  /** The order the remittance named (or staff chose); paid first. */
  orderId: number | null;
  /** Postpaid: orders paid next, before the oldest (the orders of an invoice the remittance named). */
  firstOrderIds?: readonly number[];
  received: { amountMinor: number; currency: string; usdMinor: number };
  /** In the reseller's currency. */
  creditedMinor: number;
  /** From the bank (matched on import) or from suspense (matched later by staff). */
  from: 'bank' | 'suspense';
  /** The credit's journal-entry key: deposit:<id>:<n>. */
  entryKey: string;
  now: Date;
}

export interface CreditResult {
  effects: SettlementEffect[];
  /** Orders this deposit paid: the bot starts their fulfilment after the commit. */
  ordersToFulfil: number[];
  released: string[];
}

/** At most this many waiting orders are looked at per prepaid deposit, at most this many open ones per postpaid payment. */
const PREPAID_WAITING_MAX = 50;
const POSTPAID_OPEN_MAX = 500;

export function prepaidAvailable(book: SettlementBook, customer: Pick<BookCustomer, 'id' | 'currency'>): number {
  const sides = book.balances.get(accountKey(`prepaid:${customer.id}`, customer.currency));
  return sides ? sides.creditsMinor - sides.debitsMinor : 0;
}

/** A draft applied to the book's limited balances; false (and nothing changed) when it would overdraw one. */
function apply(book: SettlementBook, draft: EntryDraft): { ok: true } | { ok: false; shortMinor: number } {
  const check = applyPostings(book.balances, draft.postings);
  if (!check.ok) return { ok: false, shortMinor: check.shortMinor };
  for (const posting of draft.postings) {
    const { account } = posting;
    if (account.debitsMustNotExceedCredits || account.creditsMustNotExceedDebits) {
      const key = accountKey(account.code, account.currency);
      book.balances.set(key, check.next.get(key)!);
    }
  }
  return { ok: true };
}

/** The thread for a message about an order: its own conversation, else the reseller's latest. */
function threadFor(book: SettlementBook, customer: BookCustomer, orderId: number | null): Thread | null {
  return (orderId !== null ? book.orders.get(orderId)?.thread : null) ?? customer.latestThread;
}

export function creditToBook(book: SettlementBook, input: CreditInput): CreditResult {
  const customer = book.customers.get(input.customerId);
  if (!customer) throw new Error(`settlement book: reseller ${input.customerId} was not loaded`);
  const money = (minor: number) => formatMoney({ amountMinor: minor, currency: customer.currency });
  const effects: SettlementEffect[] = [];
  const result: CreditResult = { effects, ordersToFulfil: [], released: [] };
  const credit = events.depositCredited(
    {
      customerId: customer.id,
      account: customer.accountType === 'prepaid' ? 'prepaid' : 'receivable',
      from: input.from,
      amounts: { received: input.received, credited: { amountMinor: input.creditedMinor, currency: customer.currency } },
    },
    input.entryKey,
    `Deposit ${input.depositId} from the bank for ${customer.id}`,
    input.now.toISOString(),
  );
  if (!apply(book, credit).ok) throw new Error(`deposit ${input.depositId}: the ledger refused the credit`);
  effects.push({ kind: 'ledger', draft: credit });
  for (const posting of credit.postings) if (posting.account.code === `receivable:${customer.id}`) customer.outstandingUsdMinor += posting.usdMinor;

  const thread = threadFor(book, customer, input.orderId);
  const tell = (text: string, key: string, ref: Thread | null = thread) => {
    if (ref) effects.push({ kind: 'message', thread: ref, key: `deposit:${input.depositId}:${key}`, text });
  };

  if (customer.accountType === 'prepaid') {
    const waiting = (book.byCustomer.get(customer.id) ?? [])
      .filter((o) => o.status === 'awaiting_payment')
      .sort((a, b) => Number(b.id === input.orderId) - Number(a.id === input.orderId) || a.id - b.id)
      .slice(0, PREPAID_WAITING_MAX);
    let short: { order: BookOrder; missingMinor: number } | null = null;
    for (const order of waiting) {
      const hold = events.prepaidHold({ customerId: customer.id, currency: order.currency, amountMinor: order.totalMinor, usdMinor: order.totalUsdMinor }, order.reference, input.now.toISOString(), order.id);
      const held = apply(book, hold);
      if (!held.ok) {
        short ??= { order, missingMinor: held.shortMinor };
        continue;
      }
      order.status = 'placing';
      order.paymentMethod = 'prepaid';
      order.openMinor = 0;
      effects.push({ kind: 'ledger', draft: hold });
      effects.push({ kind: 'order_paid', orderId: order.id, orderRef: order.reference, method: 'prepaid' });
      effects.push({ kind: 'allocation', depositId: input.depositId, orderId: order.id, amountMinor: order.totalMinor });
      result.ordersToFulfil.push(order.id);
      result.released.push(order.reference);
      const orderThread = threadFor(book, customer, order.id);
      tell(texts(orderThread?.language).paymentReleased(money(input.creditedMinor), order.reference), `released:${order.id}`, orderThread);
    }
    if (result.released.length === 0) {
      if (short) {
        const orderThread = threadFor(book, customer, short.order.id);
        tell(texts(orderThread?.language).paymentShort(money(input.creditedMinor), short.order.reference, money(short.missingMinor), short.order.payReference), 'short', orderThread);
      } else {
        tell(texts(thread?.language).topUpReceived(money(input.creditedMinor), money(prepaidAvailable(book, customer))), 'topup');
      }
    }
    const low = lowBalanceStep(customer, prepaidAvailable(book, customer), input.now);
    if (low) effects.push(low);
    return result;
  }

  // Postpaid: what it pays, the named order first, then a named invoice's orders, then the oldest;
  // more than they owe stays as credit.
  let left = input.creditedMinor;
  const first = new Set(input.firstOrderIds ?? []);
  const rank = (o: BookOrder) => (o.id === input.orderId ? 2 : first.has(o.id) ? 1 : 0);
  const open = (book.byCustomer.get(customer.id) ?? [])
    .filter((o) => o.paymentMethod === 'postpaid' && o.status !== 'cancelled' && o.status !== 'failed')
    .sort((a, b) => rank(b) - rank(a) || a.id - b.id)
    .slice(0, POSTPAID_OPEN_MAX);
  for (const order of open) {
    if (left <= 0) break;
    if (order.openMinor <= 0) continue;
    const paid = Math.min(order.openMinor, left);
    effects.push({ kind: 'allocation', depositId: input.depositId, orderId: order.id, amountMinor: paid });
    order.openMinor -= paid;
    left -= paid;
  }
  const usd = (minor: number) => formatMoney({ amountMinor: minor, currency: 'USD' });
  tell(texts(thread?.language).paymentReceivedPostpaid(money(input.creditedMinor), usd(Math.max(0, customer.outstandingUsdMinor))), 'postpaid');
  return result;
}

/**
 * Low-balance alerts: when a prepaid balance falls below the reseller's threshold, one alert (a
 * message on their channel and one email), and again only after the balance went back above.
 * Null when nothing changes; the customer's flag is updated in place.
 */
export function lowBalanceStep(
  customer: Pick<BookCustomer, 'id' | 'accountType' | 'currency' | 'lowBalanceThresholdMinor' | 'lowBalanceAlerted' | 'latestThread'>,
  balanceMinor: number,
  now: Date,
): Extract<SettlementEffect, { kind: 'low_balance' }> | null {
  if (customer.accountType !== 'prepaid' || customer.lowBalanceThresholdMinor === null) return null;
  const threshold = customer.lowBalanceThresholdMinor;
  if (balanceMinor >= threshold) {
    if (!customer.lowBalanceAlerted) return null;
    customer.lowBalanceAlerted = false;
    return { kind: 'low_balance', customerId: customer.id, alerted: false, alert: null };
  }
  if (customer.lowBalanceAlerted) return null;
  customer.lowBalanceAlerted = true;
  return {
    kind: 'low_balance',
    customerId: customer.id,
    alerted: true,
    alert: { key: `low-balance:${customer.id}:${now.toISOString()}`, balanceMinor, thresholdMinor: threshold, currency: customer.currency, thread: customer.latestThread },
  };
}
