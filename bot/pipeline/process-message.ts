import { decide, type Decision } from '../../domain/conversation/decide';
import { checkInboundText, INBOUND_LIMITS, quoteBack, type TextProblem } from '../../domain/intake/limits';
import { chooseLanguage } from '../../domain/parsing/detect-language';
import type { ConversationStateName as StateName, StateData } from '../../domain/conversation/states';
import { toIsoDate } from '../../domain/dates';
import { formatMoney } from '../../domain/money';
import { parseMessage, unreadMessage, type ParseResult } from '../../domain/parsing/parse-message';
import { buildQuote } from '../../domain/pricing/quote';
import { texts } from '../../domain/replies/texts';
import type { Config } from '../config';
import type { Database } from '../db/database';
import { poolSql, transaction, type Sql } from '../db/sql';
import { LlmUnavailableError, needsLlm, type LlmParser, type LlmUsage } from '../llm/llm-parser';
import { log } from '../log';
import { confirmQuote, payOrder, type ConfirmOutcome } from '../orders/confirm-order';
import { insertQuote } from '../orders/quotes';
import { checkLowBalance } from '../settlement/low-balance';
import { accountPosition, CUSTOMER_COLUMNS, customerRow, type CustomerRow } from './account';
import { describeProduct, type CatalogueCache, type CatalogueSnapshot } from './catalogue-cache';
import { enqueueReply, type ConversationRef } from './reply';

export interface ProcessDeps {
  db: Database;
  config: Config;
  /** Reads what the rules are unsure of; null or absent: rules only. */
  llm?: LlmParser | null;
  catalogue: CatalogueCache;
  now: () => Date;
}

export interface ProcessResult {
  /** Orders paid by this message: the caller starts their fulfilment after the commit. */
  ordersToFulfil: number[];
  decision: Decision['kind'] | 'already_processed';
}

/** The reading to act on: the rules', or the LLM's where the rules were unsure. */
type Reading = { parsed: ParseResult; llmFailed: boolean; usage: LlmUsage | null };

/** Reads the message before the transaction (no lock is held while the LLM thinks); null without an LLM. */
async function readWithLlm(deps: ProcessDeps, index: CatalogueSnapshot['index'], messageId: bigint): Promise<Reading | null> {
  if (!deps.llm) return null;
  const [row] = await poolSql(deps.db.pool).query<{ text: string; processed_at: Date | null; sender_verified: boolean }>(
    `SELECT text, processed_at, sender_verified FROM messages WHERE id = $1`,
    [String(messageId)],
  );
  if (!row || row.processed_at || !row.sender_verified || checkInboundText(row.text)) return null;
  const rules = parseMessage(index, row.text);
  if (!needsLlm(rules)) return { parsed: rules, llmFailed: false, usage: null };
  try {
    const { result, usage } = await deps.llm.parse(index, rules, row.text);
    return { parsed: result, llmFailed: false, usage };
  } catch (error) {
    log.warn('LLM unavailable for an unsure message; it goes to staff', { messageId: String(messageId), error: (error as Error).message });
    return { parsed: rules, llmFailed: true, usage: error instanceof LlmUnavailableError ? error.usage : null };
  }
}

/**
 * Acts on one stored inbound message, once: the conversation row is locked, the message is marked
 * processed, and every reply, quote, order and ledger entry it causes commit together.
 *
 * Lock order, the same in every transaction that touches a reseller's money: the conversation
 * (with the message), then the reseller's customer row (FOR NO KEY UPDATE, before any order or
 * quote row of theirs is written), then quotes and orders, then ledger balance rows in account-id
 * order (bot/ledger/ledger-store.ts). Taking the reseller first is what keeps two contacts of one
 * reseller confirming at the same moment from deadlocking.
 */
export async function processMessage(deps: ProcessDeps, messageId: bigint, deadline?: number): Promise<ProcessResult> {
  const catalogue = await deps.catalogue.get();
  const llm = await readWithLlm(deps, catalogue.index, messageId);
  const timeoutMs = deadline === undefined ? undefined : Math.max(1000, deadline - Date.now());
  return transaction(deps.db.pool, async (sql) => {
    const [message] = await sql.query<{ conversation_id: number; customer_id: string | null; text: string; sender_address: string; processed_at: Date | null; sender_verified: boolean; attachments: unknown[] | null; sent_by_staff_id: number | null }>(
      `SELECT m.conversation_id, c.customer_id, m.text, m.sender_address, m.processed_at, m.sender_verified, m.attachments, m.sent_by_staff_id FROM messages m
       JOIN conversations c ON c.id = m.conversation_id WHERE m.id = $1 FOR UPDATE OF c, m`,
      [String(messageId)],
    );
    if (!message) throw new Error(`message ${messageId} does not exist`);
    if (message.processed_at) return { ordersToFulfil: [], decision: 'already_processed' as const };
    // Limits before work: a text over them is answered without being parsed. A message's text never
    // changes, so the reading taken before the transaction stands.
    const textProblem: TextProblem | null = checkInboundText(message.text);
    const parsed = textProblem ? unreadMessage(message.text.slice(0, 2000)) : (llm?.parsed ?? parseMessage(catalogue.index, message.text));
    // Confirming spends money: the reseller is locked before anything of theirs is read or written.
    if (parsed.intent === 'confirm' && message.customer_id !== null) {
      await sql.query(`SELECT 1 FROM customers WHERE customer_id = $1 FOR NO KEY UPDATE`, [message.customer_id]);
    }
    // Everything the decision needs, read once under the locks taken above.
    const [conversation] = await sql.query<{
      id: number;
      channel: ConversationRef['channel'];
      conversation_key: string;
      customer_id: string | null;
      state: StateName;
      state_data: StateData | null;
      language: string | null;
      identity_id: number | null;
      identity_language: string | null;
      country: string | null;
      role: 'owner' | 'buyer' | 'viewer' | null;
      quote_ref: string | null;
      order_ref: string | null;
      customer: Record<string, unknown> | null;
    }>(
      `SELECT c.id, c.channel::text AS channel, c.conversation_key, c.customer_id, c.state::text AS state, c.state_data, c.language,
              i.role::text AS role, i.id AS identity_id, i.language AS identity_language,
              (SELECT country FROM customers WHERE customer_id = c.customer_id) AS country,
              (SELECT reference FROM quotes WHERE conversation_id = c.id AND status = 'open'
                 -- a "yes" stored before the quote was written never saw its prices (quotes keep the clock time of their insert)
                 AND created_at <= (SELECT created_at FROM messages WHERE id = $2::bigint)
               ORDER BY id DESC LIMIT 1) AS quote_ref,
              (SELECT reference FROM orders WHERE conversation_id = c.id AND status = 'awaiting_payment' ORDER BY id DESC LIMIT 1) AS order_ref,
              (SELECT row_to_json(x) FROM (SELECT ${CUSTOMER_COLUMNS} FROM customers WHERE customer_id = c.customer_id) x) AS customer
       FROM conversations c LEFT JOIN channel_identities i ON i.id = c.channel_identity_id AND i.active WHERE c.id = $1`,
      [message.conversation_id, String(messageId)],
    );
    if (!message.sender_verified) {
      // The channel could not verify who wrote this (an email whose From failed DMARC): never
      // treated as the reseller, nothing is said to the address, and staff get a ticket.
      await sql.query(
        `WITH ticket AS (INSERT INTO handoff_tickets (conversation_id, customer_id, channel, reason, detail)
           VALUES ($1, $2, $3::"Channel", 'unverified_sender', $4))
         UPDATE messages SET processed_at = now(), intent = 'unverified_sender' WHERE id = $5`,
        [conversation!.id, conversation!.customer_id, conversation!.channel, `Sender verification failed for ${message.sender_address}:\n${message.text}`.slice(0, 2000), String(messageId)],
      );
      return { ordersToFulfil: [], decision: 'silent' as const };
    }
    const customer: CustomerRow | null = conversation!.customer ? customerRow(conversation!.customer) : null;
    const open = { quote_ref: conversation!.quote_ref, order_ref: conversation!.order_ref };
    const now = deps.now();
    const language = chooseLanguage({
      detected: { language: parsed.language, clear: parsed.languageClear },
      conversation: conversation!.language,
      identity: conversation!.identity_language,
      country: conversation!.country,
    });
    const data = conversation!.state_data ?? {};
    const ref: ConversationRef = { id: conversation!.id, channel: conversation!.channel, conversationKey: conversation!.conversation_key };
    const t = texts(language);
    let replyCount = 0;
    const reply = (text: string) => enqueueReply(sql, ref, `reply:${messageId}:${replyCount++}`, text, [], now);

    // A file the channel could not read as order lines (a PDF purchase order, a photo of one):
    // a person reads it rather than the bot guessing.
    const held = conversation!.state === 'handed_off';
    const fileOnly = message.text.trim() === '' && (message.attachments?.length ?? 0) > 0 && customer !== null && !held;
    const llmDown = llm?.llmFailed === true && !held;
    // Staff ordering in the reseller's name go through the same steps while the conversation is
    // held; the conversation stays held (the bot still does not answer the reseller's own messages).
    const staffActing = held && message.sent_by_staff_id !== null;
    const decision: Decision = fileOnly ? { kind: 'handoff', reason: 'unsure_parse' } : llmDown ? { kind: 'handoff', reason: 'llm_unavailable' } : decide({
      state: staffActing ? 'idle' : conversation!.state,
      data,
      role: conversation!.role && customer?.active ? conversation!.role : null,
      parsed,
      text: message.text,
      openQuoteRef: open.quote_ref,
      awaitingOrderRef: open.order_ref,
      trialPending: customer?.trialOrderPending ?? false,
      textProblem,
      limits: {
        quantityPerLineMax: deps.config.QUANTITY_PER_LINE_MAX,
        quantityPerOrderMax: deps.config.QUANTITY_PER_ORDER_MAX,
        trialOrderQuantityMax: deps.config.TRIAL_ORDER_QUANTITY_MAX,
        linesPerOrderMax: deps.config.LINES_PER_ORDER_MAX,
        clarifyLinesMax: INBOUND_LIMITS.clarifyLines,
      },
      reparse: (text) => parseMessage(catalogue.index, text),
    });

    let state: StateName = staffActing ? 'idle' : conversation!.state;
    let nextData: StateData = state === 'clarifying' ? {} : { ...data };
    if (state === 'clarifying') state = 'idle';
    const ordersToFulfil: number[] = [];
    const handoff = async (reason: HandoffReasonName) => {
      await openHandoff(sql, { id: conversation!.id, customerId: conversation!.customer_id, channel: conversation!.channel }, reason, message.text);
      await reply(t.handoff[reason]);
      state = 'handed_off';
    };

    // No FX rate for the reseller's currency: nothing they ask for can be priced until finance loads
    // one, which is not a reading problem; the reseller hears so and staff get a ticket that says it.
    const cannotQuote = async (code: string, lines: { sku: string }[]) => {
      if (code !== 'no_fx_rate') return handoff('unsure_parse');
      await openHandoff(sql, { id: conversation!.id, customerId: conversation!.customer_id, channel: conversation!.channel }, 'no_fx_rate',
        `No FX rate for ${customer!.currency}: load one with esim-hub fx import, then answer.\n${message.text}`);
      await reply(t.cannotPrice(lines.map((l) => describeProduct(catalogue.products.get(l.sku), l.sku, t.language)).join(', ')));
      state = 'handed_off';
    };

    switch (decision.kind) {
      case 'silent':
        break;
      case 'onboarding': {
        const [application] = await sql.query<{ id: number; status: string }>(
          `SELECT id, status::text AS status FROM onboarding_applications WHERE conversation_id = $1 ORDER BY id DESC LIMIT 1`,
          [conversation!.id],
        );
        if (!application) {
          await sql.query(
            `INSERT INTO onboarding_applications (conversation_id, channel, address, details, updated_at) VALUES ($1, $2::"Channel", $3, $4, now())`,
            [conversation!.id, conversation!.channel, message.sender_address, message.text],
          );
          await reply(t.onboardingAsk);
        } else if (application.status === 'collecting') {
          await sql.query(
            `UPDATE onboarding_applications SET details = trim(coalesce(details, '') || E'\n' || $2), status = 'submitted', updated_at = now() WHERE id = $1`,
            [application.id, message.text],
          );
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
      case 'text_problem':
        await reply(decision.problem.code === 'text_too_long' ? t.textTooLong(decision.problem.max) : t.tooManyTextLines(decision.problem.max));
        break;
      case 'quote': {
        const quoted = await createQuote(sql, deps, catalogue, customer!, conversation!.id, decision.lines, now, t);
        if (!quoted.ok) {
          await cannotQuote(quoted.code, decision.lines);
          break;
        }
        await reply(`${quoted.text}\n${t.quoteAskConfirm}`);
        state = 'quoted';
        nextData = { quoteRef: quoted.reference };
        break;
      }
      case 'confirm': {
        const outcome = await confirmQuote(sql, {
          customer: customer!,
          conversation: ref,
          quoteRef: decision.quoteRef,
          now,
          orderValueUsdMax: deps.config.HANDOFF_ORDER_VALUE_USD_MAX,
        });
        const handled = await afterConfirm(outcome);
        if (handled === 'requote') {
          const lines = await sql.query<{ sku: string; quantity: number }>(
            `SELECT l.sku, l.quantity FROM quote_lines l JOIN quotes q ON q.id = l.quote_id WHERE q.reference = $1 ORDER BY l.id`,
            [decision.quoteRef],
          );
          const quoted = await createQuote(sql, deps, catalogue, customer!, conversation!.id, lines, now, t);
          if (!quoted.ok) await cannotQuote(quoted.code, lines);
          else {
            await reply(`${t.quoteExpiredRequoted(decision.quoteRef)}\n${quoted.text}\n${t.quoteAskConfirm}`);
            state = 'quoted';
            nextData = { quoteRef: quoted.reference };
          }
        }
        break;
      }
      case 'pay_waiting_order': {
        const [order] = await sql.query<{ id: number }>(`SELECT id FROM orders WHERE reference = $1`, [decision.orderRef]);
        await afterConfirm(await payOrder(sql, { orderId: order!.id, customer: customer!, now }));
        break;
      }
      case 'nothing_to_confirm':
        await reply(t.nothingToConfirm);
        break;
      case 'cancel':
        if (decision.quoteRef) {
          await sql.query(`UPDATE quotes SET status = 'cancelled', updated_at = now() WHERE reference = $1 AND status = 'open'`, [decision.quoteRef]);
          await reply(t.cancelledQuote(decision.quoteRef));
        } else if (decision.orderRef) {
          await sql.query(`UPDATE orders SET status = 'cancelled', updated_at = now() WHERE reference = $1 AND status = 'awaiting_payment'`, [decision.orderRef]);
          await reply(t.cancelledOrder(decision.orderRef));
        } else await reply(t.nothingToCancel);
        state = 'idle';
        nextData = {};
        break;
      case 'status':
        await reply(await statusText(sql, t, customer!.id, decision.orderRefs));
        break;
      case 'balance':
        await reply(await balanceText(sql, t, customer!));
        break;
      case 'help':
        await reply(t.help);
        break;
    }

    async function afterConfirm(outcome: ConfirmOutcome): Promise<'requote' | void> {
      const money = (minor: number) => formatMoney({ amountMinor: minor, currency: customer!.currency });
      switch (outcome.kind) {
        case 'quote_not_found':
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
          if (outcome.method === 'prepaid') await checkLowBalance(sql, customer!, now);
          state = 'placing';
          nextData = { orderRef: outcome.orderRef };
      }
    }

    if (staffActing) state = 'handed_off';
    await sql.query(
      `WITH processed AS (UPDATE messages SET processed_at = now(), intent = $5, parse_result = $6::jsonb,
         llm_model = $8, llm_prompt_tokens = $9, llm_output_tokens = $10, llm_cost_micro_usd = $11, llm_latency_ms = $12 WHERE id = $7)
       , identity AS (UPDATE channel_identities SET language = $4 WHERE id = $13 AND $14::boolean AND language IS DISTINCT FROM $4)
       UPDATE conversations SET state = $2::"ConversationState", state_data = $3::jsonb, language = $4, version = version + 1, updated_at = now() WHERE id = $1`,
      [
        conversation!.id,
        state,
        JSON.stringify(nextData),
        language,
        parsed.intent,
        JSON.stringify(publicParse(parsed)),
        String(messageId),
        llm?.usage?.model ?? null,
        llm?.usage?.promptTokens ?? null,
        llm?.usage?.outputTokens ?? null,
        llm?.usage ? String(llm.usage.costMicroUsd) : null,
        llm?.usage?.latencyMs ?? null,
        conversation!.identity_id,
        parsed.languageClear,
      ],
    );
    return { ordersToFulfil, decision: decision.kind };
  }, { deadline, timeoutMs });
}

function publicParse(parsed: ParseResult) {
  return { ...parsed, lines: parsed.lines.map((l) => ({ sku: l.sku, quantity: l.quantity, candidates: l.candidates, text: l.text })) };
}

type HandoffReasonName = keyof ReturnType<typeof texts>['handoff'];

async function openHandoff(
  sql: Sql,
  conversation: { id: number; customerId: string | null; channel: ConversationRef['channel'] },
  reason: HandoffReasonName | 'no_fx_rate',
  detail: string,
): Promise<void> {
  await sql.query(
    `INSERT INTO handoff_tickets (conversation_id, customer_id, channel, reason, detail)
     SELECT $1, $2, $3::"Channel", $4::"HandoffReason", $5
     WHERE NOT EXISTS (SELECT 1 FROM handoff_tickets WHERE conversation_id = $1 AND status IN ('open', 'claimed'))`,
    [conversation.id, conversation.customerId, conversation.channel, reason, detail.slice(0, 2000)],
  );
}

async function createQuote(
  sql: Sql,
  deps: ProcessDeps,
  catalogue: CatalogueSnapshot,
  customer: { id: string; tier: 'tier_1' | 'tier_2' | 'tier_3'; currency: string },
  conversationId: number,
  lines: { sku: string; quantity: number }[],
  now: Date,
  t: ReturnType<typeof texts>,
): Promise<{ ok: true; id: number; reference: string; text: string } | { ok: false; code: string }> {
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
  if (!built.ok) return { ok: false, code: built.code };
  const expiresAt = new Date(now.getTime() + deps.config.QUOTE_TTL_HOURS * 3_600_000);
  const stored = await insertQuote(sql, { customerId: customer.id, conversationId, quote: built.quote, pricedOn: today, expiresAt });
  const q = built.quote;
  const money = (minor: number, currency = q.currency) => formatMoney({ amountMinor: minor, currency });
  const usdAlongside = (minor: number) => (q.currency === 'USD' ? '' : ` (${money(minor, 'USD')})`);
  const lineTexts = q.lines.map(
    (l) =>
      `- ${l.quantity} x ${describeProduct(catalogue.products.get(l.sku), l.sku, t.language)} (${l.sku}) @ ${money(l.unitPriceMinor)} = ${money(l.lineTotalMinor)}${usdAlongside(l.decision.lineTotalMinor)}`,
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
  let unknown = false;
  for (const line of decision.lines) {
    if (line.sku === null && line.candidates.length > 0) {
      const choices = line.candidates.map((sku) => `- ${sku} (${describeProduct(catalogue.products.get(sku), sku, t.language)})`).join('\n');
      parts.push(t.whichProduct(quoteBack(line.text), line.quantity !== null ? ` (${line.quantity})` : '', choices));
    } else if (line.sku === null) {
      parts.push(t.unknownProduct(quoteBack(line.text)));
      unknown = true;
    } else if (line.quantity === null) {
      parts.push(t.howMany(describeProduct(catalogue.products.get(line.sku), line.sku, t.language)));
    }
  }
  if (unknown) parts.push(t.weCover([...new Set([...catalogue.products.values()].map((p) => p.regionName))].join(', ')));
  return parts.join('\n\n');
}

function quantityText(t: ReturnType<typeof texts>, problem: Extract<Decision, { kind: 'quantity_problem' }>['problem'], catalogue: CatalogueSnapshot): string {
  switch (problem.code) {
    case 'quantity_must_be_positive':
      return t.quantityMustBePositive(problem.sku ? describeProduct(catalogue.products.get(problem.sku), problem.sku, t.language) : '');
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

async function statusText(sql: Sql, t: ReturnType<typeof texts>, customerId: string, refs: string[]): Promise<string> {
  const orders = await sql.query<{ reference: string; status: string; delivered: string; total: string; created: string }>(
    `SELECT o.reference, o.status::text AS status, sum(l.quantity_delivered)::text AS delivered, sum(l.quantity)::text AS total,
            to_char(o.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS created
     FROM orders o JOIN order_lines l ON l.order_id = o.id
     WHERE o.customer_id = $1 AND (cardinality($2::text[]) = 0 OR o.reference = ANY($2::text[]))
     GROUP BY o.id ORDER BY o.id DESC LIMIT 5`,
    [customerId, refs],
  );
  const missing = refs.filter((r) => !orders.some((o) => o.reference === r)).map((r) => t.statusNotFound(r));
  const found = orders.map((o) => t.statusLine(o.reference, o.status.replace(/_/g, ' '), Number(o.delivered), Number(o.total), o.created));
  if (found.length === 0 && missing.length === 0) return t.noOrders;
  return [...(refs.length === 0 ? [t.lastOrders] : []), ...found, ...missing].join('\n');
}

async function balanceText(sql: Sql, t: ReturnType<typeof texts>, customer: CustomerRow): Promise<string> {
  const position = await accountPosition(sql, customer);
  if (customer.accountType === 'prepaid') return t.balancePrepaid(formatMoney({ amountMinor: position.prepaidAvailableMinor, currency: customer.currency }));
  const usd = (minor: number) => formatMoney({ amountMinor: minor, currency: 'USD' });
  return t.balancePostpaid(usd(position.creditLimitUsdMinor), usd(position.outstandingUsdMinor), usd(Math.max(0, position.creditLimitUsdMinor - position.outstandingUsdMinor)));
}
