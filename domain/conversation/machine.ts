import type { QuantityProblem } from './limits';
import type { TextProblem } from '../intake/limits';
import type { ParsedLine } from '../parsing/extract-lines';
import type { Decision, HandoffReason } from './decide';
import type { ConversationStateName, StateData } from './states';

// The conversation machine: everything that can happen to a conversation is an event, and
// `transition` says, from the state alone, what the conversation becomes and what must be done,
// as data. bot/ carries the effects out in one transaction; an effect whose result matters (a
// quote priced, a confirmation paid) comes back as the next event. No other code decides a
// conversation's state.

export interface Conversation {
  state: ConversationStateName;
  data: StateData;
}

/** Why a person takes over: the parse's reasons, and what the bot met while acting. */
export type TicketReason = HandoffReason | 'over_value_threshold' | 'over_credit_limit' | 'no_fx_rate' | 'processing_failed';

/** A money amount as the reseller reads it, formatted by the renderer. */
export interface Amount {
  minor: number;
  currency: string;
}

/** What the bot says, as data: domain/replies/say renders it in the conversation's language. */
export type Say =
  | { key: 'handoff'; reason: Exclude<TicketReason, 'no_fx_rate'> }
  | { key: 'cannot_price'; skus: string[] }
  | { key: 'onboarding_ask' | 'onboarding_thanks' | 'nothing_to_confirm' | 'nothing_to_cancel' | 'help' }
  | { key: 'clarify'; lines: ParsedLine[] }
  | { key: 'quantity_problem'; problem: QuantityProblem }
  | { key: 'text_problem'; problem: TextProblem }
  | { key: 'quote'; text: string; requotedFrom: string | null }
  | { key: 'cancelled_quote' | 'cancelled_order' | 'confirm_before_quote' | 'cancel_not_found'; ref: string }
  | { key: 'awaiting_payment'; orderRef: string; missing: Amount; quoteRef: string }
  | { key: 'paid_prepaid'; orderRef: string; amount: Amount; left: Amount }
  | { key: 'paid_postpaid'; orderRef: string; amount: Amount };

export type Effect =
  | { kind: 'reply'; say: Say }
  | { kind: 'open_ticket'; reason: TicketReason }
  | { kind: 'record_onboarding' }
  | { kind: 'create_quote'; lines: { sku: string; quantity: number }[]; requotedFrom: string | null; customerReference?: string | null }
  | { kind: 'requote'; quoteRef: string }
  | { kind: 'confirm_quote'; quoteRef: string }
  | { kind: 'pay_order'; orderRef: string }
  | { kind: 'cancel_quote'; quoteRef: string }
  | { kind: 'cancel_order'; orderRef: string }
  | { kind: 'reply_status'; orderRefs: string[] }
  | { kind: 'reply_balance' }
  | { kind: 'reply_commission' }
  /** The statement the text asks for (a month, or the latest), or the latest invoice, sent on this thread as files. */
  | { kind: 'send_statement'; text: string }
  | { kind: 'send_invoice' }
  | { kind: 'fulfil'; orderId: number }
  /** The eSIMs of a delivered order of theirs again, on this thread; or why not (bot/orders/resend-esims). */
  | { kind: 'resend_esims'; orderRefs: string[]; allowed: boolean }
  /** The prepaid balance just moved (`balanceMinor` when the payment said what is left). */
  | { kind: 'check_low_balance'; balanceMinor: number | null };

/** A payment's outcome as the conversation hears it (bot/orders/confirm-order's PaymentOutcome and ConfirmOutcome). */
export type PaymentResult =
  | { kind: 'paid'; orderId: number; orderRef: string; method: 'prepaid' | 'postpaid'; amount: Amount; left: Amount | null }
  | { kind: 'awaiting_payment'; orderRef: string; missing: Amount; quoteRef: string }
  | { kind: 'over_credit_limit' }
  | { kind: 'over_value_threshold' }
  | { kind: 'quote_not_found' | 'quote_closed' }
  | { kind: 'quote_expired'; quoteRef: string };

export type ConversationEvent =
  /** A reseller's (or staff acting for them) message, read and decided (domain/conversation/decide). */
  | { kind: 'message'; decision: Decision; staffActing: boolean }
  | { kind: 'quote_created'; quoteRef: string; text: string; requotedFrom: string | null }
  | { kind: 'quote_failed'; code: string; skus: string[] }
  | { kind: 'payment_result'; result: PaymentResult }
  /** A bank deposit paid the order the conversation waits for. */
  | { kind: 'payment_arrived'; orderRef: string }
  /** Staff cancelled an order still waiting for payment (the order desk): the conversation waiting for it is free again. */
  | { kind: 'order_cancelled'; orderRef: string }
  /** The supplier delivered (all, part or none of) an order: the conversation waiting for it moves on. */
  | { kind: 'delivery_done'; orderRef: string }
  /** Processing a message kept failing: a person takes it. */
  | { kind: 'processing_gave_up' }
  | { kind: 'staff_claimed' }
  | { kind: 'staff_released' }
  | { kind: 'reseller_approved' };

export interface Transition {
  state: ConversationStateName;
  data: StateData;
  effects: Effect[];
}

const stay = (c: Conversation, effects: Effect[] = []): Transition => ({ state: c.state, data: c.data, effects });
const to = (state: ConversationStateName, data: StateData, effects: Effect[] = []): Transition => ({ state, data, effects });

/** A person takes over: the ticket, the reseller told so (or, without a price, that it cannot be priced). */
function handOff(reason: Exclude<TicketReason, 'no_fx_rate'>, data: StateData): Transition {
  return to('handed_off', data, [{ kind: 'open_ticket', reason }, { kind: 'reply', say: { key: 'handoff', reason } }]);
}

function onMessage(c: Conversation, decision: Decision): Transition {
  // A message answers (or abandons) a clarifying question: the pending lines are not kept.
  const base: Conversation = c.state === 'clarifying' ? { state: 'idle', data: {} } : c;
  const reply = (say: Say, effects: Effect[] = []) => stay(base, [{ kind: 'reply', say }, ...effects]);
  switch (decision.kind) {
    case 'silent':
      return stay(base);
    case 'onboarding':
      return to('onboarding', base.data, [{ kind: 'record_onboarding' }]);
    case 'handoff':
      return handOff(decision.reason, base.data);
    case 'clarify':
      return to(
        'clarifying',
        {
          pending: { text: decision.text, intent: decision.intent, lines: decision.lines.map(({ sku, quantity, candidates, text }) => ({ sku, quantity, candidates, text })) },
          clarifyCount: decision.clarifyCount,
        },
        [{ kind: 'reply', say: { key: 'clarify', lines: decision.lines } }],
      );
    case 'quantity_problem':
      return reply({ key: 'quantity_problem', problem: decision.problem });
    case 'text_problem':
      return reply({ key: 'text_problem', problem: decision.problem });
    case 'quote':
      return stay(base, [{ kind: 'create_quote', lines: decision.lines, requotedFrom: null, customerReference: decision.customerReference ?? null }]);
    case 'confirm':
      return stay(base, [{ kind: 'confirm_quote', quoteRef: decision.quoteRef }]);
    case 'pay_waiting_order':
      return stay(base, [{ kind: 'pay_order', orderRef: decision.orderRef }]);
    case 'nothing_to_confirm':
      return reply({ key: 'nothing_to_confirm' });
    case 'confirm_before_quote':
      return reply({ key: 'confirm_before_quote', ref: decision.quoteRef });
    case 'cancel':
      if (decision.quoteRef) return to('idle', {}, [{ kind: 'cancel_quote', quoteRef: decision.quoteRef }, { kind: 'reply', say: { key: 'cancelled_quote', ref: decision.quoteRef } }]);
      if (decision.orderRef) return to('idle', {}, [{ kind: 'cancel_order', orderRef: decision.orderRef }, { kind: 'reply', say: { key: 'cancelled_order', ref: decision.orderRef } }]);
      return to('idle', {}, [{ kind: 'reply', say: { key: 'nothing_to_cancel' } }]);
    case 'cancel_not_found':
      return reply({ key: 'cancel_not_found', ref: decision.named });
    case 'status':
      return stay(base, [{ kind: 'reply_status', orderRefs: decision.orderRefs }]);
    case 'balance':
      return stay(base, [{ kind: 'reply_balance' }]);
    case 'statement':
      return stay(base, [{ kind: 'send_statement', text: decision.text }]);
    case 'invoice':
      return stay(base, [{ kind: 'send_invoice' }]);
    case 'commission':
      return stay(base, [{ kind: 'reply_commission' }]);
    case 'resend':
      return stay(base, [{ kind: 'resend_esims', orderRefs: decision.orderRefs, allowed: decision.allowed }]);
    case 'help':
      return reply({ key: 'help' });
  }
}

function onPayment(c: Conversation, result: PaymentResult): Transition {
  switch (result.kind) {
    case 'quote_not_found':
    case 'quote_closed':
      return stay(c, [{ kind: 'reply', say: { key: 'nothing_to_confirm' } }]);
    case 'quote_expired':
      return stay(c, [{ kind: 'requote', quoteRef: result.quoteRef }]);
    case 'over_value_threshold':
    case 'over_credit_limit':
      return handOff(result.kind, c.data);
    case 'awaiting_payment':
      return to('awaiting_payment', { orderRef: result.orderRef }, [{ kind: 'reply', say: { key: 'awaiting_payment', orderRef: result.orderRef, missing: result.missing, quoteRef: result.quoteRef } }]);
    case 'paid': {
      const say: Say = result.method === 'prepaid'
        ? { key: 'paid_prepaid', orderRef: result.orderRef, amount: result.amount, left: result.left ?? { minor: 0, currency: result.amount.currency } }
        : { key: 'paid_postpaid', orderRef: result.orderRef, amount: result.amount };
      const effects: Effect[] = [{ kind: 'reply', say }, { kind: 'fulfil', orderId: result.orderId }];
      if (result.method === 'prepaid') effects.push({ kind: 'check_low_balance', balanceMinor: result.left?.minor ?? null });
      return to('placing', { orderRef: result.orderRef }, effects);
    }
  }
}

/** What a priced quote or a payment does; while staff hold the conversation (ordering for the reseller) it stays theirs. */
function afterWork(c: Conversation, next: Transition): Transition {
  return c.state === 'handed_off' ? { ...next, state: 'handed_off' } : next;
}

export function transition(c: Conversation, event: ConversationEvent): Transition {
  switch (event.kind) {
    case 'message': {
      if (c.state === 'handed_off' && !event.staffActing) return stay(c);
      // Staff ordering for the reseller go through the same steps; the conversation stays theirs.
      const next = onMessage(event.staffActing ? { state: 'idle', data: c.data } : c, event.decision);
      return event.staffActing ? { ...next, state: 'handed_off' } : next;
    }
    case 'quote_created':
      return afterWork(c, to('quoted', { quoteRef: event.quoteRef }, [{ kind: 'reply', say: { key: 'quote', text: event.text, requotedFrom: event.requotedFrom } }]));
    case 'quote_failed':
      // Without an FX rate nothing can be priced: that is not a reading problem, and staff are told what to load.
      if (event.code === 'no_fx_rate') return to('handed_off', c.data, [{ kind: 'open_ticket', reason: 'no_fx_rate' }, { kind: 'reply', say: { key: 'cannot_price', skus: event.skus } }]);
      return handOff('unsure_parse', c.data);
    case 'payment_result':
      return afterWork(c, onPayment(c, event.result));
    case 'payment_arrived':
      return c.state === 'awaiting_payment' ? to('placing', { orderRef: event.orderRef }) : stay(c);
    case 'order_cancelled':
      return c.state === 'awaiting_payment' && c.data.orderRef === event.orderRef ? to('idle', {}) : stay(c);
    case 'delivery_done':
      return c.state === 'placing' && c.data.orderRef === event.orderRef ? to('delivered', c.data) : stay(c);
    case 'processing_gave_up':
      // Not a reading problem: the reseller is not told "I'm not sure I read that right".
      return handOff('processing_failed', c.data);
    case 'staff_claimed':
      return to('handed_off', c.data);
    case 'staff_released':
    case 'reseller_approved':
      return to('idle', {});
  }
}
