import { accounts, REVENUE_CHANNELS, type RevenueChannel } from '../ledger/accounts';
import type { EntryDraft } from '../ledger/entry';

// The order desk (issue 19): staff credit or refund eSIMs of a delivered order that could not be
// used (undeliverable, returned). Pure: the store loads the order, its charges and the eSIMs chosen;
// this decides the amount, checks it in a documented order, and writes the journal entry that takes
// the revenue back. The supplier cost stays booked: whether the supplier credits us is another matter.
//
//   credit: the money goes back where the order took it from: the prepaid balance (a prepaid or
//           wire-paid order), or off what a postpaid reseller owes (their receivable).
//   refund: the money was paid back to the reseller outside the bot (a bank transfer): out of the
//           bank. Only an order that was paid (prepaid) can be refunded; a postpaid one is credited.

export const ORDER_CREDIT_MODES = ['credit', 'refund'] as const;
export type OrderCreditMode = (typeof ORDER_CREDIT_MODES)[number];

/** eSIMs one credit may name: a limit on one form, not on an order (an order can be credited in several steps). */
export const ORDER_CREDIT_ESIMS_MAX = 1000;

export interface CreditableEsim {
  profileId: number;
  iccid: string;
  sku: string;
  /** The order line's unit price in the order's currency and in USD. */
  unitPriceMinor: number;
  unitPriceUsdMinor: number;
  alreadyCredited: boolean;
}

export interface OrderCreditInput {
  order: { id: number; reference: string; customerId: string; status: string; currency: string };
  /** Where the order's revenue was charged from (the prepaid hold or the receivable) and the channel it was booked on; null when nothing was charged. */
  chargedFrom: { account: 'prepaid' | 'receivable'; channel: string } | null;
  /** Every eSIM of the order. */
  esims: readonly CreditableEsim[];
  profileIds: readonly number[];
  mode: OrderCreditMode;
  reason: string;
  submissionKey: string;
  occurredAt: string;
}

export type OrderCreditProblem =
  | 'order_not_delivered'
  | 'order_not_charged'
  | 'no_esims_chosen'
  | 'too_many_esims'
  | 'esim_not_in_order'
  | 'esim_already_credited'
  | 'refund_needs_a_paid_order';

export interface OrderCreditLine {
  sku: string;
  quantity: number;
  unitPriceMinor: number;
  lineMinor: number;
  unitPriceUsdMinor: number;
  lineUsdMinor: number;
  iccids: string[];
}

export type OrderCreditDecision =
  | { ok: true; amountMinor: number; usdMinor: number; lines: OrderCreditLine[]; profileIds: number[]; entry: EntryDraft }
  | { ok: false; code: OrderCreditProblem; detail: string };

/** Statuses whose eSIMs went out: all (delivered) or some (partially delivered, the rest refunded by the supplier path). */
const CREDITABLE = new Set(['delivered', 'partially_delivered']);

export function decideOrderCredit(input: OrderCreditInput): OrderCreditDecision {
  const { order } = input;
  const refuse = (code: OrderCreditProblem, detail: string): OrderCreditDecision => ({ ok: false, code, detail });
  if (!CREDITABLE.has(order.status)) return refuse('order_not_delivered', `${order.reference} is ${order.status.replaceAll('_', ' ')}: only a delivered order is credited or refunded`);
  if (input.chargedFrom === null) return refuse('order_not_charged', `${order.reference} has no charge in the ledger to take back`);
  const ids = [...new Set(input.profileIds)];
  if (ids.length === 0) return refuse('no_esims_chosen', 'choose at least one eSIM to credit');
  if (ids.length > ORDER_CREDIT_ESIMS_MAX) return refuse('too_many_esims', `at most ${ORDER_CREDIT_ESIMS_MAX} eSIMs in one credit`);
  const byId = new Map(input.esims.map((e) => [e.profileId, e]));
  const chosen: CreditableEsim[] = [];
  for (const id of ids) {
    const esim = byId.get(id);
    if (!esim) return refuse('esim_not_in_order', `eSIM ${id} is not one of ${order.reference}`);
    chosen.push(esim);
  }
  const credited = chosen.filter((e) => e.alreadyCredited);
  if (credited.length > 0) return refuse('esim_already_credited', `already credited: ${credited.map((e) => e.iccid).join(', ')}`);
  if (input.mode === 'refund' && input.chargedFrom.account !== 'prepaid') return refuse('refund_needs_a_paid_order', `${order.reference} is postpaid and not paid by the order: credit it instead (it comes off what the reseller owes)`);

  const lines = new Map<string, OrderCreditLine>();
  for (const e of chosen) {
    const key = `${e.sku}|${e.unitPriceMinor}|${e.unitPriceUsdMinor}`;
    const line = lines.get(key) ?? { sku: e.sku, quantity: 0, unitPriceMinor: e.unitPriceMinor, lineMinor: 0, unitPriceUsdMinor: e.unitPriceUsdMinor, lineUsdMinor: 0, iccids: [] };
    line.quantity += 1;
    line.lineMinor += e.unitPriceMinor;
    line.lineUsdMinor += e.unitPriceUsdMinor;
    line.iccids.push(e.iccid);
    lines.set(key, line);
  }
  const printed = [...lines.values()];
  const amountMinor = printed.reduce((s, l) => s + l.lineMinor, 0);
  const usdMinor = printed.reduce((s, l) => s + l.lineUsdMinor, 0);
  if (!Number.isSafeInteger(amountMinor) || amountMinor <= 0) throw new Error(`order credit of ${order.reference}: amount ${amountMinor} must be a positive integer`);

  const channel = revenueChannelOf(input.chargedFrom.channel);
  const counter =
    input.mode === 'refund'
      ? accounts.bank(order.currency)
      : input.chargedFrom.account === 'prepaid'
        ? accounts.prepaid(order.customerId, order.currency)
        : accounts.receivable(order.customerId, order.currency);
  const count = chosen.length;
  const entry: EntryDraft = {
    idempotencyKey: `order_credit:${order.reference}:${input.submissionKey}`,
    kind: input.mode === 'refund' ? 'order_refund' : 'order_credit',
    description: `${input.mode === 'refund' ? 'Refund' : 'Credit'} of ${count} eSIM${count === 1 ? '' : 's'} of ${order.reference}: ${input.reason}`,
    occurredAt: input.occurredAt,
    postings: [
      { account: accounts.revenueB2b(channel, order.currency), amountMinor, usdMinor },
      { account: counter, amountMinor: -amountMinor, usdMinor: -usdMinor },
    ],
    orderId: order.id,
    customerId: order.customerId,
    channel,
  };
  return { ok: true, amountMinor, usdMinor, lines: printed, profileIds: ids, entry };
}

/** The revenue account the charge credited: the credit takes it back from the same one. */
function revenueChannelOf(channel: string): RevenueChannel {
  if ((REVENUE_CHANNELS as readonly string[]).includes(channel)) return channel as RevenueChannel;
  throw new Error(`no revenue account for channel ${channel}`);
}
