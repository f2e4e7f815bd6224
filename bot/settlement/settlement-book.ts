import { accountKey } from '../../domain/ledger/accounts';
import type { AccountSides } from '../../domain/ledger/balances';
import type { BookCustomer, BookOrder, SettlementBook, Thread } from '../../domain/settlement/book';
import type { Sql } from '../db/sql';
import { OPEN_MINOR } from './deposit-facts';
import { lowBalanceDefault, THRESHOLD_MINOR } from './low-balance';

// The settlement book: the accounts of the resellers a file's deposits can go to, read and locked
// in a few statements before its entries are planned (domain/settlement/book). The resellers are
// locked first, in id order (as every transaction that moves their money takes its reseller
// first), then their waiting orders and their prepaid balances: nothing else moves them until the
// import commits.

interface ThreadRow {
  id: number;
  channel: Thread['channel'];
  conversation_key: string;
  language: string | null;
}
const thread = (r: ThreadRow): Thread => ({ id: r.id, channel: r.channel, conversationKey: r.conversation_key, language: r.language });

export async function loadSettlementBook(sql: Sql, input: { customerIds: string[]; orderIds: number[]; everyAwaitingOrder: boolean }): Promise<SettlementBook> {
  const ids = [...new Set(input.customerIds)].sort();
  const customers = await sql.query<{ id: string; account_type: 'prepaid' | 'postpaid'; currency: string; active: boolean; threshold: string | null; alerted: boolean }>(
    `SELECT c.customer_id AS id, c.account_type::text AS account_type, c.currency, c.active,
            (${THRESHOLD_MINOR})::text AS threshold, c.low_balance_alerted_at IS NOT NULL AS alerted
     FROM customers c WHERE c.customer_id = ANY($1::text[]) ORDER BY c.customer_id FOR NO KEY UPDATE OF c`,
    [ids, lowBalanceDefault.usdMinor],
  );
  await sql.query(`SELECT 1 FROM orders WHERE customer_id = ANY($1::text[]) AND status = 'awaiting_payment' ORDER BY id FOR UPDATE`, [ids]);
  const balances = await sql.query<{ code: string; currency: string; debits_minor: string; credits_minor: string }>(
    `SELECT a.code, a.currency, b.debits_minor::text AS debits_minor, b.credits_minor::text AS credits_minor
     FROM account_balances b JOIN ledger_accounts a ON a.id = b.account_id
     WHERE a.customer_id = ANY($1::text[]) AND (a.debits_must_not_exceed_credits OR a.credits_must_not_exceed_debits)
     ORDER BY b.account_id FOR UPDATE OF b`,
    [ids],
  );
  const [outstanding] = await sql.query<{ receivable: Record<string, string> | null; in_flight: Record<string, string> | null }>(
    `SELECT (SELECT json_object_agg(customer_id, usd::text) FROM (SELECT a.customer_id, sum(p.usd_minor) AS usd FROM postings p JOIN ledger_accounts a ON a.id = p.account_id
                                                               WHERE a.code = ANY($2::text[]) GROUP BY a.customer_id) r) AS receivable,
            (SELECT json_object_agg(customer_id, usd::text) FROM (SELECT customer_id, sum(total_usd_minor) AS usd FROM orders
                                                               WHERE customer_id = ANY($1::text[]) AND payment_method = 'postpaid'
                                                                 AND status IN ('paid', 'placing', 'partially_delivered', 'awaiting_fulfilment') GROUP BY customer_id) f) AS in_flight`,
    [ids, ids.map((id) => `receivable:${id}`)],
  );
  const orders = await sql.query<{
    id: number; reference: string; customer_id: string; status: string; payment_method: string | null; currency: string;
    total_minor: string; total_usd_minor: string; pay_reference: string; open_minor: string; conversation_id: number | null;
  }>(
    `SELECT * FROM (
       SELECT o.id, o.reference, o.customer_id, o.status::text AS status, o.payment_method::text AS payment_method, o.currency,
              o.total_minor::text AS total_minor, o.total_usd_minor::text AS total_usd_minor, coalesce(q.reference, o.reference) AS pay_reference,
              (${OPEN_MINOR})::text AS open_minor, o.conversation_id
       FROM orders o LEFT JOIN quotes q ON q.id = o.quote_id
       WHERE (o.status = 'awaiting_payment' AND ($3::boolean OR o.customer_id = ANY($1::text[])))
          OR (o.customer_id = ANY($1::text[]) AND o.payment_method = 'postpaid' AND o.status NOT IN ('cancelled', 'failed'))
          OR o.id = ANY($2::int[])) o
     WHERE o.status = 'awaiting_payment' OR o.open_minor::bigint > 0 OR o.id = ANY($2::int[])
     ORDER BY o.id`,
    [ids, input.orderIds, input.everyAwaitingOrder],
  );
  const latest = await sql.query<ThreadRow & { customer_id: string }>(
    `SELECT DISTINCT ON (c.customer_id) c.customer_id, c.id, c.channel::text AS channel, c.conversation_key, c.language FROM conversations c
     WHERE c.customer_id = ANY($1::text[]) AND c.state <> 'onboarding'
     ORDER BY c.customer_id, c.last_message_at DESC NULLS LAST, c.id DESC`,
    [ids],
  );
  const inBook = new Set(ids);
  const conversationIds = [...new Set(orders.filter((o) => inBook.has(o.customer_id) && o.conversation_id !== null).map((o) => o.conversation_id!))];
  const conversations = conversationIds.length === 0 ? [] : await sql.query<ThreadRow>(
    `SELECT id, channel::text AS channel, conversation_key, language FROM conversations WHERE id = ANY($1::int[])`,
    [conversationIds],
  );
  const threads = new Map(conversations.map((c) => [c.id, thread(c)]));
  const latestOf = new Map(latest.map((c) => [c.customer_id, thread(c)]));

  const book: SettlementBook = { customers: new Map(), orders: new Map(), byCustomer: new Map(), awaitingNewestFirst: [], balances: new Map<string, AccountSides>() };
  for (const c of customers) {
    const customer: BookCustomer = {
      id: c.id,
      accountType: c.account_type,
      currency: c.currency,
      active: c.active,
      outstandingUsdMinor: Number(outstanding?.receivable?.[c.id] ?? 0) + Number(outstanding?.in_flight?.[c.id] ?? 0),
      lowBalanceThresholdMinor: c.threshold === null ? null : Number(c.threshold),
      lowBalanceAlerted: c.alerted,
      latestThread: latestOf.get(c.id) ?? null,
    };
    book.customers.set(c.id, customer);
  }
  for (const b of balances) book.balances.set(accountKey(b.code, b.currency), { debitsMinor: Number(b.debits_minor), creditsMinor: Number(b.credits_minor) });
  for (const o of orders) {
    const order: BookOrder = {
      id: o.id,
      reference: o.reference,
      customerId: o.customer_id,
      status: o.status,
      paymentMethod: o.payment_method,
      currency: o.currency,
      totalMinor: Number(o.total_minor),
      totalUsdMinor: Number(o.total_usd_minor),
      payReference: o.pay_reference,
      openMinor: Number(o.open_minor),
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
