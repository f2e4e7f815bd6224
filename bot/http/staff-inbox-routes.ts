import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { assignableStaff, assignTicket } from '../staff/assign';
import { cannedReplyInput, createCannedReply, deleteCannedReply, listCannedReplies, updateCannedReply } from '../staff/canned-replies';
import { searchQuery, searchTickets } from '../staff/inbox-search';
import { QueueError } from '../staff/queue';
import type { StaffGuard } from './staff-guard';
import type { StaffDeps } from './staff-routes';

// The inbox's search, assignment and canned replies (issue 19). Reading is open to every signed-in
// staff member; changes need the CSRF token and the desk (staff or owner), and are audited.

const idParam = z.object({ id: z.coerce.number().int().positive().max(2_147_483_647) });
const assignBody = z.object({ staffId: z.number().int().positive().max(2_147_483_647) }).strict();
const issues = (error: z.ZodError) => error.issues.map((i) => `${i.path.join('.') || 'query'}: ${i.message}`).join('; ');

export function staffInboxRoutes(app: FastifyInstance, deps: StaffDeps, guard: StaffGuard): void {
  const refused = (reply: FastifyReply, error: unknown) => {
    if (error instanceof QueueError) return reply.code(409).send({ error: error.message });
    throw error;
  };

  app.get('/staff/api/search', async (request, reply) => {
    const staff = await guard(request, reply, 'api');
    if (!staff) return reply;
    const query = searchQuery.safeParse(request.query ?? {});
    if (!query.success) return reply.code(400).send({ error: issues(query.error) });
    return { tickets: await searchTickets(deps.db, query.data, staff.staffId) };
  });

  app.get('/staff/api/staff', async (request, reply) => {
    const staff = await guard(request, reply, 'api');
    if (!staff) return reply;
    return { me: staff.staffId, staff: await assignableStaff(deps.db) };
  });

  app.post('/staff/api/tickets/:id/assign', async (request, reply) => {
    const staff = await guard(request, reply, 'change', 'desk');
    if (!staff) return reply;
    const params = idParam.safeParse(request.params);
    if (!params.success) return reply.code(404).send({ error: 'not found' });
    const body = assignBody.safeParse(request.body ?? {});
    if (!body.success) return reply.code(400).send({ error: issues(body.error) });
    try {
      await assignTicket(deps.db, params.data.id, body.data.staffId, staff);
    } catch (error) {
      return refused(reply, error);
    }
    deps.activity?.emit('staff-changed');
    return { ok: true };
  });

  app.get('/staff/api/canned-replies', async (request, reply) => {
    if (!(await guard(request, reply, 'api'))) return reply;
    return { replies: await listCannedReplies(deps.db) };
  });

  app.post('/staff/api/canned-replies', async (request, reply) => {
    const staff = await guard(request, reply, 'change', 'desk');
    if (!staff) return reply;
    const body = cannedReplyInput.safeParse(request.body ?? {});
    if (!body.success) return reply.code(400).send({ error: issues(body.error) });
    try {
      return { ok: true, id: await createCannedReply(deps.db, body.data, staff.staffId) };
    } catch (error) {
      return refused(reply, error);
    }
  });

  app.post('/staff/api/canned-replies/:id', async (request, reply) => {
    const staff = await guard(request, reply, 'change', 'desk');
    if (!staff) return reply;
    const params = idParam.safeParse(request.params);
    if (!params.success) return reply.code(404).send({ error: 'not found' });
    const body = cannedReplyInput.safeParse(request.body ?? {});
    if (!body.success) return reply.code(400).send({ error: issues(body.error) });
    try {
      await updateCannedReply(deps.db, params.data.id, body.data, staff.staffId);
    } catch (error) {
      return refused(reply, error);
    }
    return { ok: true };
  });

  app.post('/staff/api/canned-replies/:id/delete', async (request, reply) => {
    const staff = await guard(request, reply, 'change', 'desk');
    if (!staff) return reply;
    const params = idParam.safeParse(request.params);
    if (!params.success) return reply.code(404).send({ error: 'not found' });
    try {
      await deleteCannedReply(deps.db, params.data.id, staff.staffId);
    } catch (error) {
      return refused(reply, error);
    }
    return { ok: true };
  });
}
