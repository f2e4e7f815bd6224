import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { isMonth } from '../../domain/reports/month';
import { can } from '../../domain/staff/roles';
import { approvePayout, PAYOUT_STATUSES, PayoutError, payoutsCsv, payoutsPage, payPayout, type PayoutRow } from '../commissions/payouts';
import { poolSql } from '../db/sql';
import { q, run } from '../store/query-builder';
import { serveAsset } from './pages';
import { staffPageHtml, type StaffGuard } from './staff-guard';
import type { StaffDeps } from './staff-routes';

// The staff app's payouts page (/staff/payouts): commission payouts of commission resellers, filtered
// by month, status and reseller, with their CSV (the same as `esim-hub payouts list`). Finance and
// owners approve a pending payout and mark an approved one paid with the transfer reference; the
// server refuses anyone else (403 naming the role it needs), whatever the page showed them.

const PAGES = path.resolve(__dirname, 'staff');
/** A field left empty in the filter form is no filter. */
const blank = (v: unknown) => (v === '' ? undefined : v);
const listQuery = z.object({
  month: z.preprocess(blank, z.string().trim().refine(isMonth, 'month must be a month YYYY-MM, e.g. 2026-10').optional()),
  status: z.preprocess(blank, z.enum(PAYOUT_STATUSES as [PayoutRow['status'], ...PayoutRow['status'][]], 'status must be pending, approved or paid').optional()),
  customer: z.preprocess(
    blank,
    z.string().trim().regex(/^B2B-?\d{3,12}$/i, 'customer must be a reseller id such as B2B-010').transform((c) => c.toUpperCase().replace(/^B2B-?/, 'B2B-')).optional(),
  ),
  format: z.enum(['json', 'csv']).default('json'),
});
const idParam = z.object({ id: z.coerce.number().int().positive().max(2_147_483_647) });
const approveBody = z.object({}).strict();
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;
const payBody = z
  .object({
    transferReference: z
      .string('transferReference is required: the reference of the bank transfer, as the bank shows it')
      .trim()
      .min(3, 'transferReference is required (3 to 140 characters), as the bank shows it')
      .max(140, 'transferReference is at most 140 characters')
      .refine((r) => r.isWellFormed() && !CONTROL.test(r), 'transferReference contains a control character or is not valid text'),
  })
  .strict();
const issues = (error: z.ZodError, where: string) => error.issues.map((i) => `${i.path.join('.') || where}: ${i.message}`).join('; ');

/** 404 when there is no such payout; 409 when its status does not allow the step. */
const payoutErrorStatus = (message: string) => (/^no payout /.test(message) ? 404 : 409);

export function staffPayoutRoutes(app: FastifyInstance, deps: StaffDeps, guard: StaffGuard): void {
  const sql = poolSql(deps.db.pool);
  const page = fs.readFileSync(path.join(PAGES, 'payouts.html'), 'utf8');
  for (const file of ['payouts.js', 'payouts.css']) serveAsset(app, `/staff/${file}`, path.join(PAGES, file));

  app.get('/staff/payouts', async (request, reply) => {
    const found = await guard(request, reply, 'page');
    if (!found) return reply;
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(staffPageHtml(page, found));
  });

  app.get('/staff/api/payouts', async (request, reply) => {
    const staff = await guard(request, reply, 'api');
    if (!staff) return reply;
    const query = listQuery.safeParse(request.query ?? {});
    if (!query.success) return reply.code(400).send({ error: issues(query.error, 'query') });
    const { month, status, customer, format } = query.data;
    const filter = { ...(month ? { month } : {}), ...(status ? { status } : {}), ...(customer ? { customerId: customer } : {}) };
    const { payouts, totals } = await payoutsPage(deps.db, filter);
    if (format === 'csv') {
      const name = ['payouts', month, status, customer].filter(Boolean).join('-');
      return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}.csv"`).send(payoutsCsv(payouts));
    }
    // The reseller picker: commission resellers, and any other that has a payout (a type changed since).
    const resellers = await run(
      sql,
      q.selectFrom('customers as c')
        .select(['c.customer_id', 'c.company', 'c.currency'])
        .where((eb) => eb.or([eb('c.reseller_type', '=', 'commission'), eb.exists(eb.selectFrom('commission_payouts as p').select('p.id').whereRef('p.customer_id', '=', 'c.customer_id'))]))
        .orderBy('c.customer_id'),
    );
    return {
      payouts,
      totals,
      resellers: resellers.map((r) => ({ customerId: r.customer_id, company: r.company, currency: r.currency })),
      // What the page offers; the server checks again on every step.
      mayDecide: can(staff.role, 'money'),
    };
  });

  /** A payout step: signed in with the CSRF token and the 'money' permission, a payout id, a body that fits; PayoutError as 404/409 with its sentence. */
  const step =
    <B>(schema: z.ZodType<B>, move: (id: number, staff: { staffId: number; role: Parameters<typeof can>[0] }, body: B) => Promise<PayoutRow>, said: (p: PayoutRow) => string) =>
    async (request: FastifyRequest, reply: FastifyReply) => {
      const staff = await guard(request, reply, 'change', 'money');
      if (!staff) return reply;
      const params = idParam.safeParse(request.params);
      if (!params.success) return reply.code(404).send({ error: 'not found' });
      const body = schema.safeParse(request.body ?? {});
      if (!body.success) return reply.code(400).send({ error: issues(body.error, 'body') });
      let payout: PayoutRow;
      try {
        payout = await move(params.data.id, { staffId: staff.staffId, role: staff.role }, body.data);
      } catch (error) {
        if (error instanceof PayoutError) return reply.code(payoutErrorStatus(error.message)).send({ error: error.message });
        throw error;
      }
      deps.activity?.emit('staff-changed');
      return { ok: true, message: said(payout), payout };
    };

  const what = (p: PayoutRow) => `payout ${p.id} (${p.customerId} ${p.month}, ${p.currency} ${p.amount})`;
  app.post('/staff/api/payouts/:id/approve', step(approveBody, (id, staff) => approvePayout(deps.db, id, staff), (p) => `${what(p)} approved`));
  app.post('/staff/api/payouts/:id/pay', step(payBody, (id, staff, body) => payPayout(deps.db, id, body.transferReference, staff), (p) => `${what(p)} marked paid, transfer ${p.transferReference}`));
}
