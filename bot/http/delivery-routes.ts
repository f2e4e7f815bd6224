import type { FastifyInstance } from 'fastify';
import type { Database } from '../db/database';
import { deliveryFile } from '../delivery/files';

export function registerDeliveryRoutes(app: FastifyInstance, db: Database): void {
  const noStore = { 'cache-control': 'private, no-store', 'x-robots-tag': 'noindex' };
  // A QR code and a PDF open in the browser (shown on the page, a statement or invoice read on
  // screen), the rest downloads; each under its own name (a QR code's is its ICCID, also when saved).
  const serve = (inline: boolean) => async (request: { url: string }, reply: import('fastify').FastifyReply) => {
    const file = await deliveryFile(db, request.url);
    if (!file) return reply.code(404).send({ error: 'not found' });
    const pdf = file.contentType === 'application/pdf';
    const disposition = { 'content-disposition': `${inline || pdf ? 'inline' : 'attachment'}; filename="${file.filename}"` };
    return reply.headers({ ...noStore, 'content-type': file.contentType, ...disposition }).send(file.bytes);
  };
  app.get('/qr/:file', serve(true));
  app.get('/orders/:token/esims.csv', serve(false));
  app.get('/orders/:token/qr-codes.zip', serve(false));
  app.get('/documents/:token/:file', serve(false));
}
