import type { ParsedLine } from '../parsing/extract-lines';

export const CONVERSATION_STATES = ['idle', 'clarifying', 'quoted', 'awaiting_payment', 'placing', 'delivered', 'onboarding', 'handed_off'] as const;
export type ConversationStateName = (typeof CONVERSATION_STATES)[number];

/** What a conversation remembers between messages (conversations.state_data). */
export interface StateData {
  quoteRef?: string;
  orderRef?: string;
  /** Lines waiting for an answer to a clarifying question, and the text they came from. */
  pending?: { text: string; lines: Pick<ParsedLine, 'sku' | 'quantity' | 'candidates' | 'text'>[]; intent: 'order' | 'quote' };
  clarifyCount?: number;
}
