import { transition, type Conversation, type ConversationEvent, type Effect, type PaymentResult } from '../../domain/conversation/machine';
import { renderSay, type SayContext } from '../../domain/replies/say';
import type { Sql } from '../db/sql';
import { answerInvoiceRequest, answerStatementRequest } from '../documents/asked-document';
import { confirmQuote, payOrder, type ConfirmOutcome } from '../orders/confirm-order';
import { createQuote } from '../orders/create-quote';
import type { CustomerRow } from '../pipeline/account';
import type { CatalogueSnapshot } from '../pipeline/catalogue-cache';
import { enqueueReply, type ConversationRef } from '../pipeline/reply';
import { checkLowBalance } from '../settlement/low-balance';
import { commissionText } from '../commissions/commission-reply';
import { balanceText, statusText } from './account-replies';
import { recordOnboarding } from './onboarding';
import { openConversationTicket } from '../store/tickets';
import { resendForReseller } from '../orders/resend-esims';
import { cancelOpenQuote, cancelWaitingOrder, orderIdByReference, quoteLines } from '../store/orders';

// The effect runner: carries out what the conversation machine decided, in the caller's
// transaction, and feeds what an effect found out (a quote priced, a payment taken) back to the
// machine as the next event. Returns the conversation as the machine left it; the caller saves it.

export interface RunContext {
  sql: Sql;
  conversation: ConversationRef;
  /** The reseller the conversation is with (tickets name them); null for an unknown contact. */
  customerId: string | null;
  /** Their account, for the effects that price or pay; null when the event needs none. */
  customer: CustomerRow | null;
  now: Date;
  say: SayContext;
  /** Each reply's idempotency key (reply:<message>:<n>). */
  nextReplyKey: () => string;
  /** What a ticket says: the message, or why processing it failed. */
  ticketDetail: string;
  /** The stored message the event is about (a quote remembers the message it answers). */
  messageId?: bigint | null;
  /** The message that caused the event, for an onboarding application. */
  sender?: { address: string; text: string; files?: string[] };
  catalogue?: CatalogueSnapshot;
  quoteTtlHours?: number;
  orderValueUsdMax?: number;
  /** Orders paid here: the caller starts their fulfilment after the commit. */
  ordersToFulfil: number[];
  /** A staff member wrote the message for the reseller: the order they confirm is theirs (profit by channel counts it as staff-placed). */
  staffId?: number | null;
}

export async function runConversation(ctx: RunContext, start: Conversation, event: ConversationEvent): Promise<Conversation> {
  let current = start;
  const apply = async (next: ConversationEvent): Promise<void> => {
    const step = transition(current, next);
    current = { state: step.state, data: step.data };
    for (const effect of step.effects) {
      const followUp = await runEffect(ctx, effect);
      if (followUp) await apply(followUp);
    }
  };
  await apply(event);
  return current;
}

const reply = (ctx: RunContext, text: string) => enqueueReply(ctx.sql, ctx.conversation, ctx.nextReplyKey(), text, [], ctx.now);

function needed<T>(value: T | null | undefined, what: string): T {
  if (value === null || value === undefined) throw new Error(`conversation ${what} is needed for this effect and was not given`);
  return value;
}

async function runEffect(ctx: RunContext, effect: Effect): Promise<ConversationEvent | null> {
  const { sql } = ctx;
  switch (effect.kind) {
    case 'reply':
      await reply(ctx, renderSay(effect.say, ctx.say));
      return null;
    case 'open_ticket':
      await openConversationTicket(sql, {
        conversationId: ctx.conversation.id,
        channel: ctx.conversation.channel,
        customerId: ctx.customerId,
        reason: effect.reason,
        detail: effect.reason === 'no_fx_rate' ? `No FX rate for ${ctx.customer?.currency}: load one with esim-hub fx import, then answer.\n${ctx.ticketDetail}` : ctx.ticketDetail,
      });
      return null;
    case 'record_onboarding': {
      const sender = needed(ctx.sender, 'sender');
      const say = await recordOnboarding(sql, ctx.conversation, sender.address, sender.text, sender.files ?? []);
      if (say) await reply(ctx, renderSay(say, ctx.say));
      return null;
    }
    case 'create_quote': {
      const quoted = await createQuote(sql, {
        catalogue: needed(ctx.catalogue, 'catalogue'),
        customer: needed(ctx.customer, 'customer'),
        conversationId: ctx.conversation.id,
        sourceMessageId: ctx.messageId ?? null,
        lines: effect.lines,
        customerReference: effect.customerReference ?? null,
        now: ctx.now,
        ttlHours: needed(ctx.quoteTtlHours, 'quote TTL'),
        t: ctx.say.t,
      });
      return quoted.ok
        ? { kind: 'quote_created', quoteRef: quoted.reference, text: quoted.text, requotedFrom: effect.requotedFrom }
        : { kind: 'quote_failed', code: quoted.code, skus: effect.lines.map((l) => l.sku) };
    }
    case 'requote': {
      const lines = await quoteLines(sql, effect.quoteRef);
      return runEffect(ctx, { kind: 'create_quote', lines, requotedFrom: effect.quoteRef });
    }
    case 'confirm_quote': {
      const customer = needed(ctx.customer, 'customer');
      const outcome = await confirmQuote(sql, { customer, conversation: ctx.conversation, placedByStaffId: ctx.staffId ?? null, quoteRef: effect.quoteRef, now: ctx.now, orderValueUsdMax: needed(ctx.orderValueUsdMax, 'order value limit') });
      return { kind: 'payment_result', result: paymentResult(outcome, customer.currency) };
    }
    case 'pay_order': {
      const customer = needed(ctx.customer, 'customer');
      const orderId = await orderIdByReference(sql, effect.orderRef);
      if (orderId === null) throw new Error(`order ${effect.orderRef} does not exist`);
      return { kind: 'payment_result', result: paymentResult(await payOrder(sql, { orderId, customer, now: ctx.now }), customer.currency) };
    }
    case 'cancel_quote':
      await cancelOpenQuote(sql, effect.quoteRef);
      return null;
    case 'cancel_order':
      await cancelWaitingOrder(sql, effect.orderRef);
      return null;
    case 'reply_status':
      await reply(ctx, await statusText(sql, ctx.say.t, needed(ctx.customer, 'customer').id, effect.orderRefs));
      return null;
    case 'reply_balance':
      await reply(ctx, await balanceText(sql, ctx.say.t, needed(ctx.customer, 'customer')));
      return null;
    case 'reply_commission':
      await reply(ctx, await commissionText(sql, ctx.say.t.language, needed(ctx.customer, 'customer').id));
      return null;
    case 'send_statement':
    case 'send_invoice': {
      const ask = { sql, conversation: ctx.conversation, language: ctx.say.t.language, customer: needed(ctx.customer, 'customer'), now: ctx.now, key: ctx.nextReplyKey() };
      const answer = effect.kind === 'send_statement' ? await answerStatementRequest(ask, effect.text) : await answerInvoiceRequest(ask);
      if (answer !== null) await reply(ctx, answer);
      return null;
    }
    case 'fulfil':
      ctx.ordersToFulfil.push(effect.orderId);
      return null;
    case 'resend_esims': {
      // Only to this thread, the verified sender's own; the key carries the message's id (reply:<message>:<n>).
      const answer = await resendForReseller(sql, {
        customerId: needed(ctx.customer, 'customer').id,
        allowed: effect.allowed,
        orderRefs: effect.orderRefs,
        thread: ctx.conversation,
        language: ctx.say.t.language,
        sender: ctx.sender?.address ?? ctx.conversation.conversationKey,
        key: ctx.nextReplyKey(),
        now: ctx.now,
      });
      if (answer !== null) await reply(ctx, answer);
      return null;
    }
    case 'check_low_balance':
      await checkLowBalance(sql, needed(ctx.customer, 'customer'), ctx.now, effect.balanceMinor);
      return null;
  }
}

/** A confirmation's or payment's outcome as the machine reads it, amounts in the reseller's currency. */
function paymentResult(outcome: ConfirmOutcome, currency: string): PaymentResult {
  const amount = (minor: number) => ({ minor, currency });
  switch (outcome.kind) {
    case 'paid':
      return { kind: 'paid', orderId: outcome.orderId, orderRef: outcome.orderRef, method: outcome.method, amount: amount(outcome.amountMinor), left: outcome.prepaidLeftMinor === null ? null : amount(outcome.prepaidLeftMinor) };
    case 'awaiting_payment':
      return { kind: 'awaiting_payment', orderRef: outcome.orderRef, missing: amount(outcome.missingMinor), quoteRef: outcome.quoteRef };
    case 'over_credit_limit':
    case 'over_value_threshold':
    case 'quote_not_found':
    case 'quote_closed':
      return { kind: outcome.kind };
    case 'quote_expired':
      return { kind: 'quote_expired', quoteRef: outcome.quoteRef };
  }
}
