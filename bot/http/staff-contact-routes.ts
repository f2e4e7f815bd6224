import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { poolSql } from '../db/sql';
import { addContact, changeContact, ContactError } from '../resellers/contacts';
import { resellerDetail } from '../resellers/reseller-views';
import { q, run } from '../store/query-builder';
import type { StaffGuard } from './staff-guard';
import type { StaffDeps } from './staff-routes';

// A reseller's contacts from its page (issue 15): add one, change its role or name, deactivate it.
// The desk's work (staff or owner); each change audited (bot/resellers/contacts.ts).

const customerParam = z.object({ id: z.string().trim().toUpperCase().regex(/^B2B-\d{3,}$/) });
const contactParam = z.object({ id: z.coerce.number().int().positive().max(2_147_483_647) });
const addBody = z.object({ channel: z.string().max(20), address: z.string().max(200), role: z.string().max(20), name: z.string().max(200).optional() }).strict();
const changeBody = z.object({ role: z.string().max(20).optional(), name: z.string().max(200).optional(), active: z.boolean().optional() }).strict();
const issues = (error: z.ZodError) => error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');
const STATUS = { invalid: 400, forbidden: 403, not_found: 404, conflict: 409 } as const;

export function staffContactRoutes(app: FastifyInstance, deps: StaffDeps, guard: StaffGuard): void {
  const sql = poolSql(deps.db.pool);

  app.post('/staff/api/resellers/:id/contacts', async (request, reply) => {
    const staff = await guard(request, reply, 'change', 'desk');
    if (!staff) return reply;
    const params = customerParam.safeParse(request.params);
    if (!params.success) return reply.code(404).send({ error: 'not found' });
    const body = addBody.safeParse(request.body ?? {});
    if (!body.success) return reply.code(400).send({ error: issues(body.error) });
    try {
      await addContact(deps.db, params.data.id, body.data, staff);
    } catch (error) {
      if (error instanceof ContactError) return reply.code(STATUS[error.code]).send({ error: error.message });
      throw error;
    }
    return { ok: true, reseller: await resellerDetail(sql, params.data.id, new Date()) };
  });

  app.post('/staff/api/contacts/:id', async (request, reply) => {
    const staff = await guard(request, reply, 'change', 'desk');
    if (!staff) return reply;
    const params = contactParam.safeParse(request.params);
    if (!params.success) return reply.code(404).send({ error: 'not found' });
    const body = changeBody.safeParse(request.body ?? {});
    if (!body.success) return reply.code(400).send({ error: issues(body.error) });
    try {
      await changeContact(deps.db, params.data.id, body.data, staff);
    } catch (error) {
      if (error instanceof ContactError) return reply.code(STATUS[error.code]).send({ error: error.message });
      throw error;
    }
    const [owner] = await run(sql, q.selectFrom('channel_identities').select('customer_id').where('id', '=', params.data.id));
    return { ok: true, reseller: owner ? await resellerDetail(sql, owner.customer_id, new Date()) : null };
  });
}
