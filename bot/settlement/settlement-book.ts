import { sql as raw } from 'kysely';
import { accountKey } from '../../domain/ledger/accounts';
import type { AccountSides } from '../../domain/ledger/balances';
import type { BookCustomer, BookOrder, SettlementBook, Thread } from '../../domain/settlement/book';
import type { Sql } from '../db/sql';
import { openMinor } from '../store/deposits';
import { thresholdMinor } from '../store/fx-rates';
import { q, run } from '../store/query-builder';
import { unbookedUsdMinor, unsettledOrder } from '../store/orders';
import { lowBalanceDefault } from './low-balance';

// The settlement book: the accounts of the resellers a file's deposits can go to, read and locked
// in a few statements before its entries are planned (domain/settlement/book). The resellers are
// locked first, in id order (as every transaction that moves their money takes its reseller
// first), then their waiting orders and their prepaid balances: nothing else moves them until the
// import commits. Constants are written as SQL: the statements, and their plans, are as before.

const thread = (r: { id: number; channel: Thread['channel']; conversation_key: string; language: string | null }): Thread => ({ id: r.id, channel: r.channel, conversationKey: r.conversation_key, language: r.language });
const awaiting = raw.lit<'awaiting_payment'>('awaiting_payment');

export async function loadSettlementBook(sql: Sql, input: { customerIds: string[]; orderIds: number[]; everyAwaitingOrder: boolean }): Promise<SettlementBook> {
  const ids = [...new Set(input.customerIds)].sort();
  const customers = await run(
    sql,
    q.selectFrom('customers as c')
      .select((eb) => ['c.customer_id as id', 'c.account_type', 'c.currency', 'c.active', thresholdMinor(lowBalanceDefault.usdMinor).as('threshold'), eb('c.low_balance_alerted_at', 'is not', null).$castTo<boolean>().as('alerted')])
      .where('c.customer_id', '=', (eb) => eb.fn.any(eb.val(ids)))
      .orderBy('c.customer_id')
      .forNoKeyUpdate('c'),
  );
  await run(sql, q.selectFrom('orders').select((eb) => eb.lit(1).as('locked')).where('customer_id', '=', (eb) => eb.fn.any(eb.val(ids))).where('status', '=', awaiting).orderBy('id').forUpdate());
  const balances = await run(
    sql,
    q.selectFrom('account_balances as b')
      .innerJoin('ledger_accounts as a', 'a.id', 'b.account_id')
      .select(['a.code', 'a.currency', 'b.debits_minor', 'b.credits_minor'])
      .where('a.customer_id', '=', (eb) => eb.fn.any(eb.val(ids)))
      .where((eb) => eb.or([eb.ref('a.debits_must_not_exceed_credits'), eb.ref('a.credits_must_not_exceed_debits')]))
      .orderBy('b.account_id')
      .forUpdate('b'),
  );
  // Sums of bigint are numeric: JSON numbers here, whole minor units.
  const [outstanding] = await run(
    sql,
    q.selectNoFrom((eb) => [
      eb
        .selectFrom(
          eb.selectFrom('postings as p').innerJoin('ledger_accounts as a', 'a.id', 'p.account_id')
            .select((s) => ['a.customer_id', s.fn.sum<number>('p.usd_minor').as('usd')])
            .where('a.code', '=', (s) => s.fn.any(s.val(ids.map((id) => `receivable:${id}`))))
            .groupBy('a.customer_id')
            .as('r'),
        )
        .select((s) => s.fn<Record<string, number> | null>('json_object_agg', ['r.customer_id', 'r.usd']).as('agg'))
        .as('receivable'),
      eb
        .selectFrom(
          eb.selectFrom('orders')
            .select((s) => ['customer_id', s.fn.sum<number>(unbookedUsdMinor).as('usd')])
            .where('customer_id', '=', (s) => s.fn.any(s.val(ids)))
            .where('payment_method', '=', raw.lit<'postpaid'>('postpaid'))
            .where(unsettledOrder)
            .groupBy('customer_id')
            .as('f'),
        )
        .select((s) => s.fn<Record<string, number> | null>('json_object_agg', ['f.customer_id', 'f.usd']).as('agg'))
        .as('in_flight'),
    ]),
  );
  const orders = await run(
    sql,
    q.selectFrom(
      q.selectFrom('orders as o')
        .leftJoin('quotes as q', 'q.id', 'o.quote_id')
        .select((eb) => [
          'o.id', 'o.reference', 'o.customer_id', 'o.status', 'o.payment_method', 'o.currency', 'o.total_minor', 'o.total_usd_minor',
          eb.fn.coalesce('q.reference', 'o.reference').as('pay_reference'), openMinor().as('open_minor'), 'o.conversation_id',
        ])
        .where((eb) =>
          eb.or([
            input.everyAwaitingOrder ? eb('o.status', '=', awaiting) : eb.and([eb('o.status', '=', awaiting), eb('o.customer_id', '=', eb.fn.any(eb.val(ids)))]),
            eb.and([eb('o.customer_id', '=', eb.fn.any(eb.val(ids))), eb('o.payment_method', '=', raw.lit<'postpaid'>('postpaid')), eb('o.status', 'not in', [raw.lit<'cancelled'>('cancelled'), raw.lit<'failed'>('failed')])]),
            eb('o.id', '=', eb.fn.any(eb.val(input.orderIds))),
          ]),
        )
        .as('o'),
    )
      .selectAll()
      .where((eb) => eb.or([eb('o.status', '=', awaiting), eb('o.open_minor', '>', eb.lit(0)), eb('o.id', '=', eb.fn.any(eb.val(input.orderIds)))]))
      .orderBy('o.id'),
  );
  const latest = await run(
    sql,
    q.selectFrom('conversations as c')
      .select(['c.customer_id', 'c.id', 'c.channel', 'c.conversation_key', 'c.language'])
      .distinctOn('c.customer_id')
      .where('c.customer_id', '=', (eb) => eb.fn.any(eb.val(ids)))
      .where('c.state', '<>', raw.lit<'onboarding'>('onboarding'))
      .orderBy('c.customer_id')
      .orderBy((eb) => eb.ref('c.last_message_at'), (ob) => ob.desc().nullsLast())
      .orderBy('c.id', 'desc')
      .$narrowType<{ customer_id: string }>(),
  );
  const inBook = new Set(ids);
  const conversationIds = [...new Set(orders.filter((o) => inBook.has(o.customer_id) && o.conversation_id !== null).map((o) => o.conversation_id!))];
  const conversations = conversationIds.length === 0 ? [] : await run(sql, q.selectFrom('conversations').select(['id', 'channel', 'conversation_key', 'language']).where('id', '=', (eb) => eb.fn.any(eb.val(conversationIds))));
  const threads = new Map(conversations.map((c) => [c.id, thread(c)]));
  const latestOf = new Map(latest.map((c) => [c.customer_id, thread(c)]));

  const book: SettlementBook = { customers: new Map(), orders: new Map(), byCustomer: new Map(), awaitingNewestFirst: [], balances: new Map<string, AccountSides>() };
  for (const c of customers) {
    const customer: BookCustomer = {
      id: c.id,
      accountType: c.account_type,
      currency: c.currency,
      active: c.active,
      outstandingUsdMinor: (outstanding?.receivable?.[c.id] ?? 0) + (outstanding?.in_flight?.[c.id] ?? 0),
      lowBalanceThresholdMinor: c.threshold,
      lowBalanceAlerted: c.alerted,
      latestThread: latestOf.get(c.id) ?? null,
    };
    book.customers.set(c.id, customer);
  }
  for (const b of balances) book.balances.set(accountKey(b.code, b.currency), { debitsMinor: b.debits_minor, creditsMinor: b.credits_minor });
  for (const o of orders) {
    const order: BookOrder = {
      id: o.id,
      reference: o.reference,
      customerId: o.customer_id,
      status: o.status,
      paymentMethod: o.payment_method,
      currency: o.currency,
      totalMinor: o.total_minor,
      totalUsdMinor: o.total_usd_minor,
      payReference: o.pay_reference,
      openMinor: o.open_minor,
      thread: o.conversation_id !== null ? (threads.get(o.conversation_id) ?? null) : null,
    };
    book.orders.set(order.id, order);
    if (!book.byCustomer.has(order.customerId)) book.byCustomer.set(order.customerId, []);
    book.byCustomer.get(order.customerId)!.push(order);
    if (order.status === 'awaiting_payment') book.awaitingNewestFirst.push(order);
  }
  book.awaitingNewestFirst.reverse();
  return book;
}
