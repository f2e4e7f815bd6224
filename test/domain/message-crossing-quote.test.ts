import { decide, type DecideInput } from '../../domain/conversation/decide';
import { transition } from '../../domain/conversation/machine';
import { renderSay } from '../../domain/replies/say';
import { texts } from '../../domain/replies/texts';
import { seedCatalogueIndex } from '../../bot/parsing/seed-catalogue';
import { decideInput } from '../support/decide-input';

// A "yes" that crossed the quote (sent while the bot was still working on the order, or while a
// process that died held it): it does not confirm prices the reseller never saw, and its answer
// names the quote above it rather than saying there is none.

const index = seedCatalogueIndex();
const input = (text: string, over: Partial<DecideInput> = {}) => decideInput(index, text, over);
const say = (language: string) => ({ t: texts(language), describe: (sku: string) => sku, regions: () => ['Japan'] });

/** The answer is `english` in English, and in zh, es and pt a text of its own that names `ref`. */
function expectInEveryLanguage(key: 'confirm_before_quote' | 'cancel_not_found', ref: string, english: string) {
  const render = (language: string) => renderSay({ key, ref }, say(language));
  expect(render('en')).toBe(english);
  for (const language of ['zh', 'es', 'pt']) {
    expect(render(language)).toContain(ref);
    expect(render(language)).not.toBe(english);
  }
}

describe('a "yes" sent before its quote was written', () => {
  test('names the quote it crossed and asks for YES again; it confirms nothing', () => {
    const decision = decide(input('yes', { state: 'quoted', openQuoteRef: null, laterQuoteRef: 'Q-000019' }));
    expect(decision).toEqual({ kind: 'confirm_before_quote', quoteRef: 'Q-000019' });
    const next = transition({ state: 'quoted', data: { quoteRef: 'Q-000019' } }, { kind: 'message', decision, staffActing: false });
    expect(next.effects).toEqual([{ kind: 'reply', say: { key: 'confirm_before_quote', ref: 'Q-000019' } }]);
    expect(next.state).toBe('quoted');
  });

  test('a quote it did see, or an order waiting for payment, comes first', () => {
    expect(decide(input('yes', { openQuoteRef: 'Q-000018', laterQuoteRef: 'Q-000019' }))).toEqual({ kind: 'confirm', quoteRef: 'Q-000018' });
    expect(decide(input('yes', { awaitingOrderRef: 'ORD-000007', laterQuoteRef: 'Q-000019' }))).toEqual({ kind: 'pay_waiting_order', orderRef: 'ORD-000007' });
    expect(decide(input('yes please confirm Q-000019', { laterQuoteRef: 'Q-000019' }))).toEqual({ kind: 'confirm', quoteRef: 'Q-000019' }); // named: they have seen it
    expect(decide(input('yes'))).toEqual({ kind: 'nothing_to_confirm' });
  });

  test('is answered in the reseller\'s language, naming the quote', () => {
    expectInEveryLanguage('confirm_before_quote', 'Q-000019', 'Your "yes" reached us before quote Q-000019 was sent, so it has not confirmed it. Please check the quote and reply YES to confirm it.');
  });
});

// "10x EU 5GB" then "no, cancel that" before the quote came: the reseller cancelled what they had
// just asked for. Cancelling an offer moves no money, so the quote written after it is cancelled.
describe('a "cancel" sent before its quote was written', () => {
  test('cancels that quote and says so, leaving the conversation idle', () => {
    const decision = decide(input('cancel', { state: 'quoted', openQuoteRef: null, laterQuoteRef: 'Q-000019' }));
    expect(decision).toEqual({ kind: 'cancel', quoteRef: 'Q-000019', orderRef: null });
    const next = transition({ state: 'quoted', data: { quoteRef: 'Q-000019' } }, { kind: 'message', decision, staffActing: false });
    expect(next.effects).toEqual([{ kind: 'cancel_quote', quoteRef: 'Q-000019' }, { kind: 'reply', say: { key: 'cancelled_quote', ref: 'Q-000019' } }]);
    expect(next.state).toBe('idle');
  });

  test('an unpaid order is not cancelled in place of the quote it crossed', () => {
    const withOrder = decide(input('cancel', { awaitingOrderRef: 'ORD-000007', laterQuoteRef: 'Q-000019' }));
    expect(withOrder).toEqual({ kind: 'cancel', quoteRef: 'Q-000019', orderRef: 'ORD-000007' });
    expect(transition({ state: 'quoted', data: {} }, { kind: 'message', decision: withOrder, staffActing: false }).effects).toEqual([
      { kind: 'cancel_quote', quoteRef: 'Q-000019' },
      { kind: 'reply', say: { key: 'cancelled_quote', ref: 'Q-000019' } },
    ]);
    expect(decide(input('cancel'))).toEqual({ kind: 'cancel', quoteRef: null, orderRef: null });
  });

  test('a cancel that names what to cancel cancels that, or nothing: never the quote it crossed', () => {
    const named = decide(input('please cancel ORD-7, we paid by mistake', { awaitingOrderRef: 'ORD-000007', laterQuoteRef: 'Q-000019' }));
    expect(named).toEqual({ kind: 'cancel', quoteRef: null, orderRef: 'ORD-000007' });
    expect(transition({ state: 'awaiting_payment', data: {} }, { kind: 'message', decision: named, staffActing: false }).effects).toEqual([
      { kind: 'cancel_order', orderRef: 'ORD-000007' },
      { kind: 'reply', say: { key: 'cancelled_order', ref: 'ORD-000007' } },
    ]);
    // An order that is not this conversation's unpaid one: nothing is cancelled (before, the open quote
    // was), and the answer says which it could not find.
    const notFound = decide(input('cancel ORD-000003', { openQuoteRef: 'Q-000018', awaitingOrderRef: 'ORD-000007' }));
    expect(notFound).toEqual({ kind: 'cancel_not_found', named: 'ORD-000003' });
    expect(transition({ state: 'quoted', data: { quoteRef: 'Q-000018' } }, { kind: 'message', decision: notFound, staffActing: false })).toMatchObject({
      state: 'quoted',
      effects: [{ kind: 'reply', say: { key: 'cancel_not_found', ref: 'ORD-000003' } }],
    });
    expect(decide(input('cancel Q-19', { laterQuoteRef: 'Q-000019' }))).toEqual({ kind: 'cancel', quoteRef: 'Q-000019', orderRef: null });
    expect(decide(input('cancel Q-000017', { laterQuoteRef: 'Q-000019' }))).toEqual({ kind: 'cancel_not_found', named: 'Q-000017' });
  });

  test('a cancel naming a purchase order of its own cancels the quote or order that carries that PO, and nothing else', () => {
    const text = 'Please cancel our PO 5512, Turkey 10GB x 30';
    const own = (openQuote: string | null, laterQuote: string | null, awaitingOrder: string | null) => ({ openQuote, laterQuote, awaitingOrder });
    // The crossed quote is for another PO, the unpaid order too: nothing is cancelled.
    expect(decide(input(text, { laterQuoteRef: 'Q-000019', awaitingOrderRef: 'ORD-000007', ownReferences: own(null, 'PO-6000', 'PO-6001') }))).toMatchObject({ kind: 'cancel_not_found' });
    // The open quote the reseller saw carries no PO: not taken for it.
    expect(decide(input(text, { openQuoteRef: 'Q-000018', ownReferences: own(null, null, null) }))).toMatchObject({ kind: 'cancel_not_found' });
    expect(decide(input(text, { openQuoteRef: 'Q-000018', ownReferences: own('PO-5512', null, null) }))).toEqual({ kind: 'cancel', quoteRef: 'Q-000018', orderRef: null });
    expect(decide(input(text, { laterQuoteRef: 'Q-000019', ownReferences: own(null, '5512', null) }))).toEqual({ kind: 'cancel', quoteRef: 'Q-000019', orderRef: null });
    expect(decide(input(text, { openQuoteRef: 'Q-000018', awaitingOrderRef: 'ORD-000007', ownReferences: own('PO-6000', null, 'PO 5512') }))).toEqual({ kind: 'cancel', quoteRef: null, orderRef: 'ORD-000007' });
  });

  test('a cancel that finds nothing it named says so in the reseller\'s language', () => {
    expectInEveryLanguage('cancel_not_found', 'ORD-000003', 'I could not find ORD-000003 among your open quote and unpaid order, so nothing was cancelled. To cancel, reply with the quote or order number (Q-... or ORD-...).');
  });
});
