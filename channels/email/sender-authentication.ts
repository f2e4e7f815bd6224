// Decides whether an email's From can be trusted from the receiving server's
// Authentication-Results header (RFC 8601). Only a header written by our own receiving server
// counts (EMAIL_AUTHSERV_ID); headers with any other authserv-id are ignored, since a sender can
// write them. Without a trusted header the bot checks DMARC itself (dmarc-check.ts).

export interface AuthenticationVerdict {
  verified: boolean;
  reason: string;
  /** Our receiving server gave a DMARC result: it stands, the bot does not check again. */
  final?: boolean;
}

interface MethodResult {
  method: string;
  result: string;
  properties: Record<string, string>;
}

function parseHeader(value: string): { authservId: string; results: MethodResult[] } {
  const withoutComments = value.replace(/\([^)]*\)/g, ' ');
  const [authservId = '', ...parts] = withoutComments.split(';').map((p) => p.trim());
  const results = parts
    .filter((p) => /^[a-z0-9-]+\s*=/i.test(p))
    .map((part) => {
      const tokens = part.split(/\s+/).filter(Boolean);
      const [method = '', result = ''] = tokens[0]!.split('=');
      const properties: Record<string, string> = {};
      for (const token of tokens.slice(1)) {
        const eq = token.indexOf('=');
        if (eq > 0) properties[token.slice(0, eq).toLowerCase()] = token.slice(eq + 1).replace(/^"|"$/g, '').toLowerCase();
      }
      return { method: method.toLowerCase(), result: result.toLowerCase(), properties };
    });
  return { authservId: authservId.split(/\s+/)[0]!.toLowerCase(), results };
}

/** Organisational alignment, relaxed: the authenticated domain is the From domain or its parent. */
function aligned(fromDomain: string, authenticated: string | undefined): boolean {
  if (!authenticated) return false;
  const domain = authenticated.includes('@') ? authenticated.split('@').pop()! : authenticated;
  return fromDomain === domain || fromDomain.endsWith(`.${domain}`) || domain.endsWith(`.${fromDomain}`);
}

export function verifySender(headers: string[], fromAddress: string, trustedAuthservId?: string): AuthenticationVerdict {
  const fromDomain = fromAddress.split('@').pop()?.toLowerCase() ?? '';
  const parsed = headers.map(parseHeader);
  if (!trustedAuthservId) return { verified: false, reason: 'EMAIL_AUTHSERV_ID is not set: no Authentication-Results header is trusted' };
  const header = parsed.find((h) => h.authservId === trustedAuthservId.toLowerCase());
  if (!header) return { verified: false, reason: `no Authentication-Results from ${trustedAuthservId}` };
  const dmarc = header.results.find((r) => r.method === 'dmarc');
  if (dmarc) return { verified: dmarc.result === 'pass', reason: `dmarc=${dmarc.result}`, final: true };
  const dkim = header.results.find((r) => r.method === 'dkim' && r.result === 'pass' && aligned(fromDomain, r.properties['header.d'] ?? r.properties['header.i']));
  if (dkim) return { verified: true, reason: 'dkim=pass, aligned' };
  const spf = header.results.find((r) => r.method === 'spf' && r.result === 'pass' && aligned(fromDomain, r.properties['smtp.mailfrom']));
  if (spf) return { verified: true, reason: 'spf=pass, aligned' };
  return { verified: false, reason: 'no aligned dmarc, dkim or spf pass' };
}
