import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { StaffPermission } from '../../domain/staff/roles';
import { OrderDeskError, orderIdOf, orderView, revealActivationCode } from '../staff/order-desk';
import { listOrders, orderFilter } from '../staff/order-list';
import { cancelInput, cancelUnpaidOrder, creditDeliveredOrder, creditInput } from '../staff/order-actions';
import { resendFromDesk, resendInput } from '../staff/order-resend';
import type { StaffSessionInfo } from '../staff/staff-users';
import { serveAsset } from './pages';
import { staffPageHtml, type StaffGuard } from './staff-guard';
import type { StaffDeps } from './staff-routes';

// The order desk (issue 19): /staff/orders and its API. Reading is open to every signed-in staff
// member; showing an activation code, cancelling and resending the eSIMs work the desk (staff, owner); a credit or a
// refund moves money (finance, owner). Same session, CSRF header and guard as the rest of the app.

const PAGES = path.resolve(__dirname, 'staff');
const idParam = z.object({ id: z.coerce.number().int().positive().max(2_147_483_647) });
const refParam = z.object({ ref: z.string().trim().regex(/^(ORD-\d{6,}|\d{1,10})$/i, 'an order reference such as ORD-000123') });
const esimParams = idParam.extend({ profileId: z.coerce.number().int().positive().max(2_147_483_647) });
const issues = (error: z.ZodError) => error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');

export function staffOrderRoutes(app: FastifyInstance, deps: StaffDeps, guard: StaffGuard): void {
  const page = fs.readFileSync(path.join(PAGES, 'orders.html'), 'utf8');
  for (const file of ['orders.js', 'orders.css']) serveAsset(app, `/staff/${file}`, path.join(PAGES, file));

  app.get('/staff/orders', async (request, reply) => {
    const found = await guard(request, reply, 'page');
    if (!found) return reply;
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(staffPageHtml(page, found));
  });

  app.get('/staff/api/order-desk/orders', async (request, reply) => {
    if (!(await guard(request, reply, 'api'))) return reply;
    const filter = orderFilter.safeParse(request.query ?? {});
    if (!filter.success) return reply.code(400).send({ error: issues(filter.error) });
    return listOrders(deps.db, filter.data);
  });

  app.get('/staff/api/order-desk/orders/:ref', async (request, reply) => {
    if (!(await guard(request, reply, 'api'))) return reply;
    const params = refParam.safeParse(request.params);
    const id = params.success ? await orderIdOf(deps.db, params.data.ref) : null;
    const view = id === null ? null : await orderView(deps.db, id);
    return view ? reply.header('cache-control', 'no-store').send(view) : reply.code(404).send({ error: 'no such order' });
  });

  /** A change on an order: signed in with the CSRF token and the permission, params and body that fit, the desk's refusals with their status. */
  const change =
    <P, B>(permission: StaffPermission, paramsSchema: z.ZodType<P>, bodySchema: z.ZodType<B>, act: (params: P, staff: StaffSessionInfo, body: B) => Promise<Record<string, unknown> & { conversationIds?: number[] }>) =>
    async (request: FastifyRequest, reply: FastifyReply) => {
      const staff = await guard(request, reply, 'change', permission);
      if (!staff) return reply;
      const params = paramsSchema.safeParse(request.params);
      if (!params.success) return reply.code(404).send({ error: 'not found' });
      const body = bodySchema.safeParse(request.body ?? {});
      if (!body.success) return reply.code(400).send({ error: issues(body.error) });
      let answer: Record<string, unknown> & { conversationIds?: number[] };
      try {
        answer = await act(params.data, staff, body.data);
      } catch (error) {
        if (error instanceof OrderDeskError) return reply.code(error.status).send({ error: error.message });
        throw error;
      }
      deps.activity?.emit('staff-changed');
      for (const id of answer.conversationIds ?? []) deps.activity?.emit('replied', id);
      const { conversationIds: _woken, ...rest } = answer;
      return reply.header('cache-control', 'no-store').send({ ok: true, ...rest });
    };

  app.post('/staff/api/order-desk/orders/:id/esims/:profileId/reveal', change('desk', esimParams, z.object({}).passthrough(), (p, staff) => revealActivationCode(deps.db, p.id, p.profileId, staff.staffId)));
  app.post('/staff/api/order-desk/orders/:id/cancel', change('desk', idParam, cancelInput, async (p, staff, body) => {
    const done = await cancelUnpaidOrder(deps.db, p.id, staff.staffId, body);
    return { message: done.message, repeated: done.repeated, conversationIds: done.conversationId === null ? [] : [done.conversationId] };
  }));
  app.post('/staff/api/order-desk/orders/:id/resend', change('desk', idParam, resendInput, async (p, staff, body) => resendFromDesk(deps.db, p.id, staff.staffId, body)));
  app.post('/staff/api/order-desk/orders/:id/credit', change('money', idParam, creditInput, async (p, staff, body) => creditDeliveredOrder(deps.db, p.id, staff.staffId, body)));
}
