import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Whether `X-Hub-Signature-256` is `sha256=` and the HMAC-SHA256 of the raw body, keyed with the app
 * secret, compared in constant time. Any other header (absent, sha1, wrong length) is false.
 */
export function signatureMatches(rawBody: Buffer, header: string | undefined, appSecret: string): boolean {
  const match = /^sha256=([0-9a-f]{64})$/i.exec(header?.trim() ?? '');
  if (!match) return false;
  const expected = createHmac('sha256', appSecret).update(rawBody).digest();
  return timingSafeEqual(expected, Buffer.from(match[1]!, 'hex'));
}

/** The subscription handshake (`GET` with hub.mode, hub.verify_token, hub.challenge): the challenge to echo, or null (403). */
export function handshakeChallenge(query: Record<string, unknown>, verifyToken: string): string | null {
  const mode = query['hub.mode'];
  const token = query['hub.verify_token'];
  const challenge = query['hub.challenge'];
  if (mode !== 'subscribe' || typeof token !== 'string' || typeof challenge !== 'string' || challenge.length === 0 || challenge.length > 256) return null;
  const given = Buffer.from(token);
  const wanted = Buffer.from(verifyToken);
  return given.length === wanted.length && timingSafeEqual(given, wanted) ? challenge : null;
}
