import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { isQuarter, quarterOf } from '../../domain/pricing/quarter';
import { PriceProposalError } from '../prices/customer-prices';
import { decideReview, priceReview, reviewCsv } from '../prices/price-review';
import { serveAsset } from './pages';
import { staffPageHtml, type StaffGuard } from './staff-guard';
import type { StaffDeps } from './staff-routes';

// The quarterly review of customer prices (/staff/prices): every approved price in force in the
// quarter with its cards, revenue, cost and margin, its CSV, and the owner's keep or end per price.

const PAGES = path.resolve(__dirname, 'staff');
const reviewQuery = z.object({
  quarter: z.string().trim().toUpperCase().refine(isQuarter, 'quarter is written YYYY-QN, e.g. 2026-Q4').optional(),
  format: z.enum(['json', 'csv']).default('json'),
});
const idParam = z.object({ id: z.coerce.number().int().positive().max(2_147_483_647) });
const decisionBody = z.object({
  quarter: z.string().trim().toUpperCase().refine(isQuarter, 'quarter is written YYYY-QN, e.g. 2026-Q4'),
  decision: z.enum(['keep', 'end']),
  note: z.string().trim().max(500).optional(),
}).strict();
const issues = (error: z.ZodError) => error.issues.map((i) => `${i.path.join('.') || 'query'}: ${i.message}`).join('; ');

export function staffPriceRoutes(app: FastifyInstance, deps: StaffDeps, guard: StaffGuard): void {
  const page = fs.readFileSync(path.join(PAGES, 'prices.html'), 'utf8');
  for (const file of ['prices.js']) serveAsset(app, `/staff/${file}`, path.join(PAGES, file));

  app.get('/staff/prices', async (request, reply) => {
    const found = await guard(request, reply, 'page');
    if (!found) return reply;
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(staffPageHtml(page, found));
  });

  app.get('/staff/api/prices/review', async (request, reply) => {
    if (!(await guard(request, reply, 'api'))) return reply;
    const query = reviewQuery.safeParse(request.query);
    if (!query.success) return reply.code(400).send({ error: issues(query.error) });
    const quarter = query.data.quarter ?? quarterOf(new Date().toISOString().slice(0, 10));
    const rows = await priceReview(deps.db, quarter);
    if (query.data.format === 'csv') return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="price-review-${quarter}.csv"`).send(reviewCsv(rows));
    return { quarter, prices: rows };
  });

  app.post('/staff/api/prices/:id/review', async (request, reply) => {
    const staff = await guard(request, reply, 'change', 'owner');
    if (!staff) return reply;
    const params = idParam.safeParse(request.params);
    if (!params.success) return reply.code(404).send({ error: 'not found' });
    const body = decisionBody.safeParse(request.body ?? {});
    if (!body.success) return reply.code(400).send({ error: issues(body.error).replace(/^query/, 'body') });
    try {
      await decideReview(deps.db, { priceId: params.data.id, quarter: body.data.quarter, decision: body.data.decision, ...(body.data.note ? { note: body.data.note } : {}), staffId: staff.staffId });
    } catch (error) {
      if (error instanceof PriceProposalError) return reply.code(409).send({ error: error.message });
      throw error;
    }
    return { ok: true, prices: await priceReview(deps.db, body.data.quarter) };
  });
}
