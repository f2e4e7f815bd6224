import type { Amount, Say } from '../conversation/machine';
import { quoteBack } from '../intake/limits';
import { formatMoney } from '../money';
import type { Texts } from './texts';

// What the conversation machine says (a Say), in the reseller's language. Product names come from
// the catalogue the caller holds: `describe` names a SKU, `regions` is what we cover.

export interface SayContext {
  t: Texts;
  describe: (sku: string) => string;
  regions: () => string[];
}

const money = (a: Amount) => formatMoney({ amountMinor: a.minor, currency: a.currency });

export function renderSay(say: Say, ctx: SayContext): string {
  const { t } = ctx;
  switch (say.key) {
    case 'handoff':
      return t.handoff[say.reason];
    case 'cannot_price':
      return t.cannotPrice(say.skus.map(ctx.describe).join(', '));
    case 'onboarding_ask':
      return t.onboardingAsk;
    case 'onboarding_thanks':
      return t.onboardingThanks;
    case 'nothing_to_confirm':
      return t.nothingToConfirm;
    case 'confirm_before_quote':
      return t.confirmBeforeQuote(say.ref);
    case 'cancel_not_found':
      return t.cancelNotFound(say.ref);
    case 'nothing_to_cancel':
      return t.nothingToCancel;
    case 'help':
      return t.help;
    case 'clarify':
      return clarifyText(say.lines, ctx);
    case 'quantity_problem':
      return quantityText(say.problem, ctx);
    case 'text_problem':
      return say.problem.code === 'text_too_long' ? t.textTooLong(say.problem.max) : t.tooManyTextLines(say.problem.max);
    case 'quote':
      return [...(say.requotedFrom ? [t.quoteExpiredRequoted(say.requotedFrom)] : []), say.text, t.quoteAskConfirm].join('\n');
    case 'cancelled_quote':
      return t.cancelledQuote(say.ref);
    case 'cancelled_order':
      return t.cancelledOrder(say.ref);
    case 'awaiting_payment':
      return t.awaitingPayment(say.orderRef, money(say.missing), say.quoteRef);
    case 'paid_prepaid':
      return t.paidPrepaid(say.orderRef, money(say.amount), money(say.left));
    case 'paid_postpaid':
      return t.paidPostpaid(say.orderRef, money(say.amount));
  }
}

function clarifyText(lines: Extract<Say, { key: 'clarify' }>['lines'], ctx: SayContext): string {
  const { t } = ctx;
  const parts: string[] = [];
  let unknown = false;
  const choicesOf = (skus: readonly string[]) => skus.map((sku) => `- ${sku} (${ctx.describe(sku)})`).join('\n');
  const quantityOf = (line: (typeof lines)[number]) => (line.quantity !== null ? ` (${line.quantity})` : '');
  // A complete reading the rules were not sure of: read back, to be confirmed before a quote.
  if (lines.length > 0 && lines.every((l) => l.sku !== null && l.quantity !== null)) {
    return t.checkReading(lines.map((l) => `- ${l.quantity} x ${ctx.describe(l.sku!)} (${l.sku})`).join('\n'));
  }
  for (const line of lines) {
    if (line.sku === null && line.resolution === 'not_sold') {
      parts.push(t.notSold(line.place ?? quoteBack(line.text), quantityOf(line), choicesOf(line.candidates)));
    } else if (line.sku === null && line.resolution === 'no_single_product') {
      parts.push(t.noSingleProduct(line.place ?? quoteBack(line.text), quantityOf(line), choicesOf(line.candidates)));
    } else if (line.sku === null && line.candidates.length > 0) {
      const choices = line.candidates.map((sku) => `- ${sku} (${ctx.describe(sku)})`).join('\n');
      parts.push(t.whichProduct(quoteBack(line.text), line.quantity !== null ? ` (${line.quantity})` : '', choices));
    } else if (line.sku === null) {
      parts.push(t.unknownProduct(quoteBack(line.text)));
      unknown = true;
    } else if (line.quantity === null) {
      parts.push(t.howMany(ctx.describe(line.sku)));
    }
  }
  if (unknown) parts.push(t.weCover(ctx.regions().join(', ')));
  return parts.join('\n\n');
}

function quantityText(problem: Extract<Say, { key: 'quantity_problem' }>['problem'], ctx: SayContext): string {
  const { t } = ctx;
  switch (problem.code) {
    case 'quantity_must_be_positive':
      return t.quantityMustBePositive(problem.sku ? ctx.describe(problem.sku) : '');
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
