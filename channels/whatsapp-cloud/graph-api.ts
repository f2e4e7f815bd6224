import { z } from 'zod';
import { errorInWords } from '../error-in-words';

// The few Graph API endpoints the Cloud API adapter uses, over HTTP with the bearer token: send a
// message, upload a media file, look up and download a received one, read our phone number (the
// token check at start). Every answer is checked with zod; every failure is a GraphApiError.

const REQUEST_TIMEOUT_MS = 20_000;

export const GRAPH_URL_DEFAULT = 'https://graph.facebook.com/v24.0';

/** Where Meta serves media from (lookaside.fbsbx.com, and its CDNs). */
const META_HOSTS = /(^|\.)(facebook\.com|fbsbx\.com|fbcdn\.net|whatsapp\.net)$/;

/** What Graph answered when a call failed: its error object, the HTTP status, and Retry-After when given. */
export class GraphApiError extends Error {
  constructor(
    message: string,
    readonly httpStatus: number,
    readonly code: number | null,
    readonly subcode: number | null,
    readonly details: string | null,
    readonly retryAfterMs: number | null,
  ) {
    super(message);
    this.name = 'GraphApiError';
  }
}

const graphError = z.object({
  error: z.object({
    message: z.string().default('unknown error'),
    code: z.coerce.number().optional(),
    error_subcode: z.coerce.number().optional(),
    error_data: z.object({ details: z.string().optional() }).optional(),
  }),
});

const sentAnswer = z.object({ messages: z.array(z.object({ id: z.string().min(1) })).min(1) });
const uploadAnswer = z.object({ id: z.string().min(1) });
const mediaAnswer = z.object({ url: z.string().url(), mime_type: z.string().optional(), file_size: z.coerce.number().optional() });
const phoneAnswer = z.object({ id: z.string().optional(), display_phone_number: z.string().optional(), verified_name: z.string().optional() });

export interface GraphApiOptions {
  baseUrl: string;
  accessToken: string;
  phoneNumberId: string;
  fetch?: typeof fetch;
}

export class GraphApi {
  private readonly base: string;
  private readonly fetch: typeof fetch;

  constructor(private readonly options: GraphApiOptions) {
    this.base = options.baseUrl.replace(/\/+$/, '');
    this.fetch = options.fetch ?? fetch;
  }

  /** POST /{phone-number-id}/messages: the wamid of what was sent. */
  async sendMessage(body: Record<string, unknown>): Promise<string> {
    const answer = await this.call(`${this.base}/${this.options.phoneNumberId}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ messaging_product: 'whatsapp', recipient_type: 'individual', ...body }),
    });
    return parsed(sentAnswer, answer, 'messages').messages[0]!.id;
  }

  /** POST /{phone-number-id}/media (multipart): the media id to send. */
  async uploadMedia(bytes: Buffer, mimeType: string, filename: string): Promise<string> {
    const form = new FormData();
    form.set('messaging_product', 'whatsapp');
    form.set('type', mimeType);
    form.set('file', new Blob([bytes], { type: mimeType }), filename);
    const answer = await this.call(`${this.base}/${this.options.phoneNumberId}/media`, { method: 'POST', body: form });
    return parsed(uploadAnswer, answer, 'media upload').id;
  }

  /** GET /{media-id}, then its short-lived URL with the same token. Larger than `maxBytes`: null (read no further). */
  async downloadMedia(mediaId: string, maxBytes: number): Promise<{ bytes: Buffer; mimeType: string | null } | null> {
    const info = parsed(mediaAnswer, await this.call(`${this.base}/${encodeURIComponent(mediaId)}`, { method: 'GET' }), 'media lookup');
    if (info.file_size !== undefined && info.file_size > maxBytes) return null;
    const url = new URL(info.url);
    // The token goes only to Meta (or to the Graph URL we were given, as in tests).
    if (url.origin !== new URL(this.base).origin && !(url.protocol === 'https:' && META_HOSTS.test(url.hostname))) {
      throw new GraphApiError(`Graph API gave a media URL on ${url.host}, which is not Meta's: not downloaded (the access token goes only to Meta)`, 0, null, null, null, null);
    }
    const response = await this.request(info.url, { method: 'GET' });
    if (!response.ok) throw await failure(response);
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of (response.body ?? []) as AsyncIterable<Uint8Array>) {
      size += chunk.length;
      if (size > maxBytes) {
        await response.body?.cancel().catch(() => undefined);
        return null;
      }
      chunks.push(Buffer.from(chunk));
    }
    return { bytes: Buffer.concat(chunks), mimeType: info.mime_type ?? response.headers.get('content-type') };
  }

  /** GET /{phone-number-id}: proves the token and the number id work. */
  async phoneNumber(): Promise<{ display: string | null; name: string | null }> {
    const answer = parsed(phoneAnswer, await this.call(`${this.base}/${this.options.phoneNumberId}?fields=display_phone_number,verified_name`, { method: 'GET' }), 'phone number');
    return { display: answer.display_phone_number ?? null, name: answer.verified_name ?? null };
  }

  private async call(url: string, init: RequestInit): Promise<unknown> {
    const response = await this.request(url, init);
    if (!response.ok) throw await failure(response);
    return response.json().catch(() => {
      throw new GraphApiError(`Graph API answered ${response.status} with a body that is not JSON`, response.status, null, null, null, null);
    });
  }

  private async request(url: string, init: RequestInit): Promise<Response> {
    try {
      return await this.fetch(url, { ...init, headers: { ...(init.headers as Record<string, string> | undefined), authorization: `Bearer ${this.options.accessToken}` }, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    } catch (error) {
      // Not reached, timed out, connection reset: no HTTP status; retried like a 5xx.
      throw new GraphApiError(`Graph API could not be reached: ${errorInWords(error)}`, 0, null, null, null, null);
    }
  }
}

function parsed<T>(schema: z.ZodType<T>, answer: unknown, what: string): T {
  const result = schema.safeParse(answer);
  if (!result.success) throw new GraphApiError(`Graph API answered the ${what} call with an unexpected body: ${result.error.issues[0]?.message}`, 200, null, null, null, null);
  return result.data;
}

async function failure(response: Response): Promise<GraphApiError> {
  const text = await response.text().catch(() => '');
  let body: unknown = null;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: a proxy's page, a 502 from a load balancer
  }
  const error = graphError.safeParse(body);
  const seconds = Number(response.headers.get('retry-after'));
  const retryAfterMs = Number.isFinite(seconds) && seconds > 0 ? Math.min(seconds, 3600) * 1000 : null;
  if (!error.success) return new GraphApiError(`Graph API answered ${response.status}: ${text.slice(0, 200) || response.statusText}`, response.status, null, null, null, retryAfterMs);
  const e = error.data.error;
  return new GraphApiError(`Graph API error ${e.code ?? '?'}: ${e.message}${e.error_data?.details ? ` (${e.error_data.details})` : ''}`, response.status, e.code ?? null, e.error_subcode ?? null, e.error_data?.details ?? null, retryAfterMs);
}
