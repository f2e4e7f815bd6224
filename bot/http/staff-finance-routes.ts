import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { isIsoDate } from '../../domain/dates';
import { isMonth } from '../../domain/reports/month';
import { profitJson } from '../../domain/reports/profit';
import { formatMinorAsDecimal } from '../../domain/money';
import { poolSql } from '../db/sql';
import { profitCsv, receivablesCsv } from '../reports/finance-csv';
import { profitByMonths } from '../reports/profit-by-channel';
import { receivables } from '../reports/receivables';
import { serveAsset } from './pages';
import { staffDocumentRoutes } from './staff-document-routes';
import type { StaffDeps } from './staff-routes';
import type { StaffGuard } from './staff-guard';

// The staff app's finance page (/staff/finance): receivables with their ageing, and gross profit
// by channel over twelve months as a chart and a table; each with a CSV export. Read only, from the
// ledger; the same session guard as the rest of the staff app. The chart is drawn by Chart.js,
// served from our own origin (the page's policy allows no other).

type Guard = StaffGuard;

const PAGES = path.resolve(__dirname, 'staff');
// chart.js exports no subpath for its browser build: found beside its main file (dist/).
const CHART_JS = path.join(path.dirname(require.resolve('chart.js')), 'chart.umd.min.js');

const receivablesQuery = z.object({
  asOf: z.string().refine(isIsoDate, 'asOf must be a date YYYY-MM-DD').optional(),
  format: z.enum(['json', 'csv']).default('json'),
});
const profitQuery = z.object({
  to: z.string().refine(isMonth, 'to must be a month YYYY-MM, e.g. 2026-11').optional(),
  months: z.coerce.number().int().min(1).max(36).default(12),
  format: z.enum(['json', 'csv']).default('json'),
});
const issues = (error: z.ZodError) => error.issues.map((i) => `${i.path.join('.') || 'query'}: ${i.message}`).join('; ');
const usd = (minor: number) => formatMinorAsDecimal(minor, 'USD');

export function staffFinanceRoutes(app: FastifyInstance, deps: StaffDeps, guard: Guard): void {
  const sql = poolSql(deps.db.pool);
  const page = fs.readFileSync(path.join(PAGES, 'finance.html'), 'utf8');
  for (const file of ['finance.js', 'finance.css']) serveAsset(app, `/staff/${file}`, path.join(PAGES, file));
  serveAsset(app, '/staff/chart.js', CHART_JS);
  staffDocumentRoutes(app, deps, guard); // statements and invoices: list, files, resend

  app.get('/staff/finance', async (request, reply) => {
    const found = await guard(request, reply, 'page');
    if (!found) return reply;
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(page.replace('{{CSRF}}', found.csrfToken).replace('{{EMAIL}}', found.email.replace(/[<>&"]/g, '')));
  });

  app.get('/staff/api/finance/receivables', async (request, reply) => {
    if (!(await guard(request, reply, 'api'))) return reply;
    const query = receivablesQuery.safeParse(request.query);
    if (!query.success) return reply.code(400).send({ error: issues(query.error) });
    const asOf = query.data.asOf ?? new Date().toISOString().slice(0, 10);
    const r = await receivables(sql, asOf);
    if (query.data.format === 'csv') {
      return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="receivables-${asOf}.csv"`).send(receivablesCsv(r));
    }
    return {
      asOf: r.asOf,
      rows: r.rows.map((row) => ({
        ...row,
        outstanding: formatMinorAsDecimal(row.outstandingMinor, row.currency),
        outstandingUsd: usd(row.outstandingUsdMinor),
        bucketsUsd: Object.fromEntries(Object.entries(row.buckets).map(([b, v]) => [b, usd(v)])),
        creditUsedUsd: usd(row.creditUsedUsdMinor),
        creditLimitUsd: usd(row.creditLimitUsdMinor),
        overdue: formatMinorAsDecimal(row.overdueMinor, row.currency),
      })),
      totals: {
        outstandingUsd: usd(r.totals.outstandingUsdMinor),
        bucketsUsd: Object.fromEntries(Object.entries(r.totals.buckets).map(([b, v]) => [b, usd(v)])),
        creditUsedUsd: usd(r.totals.creditUsedUsdMinor),
        creditLimitUsd: usd(r.totals.creditLimitUsdMinor),
        overdueInvoices: r.totals.overdueInvoices,
      },
    };
  });

  app.get('/staff/api/finance/profit', async (request, reply) => {
    if (!(await guard(request, reply, 'api'))) return reply;
    const query = profitQuery.safeParse(request.query);
    if (!query.success) return reply.code(400).send({ error: issues(query.error) });
    const to = query.data.to ?? new Date().toISOString().slice(0, 7);
    const reports = await profitByMonths(sql, to, query.data.months);
    if (query.data.format === 'csv') {
      return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="profit-by-channel-to-${to}.csv"`).send(profitCsv(reports));
    }
    return {
      months: reports.map((r) => ({
        month: r.month,
        lines: profitJson(r),
        total: { orders: r.total.orders, revenueUsd: usd(r.total.revenueUsdMinor), cogsUsd: usd(r.total.cogsUsdMinor), profitUsd: usd(r.total.profitUsdMinor) },
      })),
    };
  });
}
