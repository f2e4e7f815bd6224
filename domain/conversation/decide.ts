import type { TextProblem } from '../intake/limits';
import type { ParseResult } from '../parsing/parse-message';
import type { ParsedLine } from '../parsing/extract-lines';
import { checkQuantities, type QuantityLimits, type QuantityProblem } from './limits';
import type { ConversationStateName, StateData } from './states';

// The conversation's next step, decided from its state and the parsed message alone. bot/ carries
// the decision out (database, ledger, supplier, replies) and stores the next state.

// llm_unavailable is decided by the pipeline (the LLM is I/O), not here.
export type HandoffReason = 'unsure_parse' | 'person_requested' | 'complaint' | 'viewer_ordering' | 'instruction_like_text' | 'llm_unavailable' | 'account_inactive';

export type Decision =
  | { kind: 'silent' } // staff hold the conversation
  | { kind: 'onboarding' }
  | { kind: 'handoff'; reason: HandoffReason }
  | { kind: 'clarify'; lines: ParsedLine[]; intent: 'order' | 'quote'; text: string; clarifyCount: number }
  | { kind: 'quantity_problem'; problem: QuantityProblem }
  | { kind: 'text_problem'; problem: TextProblem } // over the limits before work: answered, not parsed
  | { kind: 'quote'; lines: { sku: string; quantity: number }[]; intent: 'order' | 'quote'; customerReference?: string | null }
  | { kind: 'confirm'; quoteRef: string }
  | { kind: 'pay_waiting_order'; orderRef: string }
  | { kind: 'nothing_to_confirm' }
  /** A "yes" sent before the open quote was written (it crossed the quote): it does not confirm what it never saw. */
  | { kind: 'confirm_before_quote'; quoteRef: string }
  | { kind: 'cancel'; quoteRef: string | null; orderRef: string | null }
  /** The cancel named a quote, order or PO that none of the open ones is: nothing is cancelled, and it is said. */
  | { kind: 'cancel_not_found'; named: string }
  | { kind: 'status'; orderRefs: string[] }
  | { kind: 'balance' }
  /** Their statement (of the month the text names, else the latest) or their latest invoice, as files. */
  | { kind: 'statement'; text: string }
  | { kind: 'invoice' }
  /** Their commission payouts (commission resellers). */
  | { kind: 'commission' }
  /** The eSIMs of a delivered order again, on this thread (the order named, else their latest); a viewer is refused. */
  | { kind: 'resend'; orderRefs: string[]; allowed: boolean }
  | { kind: 'help' };

export interface DecideInput {
  state: ConversationStateName;
  data: StateData;
  /** null: the sender is not a known identity. */
  role: 'owner' | 'buyer' | 'viewer' | null;
  /** A known contact of a reseller that staff deactivated: told so and handed to a person, never onboarded. */
  accountInactive?: boolean;
  parsed: ParseResult;
  text: string;
  /** The conversation's open quote (not confirmed, cancelled or superseded), if any. */
  openQuoteRef: string | null;
  /** An order of this conversation waiting for payment, if any. */
  awaitingOrderRef: string | null;
  /** An open quote written after this message was stored, answering an earlier message (this one crossed it), if any. */
  laterQuoteRef?: string | null;
  /** The reseller's own PO numbers on the open quote, the crossed quote and the unpaid order. */
  ownReferences?: { openQuote?: string | null; laterQuote?: string | null; awaitingOrder?: string | null };
  trialPending: boolean;
  /** The text is over a limit (characters, lines): `parsed` is empty and only this is answered. */
  textProblem?: TextProblem | null;
  limits: QuantityLimits;
  /** The rules parser, to read a clarifying answer together with the question's lines. */
  reparse: (text: string) => ParseResult;
}

export const CLARIFICATIONS_MAX = 1;

/** Reads an answer to "which product / how many" together with the lines it answers. */
function mergeClarification(input: DecideInput): ParseResult | null {
  const pending = input.data.pending;
  if (!pending) return null;
  const answer = input.parsed;
  // A complete new order replaces the pending one.
  if (answer.lines.length > 0 && answer.lines.every((l) => l.sku !== null && l.quantity !== null)) return null;
  const resolved = answer.lines.filter((l) => l.sku !== null);
  if (resolved.length > 0 && resolved.length === pending.lines.filter((l) => l.sku === null || l.quantity === null).length) {
    // "ESIM-JP-10GB-15D" answers "which one?": keep the quantity asked for before.
    let index = 0;
    const lines = pending.lines.map((line) => {
      if (line.sku !== null && line.quantity !== null) return line;
      const chosen = resolved[index++]!;
      return { ...chosen, quantity: chosen.quantity ?? line.quantity };
    });
    return { ...answer, intent: pending.intent, lines: lines as ParsedLine[] };
  }
  // "15 days" / "200": read again with the text of each unresolved line.
  const lines: ParsedLine[] = [];
  for (const line of pending.lines) {
    if (line.sku !== null && line.quantity !== null) {
      lines.push(line as ParsedLine);
      continue;
    }
    const again = input.reparse(`${line.text}\n${input.text}`).lines;
    if (again.length !== 1) return { ...answer, intent: pending.intent, lines: [line as ParsedLine] };
    lines.push(again[0]!);
  }
  return { ...answer, intent: pending.intent, lines };
}

/** Asks about the reading (or reads it back), once; still unsure after that, a person decides: the bot does not guess. */
function clarify(input: DecideInput, lines: ParsedLine[], intent: 'order' | 'quote', clarifying: boolean): Decision {
  const asked = clarifying ? (input.data.clarifyCount ?? 0) : 0;
  if (asked >= CLARIFICATIONS_MAX) return { kind: 'handoff', reason: 'unsure_parse' };
  return { kind: 'clarify', lines, intent, text: clarifying ? `${input.data.pending!.text}\n${input.text}` : input.text, clarifyCount: asked + 1 };
}

export function decide(input: DecideInput): Decision {
  if (input.state === 'handed_off') return { kind: 'silent' };
  if (input.accountInactive) return { kind: 'handoff', reason: 'account_inactive' };
  if (input.role === null) return { kind: 'onboarding' };
  if (input.textProblem) return { kind: 'text_problem', problem: input.textProblem };
  const { flags } = input.parsed;
  if (flags.instructionLike) return { kind: 'handoff', reason: 'instruction_like_text' };
  if (flags.wantsHuman) return { kind: 'handoff', reason: 'person_requested' };
  if (flags.complaint) return { kind: 'handoff', reason: 'complaint' };

  let parsed = input.parsed;
  const clarifying = input.state === 'clarifying' && input.data.pending !== undefined;
  if (clarifying && ['order', 'quote', 'other'].includes(parsed.intent)) parsed = mergeClarification(input) ?? parsed;
  // "yes" to a reading read back to the reseller: that reading, now sure.
  const pending = input.data.pending;
  if (clarifying && pending && parsed.intent === 'confirm' && parsed.quoteRefs.length === 0 && pending.lines.length > 0 && pending.lines.every((l) => l.sku !== null && l.quantity !== null)) {
    parsed = { ...input.reparse(pending.text), intent: pending.intent, lines: pending.lines as ParsedLine[], confidence: 'high' };
  }

  switch (parsed.intent) {
    case 'order':
    case 'quote': {
      if (parsed.lines.length === 0) return { kind: 'help' };
      if (input.role === 'viewer' && parsed.intent === 'order') return { kind: 'handoff', reason: 'viewer_ordering' };
      // Checked before any clarifying question: a reply never grows with the number of lines read.
      if (parsed.lines.length > input.limits.linesPerOrderMax) {
        return { kind: 'quantity_problem', problem: { code: 'too_many_lines', lines: parsed.lines.length, max: input.limits.linesPerOrderMax } };
      }
      const unsure = parsed.lines.filter((l) => l.sku === null || l.quantity === null);
      // More unclear lines than one question can fairly ask about: a person reads it.
      if (unsure.length > input.limits.clarifyLinesMax) return { kind: 'handoff', reason: 'unsure_parse' };
      if (unsure.length > 0) return clarify(input, parsed.lines, parsed.intent, clarifying);
      // The same product on two lines is one line of their sum: one price (its quantity break) and
      // one order line, so nothing downstream can pair a line with the wrong quote line.
      const lines: { sku: string; quantity: number }[] = [];
      for (const l of parsed.lines) {
        const same = lines.find((x) => x.sku === l.sku);
        if (same) same.quantity += l.quantity as number;
        else lines.push({ sku: l.sku as string, quantity: l.quantity as number });
      }
      // A count that cannot be ordered (0, -5, a million) is answered as such before any read-back.
      const problem = checkQuantities(lines, input.limits, input.trialPending);
      if (problem) return { kind: 'quantity_problem', problem };
      // The rules read every line but were not sure of the reading, and no LLM read it for them: it is
      // read back to the reseller before anything is quoted (a quote of the wrong thing is worse).
      const readBack = parsed === input.parsed && parsed.source === 'rules' && parsed.confidence === 'low' && parsed.onlyOrderOrQuoteDoubt !== true;
      if (readBack) return clarify(input, parsed.lines, parsed.intent, clarifying);
      return { kind: 'quote', lines, intent: parsed.intent, customerReference: parsed.poReference ?? null };
    }
    case 'confirm': {
      if (input.role === 'viewer') return { kind: 'handoff', reason: 'viewer_ordering' };
      const referenced = parsed.quoteRefs[0];
      if (referenced) return { kind: 'confirm', quoteRef: referenced };
      if (input.openQuoteRef) return { kind: 'confirm', quoteRef: input.openQuoteRef };
      if (input.awaitingOrderRef) return { kind: 'pay_waiting_order', orderRef: input.awaitingOrderRef };
      if (input.laterQuoteRef) return { kind: 'confirm_before_quote', quoteRef: input.laterQuoteRef };
      return { kind: 'nothing_to_confirm' };
    }
    case 'cancel': {
      // A quote or order named ("cancel ORD-000007") is cancelled if it is this conversation's to
      // cancel, and nothing else is.
      // A PO number of the reseller's own ("cancel our PO 5512") is matched against the one on each.
      const [quoteNamed] = parsed.quoteRefs;
      const [orderNamed] = parsed.orderRefs;
      const po = quoteNamed || orderNamed ? null : parsed.poReference;
      if (quoteNamed || orderNamed || po) {
        const own = input.ownReferences ?? {};
        const quotes = [[input.openQuoteRef, own.openQuote], [input.laterQuoteRef, own.laterQuote]] as const;
        const quoteRef = quotes.find(([ref, ownRef]) => (quoteNamed ? sameReference(quoteNamed, ref) : samePo(po, ref && ownRef)))?.[0] ?? null;
        const orderRef = (orderNamed ? sameReference(orderNamed, input.awaitingOrderRef) : samePo(po, input.awaitingOrderRef && own.awaitingOrder)) ? input.awaitingOrderRef : null;
        if (!quoteRef && !orderRef) return { kind: 'cancel_not_found', named: quoteNamed ?? orderNamed ?? (/^P\.?O/i.test(po!) ? po! : `PO ${po}`) };
        return { kind: 'cancel', quoteRef, orderRef };
      }
      // A bare "cancel" that crossed its quote ("10x EU 5GB", then "no, cancel that" before the quote
      // came) cancels that quote: cancelling an offer moves no money.
      return { kind: 'cancel', quoteRef: input.openQuoteRef ?? input.laterQuoteRef ?? null, orderRef: input.awaitingOrderRef };
    }
    case 'status':
      return { kind: 'status', orderRefs: parsed.orderRefs };
    case 'balance':
      return { kind: 'balance' };
    case 'statement':
      return { kind: 'statement', text: input.text };
    case 'invoice':
      return { kind: 'invoice' };
    case 'commission':
      return { kind: 'commission' };
    case 'resend':
      // Only a contact who may order gets eSIMs (activation codes are secrets); a viewer is told no.
      return { kind: 'resend', orderRefs: parsed.orderRefs, allowed: input.role === 'owner' || input.role === 'buyer' };
    default:
      return { kind: 'help' };
  }
}

/** "PO 5512", "po-5512" and "5512" are one PO number: the same digits. */
function samePo(named: string | null, own: string | null | undefined): boolean {
  const digits = (text: string) => text.replace(/\D/g, '');
  return named !== null && own != null && digits(named) !== '' && digits(named) === digits(own);
}

/** "ORD-7", "ord 000007" and "ORD-000007" are one reference: the same number. */
function sameReference(named: string, ref: string | null | undefined): boolean {
  return ref != null && Number(named.replace(/\D/g, '')) === Number(ref.replace(/\D/g, ''));
}
