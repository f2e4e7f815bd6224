import { ChannelUnavailableError, InvalidMessageError, RateLimitedError, RecipientUnreachableError } from '../errors';
import type { GraphApiError } from './graph-api';

// Graph API error codes (Meta's "Error codes" reference for the Cloud API) as the outbox's typed
// errors. Anything not listed is a failed attempt, retried with backoff.

/** Throughput (130429), pair rate to one user (131056), spam rate (131048), app and account call limits (4, 80007). */
const RATE_LIMITS: Record<number, number> = { 130429: 1_000, 131056: 6_000, 131048: 60_000, 4: 60_000, 80007: 60_000 };
/** The token is expired or revoked (190), or lacks a permission (10, 200-299): a person must fix the configuration. */
const AUTH = (code: number) => code === 190 || code === 10 || (code >= 200 && code <= 299);
/** Not on WhatsApp or cannot receive (131026), not in a test number's allowed list (131030), not a valid user (1013). */
const UNREACHABLE = new Set([131026, 131030, 1013]);
/** More than 24 hours since the reseller last wrote: only a template may go (131047). */
export const OUTSIDE_WINDOW = 131047;
/** The template is missing, paused, or its parameters do not fit (132000-132016). */
const TEMPLATE = (code: number) => code >= 132000 && code <= 132999;
/** This message as it is can never go: an invalid parameter (100), an unsupported type (131051), media the API refused (131052, 131053). */
const INVALID = new Set([100, 131009, 131051, 131052, 131053]);

export interface MappedError {
  error: Error;
  /** A person must act (staff alerted through the channel's status). */
  alert: boolean;
}

export function channelError(error: GraphApiError): MappedError {
  const code = error.code ?? -1;
  if (code in RATE_LIMITS || error.httpStatus === 429) {
    return { error: new RateLimitedError(`WhatsApp Cloud API asked to slow down: ${error.message}`, error.retryAfterMs ?? RATE_LIMITS[code] ?? 60_000), alert: false };
  }
  if (AUTH(code) || error.httpStatus === 401) {
    return { error: new ChannelUnavailableError(`WhatsApp Cloud API refused the access token: ${error.message}. Set a valid WHATSAPP_CLOUD_ACCESS_TOKEN (a system user's permanent token with whatsapp_business_messaging) and restart; replies wait in the outbox.`), alert: true };
  }
  if (UNREACHABLE.has(code)) return { error: new RecipientUnreachableError(`the recipient cannot be reached on WhatsApp: ${error.message}`), alert: false };
  if (TEMPLATE(code)) {
    return { error: new ChannelUnavailableError(`WhatsApp Cloud API refused the template: ${error.message}. Check WHATSAPP_CLOUD_TEMPLATE (approved, one text parameter in its body); replies outside the 24-hour window wait meanwhile.`), alert: true };
  }
  if (INVALID.has(code)) return { error: new InvalidMessageError(`WhatsApp Cloud API will not take this message: ${error.message}`), alert: false };
  return { error, alert: false };
}
