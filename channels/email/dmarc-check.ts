import { authenticate, type DNSResolver } from 'mailauth';

/**
 * The bot's own check of a message (mailauth): DKIM signatures and the From domain's DMARC policy,
 * looked up in DNS. SPF needs the connecting IP, which IMAP does not give, so DMARC passes here
 * through an aligned DKIM signature. Any DNS failure is a "no", never a "yes".
 */
export async function dmarcPasses(raw: Buffer, resolver?: DNSResolver): Promise<{ pass: boolean; reason: string }> {
  try {
    const result = await authenticate(raw, { disableArc: true, disableBimi: true, mta: 'esim-hub', ...(resolver ? { resolver } : {}) });
    const status = result.dmarc ? result.dmarc.status.result : 'none';
    return { pass: status === 'pass', reason: `mailauth dmarc=${status}` };
  } catch (error) {
    return { pass: false, reason: `mailauth failed: ${(error as Error).message}` };
  }
}
