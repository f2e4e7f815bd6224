import { decide, type Decision } from '../../domain/conversation/decide';
import { checkInboundText, INBOUND_LIMITS, type TextProblem } from '../../domain/intake/limits';
import { chooseLanguage } from '../../domain/parsing/detect-language';
import type { StateData } from '../../domain/conversation/states';
import { parseMessage, unreadMessage, type ParseResult } from '../../domain/parsing/parse-message';
import { texts } from '../../domain/replies/texts';
import type { Config } from '../config';
import { saveAfterMessage } from '../conversation/conversation-store';
import { runConversation } from '../conversation/run-conversation';
import type { Database } from '../db/database';
import { poolSql, transaction } from '../db/sql';
import { openUnverifiedSenderTicket } from '../store/tickets';
import { LlmUnavailableError, needsLlm, type LlmParser, type LlmUsage } from '../llm/llm-parser';
import { log } from '../log';
import type { CustomerRow } from './account';
import { conversationForMessage } from '../store/conversations';
import { describeProduct, type CatalogueCache, type CatalogueSnapshot } from './catalogue-cache';
import type { ConversationRef } from './reply';
import { lockReseller } from '../store/customers';
import { lockInbound, markProcessedUnread, messageToRead } from '../store/messages';

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
  const row = await messageToRead(poolSql(deps.db.pool), messageId);
  if (!row || row.processed_at || !row.sender_verified || checkInboundText(row.text)) return null;
  const rules = parseMessage(index, row.text);
  if (!needsLlm(rules)) return { parsed: rules, llmFailed: false, usage: null };
  try {
    const { result, usage } = await deps.llm.parse(index, rules, row.text);
    return { parsed: result, llmFailed: false, usage };
  } catch (error) {
    log.warn('LLM unavailable for an unsure message; it goes to staff', { messageId: String(messageId), error });
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
    const message = await lockInbound(sql, messageId);
    if (!message) throw new Error(`message ${messageId} does not exist`);
    if (message.processed_at) return { ordersToFulfil: [], decision: 'already_processed' as const };
    // Limits before work: a text over them is answered without being parsed. A message's text never
    // changes, so the reading taken before the transaction stands.
    const textProblem: TextProblem | null = checkInboundText(message.text);
    const parsed = textProblem ? unreadMessage(message.text.slice(0, 2000)) : (llm?.parsed ?? parseMessage(catalogue.index, message.text));
    // Confirming spends money: the reseller is locked before anything of theirs is read or written.
    if (parsed.intent === 'confirm' && message.customer_id !== null) {
      await lockReseller(sql, message.customer_id);
    }
    // Everything the decision needs, read once under the locks taken above.
    const conversation = await conversationForMessage(sql, message.conversation_id, messageId);
    if (!message.sender_verified) {
      // The channel could not verify who wrote this (an email whose From failed DMARC): never
      // treated as the reseller, nothing is said to the address, and staff get a ticket.
      await openUnverifiedSenderTicket(sql, { conversationId: conversation.id, customerId: conversation.customer_id, channel: conversation.channel, detail: `Sender verification failed for ${message.sender_address}:\n${message.text}` });
      await markProcessedUnread(sql, messageId, 'unverified_sender');
      return { ordersToFulfil: [], decision: 'silent' as const };
    }
    const customer: CustomerRow | null = conversation.customer;
    const open = { quote_ref: conversation.quote_ref, order_ref: conversation.order_ref };
    const now = deps.now();
    const language = chooseLanguage({
      detected: { language: parsed.language, clear: parsed.languageClear },
      conversation: conversation.language,
      identity: conversation.identity_language,
      country: conversation.country,
    });
    const data = (conversation.state_data as StateData | null) ?? {}; // jsonb written only by the conversation store
    const ref: ConversationRef = { id: conversation.id, channel: conversation.channel, conversationKey: conversation.conversation_key };
    const t = texts(language);
    let replyCount = 0;

    // A file the channel could not read as order lines (a PDF purchase order, a photo of one):
    // a person reads it rather than the bot guessing.
    const held = conversation.state === 'handed_off';
    const fileOnly = message.text.trim() === '' && (message.attachments?.length ?? 0) > 0 && customer !== null && !held;
    const llmDown = llm?.llmFailed === true && !held;
    // Staff ordering in the reseller's name go through the same steps while the conversation is
    // held; the conversation stays held (the bot still does not answer the reseller's own messages).
    const staffActing = held && message.sent_by_staff_id !== null;
    const decision: Decision = fileOnly ? { kind: 'handoff', reason: 'unsure_parse' } : llmDown ? { kind: 'handoff', reason: 'llm_unavailable' } : decide({
      state: staffActing ? 'idle' : conversation.state,
      data,
      role: conversation.role && customer?.active ? conversation.role : null,
      accountInactive: ((conversation.role !== null && customer !== null && !customer.active) || conversation.contact_inactive === true) && !staffActing,
      parsed,
      text: message.text,
      openQuoteRef: open.quote_ref,
      laterQuoteRef: conversation.later_quote_ref,
      awaitingOrderRef: open.order_ref,
      ownReferences: { openQuote: conversation.quote_po, laterQuote: conversation.later_quote_po, awaitingOrder: conversation.order_po },
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

    const ordersToFulfil: number[] = [];
    const next = await runConversation(
      {
        sql,
        conversation: ref,
        customerId: conversation.customer_id,
        customer,
        now,
        say: {
          t,
          describe: (sku) => describeProduct(catalogue.products.get(sku), sku, t.language),
          regions: () => [...new Set([...catalogue.products.values()].map((p) => p.regionName))],
        },
        messageId,
        nextReplyKey: () => `reply:${messageId}:${replyCount++}`,
        ticketDetail: message.text,
        sender: { address: message.sender_address, text: message.text, files: ((message.attachments ?? []) as { filename?: string }[]).map((a) => a.filename ?? '').filter((f) => f !== '') },
        catalogue,
        quoteTtlHours: deps.config.QUOTE_TTL_HOURS,
        orderValueUsdMax: deps.config.HANDOFF_ORDER_VALUE_USD_MAX,
        ordersToFulfil,
        staffId: message.sent_by_staff_id,
      },
      { state: conversation.state, data },
      { kind: 'message', decision, staffActing },
    );
    await saveAfterMessage(sql, { id: conversation.id, conversation: next, language }, {
      messageId: String(messageId),
      intent: parsed.intent,
      parseResult: publicParse(parsed),
      llm: llm?.usage ?? null,
      identityId: conversation.identity_id,
      languageClear: parsed.languageClear,
    });
    return { ordersToFulfil, decision: decision.kind };
  }, { deadline, timeoutMs });
}

function publicParse(parsed: ParseResult) {
  return { ...parsed, lines: parsed.lines.map((l) => ({ sku: l.sku, quantity: l.quantity, candidates: l.candidates, text: l.text })) };
}
