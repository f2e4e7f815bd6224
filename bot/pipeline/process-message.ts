import { decide, type Decision } from '../../domain/conversation/decide';
import type { StateData } from '../../domain/conversation/states';
import { toIsoDate } from '../../domain/dates';
import { formatMoney } from '../../domain/money';
import { parseMessage, type ParseResult } from '../../domain/parsing/parse-message';
import { buildQuote } from '../../domain/pricing/quote';
import { texts } from '../../domain/replies/texts';
import type { Config } from '../config';
import type { Tx } from '../db/database';
import type { Database } from '../db/database';
import { confirmQuote, payOrder, type ConfirmOutcome, type CustomerRow } from '../orders/confirm-order';
import { insertQuote } from '../orders/quotes';
import { accountPosition } from './account';
import { describeProduct, type CatalogueCache, type CatalogueSnapshot } from './catalogue-cache';
import { enqueueReply, type ConversationRef } from './reply';

export interface ProcessDeps {
  db: Database;
  config: Config;
  catalogue: CatalogueCache;
  now: () => Date;
}

export interface ProcessResult {
  /** Orders paid by this message: the caller starts their fulfilment after the commit. */
  ordersToFulfil: number[];
  decision: Decision['kind'] | 'already_processed';
}

type Language = 'en' | 'zh' | 'es' | 'pt';

/**
 * Acts on one stored inbound message, once: the conversation row is locked, the message is marked
 * processed, and every reply, quote, order and ledger entry it causes commit together.
 */
export async function processMessage(deps: ProcessDeps, messageId: bigint): Promise<ProcessResult> {
  const catalogue = await deps.catalogue.get();
  return deps.db.prisma.$transaction(async (tx) => {
    const message = await tx.message.findUniqueOrThrow({ where: { id: messageId } });
    await tx.$queryRawUnsafe('SELECT 1 FROM conversations WHERE id = $1 FOR UPDATE', message.conversationId);
    const fresh = await tx.message.findUniqueOrThrow({ where: { id: messageId }, select: { processedAt: true } });
    if (fresh.processedAt) return { ordersToFulfil: [], decision: 'already_processed' as const };
    const conversation = await tx.conversation.findUniqueOrThrow({
      where: { id: message.conversationId },
      include: { customer: true, identity: true },
    });
    const now = deps.now();
    const parsed = parseMessage(catalogue.index, message.text);
    const language: Language = (parsed.language ?? conversation.language ?? 'en') as Language;
    const data = (conversation.stateData ?? {}) as StateData;
    const ref: ConversationRef = { id: conversation.id, channel: conversation.channel, conversationKey: conversation.conversationKey };
    const t = texts(language);
    let replyCount = 0;
    const reply = (text: string) => enqueueReply(tx, ref, `reply:${messageId}:${replyCount++}`, text, [], now);

    // One connection per transaction: queries run one after another.
    const openQuote = await tx.quote.findFirst({ where: { conversationId: conversation.id, status: 'open' }, orderBy: { id: 'desc' }, select: { reference: true } });
    const awaitingOrder = await tx.order.findFirst({
      where: { conversationId: conversation.id, status: 'awaiting_payment' },
      orderBy: { id: 'desc' },
      select: { id: true, reference: true },
    });
    const customer = conversation.customer;
    const decision = decide({
      state: conversation.state,
      data,
      role: conversation.identity && customer?.active ? conversation.identity.role : null,
      parsed,
      text: message.text,
      openQuoteRef: openQuote?.reference ?? null,
      awaitingOrderRef: awaitingOrder?.reference ?? null,
      trialPending: customer?.trialOrderPending ?? false,
      limits: {
        quantityPerLineMax: deps.config.QUANTITY_PER_LINE_MAX,
        quantityPerOrderMax: deps.config.QUANTITY_PER_ORDER_MAX,
        trialOrderQuantityMax: deps.config.TRIAL_ORDER_QUANTITY_MAX,
        linesPerOrderMax: 50,
      },
      reparse: (text) => parseMessage(catalogue.index, text),
    });

    let state = conversation.state;
    let nextData: StateData = state === 'clarifying' ? {} : { ...data };
    if (state === 'clarifying') state = 'idle';
    const ordersToFulfil: number[] = [];
    const handoff = async (reason: Parameters<typeof openHandoff>[2]) => {
      await openHandoff(tx, conversation, reason, message.text);
      await reply(t.handoff[reason]);
      state = 'handed_off';
    };

    switch (decision.kind) {
      case 'silent':
        break;
      case 'onboarding': {
        const application = await tx.onboardingApplication.findFirst({ where: { conversationId: conversation.id }, orderBy: { id: 'desc' } });
        if (!application) {
          await tx.onboardingApplication.create({
            data: { conversationId: conversation.id, channel: conversation.channel, address: message.senderAddress, details: message.text },
          });
          await reply(t.onboardingAsk);
        } else if (application.status === 'collecting') {
          await tx.onboardingApplication.update({
            where: { id: application.id },
            data: { details: `${application.details ?? ''}\n${message.text}`.trim(), status: 'submitted' },
          });
          await reply(t.onboardingThanks);
        }
        state = 'onboarding';
        break;
      }
      case 'handoff':
        await handoff(decision.reason);
        break;
      case 'clarify':
        await reply(clarifyText(t, decision, catalogue));
        state = 'clarifying';
        nextData = {
          pending: { text: decision.text, intent: decision.intent, lines: decision.lines.map(({ sku, quantity, candidates, text }) => ({ sku, quantity, candidates, text })) },
          clarifyCount: decision.clarifyCount,
        };
        break;
      case 'quantity_problem':
        await reply(quantityText(t, decision.problem, catalogue));
        break;
      case 'quote': {
        const quoted = await createQuote(tx, deps, catalogue, customer!, conversation.id, decision.lines, now, t);
        if (!quoted.ok) {
          await handoff('unsure_parse');
          break;
        }
        await tx.quote.updateMany({ where: { conversationId: conversation.id, status: 'open', id: { not: quoted.id } }, data: { status: 'superseded' } });
        await reply(quoted.text + `\n${t.quoteAskConfirm}`);
        state = 'quoted';
        nextData = { quoteRef: quoted.reference };
        break;
      }
      case 'confirm': {
        const outcome = await confirmQuote(tx, {
          customer: customer! as CustomerRow,
          conversation: ref,
          quoteRef: decision.quoteRef,
          now,
          orderValueUsdMax: deps.config.HANDOFF_ORDER_VALUE_USD_MAX,
          supplierCostMinor: catalogue.supplierCostMinor,
        });
        const handled = await afterConfirm(outcome);
        if (handled === 'requote') {
          const lines = await tx.quoteLine.findMany({ where: { quote: { reference: decision.quoteRef } } });
          const quoted = await createQuote(tx, deps, catalogue, customer!, conversation.id, lines.map((l) => ({ sku: l.sku, quantity: l.quantity })), now, t);
          if (!quoted.ok) await handoff('unsure_parse');
          else {
            await reply(`${t.quoteExpiredRequoted(decision.quoteRef)}\n${quoted.text}\n${t.quoteAskConfirm}`);
            state = 'quoted';
            nextData = { quoteRef: quoted.reference };
          }
        }
        break;
      }
      case 'pay_waiting_order': {
        const order = await tx.order.findFirstOrThrow({ where: { reference: decision.orderRef } });
        await afterConfirm(await payOrder(tx, { orderId: order.id, customer: customer! as CustomerRow, now }));
        break;
      }
      case 'nothing_to_confirm':
        await reply(t.nothingToConfirm);
        break;
      case 'cancel':
        if (decision.quoteRef) {
          await tx.quote.updateMany({ where: { reference: decision.quoteRef, status: 'open' }, data: { status: 'cancelled' } });
          await reply(t.cancelledQuote(decision.quoteRef));
        } else if (decision.orderRef) {
          await tx.order.updateMany({ where: { reference: decision.orderRef, status: 'awaiting_payment' }, data: { status: 'cancelled' } });
          await reply(t.cancelledOrder(decision.orderRef));
        } else await reply(t.nothingToCancel);
        state = 'idle';
        nextData = {};
        break;
      case 'status':
        await reply(await statusText(tx, t, customer!.id, decision.orderRefs));
        break;
      case 'balance':
        await reply(await balanceText(tx, t, customer! as CustomerRow));
        break;
      case 'help':
        await reply(t.help);
        break;
    }

    async function afterConfirm(outcome: ConfirmOutcome): Promise<'requote' | void> {
      const money = (minor: number) => formatMoney({ amountMinor: minor, currency: customer!.currency });
      switch (outcome.kind) {
        case 'quote_not_found':
          await reply(t.nothingToConfirm);
          return;
        case 'quote_closed':
          await reply(t.nothingToConfirm);
          return;
        case 'quote_expired':
          return 'requote';
        case 'over_value_threshold':
          await handoff('over_value_threshold');
          return;
        case 'over_credit_limit':
          await handoff('over_credit_limit');
          return;
        case 'awaiting_payment':
          await reply(t.awaitingPayment(outcome.orderRef, money(outcome.missingMinor), outcome.quoteRef));
          state = 'awaiting_payment';
          nextData = { orderRef: outcome.orderRef };
          return;
        case 'paid':
          await reply(
            outcome.method === 'prepaid'
              ? t.paidPrepaid(outcome.orderRef, money(outcome.amountMinor), money(outcome.prepaidLeftMinor ?? 0))
              : t.paidPostpaid(outcome.orderRef, money(outcome.amountMinor)),
          );
          ordersToFulfil.push(outcome.orderId);
          state = 'placing';
          nextData = { orderRef: outcome.orderRef };
      }
    }

    await tx.message.update({
      where: { id: messageId },
      data: { processedAt: new Date(), intent: parsed.intent, parseResult: publicParse(parsed) as object },
    });
    await tx.conversation.update({
      where: { id: conversation.id },
      data: { state, stateData: nextData as object, language, version: { increment: 1 } },
    });
    return { ordersToFulfil, decision: decision.kind };
  });
}

function publicParse(parsed: ParseResult) {
  return { ...parsed, lines: parsed.lines.map((l) => ({ sku: l.sku, quantity: l.quantity, candidates: l.candidates, text: l.text })) };
}

async function openHandoff(
  tx: Tx,
  conversation: { id: number; customerId: string | null; channel: 'whatsapp' | 'wechat' | 'email' | 'web' },
  reason: 'unsure_parse' | 'person_requested' | 'complaint' | 'viewer_ordering' | 'instruction_like_text' | 'over_value_threshold' | 'over_credit_limit' | 'llm_unavailable',
  detail: string,
): Promise<void> {
  const open = await tx.handoffTicket.findFirst({ where: { conversationId: conversation.id, status: { in: ['open', 'claimed'] } } });
  if (open) return;
  await tx.handoffTicket.create({
    data: { conversationId: conversation.id, customerId: conversation.customerId, channel: conversation.channel, reason, detail: detail.slice(0, 2000) },
  });
}

async function createQuote(
  tx: Tx,
  deps: ProcessDeps,
  catalogue: CatalogueSnapshot,
  customer: { id: string; tier: 'tier_1' | 'tier_2' | 'tier_3'; currency: string },
  conversationId: number,
  lines: { sku: string; quantity: number }[],
  now: Date,
  t: ReturnType<typeof texts>,
): Promise<{ ok: true; id: number; reference: string; text: string } | { ok: false }> {
  const today = toIsoDate(now);
  const built = buildQuote({
    customer,
    lines,
    today,
    tierRows: catalogue.tierRows,
    overrides: catalogue.overrides,
    supplierCostMinor: catalogue.supplierCostMinor,
    fxRows: catalogue.fxRows,
  });
  if (!built.ok) return { ok: false };
  const expiresAt = new Date(now.getTime() + deps.config.QUOTE_TTL_HOURS * 3_600_000);
  const stored = await insertQuote(tx, { customerId: customer.id, conversationId, quote: built.quote, pricedOn: today, expiresAt });
  const q = built.quote;
  const money = (minor: number, currency = q.currency) => formatMoney({ amountMinor: minor, currency });
  const usdAlongside = (minor: number) => (q.currency === 'USD' ? '' : ` (${money(minor, 'USD')})`);
  const lineTexts = q.lines.map(
    (l) =>
      `- ${l.quantity} x ${describeProduct(catalogue.products.get(l.sku), l.sku)} (${l.sku}) @ ${money(l.unitPriceMinor)} = ${money(l.lineTotalMinor)}${usdAlongside(l.decision.lineTotalMinor)}`,
  );
  const expires = `${stored.expiresAt.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  return {
    ok: true,
    id: stored.id,
    reference: stored.reference,
    text: [t.quoteHeader(stored.reference, expires), ...lineTexts, t.quoteTotal(`${money(q.totalMinor)}${usdAlongside(q.totalUsdMinor)}`)].join('\n'),
  };
}

function clarifyText(t: ReturnType<typeof texts>, decision: Extract<Decision, { kind: 'clarify' }>, catalogue: CatalogueSnapshot): string {
  const parts: string[] = [];
  for (const line of decision.lines) {
    if (line.sku === null && line.candidates.length > 0) {
      const choices = line.candidates.map((sku) => `- ${sku} (${describeProduct(catalogue.products.get(sku), sku)})`).join('\n');
      parts.push(t.whichProduct(line.text, line.quantity !== null ? ` (${line.quantity})` : '', choices));
    } else if (line.sku === null) {
      const regions = [...new Set([...catalogue.products.values()].map((p) => p.regionName))].join(', ');
      parts.push(t.unknownProduct(line.text, regions));
    } else if (line.quantity === null) {
      parts.push(t.howMany(describeProduct(catalogue.products.get(line.sku), line.sku)));
    }
  }
  return parts.join('\n\n');
}

function quantityText(t: ReturnType<typeof texts>, problem: Extract<Decision, { kind: 'quantity_problem' }>['problem'], catalogue: CatalogueSnapshot): string {
  switch (problem.code) {
    case 'quantity_must_be_positive':
      return t.quantityMustBePositive(problem.sku ? describeProduct(catalogue.products.get(problem.sku), problem.sku) : '');
    case 'quantity_above_line_max':
      return t.quantityAboveLineMax(problem.quantity, problem.max);
    case 'quantity_above_order_max':
      return t.quantityAboveOrderMax(problem.quantity, problem.max);
    case 'trial_order_too_large':
      return t.trialOrderTooLarge(problem.max);
    case 'too_many_lines':
      return t.tooManyLines(problem.max);
  }
}

async function statusText(tx: Tx, t: ReturnType<typeof texts>, customerId: string, refs: string[]): Promise<string> {
  const orders = refs.length > 0
    ? await tx.order.findMany({ where: { customerId, reference: { in: refs } }, include: { lines: true } })
    : await tx.order.findMany({ where: { customerId }, include: { lines: true }, orderBy: { id: 'desc' }, take: 5 });
  const missing = refs.filter((r) => !orders.some((o) => o.reference === r)).map((r) => t.statusNotFound(r));
  const found = orders.map((o) =>
    t.statusLine(o.reference, o.status.replace(/_/g, ' '), o.lines.reduce((n, l) => n + l.quantityDelivered, 0), o.lines.reduce((n, l) => n + l.quantity, 0), toIsoDate(o.createdAt)),
  );
  if (found.length === 0 && missing.length === 0) return t.noOrders;
  return [...(refs.length === 0 ? [t.lastOrders] : []), ...found, ...missing].join('\n');
}

async function balanceText(tx: Tx, t: ReturnType<typeof texts>, customer: CustomerRow): Promise<string> {
  const position = await accountPosition(tx, customer);
  if (customer.accountType === 'prepaid') return t.balancePrepaid(formatMoney({ amountMinor: position.prepaidAvailableMinor, currency: customer.currency }));
  const usd = (minor: number) => formatMoney({ amountMinor: minor, currency: 'USD' });
  return t.balancePostpaid(usd(position.creditLimitUsdMinor), usd(position.outstandingUsdMinor), usd(Math.max(0, position.creditLimitUsdMinor - position.outstandingUsdMinor)));
}
