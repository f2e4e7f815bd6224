import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { poolSql } from '../db/sql';
import { applyCatalogueRows, applyTierTable, catalogueView, PriceTableError } from '../prices/price-tables';
import { serveAsset } from './pages';
import { staffPageHtml, type StaffGuard } from './staff-guard';
import type { StaffDeps } from './staff-routes';

// The catalogue and tier price pages of the staff app (/staff/catalogue): every SKU with its costs,
// retail price and the tier tables in force (and scheduled); an owner edits a SKU or schedules a
// tier's new table from a date, with the same checks and audit as the CSV imports.

const PAGES = path.resolve(__dirname, 'staff');
const money = z.string().trim().regex(/^\d+(\.\d{1,2})?$/, 'an amount in USD such as 12.50');
const skuParam = z.object({ sku: z.string().trim().toUpperCase().regex(/^[A-Z0-9][A-Z0-9-]{2,60}$/) });
const productBody = z.object({ retailPrice: money, supplierCost: money, supplierPackageCode: z.string().trim().min(1).max(80), active: z.boolean() }).strict();
const tierBody = z
  .object({
    tier: z.enum(['tier_1', 'tier_2', 'tier_3']),
    effectiveFrom: z.string().trim().regex(/^\d{4}-\d{2}-\d{2}$/, 'effectiveFrom is a date, YYYY-MM-DD'),
    breaks: z.array(z.object({ minQty: z.number().int().min(1).max(10_000_000), unitPrice: money }).strict()).min(1).max(20),
  })
  .strict();
const issues = (error: z.ZodError) => error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');

export function staffCatalogueRoutes(app: FastifyInstance, deps: StaffDeps, guard: StaffGuard): void {
  const sql = poolSql(deps.db.pool);
  const page = fs.readFileSync(path.join(PAGES, 'catalogue.html'), 'utf8');
  serveAsset(app, '/staff/catalogue.js', path.join(PAGES, 'catalogue.js'));

  app.get('/staff/catalogue', async (request, reply) => {
    const found = await guard(request, reply, 'page');
    if (!found) return reply;
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(staffPageHtml(page, found));
  });

  app.get('/staff/api/catalogue', async (request, reply) => {
    if (!(await guard(request, reply, 'api'))) return reply;
    return catalogueView(sql, new Date());
  });

  app.post('/staff/api/catalogue/:sku', async (request, reply) => {
    const staff = await guard(request, reply, 'change', 'owner');
    if (!staff) return reply;
    const params = skuParam.safeParse(request.params);
    if (!params.success) return reply.code(404).send({ error: 'not found' });
    const body = productBody.safeParse(request.body ?? {});
    if (!body.success) return reply.code(400).send({ error: issues(body.error) });
    try {
      const done = await applyCatalogueRows(deps.db, [{ sku: params.data.sku, retailPrice: body.data.retailPrice, supplierCost: body.data.supplierCost, supplierPackageCode: body.data.supplierPackageCode, active: body.data.active }], staff.staffId);
      return { ok: true, ...done, catalogue: await catalogueView(sql, new Date()) };
    } catch (error) {
      if (error instanceof PriceTableError) return reply.code(422).send({ error: error.problems.join('; ') });
      throw error;
    }
  });

  app.post('/staff/api/tier-prices/:sku', async (request, reply) => {
    const staff = await guard(request, reply, 'change', 'owner');
    if (!staff) return reply;
    const params = skuParam.safeParse(request.params);
    if (!params.success) return reply.code(404).send({ error: 'not found' });
    const body = tierBody.safeParse(request.body ?? {});
    if (!body.success) return reply.code(400).send({ error: issues(body.error) });
    try {
      const done = await applyTierTable(deps.db, { sku: params.data.sku, tier: body.data.tier, effectiveFrom: body.data.effectiveFrom, breaks: body.data.breaks }, staff.staffId);
      return { ok: true, ...done, catalogue: await catalogueView(sql, new Date()) };
    } catch (error) {
      if (error instanceof PriceTableError) return reply.code(422).send({ error: error.problems.join('; ') });
      throw error;
    }
  });
}
