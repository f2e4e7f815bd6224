import { addStaffUser } from '../../bot/staff/staff-users';
import { BotHarness } from '../support/bot-harness';
import { fund } from '../support/fund';
import { auditLedger } from '../support/ledger-auditor';
import { createTestDatabase, targets, type TestDatabase } from '../support/test-database';
import { until } from '../support/until';

// The order desk's API (issue 19) through the real database, on both engines: the orders list
// filtered and paged on the server (on indexes, quick with thousands of orders), an order's page
// with its activation codes masked and shown only on an audited click, cancelling an unpaid order
// (the reseller told, no money moved), and crediting or refunding eSIMs of a delivered one: one
// balanced entry, a credit note, the reseller told; a double submit credits once; roles refused.

const NOVEMBER = new Date('2026-11-12T10:00:00.000Z');

interface Listed { total: number; page: number; pageSize: number; orders: { id: number; reference: string; customerId: string; status: string; channel: string; total: string; cards: number }[] }
interface View {
  id: number; reference: string; status: string; total: string; conversationUrl: string | null;
  lines: { sku: string; quantity: number; unitPrice: string; lineTotal: string; explanation: string[] }[];
  history: { at: string; what: string; by: string | null }[];
  supplierChunks: { chunk: number; status: string; count: number }[];
  esims: { id: number; iccid: string; activationCode: string; credited: { mode: string; creditNote: string } | null }[];
  ledger: { kind: string; postings: { account: string; debit: string | null; credit: string | null }[] }[];
  credits: { creditNote: string; amount: string; esims: number; by: string; pdfUrl: string | null }[];
  actions: { cancel: boolean; credit: boolean; refund: boolean };
}

describe.each(targets)('the order desk API on %s', (target) => {
  let db: TestDatabase;
  let chat: BotHarness;
  const clock = NOVEMBER;

  async function signIn(email: string, password: string) {
    const login = await fetch(`${chat.url}/staff/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
    expect(login.status).toBe(200);
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const csrf = /<meta name="csrf-token" content="([^"]+)">/.exec(await (await fetch(`${chat.url}/staff`, { headers: { cookie } })).text())![1]!;
    return {
      post: (url: string, body: unknown = {}) => fetch(`${chat.url}${url}`, { method: 'POST', headers: { cookie, 'x-csrf-token': csrf, 'content-type': 'application/json' }, body: JSON.stringify(body) }),
      get: (url: string) => fetch(`${chat.url}${url}`, { headers: { cookie } }),
    };
  }
  type Client = Awaited<ReturnType<typeof signIn>>;
  let sam: Client; // staff
  let fay: Client; // finance
  let olga: Client; // owner
  const list = async (who: Client, query: string) => (await (await who.get(`/staff/api/order-desk/orders?${query}`)).json()) as Listed;
  const view = async (who: Client, ref: string) => (await (await who.get(`/staff/api/order-desk/orders/${ref}`)).json()) as View;
  const order = async (address: string, text: string) => {
    await chat.receive('whatsapp', address, text, clock);
    await chat.receive('whatsapp', address, 'yes', clock);
  };
  const status = async (ref: string) => (await db.pool.query(`SELECT status::text FROM orders WHERE reference = $1`, [ref])).rows[0]?.status as string;
  const refOf = async (customerId: string) => (await db.pool.query(`SELECT reference FROM orders WHERE customer_id = $1 ORDER BY id DESC LIMIT 1`, [customerId])).rows[0]!.reference as string;
  const prepaid = async (customerId: string) =>
    Number((await db.pool.query(`SELECT coalesce(b.credits_minor - b.debits_minor, 0) AS v FROM ledger_accounts a JOIN account_balances b ON b.account_id = a.id WHERE a.code = $1`, [`prepaid:${customerId}`])).rows[0]?.v ?? 0);
  const outbound = async (conversationKey: string) =>
    (await db.pool.query(`SELECT body FROM outbox_messages WHERE conversation_key = $1 ORDER BY id`, [conversationKey])).rows.map((r) => (r.body as { text?: string }).text ?? '');

  let delivered: string; // B2B-004 (prepaid, USD): 10 eSIMs delivered on WhatsApp
  let unpaid: string; // B2B-003 (prepaid, EUR, no balance): waiting for payment
  let postpaid: string; // B2B-002 (postpaid, THB): delivered, not invoiced yet

  beforeAll(async () => {
    db = await createTestDatabase(target, { seed: true });
    chat = await BotHarness.start(db, { now: () => clock });
    await addStaffUser(db, { email: 'sam@esimhub.test', name: 'Sam', password: 'staff password long', role: 'staff' });
    await addStaffUser(db, { email: 'fay@esimhub.test', name: 'Fay', password: 'finance password long', role: 'finance' });
    await addStaffUser(db, { email: 'olga@esimhub.test', name: 'Olga', password: 'owner password long', role: 'owner' });
    await fund(db, 'B2B-004', 'USD', 150_000, 150_000, 'VCB-1112-0042', clock.toISOString());
    await order('+84912345604', 'Japan 10GB 15 days x 10');
    delivered = await refOf('B2B-004');
    await order('+34612345603', 'Japan 10GB 15 days x 5');
    unpaid = await refOf('B2B-003');
    await order('+66812345601', 'Japan 10GB 15 days x 3');
    postpaid = await refOf('B2B-002');
    await until(async () => (await status(delivered)) === 'delivered' && (await status(postpaid)) === 'delivered', 'the orders delivered');
    expect(await status(unpaid)).toBe('awaiting_payment');
    [sam, fay, olga] = [await signIn('sam@esimhub.test', 'staff password long'), await signIn('fay@esimhub.test', 'finance password long'), await signIn('olga@esimhub.test', 'owner password long')];
  }, 120_000);

  afterAll(async () => {
    await chat?.stop();
    await db?.close();
  });

  test('filters by reseller, status, channel and dates, paged on the server; a bad filter is a 400', async () => {
    expect((await list(fay, '')).orders.map((o) => o.reference)).toEqual([postpaid, unpaid, delivered]);
    const byReseller = await list(sam, 'customer=b2b-004');
    expect(byReseller).toMatchObject({ total: 1, orders: [{ reference: delivered, customerId: 'B2B-004', status: 'delivered', channel: 'whatsapp', cards: 10 }] });
    expect(byReseller.orders[0]!.total).toMatch(/^USD \d{1,3}(,\d{3})*\.\d{2}$/);
    expect((await list(sam, 'status=awaiting_payment')).orders.map((o) => o.reference)).toEqual([unpaid]);
    expect((await list(sam, 'channel=whatsapp')).total).toBe(3);
    expect((await list(sam, 'channel=email')).total).toBe(0);
    // Orders keep the database's time of creation (UTC days).
    const { rows: [day] } = await db.pool.query(`SELECT to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS d FROM orders WHERE reference = $1`, [delivered]);
    const shift = (d: string, days: number) => new Date(Date.parse(`${d}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
    expect((await list(sam, `from=${day.d}&to=${day.d}`)).total).toBe(3); // the "to" day is included
    expect((await list(sam, `from=${shift(day.d, 1)}`)).total).toBe(0);
    expect((await list(sam, `to=${shift(day.d, -1)}`)).total).toBe(0);
    expect((await list(sam, `ref=${delivered.toLowerCase()}`)).orders.map((o) => o.reference)).toEqual([delivered]);
    const second = await list(sam, 'pageSize=2&page=2');
    expect(second).toMatchObject({ total: 3, page: 2, pageSize: 2 });
    expect(second.orders.map((o) => o.reference)).toEqual([delivered]);
    for (const bad of ['status=lost', 'channel=fax', 'from=2026-13-01', 'pageSize=5000', 'customer=ACME']) expect((await sam.get(`/staff/api/order-desk/orders?${bad}`)).status).toBe(400);
    expect((await fetch(`${chat.url}/staff/api/order-desk/orders`)).status).toBe(401);
  }, 60_000);

  test('the list stays on indexes and answers quickly with thousands of orders', async () => {
    const { rows: indexes } = await db.pool.query(`SELECT indexname FROM pg_indexes WHERE tablename = 'orders'`);
    expect(indexes.map((i) => i.indexname)).toEqual(expect.arrayContaining(['orders_created_at_idx', 'orders_status_created_at_idx', 'orders_channel_created_at_idx', 'orders_customer_id_created_at_idx']));
    // 5,000 orders over a year for the 20 resellers, on all channels and statuses.
    await db.pool.query(`
      INSERT INTO orders (reference, customer_id, channel, conversation_key, status, currency, total_usd_minor, total_minor, access_token, created_at, updated_at)
      SELECT 'ORD-9' || lpad(g::text, 6, '0'), 'B2B-' || lpad((1 + g % 20)::text, 3, '0'), (ARRAY['whatsapp','wechat','email','web'])[1 + g % 4]::"Channel",
             'web:bulk-' || g, (ARRAY['delivered','cancelled','awaiting_payment','failed'])[1 + g % 4]::"OrderStatus", 'USD', 1000 + g, 1000 + g,
             md5('bulk' || g), timestamptz '2025-11-01' + (g || ' hours')::interval, now()
      FROM generate_series(1, 5000) g`);
    await db.pool.query('ANALYZE orders');
    const started = Date.now();
    const page = await list(sam, 'status=delivered&channel=whatsapp&from=2026-01-01&to=2026-06-30&pageSize=50&page=3');
    const all = await list(sam, 'customer=B2B-007&pageSize=200');
    const elapsedMs = Date.now() - started;
    expect(page.total).toBeGreaterThan(100);
    expect(page.orders).toHaveLength(50);
    expect(page.orders.every((o) => o.status === 'delivered' && o.channel === 'whatsapp')).toBe(true);
    expect(all.total).toBe(250);
    expect(elapsedMs).toBeLessThan(3000);
  }, 60_000);

  test('an order: lines with their price explanation, history, supplier chunks, ledger entries, the conversation; codes masked', async () => {
    const v = await view(sam, delivered);
    expect(v).toMatchObject({ reference: delivered, status: 'delivered', actions: { cancel: false, credit: true, refund: true } });
    expect(v.conversationUrl).toMatch(/^\/staff\?conversation=\d+$/);
    expect(v.lines).toHaveLength(1);
    expect(v.lines[0]).toMatchObject({ sku: expect.any(String), quantity: 10 });
    expect(v.lines[0]!.unitPrice).toMatch(/^USD \d/);
    expect(v.lines[0]!.explanation.join(' ')).toMatch(/tier_2 price for 10/);
    expect(v.history.map((h) => h.what)).toEqual(expect.arrayContaining([expect.stringMatching(/^Quoted as Q-/), 'Ordered on whatsapp', 'Paid (prepaid)', 'Delivered']));
    expect(v.supplierChunks.length).toBeGreaterThan(0);
    expect(v.supplierChunks.every((c) => c.status === 'allocated')).toBe(true);
    expect(v.ledger.map((e) => e.kind)).toEqual(expect.arrayContaining(['prepaid_hold', 'order_revenue', 'supplier_cost']));
    expect(v.esims).toHaveLength(10);
    const { rows: codes } = await db.pool.query(`SELECT matching_id FROM esim_profiles WHERE order_id = $1`, [v.id]);
    const text = JSON.stringify(v);
    for (const { matching_id } of codes) expect(text).not.toContain(matching_id);
    for (const e of v.esims) expect(e.activationCode).toMatch(/^•+.{4}$/);
  }, 30_000);

  test('a code is shown only on an explicit request, and the audit trail names who saw which', async () => {
    const v = await view(sam, delivered);
    const esim = v.esims[0]!;
    expect((await fay.post(`/staff/api/order-desk/orders/${v.id}/esims/${esim.id}/reveal`)).status).toBe(403); // finance does not work the desk
    const noCsrf = await fetch(`${chat.url}/staff/api/order-desk/orders/${v.id}/esims/${esim.id}/reveal`, { method: 'POST' });
    expect([401, 403]).toContain(noCsrf.status);
    expect((await db.pool.query(`SELECT count(*)::int AS n FROM audit_events WHERE action = 'esim.reveal_code'`)).rows[0].n).toBe(0);
    const shown = await sam.post(`/staff/api/order-desk/orders/${v.id}/esims/${esim.id}/reveal`);
    expect(shown.status).toBe(200);
    const body = (await shown.json()) as { iccid: string; activationCode: string; lpa: string };
    const { rows: [stored] } = await db.pool.query(`SELECT matching_id, lpa_string FROM esim_profiles WHERE id = $1`, [esim.id]);
    expect(body).toMatchObject({ iccid: esim.iccid, activationCode: stored.matching_id, lpa: stored.lpa_string });
    const { rows: trail } = await db.pool.query(`SELECT actor, action, subject, customer_id, after FROM audit_events WHERE action = 'esim.reveal_code'`);
    expect(trail).toEqual([{ actor: 'sam@esimhub.test', action: 'esim.reveal_code', subject: `order:${v.id}`, customer_id: 'B2B-004', after: { esimProfileId: esim.id, iccid: esim.iccid, order: delivered } }]);
    expect(JSON.stringify(trail)).not.toContain(stored.matching_id);
    expect((await sam.post(`/staff/api/order-desk/orders/${v.id}/esims/999999/reveal`)).status).toBe(404);
    expect((await view(sam, delivered)).history.map((h) => [h.what, h.by])).toContainEqual([`Activation code of ${esim.iccid} shown`, 'sam@esimhub.test']);
  }, 30_000);

  test('cancelling an unpaid order: no money moves, the reseller is told on their thread; a delivered one cannot be cancelled', async () => {
    const v = await view(sam, unpaid);
    expect(v.actions).toMatchObject({ cancel: true, credit: false });
    const entriesBefore = (await db.pool.query(`SELECT count(*)::int AS n FROM journal_entries`)).rows[0].n;
    expect((await fay.post(`/staff/api/order-desk/orders/${v.id}/cancel`, { reason: 'asked by phone' })).status).toBe(403);
    expect((await sam.post(`/staff/api/order-desk/orders/${v.id}/cancel`, {})).status).toBe(400); // a reason is required
    const done = await sam.post(`/staff/api/order-desk/orders/${v.id}/cancel`, { reason: 'the reseller asked by phone' });
    expect(done.status).toBe(200);
    expect(await status(unpaid)).toBe('cancelled');
    expect((await db.pool.query(`SELECT count(*)::int AS n FROM journal_entries`)).rows[0].n).toBe(entriesBefore);
    expect((await outbound('whatsapp:+34612345603')).at(-1)).toBe(`Order ${unpaid} is cancelled. Nothing was charged.`);
    const { rows: [conversation] } = await db.pool.query(`SELECT state::text FROM conversations WHERE conversation_key = 'whatsapp:+34612345603'`);
    expect(conversation.state).toBe('idle');
    // Again (a double click): nothing new, no second message.
    const again = await sam.post(`/staff/api/order-desk/orders/${v.id}/cancel`, { reason: 'the reseller asked by phone' });
    expect(((await again.json()) as { repeated: boolean }).repeated).toBe(true);
    expect((await outbound('whatsapp:+34612345603')).filter((t) => t.includes('is cancelled'))).toHaveLength(1);
    const refused = await olga.post(`/staff/api/order-desk/orders/${(await view(sam, delivered)).id}/cancel`, { reason: 'oops' });
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as { error: string }).error).toMatch(/is delivered: only an order waiting for payment can be cancelled/);
    expect((await view(sam, unpaid)).history.map((h) => [h.what, h.by])).toContainEqual(['Cancelled: the reseller asked by phone', 'sam@esimhub.test']);
    expect(await auditLedger(db.pool)).toEqual([]);
  }, 30_000);

  test('crediting delivered eSIMs: one balanced entry, a credit note, the reseller told; a double submit credits once; staff refused', async () => {
    const v = await view(fay, delivered);
    const [first, second, third] = v.esims;
    const unitMinor = Number((await db.pool.query(`SELECT ql.unit_price_minor FROM quote_lines ql JOIN orders o ON o.quote_id = ql.quote_id WHERE o.id = $1`, [v.id])).rows[0].unit_price_minor);
    const before = await prepaid('B2B-004');
    const body = { mode: 'credit', profileIds: [first!.id, second!.id], reason: 'undeliverable: the end customer\u2019s phone does not take eSIMs', submissionKey: 'c0ffee00-1111-4222-8333-444455556666' };

    expect((await sam.post(`/staff/api/order-desk/orders/${v.id}/credit`, body)).status).toBe(403); // staff do not move money
    // A double click: two requests with the same form key at once.
    const answers = await Promise.all([fay.post(`/staff/api/order-desk/orders/${v.id}/credit`, body), fay.post(`/staff/api/order-desk/orders/${v.id}/credit`, body)]);
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    const results = (await Promise.all(answers.map((a) => a.json()))) as { repeated: boolean; creditNote: string; amount: string }[];
    expect(results.map((r) => r.repeated).sort()).toEqual([false, true]);
    expect(new Set(results.map((r) => r.creditNote)).size).toBe(1);
    const creditNote = results[0]!.creditNote;
    expect(creditNote).toMatch(/^CN-2026-\d{5}$/);

    const { rows: entries } = await db.pool.query(`SELECT id, kind FROM journal_entries WHERE order_id = $1 AND kind IN ('order_credit', 'order_refund')`, [v.id]);
    expect(entries).toHaveLength(1);
    expect(await prepaid('B2B-004')).toBe(before + 2 * unitMinor);
    expect(await auditLedger(db.pool)).toEqual([]);
    const { rows: [note] } = await db.pool.query(`SELECT number, amount_minor, invoice_id, order_id, csv_text FROM credit_notes WHERE number = $1`, [creditNote]);
    expect(note).toMatchObject({ amount_minor: 2 * unitMinor, invoice_id: null, order_id: v.id });
    expect(note.csv_text).toContain(delivered);
    expect((await outbound('whatsapp:+84912345604')).filter((t) => t.includes(creditNote))).toEqual([expect.stringContaining(`eSIMs of order ${delivered} that could not be used are credited`)]);
    const after = await view(fay, delivered);
    expect(after.credits).toEqual([expect.objectContaining({ creditNote, esims: 2, by: 'fay@esimhub.test', amount: results[0]!.amount })]);
    expect(after.credits[0]!.pdfUrl).toMatch(/\/documents\/\w+\/CN-2026-\d{5}\.pdf$/);
    expect(after.esims.filter((e) => e.credited).map((e) => e.id)).toEqual([first!.id, second!.id]);
    expect(after.ledger.find((e) => e.kind === 'order_credit')!.postings.map((p) => [p.account, p.debit === null ? 'credit' : 'debit'])).toEqual([['revenue_b2b:whatsapp', 'debit'], ['prepaid:B2B-004', 'credit']]);
    // The finance page lists it, naming the order it credits.
    const docs = (await (await fay.get(`/staff/api/finance/documents?kind=credit_note`)).json()) as { documents: { label: string; corrects: string }[] };
    expect(docs.documents).toContainEqual(expect.objectContaining({ label: creditNote, corrects: delivered }));

    // The same key with other eSIMs is refused; an eSIM credited already is refused under a new key.
    expect((await fay.post(`/staff/api/order-desk/orders/${v.id}/credit`, { ...body, profileIds: [third!.id] })).status).toBe(422);
    const twice = await olga.post(`/staff/api/order-desk/orders/${v.id}/credit`, { ...body, submissionKey: 'c0ffee00-2222-4222-8333-444455556666' });
    expect(twice.status).toBe(409);
    expect(((await twice.json()) as { error: string }).error).toMatch(/^already credited: /);
    // A refund of a third one (paid back by bank transfer): out of the bank, not the balance.
    const refund = await olga.post(`/staff/api/order-desk/orders/${v.id}/credit`, { mode: 'refund', profileIds: [third!.id], reason: 'returned', submissionKey: 'c0ffee00-3333-4222-8333-444455556666' });
    expect(refund.status).toBe(200);
    expect(await prepaid('B2B-004')).toBe(before + 2 * unitMinor);
    expect((await view(fay, delivered)).ledger.find((e) => e.kind === 'order_refund')!.postings.map((p) => p.account)).toEqual(['revenue_b2b:whatsapp', 'bank']);
    expect(await auditLedger(db.pool)).toEqual([]);
    const { rows: trail } = await db.pool.query(`SELECT actor, action FROM audit_events WHERE subject = $1 AND action LIKE 'order.%' ORDER BY id`, [`order:${v.id}`]);
    expect(trail).toEqual([{ actor: 'fay@esimhub.test', action: 'order.credit' }, { actor: 'olga@esimhub.test', action: 'order.refund' }]);
  }, 60_000);

  test('a postpaid order waits for its invoice; a refund needs a paid order; the unpaid one cannot be credited', async () => {
    const v = await view(fay, postpaid);
    expect(v.actions).toMatchObject({ credit: true, refund: false, creditWaitsForInvoice: true });
    const key = 'feedface-1111-4222-8333-444455556666';
    const refund = await fay.post(`/staff/api/order-desk/orders/${v.id}/credit`, { mode: 'refund', profileIds: [v.esims[0]!.id], reason: 'returned', submissionKey: key });
    expect(refund.status).toBe(409);
    expect(((await refund.json()) as { error: string }).error).toMatch(/is postpaid/);
    const credit = await fay.post(`/staff/api/order-desk/orders/${v.id}/credit`, { mode: 'credit', profileIds: [v.esims[0]!.id], reason: 'returned', submissionKey: key });
    expect(credit.status).toBe(409);
    expect(((await credit.json()) as { error: string }).error).toMatch(/is not invoiced yet/);
    const cancelled = await view(fay, unpaid);
    const notDelivered = await fay.post(`/staff/api/order-desk/orders/${cancelled.id}/credit`, { mode: 'credit', profileIds: [1], reason: 'x', submissionKey: 'feedface-2222-4222-8333-444455556666' });
    expect(notDelivered.status).toBe(409);
    expect(await auditLedger(db.pool)).toEqual([]);
  }, 30_000);
});
