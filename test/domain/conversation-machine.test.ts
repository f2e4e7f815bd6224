import fc from 'fast-check';
import type { Decision } from '../../domain/conversation/decide';
import { transition, type Conversation, type ConversationEvent, type PaymentResult } from '../../domain/conversation/machine';
import { CONVERSATION_STATES, type ConversationStateName } from '../../domain/conversation/states';

const at = (state: ConversationStateName, data: Conversation['data'] = {}): Conversation => ({ state, data });
const message = (decision: Decision, staffActing = false): ConversationEvent => ({ kind: 'message', decision, staffActing });
const thb = (minor: number) => ({ minor, currency: 'THB' });
const kinds = (event: ConversationEvent, c: Conversation) => transition(c, event).effects.map((e) => (e.kind === 'reply' ? `reply:${e.say.key}` : e.kind === 'open_ticket' ? `ticket:${e.reason}` : e.kind));

describe('the conversation machine: state x event', () => {
  // Events from outside a message, in every state: [event, expected next state per state].
  const table: [string, ConversationEvent, Record<ConversationStateName, ConversationStateName>][] = [
    ['payment arrived', { kind: 'payment_arrived', orderRef: 'ORD-000007' }, { idle: 'idle', clarifying: 'clarifying', quoted: 'quoted', awaiting_payment: 'placing', placing: 'placing', delivered: 'delivered', onboarding: 'onboarding', handed_off: 'handed_off' }],
    ['delivery done (its order)', { kind: 'delivery_done', orderRef: 'ORD-000007' }, { idle: 'idle', clarifying: 'clarifying', quoted: 'quoted', awaiting_payment: 'awaiting_payment', placing: 'delivered', delivered: 'delivered', onboarding: 'onboarding', handed_off: 'handed_off' }],
    ['processing gave up', { kind: 'processing_gave_up' }, Object.fromEntries(CONVERSATION_STATES.map((s) => [s, 'handed_off'])) as Record<ConversationStateName, ConversationStateName>],
    ['staff claimed', { kind: 'staff_claimed' }, Object.fromEntries(CONVERSATION_STATES.map((s) => [s, 'handed_off'])) as Record<ConversationStateName, ConversationStateName>],
    ['staff released', { kind: 'staff_released' }, Object.fromEntries(CONVERSATION_STATES.map((s) => [s, 'idle'])) as Record<ConversationStateName, ConversationStateName>],
    ['reseller approved', { kind: 'reseller_approved' }, Object.fromEntries(CONVERSATION_STATES.map((s) => [s, 'idle'])) as Record<ConversationStateName, ConversationStateName>],
  ];
  for (const [name, event, expected] of table) {
    test.each(CONVERSATION_STATES.map((s) => [s, expected[s]]))(`${name}: %s -> %s`, (state, next) => {
      expect(transition(at(state, { orderRef: 'ORD-000007' }), event).state).toBe(next);
    });
  }

  test('a delivery of another order than the one the conversation waits for changes nothing', () => {
    expect(transition(at('placing', { orderRef: 'ORD-000008' }), { kind: 'delivery_done', orderRef: 'ORD-000007' })).toEqual({ state: 'placing', data: { orderRef: 'ORD-000008' }, effects: [] });
  });

  test('a payment that arrives keeps the paid order; a release forgets everything', () => {
    expect(transition(at('awaiting_payment', { orderRef: 'ORD-000007' }), { kind: 'payment_arrived', orderRef: 'ORD-000007' })).toEqual({ state: 'placing', data: { orderRef: 'ORD-000007' }, effects: [] });
    expect(transition(at('handed_off', { quoteRef: 'Q-000003' }), { kind: 'staff_released' }).data).toEqual({});
  });

  test('giving up opens a ticket and tells the reseller a person will answer', () => {
    expect(kinds({ kind: 'processing_gave_up' }, at('quoted'))).toEqual(['ticket:processing_failed', 'reply:handoff']);
  });
});

describe('the conversation machine: messages', () => {
  test.each<[Decision, string[], ConversationStateName]>([
    [{ kind: 'help' }, ['reply:help'], 'idle'],
    [{ kind: 'handoff', reason: 'complaint' }, ['ticket:complaint', 'reply:handoff'], 'handed_off'],
    [{ kind: 'onboarding' }, ['record_onboarding'], 'onboarding'],
    [{ kind: 'quote', lines: [{ sku: 'ESIM-JP-10GB-15D', quantity: 20 }], intent: 'order' }, ['create_quote'], 'idle'],
    [{ kind: 'confirm', quoteRef: 'Q-000003' }, ['confirm_quote'], 'idle'],
    [{ kind: 'pay_waiting_order', orderRef: 'ORD-000007' }, ['pay_order'], 'idle'],
    [{ kind: 'cancel', quoteRef: 'Q-000003', orderRef: null }, ['cancel_quote', 'reply:cancelled_quote'], 'idle'],
    [{ kind: 'cancel', quoteRef: null, orderRef: 'ORD-000007' }, ['cancel_order', 'reply:cancelled_order'], 'idle'],
    [{ kind: 'cancel', quoteRef: null, orderRef: null }, ['reply:nothing_to_cancel'], 'idle'],
    [{ kind: 'status', orderRefs: [] }, ['reply_status'], 'idle'],
    [{ kind: 'balance' }, ['reply_balance'], 'idle'],
    [{ kind: 'nothing_to_confirm' }, ['reply:nothing_to_confirm'], 'idle'],
    [{ kind: 'text_problem', problem: { code: 'text_too_long', max: 6000 } }, ['reply:text_problem'], 'idle'],
  ])('%j', (decision, effects, state) => {
    expect(kinds(message(decision), at('idle'))).toEqual(effects);
    expect(transition(at('idle'), message(decision)).state).toBe(state);
  });

  test('a clarifying question remembers the lines and is forgotten by the next message', () => {
    const lines = [{ sku: null, quantity: 20, candidates: ['ESIM-JP-10GB-15D', 'ESIM-JP-10GB-30D'], text: 'japan 10gb x20' }];
    const asked = transition(at('idle'), message({ kind: 'clarify', lines: lines as never, intent: 'order', text: 'japan 10gb x20', clarifyCount: 1 }));
    expect(asked.state).toBe('clarifying');
    expect(asked.data).toEqual({ pending: { text: 'japan 10gb x20', intent: 'order', lines }, clarifyCount: 1 });
    expect(transition({ state: asked.state, data: asked.data }, message({ kind: 'help' }))).toMatchObject({ state: 'idle', data: {} });
  });

  test('a reseller writing into a conversation staff hold gets nothing; staff ordering for them go through and it stays held', () => {
    expect(transition(at('handed_off', { quoteRef: 'Q-1' }), message({ kind: 'help' }))).toEqual({ state: 'handed_off', data: { quoteRef: 'Q-1' }, effects: [] });
    const acting = transition(at('handed_off'), message({ kind: 'quote', lines: [{ sku: 'ESIM-JP-10GB-15D', quantity: 3 }], intent: 'order' }, true));
    expect(acting).toMatchObject({ state: 'handed_off', effects: [{ kind: 'create_quote' }] });
    expect(transition({ state: acting.state, data: acting.data }, { kind: 'quote_created', quoteRef: 'Q-000009', text: '...', requotedFrom: null })).toMatchObject({ state: 'handed_off', data: { quoteRef: 'Q-000009' } });
  });
});

describe('the conversation machine: what work found out', () => {
  test.each<[PaymentResult, string[], ConversationStateName]>([
    [{ kind: 'paid', orderId: 7, orderRef: 'ORD-000007', method: 'prepaid', amount: thb(100_00), left: thb(50_00) }, ['reply:paid_prepaid', 'fulfil', 'check_low_balance'], 'placing'],
    [{ kind: 'paid', orderId: 7, orderRef: 'ORD-000007', method: 'postpaid', amount: thb(100_00), left: null }, ['reply:paid_postpaid', 'fulfil'], 'placing'],
    [{ kind: 'awaiting_payment', orderRef: 'ORD-000007', missing: thb(40_00), quoteRef: 'Q-000003' }, ['reply:awaiting_payment'], 'awaiting_payment'],
    [{ kind: 'over_credit_limit' }, ['ticket:over_credit_limit', 'reply:handoff'], 'handed_off'],
    [{ kind: 'over_value_threshold' }, ['ticket:over_value_threshold', 'reply:handoff'], 'handed_off'],
    [{ kind: 'quote_closed' }, ['reply:nothing_to_confirm'], 'quoted'],
    [{ kind: 'quote_expired', quoteRef: 'Q-000003' }, ['requote'], 'quoted'],
  ])('%j', (result, effects, state) => {
    const c = at('quoted', { quoteRef: 'Q-000003' });
    expect(kinds({ kind: 'payment_result', result }, c)).toEqual(effects);
    expect(transition(c, { kind: 'payment_result', result }).state).toBe(state);
  });

  test('a quote that cannot be priced for want of an FX rate is a no_fx_rate ticket and "cannot price", anything else unsure_parse', () => {
    expect(kinds({ kind: 'quote_failed', code: 'no_fx_rate', skus: ['ESIM-JP-10GB-15D'] }, at('idle'))).toEqual(['ticket:no_fx_rate', 'reply:cannot_price']);
    expect(kinds({ kind: 'quote_failed', code: 'unknown_sku', skus: ['ESIM-XX'] }, at('idle'))).toEqual(['ticket:unsure_parse', 'reply:handoff']);
  });

  test('any event in any state gives a known state, and only a ticket-opening step ends handed off from elsewhere', () => {
    const event = fc.constantFrom<ConversationEvent>(
      { kind: 'payment_arrived', orderRef: 'ORD-1' }, { kind: 'delivery_done', orderRef: 'ORD-1' }, { kind: 'processing_gave_up' }, { kind: 'staff_claimed' },
      { kind: 'staff_released' }, { kind: 'reseller_approved' }, message({ kind: 'help' }), message({ kind: 'handoff', reason: 'complaint' }),
      { kind: 'payment_result', result: { kind: 'over_credit_limit' } }, { kind: 'quote_created', quoteRef: 'Q-1', text: 't', requotedFrom: null },
    );
    fc.assert(
      fc.property(fc.constantFrom(...CONVERSATION_STATES), event, (state, e) => {
        const next = transition(at(state, { orderRef: 'ORD-1' }), e);
        expect(CONVERSATION_STATES).toContain(next.state);
        if (next.state === 'handed_off' && state !== 'handed_off' && e.kind !== 'staff_claimed') expect(next.effects.some((x) => x.kind === 'open_ticket')).toBe(true);
      }),
    );
  });
});
