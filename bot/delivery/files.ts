import type { Database } from '../db/database';
import { documentFile } from '../documents/document-files';
import { poolSql } from '../db/sql';
import { profilesCsv, qrPng, qrZip } from './render';

// eSIM files by unguessable token: whoever holds an activation code can install the eSIM, so the
// paths carry 128-bit random tokens, sent only to the order's own thread, and never listed.
// The HTTP routes serve these; channel adapters that upload (email, WhatsApp, WeChat) read them here.

export interface DeliveryFile {
  contentType: string;
  filename: string;
  bytes: Buffer;
}

const TOKEN = '[A-Za-z0-9_-]{16,64}';
const QR_PATH = new RegExp(`^/qr/(${TOKEN})\\.png$`);
const ORDER_PATH = new RegExp(`^/orders/(${TOKEN})/(esims\\.csv|qr-codes\\.zip)$`);

/**
 * The file behind a delivery URL or path (`/qr/<token>.png`, `/orders/<token>/esims.csv|qr-codes.zip`,
 * `/documents/<token>/<statement or invoice file>`,
 * absolute or relative, query ignored); null if unknown.
 */
export async function deliveryFile(db: Database, url: string): Promise<DeliveryFile | null> {
  const path = new URL(url, 'http://local').pathname;
  const qr = QR_PATH.exec(path);
  if (qr) {
    const profile = await db.prisma.esimProfile.findUnique({ where: { accessToken: qr[1]! } });
    return profile ? { contentType: 'image/png', filename: `${profile.iccid}.png`, bytes: await qrPng(profile.lpaString) } : null;
  }
  if (path.startsWith('/documents/')) return documentFile(poolSql(db.pool), path);
  const order = ORDER_PATH.exec(path);
  if (!order) return null;
  const found = await db.prisma.order.findUnique({
    where: { accessToken: order[1]! },
    include: { profiles: { orderBy: { id: 'asc' }, include: { orderLine: true } } },
  });
  if (!found) return null;
  const profiles = found.profiles.map((p) => ({ iccid: p.iccid, smdpAddress: p.smdpAddress, matchingId: p.matchingId, lpaString: p.lpaString, sku: p.orderLine.sku, isTest: p.isTest }));
  if (order[2] === 'esims.csv') {
    return { contentType: 'text/csv; charset=utf-8', filename: `${found.reference}-esims.csv`, bytes: Buffer.from(profilesCsv(found.reference, profiles), 'utf8') };
  }
  return { contentType: 'application/zip', filename: `${found.reference}-qr-codes.zip`, bytes: await qrZip(profiles) };
}
