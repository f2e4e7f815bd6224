import { stringify } from 'csv-stringify/sync';
import { zipSync } from 'fflate';
import QRCode from 'qrcode';

export interface DeliveredProfile {
  iccid: string;
  smdpAddress: string;
  matchingId: string;
  lpaString: string;
  sku: string;
  isTest: boolean;
}

/** A QR code PNG of the LPA activation string, large enough for a phone camera, with a quiet zone. */
export function qrPng(lpa: string): Promise<Buffer> {
  return QRCode.toBuffer(lpa, { type: 'png', errorCorrectionLevel: 'M', margin: 4, scale: 8 });
}

export function profilesCsv(orderRef: string, profiles: DeliveredProfile[]): string {
  return stringify(
    profiles.map((p, i) => [orderRef, i + 1, p.sku, p.iccid, p.smdpAddress, p.matchingId, p.lpaString, p.isTest ? 'yes' : 'no']),
    { header: true, columns: ['order', 'n', 'sku', 'iccid', 'smdp_address', 'activation_code', 'lpa', 'test_profile'] },
  );
}

export async function qrZip(profiles: DeliveredProfile[]): Promise<Buffer> {
  const files: Record<string, Uint8Array> = {};
  for (const p of profiles) files[`${p.iccid}.png`] = await qrPng(p.lpaString);
  return Buffer.from(zipSync(files, { level: 0 })); // PNGs are compressed already
}
