import fs from 'node:fs';
import path from 'node:path';
import { stringify } from 'csv-stringify/sync';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ResellerEditRequest } from '../../domain/resellers/edit';
import { poolSql } from '../db/sql';
import { editReseller, ResellerEditError } from '../resellers/edit-reseller';
import { listResellers, resellerDetail } from '../resellers/reseller-views';
import { decideTierSuggestion, pendingTierSuggestions, TierSuggestionError } from '../resellers/tier-suggestions';
import { serveAsset } from './pages';
import { staffPageHtml, type StaffGuard } from './staff-guard';
import type { StaffDeps } from './staff-routes';
import { textCell } from '../reports/csv-text';

// The staff app's resellers page (/staff/resellers): the list with search and filters and its CSV
// export, one reseller's page, and edits (each field validated, refused unless the signed-in role
// covers it, audited: bot/resellers/edit-reseller.ts).

const PAGES = path.resolve(__dirname, 'staff');
const blank = (v: unknown) => (v === '' ? undefined : v);
const listQuery = z.object({
  q: z.preprocess(blank, z.string().trim().max(100).optional()),
  tier: z.preprocess(blank, z.enum(['tier_1', 'tier_2', 'tier_3']).optional()),
  accountType: z.preprocess(blank, z.enum(['prepaid', 'postpaid']).optional()),
  resellerType: z.preprocess(blank, z.enum(['margin', 'commission']).optional()),
  status: z.preprocess(blank, z.enum(['active', 'inactive']).optional()),
  currency: z.preprocess(blank, z.string().trim().toUpperCase().regex(/^[A-Z]{3}$/).optional()),
  lowBalance: z.preprocess(blank, z.enum(['1', 'true']).optional()),
  overdue: z.preprocess(blank, z.enum(['1', 'true']).optional()),
  format: z.enum(['json', 'csv']).default('json'),
});
const idParam = z.object({ id: z.string().trim().toUpperCase().regex(/^B2B-\d{3,}$/, 'a reseller id such as B2B-003') });
const editBody = z
  .object({
    company: z.string(),
    legalEntity: z.string(),
    country: z.string(),
    tier: z.string(),
    accountType: z.string(),
    creditLimit: z.string(),
    currency: z.string(),
    billingDay: z.string(),
    lowBalanceThreshold: z.string(),
    taxNumber: z.string(),
    invoiceNote: z.string(),
    resellerType: z.string(),
    commissionRate: z.string(),
    parent: z.string(),
    active: z.string(),
  })
  .partial()
  .strict();
const issues = (error: z.ZodError) => error.issues.map((i) => `${i.path.join('.') || 'query'}: ${i.message}`).join('; ');

export const RESELLER_CSV_COLUMNS = ['customer_id', 'company', 'legal_entity', 'country', 'tier', 'account_type', 'reseller_type', 'currency', 'active', 'parent', 'balance', 'credit_limit_usd', 'low_balance', 'overdue_invoices', 'contacts'] as const;

export function staffResellerRoutes(app: FastifyInstance, deps: StaffDeps, guard: StaffGuard): void {
  const sql = poolSql(deps.db.pool);
  const page = fs.readFileSync(path.join(PAGES, 'resellers.html'), 'utf8');
  for (const file of ['resellers.js', 'resellers.css']) serveAsset(app, `/staff/${file}`, path.join(PAGES, file));

  app.get('/staff/resellers', async (request, reply) => {
    const found = await guard(request, reply, 'page');
    if (!found) return reply;
    return reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .send(staffPageHtml(page, found));
  });

  app.get('/staff/api/resellers', async (request, reply) => {
    if (!(await guard(request, reply, 'api'))) return reply;
    const query = listQuery.safeParse(request.query);
    if (!query.success) return reply.code(400).send({ error: issues(query.error) });
    const f = query.data;
    const rows = await listResellers(sql, { ...(f.q ? { search: f.q } : {}), ...(f.tier ? { tier: f.tier } : {}), ...(f.accountType ? { accountType: f.accountType } : {}), ...(f.resellerType ? { resellerType: f.resellerType } : {}), ...(f.status ? { status: f.status } : {}), ...(f.currency ? { currency: f.currency } : {}), lowBalance: !!f.lowBalance, overdue: !!f.overdue }, new Date());
    if (f.format === 'csv') {
      const csv = stringify(
        rows.map((r) => ({ customer_id: r.customerId, company: textCell(r.company), legal_entity: textCell(r.legalEntity), country: r.country, tier: r.tier, account_type: r.accountType, reseller_type: r.resellerType, currency: r.currency, active: String(r.active), parent: r.parent ?? '', balance: r.balance, credit_limit_usd: r.creditLimitUsd, low_balance: String(r.lowBalance), overdue_invoices: String(r.overdueInvoices), contacts: String(r.contacts) })),
        { header: true, columns: [...RESELLER_CSV_COLUMNS] },
      );
      return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="resellers-${new Date().toISOString().slice(0, 10)}.csv"`).send(csv);
    }
    return { resellers: rows };
  });

  app.get('/staff/api/resellers/:id', async (request, reply) => {
    if (!(await guard(request, reply, 'api'))) return reply;
    const params = idParam.safeParse(request.params);
    if (!params.success) return reply.code(404).send({ error: 'not found' });
    const detail = await resellerDetail(sql, params.data.id, new Date());
    return detail ?? reply.code(404).send({ error: `no reseller ${params.data.id}` });
  });

  app.get('/staff/api/tier-suggestions', async (request, reply) => {
    if (!(await guard(request, reply, 'api'))) return reply;
    return { suggestions: await pendingTierSuggestions(deps.db) };
  });

  app.post('/staff/api/tier-suggestions/:id', async (request, reply) => {
    const staff = await guard(request, reply, 'change');
    if (!staff) return reply;
    const params = z.object({ id: z.coerce.number().int().positive().max(2_147_483_647) }).safeParse(request.params);
    if (!params.success) return reply.code(404).send({ error: 'not found' });
    const body = z.object({ decision: z.enum(['accept', 'dismiss']) }).strict().safeParse(request.body ?? {});
    if (!body.success) return reply.code(400).send({ error: issues(body.error).replace(/^query/, 'body') });
    try {
      const message = await decideTierSuggestion(deps.db, params.data.id, body.data.decision, staff);
      return { ok: true, message, suggestions: await pendingTierSuggestions(deps.db) };
    } catch (error) {
      if (error instanceof TierSuggestionError) return reply.code(/needs the/.test(error.message) ? 403 : 409).send({ error: error.message });
      throw error;
    }
  });

  app.post('/staff/api/resellers/:id', async (request, reply) => {
    const staff = await guard(request, reply, 'change');
    if (!staff) return reply;
    const params = idParam.safeParse(request.params);
    if (!params.success) return reply.code(404).send({ error: 'not found' });
    const body = editBody.safeParse(request.body ?? {});
    if (!body.success) return reply.code(400).send({ error: issues(body.error).replace(/^query/, 'body') });
    const b = body.data;
    const asked: ResellerEditRequest = {
      ...(b.company !== undefined ? { company: b.company } : {}),
      ...(b.legalEntity !== undefined ? { legalEntity: b.legalEntity } : {}),
      ...(b.country !== undefined ? { country: b.country } : {}),
      ...(b.tier !== undefined ? { tier: b.tier } : {}),
      ...(b.accountType !== undefined ? { accountType: b.accountType } : {}),
      ...(b.creditLimit !== undefined ? { creditLimitMinor: b.creditLimit } : {}),
      ...(b.currency !== undefined ? { currency: b.currency } : {}),
      ...(b.billingDay !== undefined ? { billingDay: b.billingDay } : {}),
      ...(b.lowBalanceThreshold !== undefined ? { lowBalanceThresholdMinor: b.lowBalanceThreshold } : {}),
      ...(b.taxNumber !== undefined ? { taxNumber: b.taxNumber } : {}),
      ...(b.invoiceNote !== undefined ? { invoiceNote: b.invoiceNote } : {}),
      ...(b.resellerType !== undefined ? { resellerType: b.resellerType } : {}),
      ...(b.commissionRate !== undefined ? { commissionRateBp: b.commissionRate } : {}),
      ...(b.parent !== undefined ? { parentCustomerId: b.parent } : {}),
      ...(b.active !== undefined ? { active: b.active } : {}),
    };
    try {
      const changed = await editReseller(deps.db, params.data.id, asked, { staffId: staff.staffId, role: staff.role });
      deps.activity?.emit('staff-changed');
      return { ok: true, changed: Object.keys(changed.after), reseller: await resellerDetail(sql, params.data.id, new Date()) };
    } catch (error) {
      if (error instanceof ResellerEditError) return reply.code(error.code === 'not_found' ? 404 : error.code === 'forbidden' ? 403 : 400).send({ error: error.errors.join('; '), errors: error.errors });
      throw error;
    }
  });
}
