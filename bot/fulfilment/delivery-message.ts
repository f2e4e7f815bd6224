import type { OutboundAttachment } from '../../channels/port';
import type { Texts } from '../../domain/replies/texts';

// The delivery message: the eSIMs inline with their QR codes, or as files past a few.

export const PROFILES_SHOWN_INLINE_MAX = 5;

export function deliveryMessage(
  t: Texts,
  orderRef: string,
  orderToken: string,
  profiles: { iccid: string; lpaString: string; accessToken: string; isTest: boolean }[],
): { text: string; attachments: OutboundAttachment[] } {
  const test = profiles.some((p) => p.isTest) ? `\n${t.testProfiles}` : '';
  const csv: OutboundAttachment = { kind: 'file', filename: `${orderRef}-esims.csv`, mimeType: 'text/csv', url: `/orders/${orderToken}/esims.csv` };
  if (profiles.length > PROFILES_SHOWN_INLINE_MAX) {
    return {
      text: `${t.deliveredAsFile(orderRef, profiles.length)}${test}`,
      attachments: [csv, { kind: 'file', filename: `${orderRef}-qr-codes.zip`, mimeType: 'application/zip', url: `/orders/${orderToken}/qr-codes.zip` }],
    };
  }
  const lines = profiles.map((p, i) => `${i + 1}. ICCID ${p.iccid}\n   ${p.lpaString}`);
  return {
    text: `${t.delivered(orderRef, profiles.length)}\n${lines.join('\n')}${test}`,
    attachments: profiles.map((p) => ({ kind: 'image' as const, filename: `${p.iccid}.png`, mimeType: 'image/png', url: `/qr/${p.accessToken}.png`, caption: `ICCID ${p.iccid}` })),
  };
}
