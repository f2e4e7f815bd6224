import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { CURRENCY_EXPONENTS, formatMinorAsDecimal } from '../../domain/money';
import { convertFromUsd, parseFxRate } from '../../domain/pricing/fx';
import { poolSql } from '../db/sql';
import { depositFilter, depositView, listDeposits } from '../settlement/deposit-list';
import { lowBalanceDefault } from '../settlement/low-balance';
import { resellerAccount } from '../settlement/reseller-account';
import { DepositError, manualPayment, markNotOurs, recordManualPayment, staffMatchDeposit, undoMatch } from '../settlement/staff-deposits';
import { openOrdersOf } from '../store/deposits';
import { q, run } from '../store/query-builder';
import { invoicesDue } from '../invoices/invoice-payments';
import type { StaffSessionInfo } from '../staff/staff-users';
import { serveAsset } from './pages';
import type { StaffDeps } from './staff-routes';
import type { StaffGuard } from './staff-guard';

// The staff app's deposits page (/staff/deposits) and its API: recent deposits and their state,
// a deposit's candidates, and what staff do with money (match, not ours, undo a match, record a
// payment by hand). Same session, CSRF header and guard as the rest of the staff app. A staff
// action that paid orders hands them to the bot (deps.afterMoney) so the eSIMs go out at once, and
// wakes the conversations the action wrote to (the reseller's web-chat long poll, the outbox).

type Guard = StaffGuard;

const PAGES = path.resolve(__dirname, 'staff');
const idParam = z.object({ id: z.coerce.number().int().positive().max(2_147_483_647) });
const customerParam = z.object({ id: z.string().trim().regex(/^B2B-\d{3,}$/i, 'a reseller id such as B2B-003') });
const matchBody = z.object({
  customerId: z.string().trim().regex(/^B2B-?\d{3,}$/i, 'customerId must be a reseller id such as B2B-003').transform((c) => c.toUpperCase().replace(/^B2B-?/, 'B2B-')),
  orderRef: z.preprocess((v) => (v === '' ? null : v), z.string().trim().regex(/^ORD-\d{6,}$/i, 'orderRef must be an order reference such as ORD-000123').nullish()),
  invoiceNumber: z.preprocess((v) => (v === '' ? null : v), z.string().trim().regex(/^INV-\d{4}-\d{5}$/i, 'invoiceNumber must be an invoice number such as INV-2026-00001').nullish()),
});
const noteBody = z.object({ note: z.string().trim().min(1, 'note is required: say why it is not ours (e.g. sent back to the payer)').max(1000) });
const reasonBody = z.object({ reason: z.string().trim().min(1, 'reason is required: say why the match was wrong').max(500) });

/** 422 when the sentence is about what was sent (no such reseller or order, a bad amount); 409 when the deposit's state or the ledger refuses. */
function depositErrorStatus(message: string): 409 | 422 {
  return /^(no reseller |no order |no invoice |amount: )|is an order of /.test(message) ? 422 : 409;
}

const issues = (error: z.ZodError) => error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
/** The first string in a body or query that PostgreSQL cannot store (NUL, control characters, a lone surrogate), named by its field. */
function unstorable(value: unknown, at: string): string | null {
  if (typeof value === 'string') {
    if (!value.isWellFormed()) return `${at}: is not valid Unicode text (a lone surrogate)`;
    return CONTROL.test(value) ? `${at}: contains a control character (NUL or similar), which is not allowed` : null;
  }
  if (value && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      const found = unstorable(inner, Array.isArray(value) ? at : key);
      if (found) return found;
    }
  }
  return null;
}

export function staffDepositRoutes(app: FastifyInstance, deps: StaffDeps, guard: Guard): void {
  const sql = poolSql(deps.db.pool);
  const page = fs.readFileSync(path.join(PAGES, 'deposits.html'), 'utf8');
  for (const file of ['deposits.js', 'deposits.css']) serveAsset(app, `/staff/${file}`, path.join(PAGES, file));
  const toleranceUsdMinor = deps.depositToleranceUsdMinor ?? 2000;

  /** After a committed action: orders it paid go to fulfilment; conversations it wrote to wake up. */
  const afterAction = async (depositId: number | null, ordersToFulfil: number[]) => {
    deps.activity?.emit('staff-changed');
    const orders = ordersToFulfil.length ? await run(sql, q.selectFrom('orders').select(['id', 'conversation_id']).where('id', '=', (eb) => eb.fn.any(eb.val(ordersToFulfil)))) : [];
    if (orders.length) deps.afterMoney?.(orders.map((o) => ({ orderId: o.id, conversationId: o.conversation_id })));
    if (depositId === null) return;
    const told = await run(sql, q.selectFrom('messages').select('conversation_id').distinct().where('direction', '=', 'outbound').where('channel_message_id', 'like', `deposit:${depositId}:%`));
    for (const t of told) deps.activity?.emit('replied', t.conversation_id);
  };

  /** A deposit action: signed in with the CSRF token, a deposit id, a body that fits, DepositError as 409/422 with its sentence. */
  const action =
    <B>(schema: z.ZodType<B>, run: (depositId: number, staff: StaffSessionInfo, body: B) => Promise<{ ordersToFulfil: number[]; message: string }>) =>
    async (request: FastifyRequest, reply: FastifyReply) => {
      const staff = await guard(request, reply, 'change', 'money');
      if (!staff) return reply;
      const params = idParam.safeParse(request.params);
      if (!params.success) return reply.code(404).send({ error: 'not found' });
      const body = schema.safeParse(request.body ?? {});
      if (!body.success) return reply.code(400).send({ error: issues(body.error) });
      const bad = unstorable(body.data, 'body');
      if (bad) return reply.code(400).send({ error: bad });
      let result: { ordersToFulfil: number[]; message: string };
      try {
        result = await run(params.data.id, staff, body.data);
      } catch (error) {
        if (error instanceof DepositError) return reply.code(depositErrorStatus(error.message)).send({ error: error.message });
        throw error;
      }
      await afterAction(params.data.id, result.ordersToFulfil);
      return { ok: true, message: result.message, deposit: await depositView(deps.db, params.data.id) };
    };

  app.get('/staff/deposits', async (request, reply) => {
    const found = await guard(request, reply, 'page');
    if (!found) return reply;
    return reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .send(page.replace('{{CSRF}}', found.csrfToken).replace('{{EMAIL}}', found.email.replace(/[<>&"]/g, '')));
  });

  app.get('/staff/api/deposits', async (request, reply) => {
    if (!(await guard(request, reply, 'api'))) return reply;
    const filter = depositFilter.safeParse(request.query);
    if (!filter.success) return reply.code(400).send({ error: issues(filter.error) });
    const bad = unstorable(filter.data, 'query');
    if (bad) return reply.code(400).send({ error: bad });
    return { deposits: await listDeposits(deps.db, filter.data) };
  });

  app.get('/staff/api/deposits/:id', async (request, reply) => {
    if (!(await guard(request, reply, 'api'))) return reply;
    const params = idParam.safeParse(request.params);
    const view = params.success ? await depositView(deps.db, params.data.id) : null;
    return view ?? reply.code(404).send({ error: 'not found' });
  });

  /** What the page needs beside the list: resellers for the pickers, currencies, low balances and stale FX rates. */
  app.get('/staff/api/money', async (request, reply) => {
    if (!(await guard(request, reply, 'api'))) return reply;
    const today = new Date().toISOString().slice(0, 10);
    const resellers = await run(
      sql,
      q.selectFrom('customers')
        .select((eb) => ['customer_id', 'company', 'currency', 'account_type', 'active', eb('low_balance_alerted_at', 'is not', null).$castTo<boolean>().as('low')])
        .orderBy('customer_id')
        .limit(2000),
    );
    const lowBalances = [];
    for (const r of resellers.filter((c) => c.low).slice(0, 50)) {
      const account = await resellerAccount(sql, r.customer_id, today);
      if (!account) continue;
      // Their own threshold, else the configured default (LOW_BALANCE_THRESHOLD_USD) in their currency.
      const fallback = account.currency === 'USD' ? lowBalanceDefault.usdMinor : account.fxRate ? convertFromUsd(lowBalanceDefault.usdMinor, account.currency, parseFxRate(account.fxRate.unitsPerUsd)) : null;
      const threshold = account.lowBalanceThreshold ?? (fallback === null ? null : formatMinorAsDecimal(fallback, account.currency));
      lowBalances.push({ customerId: account.customerId, company: account.company, currency: account.currency, balance: account.prepaidBalance, threshold, defaultThreshold: account.lowBalanceThreshold === null });
    }
    // The FX warning of each currency in use, as `reseller show` words it (one reseller per currency is enough).
    const fxWarnings = new Set<string>();
    const seen = new Set<string>();
    for (const r of resellers) {
      if (!r.active || r.currency === 'USD' || seen.has(r.currency)) continue;
      seen.add(r.currency);
      for (const warning of (await resellerAccount(sql, r.customer_id, today))?.warnings ?? []) fxWarnings.add(warning);
    }
    return {
      today,
      currencies: Object.keys(CURRENCY_EXPONENTS),
      resellers: resellers.map((r) => ({ customerId: r.customer_id, company: r.company, currency: r.currency, accountType: r.account_type, active: r.active })),
      lowBalances,
      fxWarnings: [...fxWarnings],
    };
  });

  /** A reseller's orders that still wait for money (the "any other choice" order picker). */
  app.get('/staff/api/resellers/:id/open-orders', async (request, reply) => {
    if (!(await guard(request, reply, 'api'))) return reply;
    const params = customerParam.safeParse(request.params);
    if (!params.success) return reply.code(404).send({ error: 'not found' });
    const customerId = params.data.id.toUpperCase();
    const [rows, invoices] = await Promise.all([openOrdersOf(sql, [customerId]), invoicesDue(sql, customerId)]);
    return {
      orders: rows.map((o) => ({ orderRef: o.reference, open: formatMinorAsDecimal(o.open_minor, o.currency), currency: o.currency, status: o.status })),
      invoices: invoices.map((i) => ({ number: i.number, due: formatMinorAsDecimal(i.dueMinor, i.currency), currency: i.currency, dueDate: i.dueDate })),
    };
  });

  app.post('/staff/api/deposits/:id/match', action(matchBody, (depositId, staff, body) => staffMatchDeposit(deps.db, { depositId, customerId: body.customerId, orderRef: body.orderRef ?? null, invoiceNumber: body.invoiceNumber ?? null, staffId: staff.staffId })));
  app.post('/staff/api/deposits/:id/not-ours', action(noteBody, (depositId, staff, body) => markNotOurs(deps.db, { depositId, staffId: staff.staffId, note: body.note })));
  app.post('/staff/api/deposits/:id/undo', action(reasonBody, (depositId, staff, body) => undoMatch(deps.db, { depositId, staffId: staff.staffId, reason: body.reason })));

  app.post('/staff/api/deposits/manual', async (request, reply) => {
    const staff = await guard(request, reply, 'change', 'money');
    if (!staff) return reply;
    const body = manualPayment.safeParse(request.body ?? {});
    if (!body.success) return reply.code(400).send({ error: issues(body.error) });
    const bad = unstorable(body.data, 'body');
    if (bad) return reply.code(400).send({ error: bad });
    let recorded: Awaited<ReturnType<typeof recordManualPayment>>;
    try {
      recorded = await recordManualPayment(deps.db, { ...body.data, staffId: staff.staffId, toleranceUsdMinor });
    } catch (error) {
      if (error instanceof DepositError) return reply.code(depositErrorStatus(error.message)).send({ error: error.message });
      throw error;
    }
    const { outcome, repeated } = recorded;
    const depositId = 'depositId' in outcome ? outcome.depositId : null;
    // A repeat (the same submission key: a double submit, a retried request) booked nothing: nothing to hand on.
    if (!repeated) await afterAction(depositId, recorded.ordersToFulfil);
    const said = repeated ? 'already recorded' : 'recorded';
    const message =
      outcome.kind === 'matched'
        ? `${said} as deposit ${outcome.depositId}, matched to ${outcome.customerId}${outcome.orderReference ? ` (${outcome.orderReference})` : ''}${outcome.released.length ? `; released ${outcome.released.join(', ')}` : ''}`
        : outcome.kind === 'for_staff'
          ? `${said} as deposit ${outcome.depositId}; it waits for staff: ${outcome.reason}`
          : depositId !== null
            ? `${said} as deposit ${depositId}`
            : `${said} (${outcome.kind.replaceAll('_', ' ')})`;
    return { ok: true, message: repeated ? `${message} (this form was sent before: nothing new was booked)` : message, depositId, repeated, deposit: depositId === null ? null : await depositView(deps.db, depositId) };
  });
}
