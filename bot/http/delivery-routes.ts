import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Database } from '../db/database';
import { profilesCsv, qrPng, qrZip } from '../delivery/render';

// eSIM files by unguessable token: whoever holds an activation code can install the eSIM, so the
// URLs are 128-bit random, sent only to the order's own thread, and never listed anywhere.

const tokenParam = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/) });

export function registerDeliveryRoutes(app: FastifyInstance, db: Database): void {
  const noStore = { 'cache-control': 'private, no-store', 'x-robots-tag': 'noindex' };

  app.get('/qr/:file', async (request, reply) => {
    const file = z.object({ file: z.string().regex(/^[A-Za-z0-9_-]{16,64}\.png$/) }).safeParse(request.params);
    if (!file.success) return reply.code(404).send({ error: 'not found' });
    const profile = await db.prisma.esimProfile.findUnique({ where: { accessToken: file.data.file.replace(/\.png$/, '') } });
    if (!profile) return reply.code(404).send({ error: 'not found' });
    return reply.headers({ ...noStore, 'content-type': 'image/png' }).send(await qrPng(profile.lpaString));
  });

  /** The order behind a URL's token, with its profiles; null for a malformed or unknown token. */
  const orderProfiles = async (params: unknown) => {
    const parsed = tokenParam.safeParse(params);
    if (!parsed.success) return null;
    const order = await db.prisma.order.findUnique({ where: { accessToken: parsed.data.token }, include: { profiles: { orderBy: { id: 'asc' }, include: { orderLine: true } } } });
    if (!order) return null;
    return {
      reference: order.reference,
      profiles: order.profiles.map((p) => ({ iccid: p.iccid, smdpAddress: p.smdpAddress, matchingId: p.matchingId, lpaString: p.lpaString, sku: p.orderLine.sku, isTest: p.isTest })),
    };
  };

  const attachment = (contentType: string, filename: string) => ({ ...noStore, 'content-type': contentType, 'content-disposition': `attachment; filename="${filename}"` });

  app.get('/orders/:token/esims.csv', async (request, reply) => {
    const found = await orderProfiles(request.params);
    if (!found) return reply.code(404).send({ error: 'not found' });
    return reply.headers(attachment('text/csv; charset=utf-8', `${found.reference}-esims.csv`)).send(profilesCsv(found.reference, found.profiles));
  });

  app.get('/orders/:token/qr-codes.zip', async (request, reply) => {
    const found = await orderProfiles(request.params);
    if (!found) return reply.code(404).send({ error: 'not found' });
    return reply.headers(attachment('application/zip', `${found.reference}-qr-codes.zip`)).send(await qrZip(found.profiles));
  });
}
