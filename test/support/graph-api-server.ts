import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

// A local server that speaks the Graph API endpoints the WhatsApp Cloud API adapter uses, as Meta
// documents them: POST /{phone-number-id}/messages, POST /{phone-number-id}/media (multipart),
// GET /{media-id} and the media URL it gives, GET /{phone-number-id}. Every call needs the bearer
// token; a test can change the token (an expired one) or make the next calls fail with Meta's errors.

export interface SentMessage {
  wamid: string;
  to: string;
  type: string;
  body: Record<string, unknown>;
}

export interface Upload {
  id: string;
  mimeType: string;
  filename: string;
  bytes: Buffer;
}

export interface GraphFailure {
  status: number;
  code: number;
  message: string;
  details?: string;
  retryAfterSeconds?: number;
}

const VERSION = 'v24.0';

export class GraphApiServer {
  readonly sent: SentMessage[] = [];
  readonly uploads: Upload[] = [];
  /** Media the "reseller" sent, served by id (GET /{media-id}, then its URL). */
  readonly media = new Map<string, { bytes: Buffer; mimeType: string }>();
  /** Answers for the next POST /messages calls that match, in order (each used once). */
  readonly failures: { match: (body: Record<string, unknown>) => boolean; failure: GraphFailure }[] = [];
  /** Every call, for counting (e.g. that no upload happened). */
  readonly calls: { method: string; path: string }[] = [];
  /** Each media download is answered this much later (a slow network to Meta's CDN). */
  mediaDelayMs = 0;
  token: string;
  private next = 1;

  private constructor(
    private readonly server: Server,
    readonly phoneNumberId: string,
    token: string,
  ) {
    this.token = token;
  }

  static async start(options: { token: string; phoneNumberId: string }): Promise<GraphApiServer> {
    let graph: GraphApiServer | null = null;
    const server = createServer((request, response) => {
      graph!.handle(request, response).catch((error: unknown) => {
        response.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: String(error), code: 1 } }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    graph = new GraphApiServer(server, options.phoneNumberId, options.token);
    return graph;
  }

  get origin(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** WHATSAPP_CLOUD_GRAPH_URL for the bot. */
  get url(): string {
    return `${this.origin}/${VERSION}`;
  }

  /** The next matching send fails with this Graph error. */
  failNext(failure: GraphFailure, match: (body: Record<string, unknown>) => boolean = () => true): void {
    this.failures.push({ match, failure });
  }

  to(number: string): SentMessage[] {
    return this.sent.filter((s) => s.to === number);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private error(response: ServerResponse, failure: GraphFailure): void {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (failure.retryAfterSeconds) headers['retry-after'] = String(failure.retryAfterSeconds);
    response.writeHead(failure.status, headers).end(
      JSON.stringify({ error: { message: failure.message, type: 'OAuthException', code: failure.code, error_data: { messaging_product: 'whatsapp', details: failure.details ?? failure.message }, fbtrace_id: 'AbCdEf123' } }),
    );
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', this.origin);
    this.calls.push({ method: request.method ?? 'GET', path: url.pathname });
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    if (request.headers.authorization !== `Bearer ${this.token}`) {
      return this.error(response, { status: 401, code: 190, message: 'Error validating access token: Session has expired on Thursday, 26-Nov-26 10:00:00 PST.' });
    }
    const json = (status: number, body: unknown): void => void response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    const download = /^\/media-download\/(.+)$/.exec(url.pathname);
    if (download) {
      const media = this.media.get(decodeURIComponent(download[1]!));
      if (!media) return json(404, { error: { message: 'not found', code: 100 } });
      if (this.mediaDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.mediaDelayMs));
      response.writeHead(200, { 'content-type': media.mimeType }).end(media.bytes);
      return;
    }
    const [, version, first, second] = url.pathname.split('/');
    if (version !== VERSION) return json(400, { error: { message: `Unknown version ${version}`, code: 2635 } });
    if (first === this.phoneNumberId && second === 'messages' && request.method === 'POST') {
      const body = JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
      if (body.messaging_product !== 'whatsapp') return json(400, { error: { message: '(#100) The parameter messaging_product is required.', code: 100 } });
      const failing = this.failures.findIndex((f) => f.match(body));
      if (failing >= 0) return this.error(response, this.failures.splice(failing, 1)[0]!.failure);
      const wamid = `wamid.HBgL${String(this.next++).padStart(6, '0')}`;
      this.sent.push({ wamid, to: String(body.to), type: String(body.type), body });
      return json(200, { messaging_product: 'whatsapp', contacts: [{ input: body.to, wa_id: body.to }], messages: [{ id: wamid }] });
    }
    if (first === this.phoneNumberId && second === 'media' && request.method === 'POST') {
      const form = await new Response(raw, { headers: { 'content-type': request.headers['content-type'] ?? '' } }).formData();
      const file = form.get('file');
      if (form.get('messaging_product') !== 'whatsapp' || !(file instanceof Blob)) return json(400, { error: { message: '(#100) file and messaging_product are required', code: 100 } });
      const id = `${900000 + this.next++}`;
      this.uploads.push({ id, mimeType: String(form.get('type')), filename: (file as File).name, bytes: Buffer.from(await file.arrayBuffer()) });
      return json(200, { id });
    }
    if (first === this.phoneNumberId && !second && request.method === 'GET') {
      return json(200, { display_phone_number: '+65 6800 0000', verified_name: 'eSIM Hub', id: this.phoneNumberId });
    }
    if (first && !second && request.method === 'GET') {
      const id = decodeURIComponent(first);
      const media = this.media.get(id);
      if (!media) return json(400, { error: { message: 'Unsupported get request. Object does not exist', code: 100 } });
      return json(200, { messaging_product: 'whatsapp', url: `${this.origin}/media-download/${encodeURIComponent(id)}`, mime_type: media.mimeType, sha256: 'x', file_size: media.bytes.length, id });
    }
    return json(404, { error: { message: `Unknown path ${url.pathname}`, code: 803 } });
  }
}
